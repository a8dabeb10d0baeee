#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/domain/ledger.h"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using application::Transaction;
using testing::OrderIdFor;
using testing::OrderNumberFor;
using testing::StoreTest;
using testing::T0;

class ReadModelTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_OK(Exec(
        "INSERT INTO customers (customer_id, name, name_norm, email_norm, phone_digits, email, "
        "phone, home_region, created_at) VALUES "
        "('C-1', 'Ada Lovelace', 'ada lovelace', 'ada@example.com', '4930555001', "
        "'Ada@Example.com', '+49 30 555 001', 'EU1', 0),"
        "('C-2', 'Adam Smith', 'adam smith', 'adam@example.com', '4930555002', "
        "'adam@example.com', '+49 30 555 002', 'EU1', 0),"
        "('C-3', 'Grace Hopper', 'grace hopper', 'grace@example.com', '12125550003', "
        "'grace@example.com', '+1 212 555 0003', 'US1', 0);"
        "INSERT INTO settings (key, value) VALUES ('currency.EU1', 'EUR'), ('currency.US1', 'USD');"
        "INSERT INTO stock (sku, node_id, on_hand, reserved, safety_stock) VALUES "
        "('SKU-A', 'WH1', 10, 2, 1), ('SKU-A', 'ST1', 3, 0, 0), ('SKU-A', 'WH2', 7, 0, 0), "
        "('SKU-B', 'WH1', 4, 0, 0), ('SKU-C', 'WH2', 1, 0, 0);"));
  }
};

TEST_F(ReadModelTest, GetOrderReadsByIdAndNumberAndSaysNotFoundOtherwise) {
  ASSERT_OK(InsertOrder({.n = 1}));
  ASSERT_OK_AND_ASSIGN(domain::OrderState by_id, store_->read_model().GetOrder(OrderIdFor(1)));
  EXPECT_EQ(by_id.order_number, OrderNumberFor(1));
  EXPECT_EQ(by_id.version, 1);
  ASSERT_OK_AND_ASSIGN(domain::OrderState by_number,
                       store_->read_model().GetOrderByNumber(OrderNumberFor(1)));
  EXPECT_EQ(by_number.order_id, OrderIdFor(1));
  EXPECT_EQ(store_->read_model().GetOrder("EU1-NOPE").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->read_model().GetOrderByNumber("EU1-NOPE").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ReadModelTest, EventsPageBySequenceForOneAggregateOrTheWholeLog) {
  for (int n = 1; n <= 3; ++n) ASSERT_OK(InsertOrder({.n = n}));
  for (int i = 0; i < 4; ++i) {
    ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
      absl::StatusOr<domain::Order> order = t.orders().Load(OrderIdFor(2));
      if (!order.ok()) return order.status();
      const auto reason = static_cast<domain::HoldReason>(i);
      if (auto s = order->PlaceHold(reason, "", T0()); !s.ok()) return s;
      return t.orders().Update(*order);
    }));
  }
  std::vector<int64_t> versions;
  std::string token;
  int pages = 0;
  do {
    ASSERT_OK_AND_ASSIGN(auto page, store_->read_model().ListEvents(OrderIdFor(2), 2, token));
    for (const auto& e : page.items) {
      EXPECT_EQ(e.aggregate_id, OrderIdFor(2));
      versions.push_back(e.aggregate_version);
    }
    token = page.next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(versions, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(pages, 3);

  ASSERT_OK_AND_ASSIGN(auto all, store_->read_model().ListEvents("", 0, ""));
  EXPECT_EQ(all.items.size(), 7u);
  EXPECT_TRUE(all.next_page_token.empty());

  ASSERT_OK_AND_ASSIGN(auto first, store_->read_model().ListEvents(OrderIdFor(2), 1, ""));
  EXPECT_EQ(
      store_->read_model().ListEvents(OrderIdFor(1), 1, first.next_page_token).status().code(),
      absl::StatusCode::kInvalidArgument)
      << "a token of another aggregate";
  EXPECT_EQ(store_->read_model().ListEvents("", 1, "garbage").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ReadModelTest, StockListsPageAndFilterByRegion) {
  ASSERT_OK_AND_ASSIGN(auto levels, store_->read_model().Availability("SKU-A"));
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_EQ(levels[0].node_id, "ST1");
  EXPECT_EQ(levels[1].node_id, "WH1");
  EXPECT_EQ(levels[1].available(), 7);
  EXPECT_EQ(levels[2].region, "US1");

  application::StockFilter filter;
  filter.page_size = 2;
  std::vector<std::string> keys;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(auto page, store_->read_model().ListStock(filter));
    for (const auto& l : page.items) keys.push_back(l.sku + "@" + l.node_id);
    if (page.next_page_token.empty()) break;
    filter.page_token = page.next_page_token;
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"SKU-A@ST1", "SKU-A@WH1", "SKU-A@WH2", "SKU-B@WH1",
                                            "SKU-C@WH2"}));
  application::StockFilter us;
  us.region = "US1";
  ASSERT_OK_AND_ASSIGN(auto us_page, store_->read_model().ListStock(us));
  EXPECT_EQ(us_page.items.size(), 2u);
  application::StockFilter node;
  node.node_id = "WH1";
  ASSERT_OK_AND_ASSIGN(auto node_page, store_->read_model().ListStock(node));
  EXPECT_EQ(node_page.items.size(), 2u);
}

