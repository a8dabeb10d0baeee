#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "server/storage/order_search_sql.h"
#include "server/storage/search_keys.h"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using application::OrderSearch;
using application::Transaction;
using testing::MakeOrder;
using testing::OrderSpec;
using testing::StoreTest;
using testing::T0;

constexpr int kOrders = 40;

const char* const kNames[] = {"Ada Lovelace", "Alan Turing", "Grace Hopper", "Anne-Marie O'Neil",
                              "Ada Byron"};
const char* const kEmails[] = {"Ada.Lovelace@Example.com", "alan@example.org", "grace@navy.example",
                               "AM.ONeil@example.ie", "ada@byron.example"};

OrderSpec SpecFor(int n) {
  OrderSpec spec;
  spec.n = n;
  spec.channel = std::vector<std::string>{"web", "pos", "marketplace"}[n % 3];
  spec.region = n % 4 == 0 ? "US1" : "EU1";
  spec.customer_name = kNames[n % 5];
  spec.email = kEmails[n % 5];
  spec.phone = absl::StrCat("+49 (30) 555-00", n % 5);
  spec.skus =
      n % 2 == 1 ? std::vector<std::string>{"SKU-A"} : std::vector<std::string>{"SKU-B", "SKU-C"};
  if (n % 7 == 0) spec.skus.push_back("SKU-D");
  spec.node = std::vector<std::string>{"WH1", "ST1", "WH2"}[(n / 3) % 3];
  spec.placed_at = T0() + absl::Seconds(n / 2);  // pairs share a time: order_id breaks ties
  return spec;
}

// The search semantics, written plainly over the states, to compare against.
bool Matches(const OrderSearch& s, const domain::OrderState& o) {
  const std::string number = absl::AsciiStrToUpper(s.order_number);
  if (!number.empty()) {
    if (number.size() >= 5 ? !absl::StartsWith(o.order_number, number) : o.order_number != number) {
      return false;
    }
  }
  if (!s.email.empty() && NormalizeEmail(s.email) != NormalizeEmail(o.customer.email)) return false;
  if (!s.phone.empty() && PhoneDigits(s.phone) != PhoneDigits(o.customer.phone)) return false;
  for (const std::string& word : NameTokens(s.customer_name)) {
    const std::vector<std::string> tokens = NameTokens(o.customer.name);
    if (std::none_of(tokens.begin(), tokens.end(),
                     [&](const std::string& t) { return absl::StartsWith(t, word); })) {
      return false;
    }
  }
  if (!s.sku.empty() &&
      std::none_of(o.lines.begin(), o.lines.end(), [&](const auto& l) { return l.sku == s.sku; })) {
    return false;
  }
  if (!s.node_id.empty()) {
    bool found = false;
    for (const auto& l : o.lines) {
      for (const auto& a : l.allocations) found |= a.node_id == s.node_id;
    }
    if (!found) return false;
  }
  if (!s.statuses.empty() &&
      std::find(s.statuses.begin(), s.statuses.end(), o.status) == s.statuses.end()) {
    return false;
  }
  if (!s.channel.empty() && s.channel != o.channel) return false;
  if (!s.region.empty() && s.region != o.region) return false;
  if (s.created_from && o.created_at < *s.created_from) return false;
  if (s.created_to && o.created_at >= *s.created_to) return false;
  return true;
}

class OrderSearchTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (int n = 1; n <= kOrders; ++n) {
      ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
        domain::Order order = MakeOrder(SpecFor(n));
        if (n % 6 == 0) {
          if (auto s = order.Reject("no stock", T0()); !s.ok()) return s;
        } else if (n % 5 == 1) {
          if (auto s = order.RecordAuthorization("T1", "gw", "ref",
                                                 order.state().totals.total_minor, "4242", T0());
              !s.ok()) {
            return s;
          }
          if (auto s = order.Confirm(T0()); !s.ok()) return s;
        }
        if (auto s = t.orders().Insert(order); !s.ok()) return s;
        states_.push_back(order.state());
        return absl::OkStatus();
      }));
    }
  }

  std::vector<std::string> Expected(const OrderSearch& search) {
    std::vector<const domain::OrderState*> hits;
    for (const auto& s : states_) {
      if (Matches(search, s)) hits.push_back(&s);
    }
    std::sort(hits.begin(), hits.end(), [&](const auto* a, const auto* b) {
      const auto ka = std::make_pair(a->created_at, a->order_id);
      const auto kb = std::make_pair(b->created_at, b->order_id);
      return search.oldest_first ? ka < kb : kb < ka;
    });
    std::vector<std::string> ids;
    for (const auto* s : hits) ids.push_back(s->order_id);
    return ids;
  }

  // Every page of a search, concatenated.
  std::vector<std::string> AllPages(OrderSearch search, int page_size, int* pages = nullptr) {
    search.page_size = page_size;
    std::vector<std::string> ids;
    int count = 0;
    for (;;) {
      absl::StatusOr<application::Page<application::OrderSummaryRow>> page =
          store_->read_model().SearchOrders(search);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      ++count;
      EXPECT_LE(static_cast<int>(page->items.size()), page_size);
      for (const auto& row : page->items) ids.push_back(row.order_id);
      if (page->next_page_token.empty()) break;
      EXPECT_FALSE(page->items.empty()) << "a page with a next token has rows";
      search.page_token = page->next_page_token;
      if (count > kOrders + 2) {
        ADD_FAILURE() << "paging does not end";
        break;
      }
    }
    if (pages != nullptr) *pages = count;
    return ids;
  }

  static std::vector<std::pair<std::string, OrderSearch>> Searches() {
    std::vector<std::pair<std::string, OrderSearch>> searches;
    auto add = [&](std::string name, auto set) {
      OrderSearch s;
      set(s);
      searches.emplace_back(std::move(name), std::move(s));
    };
    add("everything", [](OrderSearch&) {});
    add("number exact", [](OrderSearch& s) { s.order_number = testing::OrderNumberFor(7); });
    add("number prefix", [](OrderSearch& s) { s.order_number = "eu1-0000-001"; });
    add("email", [](OrderSearch& s) { s.email = "  ADA.LOVELACE@example.COM "; });
    add("phone", [](OrderSearch& s) { s.phone = "49 30 555 002"; });
    add("name one word", [](OrderSearch& s) { s.customer_name = "ada"; });
    add("name prefix", [](OrderSearch& s) { s.customer_name = "An"; });
    add("name two words", [](OrderSearch& s) { s.customer_name = "marie ann"; });
    add("name two words, other order", [](OrderSearch& s) { s.customer_name = "Lov Ad"; });
    add("sku", [](OrderSearch& s) { s.sku = "SKU-D"; });
    add("node", [](OrderSearch& s) { s.node_id = "ST1"; });
    add("status", [](OrderSearch& s) { s.statuses = {domain::OrderStatus::kRejected}; });
    add("two statuses", [](OrderSearch& s) {
      s.statuses = {domain::OrderStatus::kConfirmed, domain::OrderStatus::kRejected};
    });
    add("channel", [](OrderSearch& s) { s.channel = "pos"; });
    add("region", [](OrderSearch& s) { s.region = "US1"; });
    add("created range", [](OrderSearch& s) {
      s.created_from = T0() + absl::Seconds(5);
      s.created_to = T0() + absl::Seconds(12);
    });
    add("sku and node", [](OrderSearch& s) {
      s.sku = "SKU-B";
      s.node_id = "WH1";
    });
    add("name and sku and channel", [](OrderSearch& s) {
      s.customer_name = "ada";
      s.sku = "SKU-A";
      s.channel = "web";
    });
    add("email and status", [](OrderSearch& s) {
      s.email = "alan@example.org";
      s.statuses = {domain::OrderStatus::kRejected};
    });
    add("node and region and range", [](OrderSearch& s) {
      s.node_id = "WH1";
      s.region = "EU1";
      s.created_from = T0() + absl::Seconds(3);
    });
    add("nothing matches", [](OrderSearch& s) { s.sku = "SKU-NONE"; });
    return searches;
  }

  std::vector<domain::OrderState> states_;
};

TEST_F(OrderSearchTest, EachFilterFindsExactlyItsOrdersInBothDirectionsAcrossPages) {
  for (auto [name, search] : Searches()) {
    for (bool oldest_first : {false, true}) {
      search.oldest_first = oldest_first;
      const std::vector<std::string> expected = Expected(search);
      SCOPED_TRACE(absl::StrCat(name, oldest_first ? ", oldest first" : ", newest first", ": ",
                                expected.size(), " expected"));
      EXPECT_EQ(AllPages(search, 500), expected);
      int pages = 0;
      EXPECT_EQ(AllPages(search, 3, &pages), expected) << "three per page";
      EXPECT_EQ(pages, std::max<int>(1, (expected.size() + 2) / 3));
    }
  }
}

TEST_F(OrderSearchTest, TheTestDataCoversEveryFilter) {
  // A filter that matches nothing or everything would prove little.
  for (const auto& [name, search] : Searches()) {
    const size_t hits = Expected(search).size();
    if (name == "nothing matches") {
      EXPECT_EQ(hits, 0u);
    } else if (name == "everything") {
      EXPECT_EQ(hits, static_cast<size_t>(kOrders));
    } else if (name != "number exact") {
      EXPECT_GT(hits, 1u) << name;
      EXPECT_LT(hits, static_cast<size_t>(kOrders)) << name;
    }
  }
}