TEST_F(ReadModelTest, ProductsAreFoundByNameOrSkuAndPaged) {
  ASSERT_OK_AND_ASSIGN(domain::Product alpha, store_->read_model().GetProduct("SKU-A"));
  EXPECT_EQ(alpha.name, "Alpha");
  EXPECT_EQ(store_->read_model().GetProduct("NOPE").status().code(), absl::StatusCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto ta, store_->read_model().ListProducts("TA", 0, ""));
  ASSERT_EQ(ta.items.size(), 2u) << "Beta and Delta, case-insensitive";
  EXPECT_EQ(ta.items[0].sku, "SKU-B");
  ASSERT_OK_AND_ASSIGN(auto wildcard, store_->read_model().ListProducts("%", 0, ""));
  EXPECT_TRUE(wildcard.items.empty()) << "% is taken literally";
  ASSERT_OK_AND_ASSIGN(auto first, store_->read_model().ListProducts("", 3, ""));
  EXPECT_EQ(first.items.size(), 3u);
  ASSERT_OK_AND_ASSIGN(auto rest, store_->read_model().ListProducts("", 3, first.next_page_token));
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].sku, "SKU-D");
  EXPECT_TRUE(rest.next_page_token.empty());
}

TEST_F(ReadModelTest, CustomersAreFoundByEmailPhoneOrNamePrefixWithBalances) {
  ASSERT_OK(Run([](Transaction& t) {
    return t.ledger().Post(domain::Transfer("E1", "EUR", "", "", domain::kIssuanceAccount,
                                            domain::WalletAccount("C-1"), 2500));
  }));
  auto ids = [&](const std::string& query) {
    std::vector<std::string> found;
    absl::StatusOr<application::Page<application::CustomerProfile>> page =
        store_->read_model().SearchCustomers(query, 0, "");
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok()) {
      for (const auto& p : page->items) found.push_back(p.customer.customer_id);
    }
    return found;
  };
  EXPECT_EQ(ids("ADA@example.com"), std::vector<std::string>{"C-1"});
  EXPECT_EQ(ids("+49 (30) 555-002"), std::vector<std::string>{"C-2"});
  EXPECT_EQ(ids("ada"), (std::vector<std::string>{"C-1", "C-2"}));
  EXPECT_EQ(ids("Ada L"), std::vector<std::string>{"C-1"});
  EXPECT_EQ(ids(""), (std::vector<std::string>{"C-1", "C-2", "C-3"}));
  EXPECT_TRUE(ids("zed").empty());

  ASSERT_OK_AND_ASSIGN(auto first, store_->read_model().SearchCustomers("ad", 1, ""));
  ASSERT_EQ(first.items.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto second,
                       store_->read_model().SearchCustomers("ad", 1, first.next_page_token));
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].customer.customer_id, "C-2");
  EXPECT_TRUE(second.next_page_token.empty());
  EXPECT_EQ(store_->read_model().SearchCustomers("gr", 1, first.next_page_token).status().code(),
            absl::StatusCode::kInvalidArgument);

  ASSERT_OK_AND_ASSIGN(application::CustomerProfile ada, store_->read_model().GetCustomer("C-1"));
  EXPECT_EQ(ada.wallet_minor, 2500);
  EXPECT_EQ(ada.store_credit_minor, 0);
  EXPECT_EQ(ada.currency, "EUR");
  ASSERT_OK_AND_ASSIGN(application::CustomerProfile grace, store_->read_model().GetCustomer("C-3"));
  EXPECT_EQ(grace.currency, "USD") << "from the home region while the accounts are empty";
  EXPECT_EQ(store_->read_model().GetCustomer("C-9").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ReadModelTest, NodesAreListedWithTheirTypes) {
  ASSERT_OK_AND_ASSIGN(auto nodes, store_->read_model().ListNodes());
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[2].node_id, "WH2");
  EXPECT_EQ(nodes[2].region, "US1");
}

TEST_F(ReadModelTest, AnUnknownTokenNamesNoPrincipal) {
  absl::Status status = store_->read_model().PrincipalForToken("secret-123").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message().find("secret-123"), std::string::npos) << "never echo a token";
}

}  // namespace
}  // namespace oms::storage