TEST_F(OrderSearchTest, RowsCarryTheSummaryColumns) {
  OrderSearch search;
  search.order_number = testing::OrderNumberFor(6);
  ASSERT_OK_AND_ASSIGN(auto page, store_->read_model().SearchOrders(search));
  ASSERT_EQ(page.items.size(), 1u);
  const application::OrderSummaryRow& row = page.items[0];
  EXPECT_EQ(row.order_id, testing::OrderIdFor(6));
  EXPECT_EQ(row.status, domain::OrderStatus::kRejected);
  EXPECT_EQ(row.channel, "web");
  EXPECT_EQ(row.customer.name, kNames[1]);
  EXPECT_EQ(row.customer.email, kEmails[1]);
  EXPECT_EQ(row.customer.phone, "+49 (30) 555-001");
  EXPECT_EQ(row.line_count, 2);
  EXPECT_EQ(row.total_minor, 2000);
  EXPECT_EQ(row.currency, "EUR");
  EXPECT_EQ(row.created_at, T0() + absl::Seconds(3));
  EXPECT_EQ(row.payment_status, domain::PaymentStatus::kUnpaid);
}

TEST_F(OrderSearchTest, AMalformedPageTokenIsInvalidArgument) {
  for (const char* token : {"not a token", "djE", "////", "v1"}) {
    OrderSearch search;
    search.page_token = token;
    absl::Status status = store_->read_model().SearchOrders(search).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_TRUE(absl::StartsWith(status.message(), "page_token: ")) << status;
  }
}

TEST_F(OrderSearchTest, APageTokenIsRefusedByAnotherSearch) {
  OrderSearch first;
  first.page_size = 2;
  ASSERT_OK_AND_ASSIGN(auto page, store_->read_model().SearchOrders(first));
  ASSERT_FALSE(page.next_page_token.empty());
  OrderSearch other = first;
  other.channel = "web";
  other.page_token = page.next_page_token;
  EXPECT_EQ(store_->read_model().SearchOrders(other).status().code(),
            absl::StatusCode::kInvalidArgument);
  OrderSearch reversed = first;
  reversed.oldest_first = true;
  reversed.page_token = page.next_page_token;
  EXPECT_EQ(store_->read_model().SearchOrders(reversed).status().code(),
            absl::StatusCode::kInvalidArgument);
  // An events token is not an orders token.
  ASSERT_OK_AND_ASSIGN(auto events, store_->read_model().ListEvents("", 1, ""));
  OrderSearch foreign;
  foreign.page_token = events.next_page_token;
  EXPECT_EQ(store_->read_model().SearchOrders(foreign).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(OrderSearchTest, PageSizesAreClamped) {
  OrderSearch search;
  search.page_size = 0;
  ASSERT_OK_AND_ASSIGN(auto defaulted, store_->read_model().SearchOrders(search));
  EXPECT_EQ(defaulted.items.size(), static_cast<size_t>(kOrders)) << "0 means 50";
  search.page_size = 100000;
  ASSERT_OK_AND_ASSIGN(auto huge, store_->read_model().SearchOrders(search));
  EXPECT_EQ(huge.items.size(), static_cast<size_t>(kOrders));
}

TEST_F(OrderSearchTest, APhoneWithoutDigitsIsInvalidArgument) {
  OrderSearch search;
  search.phone = "call me";
  EXPECT_EQ(store_->read_model().SearchOrders(search).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// The read model switches these on only past kBroadPrefixRows matches, more
// than a test holds, so the broad forms are run here directly.
TEST_F(OrderSearchTest, BroadPrefixesFindTheSameOrdersWalkingByTime) {
  for (auto [name, search] : Searches()) {
    if (search.customer_name.empty() && search.order_number.size() < 5) continue;
    for (bool oldest_first : {false, true}) {
      search.oldest_first = oldest_first;
      SCOPED_TRACE(absl::StrCat(name, oldest_first ? ", oldest first" : ""));
      absl::StatusOr<OrderSearchSql> sql =
          BuildOrderSearchSql(search, 1000, {.broad_name = true, .broad_number = true});
      ASSERT_TRUE(sql.ok()) << sql.status();
      std::vector<std::string> ids;
      std::vector<std::string> plan;
      ASSERT_OK(store_->writer().RunSync([&](Connection& c) -> absl::Status {
        for (const bool explain : {false, true}) {
          absl::StatusOr<Statement> query =
              c.Prepare(absl::StrCat(explain ? "EXPLAIN QUERY PLAN " : "", sql->sql));
          if (!query.ok()) return query.status();
          for (size_t i = 0; i < sql->args.size(); ++i) {
            std::visit([&](const auto& v) { query->Bind(static_cast<int>(i) + 1, v); },
                       sql->args[i]);
          }
          for (;;) {
            absl::StatusOr<bool> row = query->Step();
            if (!row.ok()) return row.status();
            if (!*row) break;
            (explain ? plan : ids).push_back(query->ColumnText(explain ? 3 : 0));
          }
        }
        return absl::OkStatus();
      }));
      EXPECT_EQ(ids, Expected(search));
      const std::string text = absl::StrJoin(plan, " | ");
      EXPECT_FALSE(absl::StrContains(text, "order_name_tokens")) << text;
      EXPECT_FALSE(absl::StrContains(text, "TEMP B-TREE")) << text;
    }
  }
}

// The plan of each filter alone must look its rows up through an index
// (SEARCH), never walk the orders table; the ones that page straight from
// an index also need no sort.
TEST_F(OrderSearchTest, EveryFilterIsAnsweredFromAnIndex) {
  struct Case {
    const char* name;
    const char* index;  // in the plan
    bool sorts;         // may use a temp b-tree for ORDER BY
  };
  const std::vector<std::pair<Case, OrderSearch>> cases = [] {
    std::vector<std::pair<Case, OrderSearch>> c;
    auto add = [&](Case k, auto set) {
      OrderSearch s;
      set(s);
      c.emplace_back(k, s);
    };
    add({"number", "sqlite_autoindex_orders_2", true},
        [](OrderSearch& s) { s.order_number = "EU1-0000-0"; });
    add({"email", "orders_by_email", false}, [](OrderSearch& s) { s.email = "a@b.c"; });
    add({"phone", "orders_by_phone", false}, [](OrderSearch& s) { s.phone = "123"; });
    add({"name", "SEARCH order_name_tokens USING PRIMARY KEY (token>? AND token<?)", true},
        [](OrderSearch& s) { s.customer_name = "ada"; });
    add({"sku", "SEARCH d USING PRIMARY KEY (sku=?", false},
        [](OrderSearch& s) { s.sku = "SKU-A"; });
    add({"node", "SEARCH d USING PRIMARY KEY (node_id=?", false},
        [](OrderSearch& s) { s.node_id = "WH1"; });
    add({"status", "orders_by_status", false},
        [](OrderSearch& s) { s.statuses = {domain::OrderStatus::kPending}; });
    add({"channel", "orders_by_channel", false}, [](OrderSearch& s) { s.channel = "web"; });
    add({"region", "orders_by_region", false}, [](OrderSearch& s) { s.region = "EU1"; });
    add({"created", "orders_by_created", false}, [](OrderSearch& s) { s.created_from = T0(); });
    return c;
  }();
  for (const auto& [k, search] : cases) {
    for (bool with_token : {false, true}) {
      OrderSearch s = search;
      if (with_token) s.page_token = OrderSearchPageToken(s, 123, "EU1-X");
      absl::StatusOr<OrderSearchSql> sql = BuildOrderSearchSql(s, 51);
      ASSERT_TRUE(sql.ok()) << sql.status();
      std::vector<std::string> plan;
      ASSERT_OK(store_->writer().RunSync([&](Connection& c) -> absl::Status {
        absl::StatusOr<Statement> explain =
            c.Prepare(absl::StrCat("EXPLAIN QUERY PLAN ", sql->sql));
        if (!explain.ok()) return explain.status();
        for (size_t i = 0; i < sql->args.size(); ++i) {
          std::visit([&](const auto& v) { explain->Bind(static_cast<int>(i) + 1, v); },
                     sql->args[i]);
        }
        for (;;) {
          absl::StatusOr<bool> row = explain->Step();
          if (!row.ok()) return row.status();
          if (!*row) return absl::OkStatus();
          plan.push_back(explain->ColumnText(3));
        }
      }));
      const std::string text = absl::StrJoin(plan, " | ");
      SCOPED_TRACE(absl::StrCat(k.name, with_token ? " (next page)" : "", ": ", text));
      EXPECT_TRUE(absl::StrContains(text, k.index));
      for (const std::string& step : plan) {
        EXPECT_FALSE(absl::StartsWith(step, "SCAN o") && !absl::StrContains(step, "INDEX"))
            << "walks the orders table";
        // The name search scans only what it materialized from its index search.
        if (!absl::StrContains(text, "MATERIALIZE d")) {
          EXPECT_FALSE(absl::StartsWith(step, "SCAN d") && !absl::StrContains(step, "INDEX"))
              << "walks a whole side table";
        }
        if (!k.sorts) {
          EXPECT_FALSE(absl::StrContains(step, "TEMP B-TREE")) << "sorts";
        }
      }
      EXPECT_TRUE(absl::StrContains(text, "SEARCH")) << "no index lookup";
    }
  }
}

}  // namespace
}  // namespace oms::storage
