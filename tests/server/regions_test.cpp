// Several regions, each a full stack (docs/REGIONS.md): three omsd on
// loopback (EU1, US1, AP1), each following the other two through its own
// LinkProxy, so links can be delayed, cut and healed one by one.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "common/endpoints.h"
#include "oms/v1/payment_service.grpc.pb.h"
#include "oms/v1/region_service.grpc.pb.h"
#include "oms/v1/return_service.grpc.pb.h"
#include "server/application/replication.h"
#include "tests/server/test_region.h"
#include "tools/oms-link/link_proxy.h"

namespace oms::testing {
namespace {

constexpr char kSecret[] = "regions-test-shared-secret";
const std::vector<std::string> kRegions = {"EU1", "US1", "AP1"};

// A port for a server that must keep its address across restarts. Drawn
// below Linux's ephemeral range (32768 up): a port the kernel hands out
// for "any free port" or for an outgoing connection could be taken by
// another test process between this check and the server's bind.
int FreePort() {
  static std::mt19937 random(std::random_device{}());
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int port = std::uniform_int_distribution<int>(20000, 32000)(random);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (free) return port;
  }
  ADD_FAILURE() << "no free port between 20000 and 32000";
  return 0;
}

bool Eventually(const std::function<bool()>& condition, absl::Duration within) {
  const absl::Time end = absl::Now() + within;
  while (absl::Now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

// A web order in the region's own currency for one unit of a SKU every
// demo region stocks, paid by card.
v1::PlaceOrderRequest OrderIn(const std::string& region, const std::string& request_id) {
  const std::string currency = region == "EU1" ? "EUR" : "USD";
  v1::PlaceOrderRequest r;
  r.set_request_id(request_id);
  r.set_channel("web");
  r.mutable_contact()->set_name("Ada Region");
  r.mutable_contact()->set_email(absl::StrCat("ada.", request_id, "@example.com"));
  auto* a = r.mutable_shipping_address();
  a->set_name("Ada Region");
  a->set_line1("1 Harbour Road");
  a->set_city(region == "EU1" ? "Berlin" : region == "US1" ? "Reno" : "Singapore");
  a->set_postal_code(region == "EU1" ? "10435" : region == "US1" ? "89502" : "498760");
  a->set_country(region == "EU1" ? "DE" : region == "US1" ? "US" : "SG");
  r.set_shipping_option("standard");
  r.set_currency(currency);
  auto* line = r.add_lines();
  line->set_sku("TEE-ORG-WHT-S");
  line->set_quantity(1);
  line->mutable_unit_price()->set_amount_minor(1000);
  line->mutable_unit_price()->set_currency(currency);
  auto* t = r.add_tenders();
  t->set_type(v1::TENDER_TYPE_CARD);
  t->mutable_amount()->set_amount_minor(1000);
  t->mutable_amount()->set_currency(currency);
  t->set_card_token("tok_visa");
  return r;
}

class RegionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& r : kRegions) port_[r] = FreePort();
    // proxy_[follower][peer] carries follower's stream from peer.
    for (const auto& follower : kRegions) {
      for (const auto& peer : kRegions) {
        if (follower == peer) continue;
        auto proxy = std::make_unique<LinkProxy>(absl::StrCat("127.0.0.1:", port_[peer]));
        ASSERT_TRUE(proxy->Start().ok());
        proxy_[follower][peer] = std::move(proxy);
      }
    }
    for (const auto& r : kRegions) {
      TestRegionOptions options;
      options.region = r;
      options.listen = absl::StrCat("127.0.0.1:", port_[r]);
      options.federation.secret = kSecret;
      options.max_watches = max_watches_;
      options.federation.silence_timeout = absl::Seconds(2);
      options.federation.backoff_initial = absl::Milliseconds(100);
      options.federation.backoff_max = absl::Milliseconds(500);
      // A fixed port, so that the front door's health checks find it again
      // after a restart.
      metrics_port_[r] = FreePort();
      options.observability.metrics_listen = absl::StrCat("127.0.0.1:", metrics_port_[r]);
      for (const auto& peer : kRegions) {
        if (peer != r) {
          options.federation.peers.push_back({peer, proxy_[r][peer]->address()});
        }
      }
      region_[r] = std::make_unique<TestRegion>(options);
    }
  }

  TestRegion& In(const std::string& r) { return *region_.at(r); }

  // Every link of `r`, both ways.
  void Isolate(const std::string& r, bool silently) {
    for (const auto& other : kRegions) {
      if (other == r) continue;
      for (LinkProxy* p : {proxy_[r][other].get(), proxy_[other][r].get()}) {
        silently ? p->Blackhole() : p->Cut();
      }
    }
  }
  void Heal(const std::string& r) {
    for (const auto& other : kRegions) {
      if (other == r) continue;
      proxy_[r][other]->Heal();
      proxy_[other][r]->Heal();
    }
  }
  void DelayAll(absl::Duration min, absl::Duration max) {
    for (auto& [follower, peers] : proxy_) {
      for (auto& [peer, proxy] : peers) proxy->SetDelay(min, max);
    }
  }

  // The orders region `r` answers for, every region's: id -> version.
  std::map<std::string, int64_t> OrdersSeenIn(const std::string& r) {
    std::map<std::string, int64_t> seen;
    v1::SearchOrdersRequest request;
    request.mutable_page()->set_page_size(500);
    while (true) {
      v1::SearchOrdersResponse response;
      auto context = In(r).Context();
      grpc::Status s = In(r).orders().SearchOrders(context.get(), request, &response);
      if (!s.ok()) {
        ADD_FAILURE() << r << ": " << s.error_message();
        return seen;
      }
      for (const auto& summary : response.orders()) {
        // The summary has no version; the order has.
        absl::StatusOr<v1::Order> order = In(r).Get(summary.order_id());
        seen[summary.order_id()] = order.ok() ? order->version() : -1;
      }
      if (response.next_page_token().empty()) return seen;
      request.mutable_page()->set_page_token(response.next_page_token());
    }
  }

  // Every region answers the same orders at the same versions, and they
  // are `expected` (id -> version, from the home regions' answers).
  bool Converged(const std::map<std::string, int64_t>& expected) {
    for (const auto& r : kRegions) {
      if (OrdersSeenIn(r) != expected) return false;
    }
    return true;
  }

  std::string Diff(const std::map<std::string, int64_t>& expected) {
    std::string out;
    for (const auto& r : kRegions) {
      const auto seen = OrdersSeenIn(r);
      absl::StrAppend(&out, r, ": ", seen.size(), " orders (expected ", expected.size(), ")");
      for (const auto& [id, version] : expected) {
        auto it = seen.find(id);
        if (it == seen.end()) {
          absl::StrAppend(&out, " missing ", id);
        } else if (it->second != version) {
          absl::StrAppend(&out, " ", id, " at v", it->second, " not v", version);
        }
      }
      absl::StrAppend(&out, "\n");
    }
    return out;
  }

  v1::RegionStatus StatusOf(const std::string& r) {
    auto stub = v1::RegionService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port_[r]), grpc::InsecureChannelCredentials()));
    v1::RegionStatus status;
    auto context = In(r).Context();
    grpc::Status s = stub->GetRegionStatus(context.get(), v1::GetRegionStatusRequest(), &status);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return status;
  }

  static const v1::PeerStatus* Peer(const v1::RegionStatus& status, const std::string& region) {
    for (const auto& p : status.peers()) {
      if (p.region() == region) return &p;
    }
    return nullptr;
  }

  // Places `n` orders in each region; their ids and versions.
  std::map<std::string, int64_t> PlaceEverywhere(int n, const std::string& tag) {
    std::map<std::string, int64_t> placed;
    for (int i = 0; i < n; ++i) {
      for (const auto& r : kRegions) {
        absl::StatusOr<v1::Order> order = In(r).Place(OrderIn(r, absl::StrCat(tag, "-", r, "-", i)));
        EXPECT_TRUE(order.ok()) << r << ": " << order.status();
        if (!order.ok()) continue;
        EXPECT_EQ(order->region(), r);
        EXPECT_FALSE(order->replica().is_replica()) << "the home answers from its own order";
        placed[order->order_id()] = order->version();
      }
    }
    return placed;
  }

  // The version each home region holds now of `orders`.
  std::map<std::string, int64_t> AtHome(const std::map<std::string, int64_t>& orders) {
    std::map<std::string, int64_t> now;
    for (const auto& [id, unused] : orders) {
      absl::StatusOr<v1::Order> order = In(application::HomeRegionOf(id)).Get(id);
      EXPECT_TRUE(order.ok()) << order.status();
      now[id] = order.ok() ? order->version() : -1;
    }
    return now;
  }

  // Rows of a region's database, read beside the running server (WAL lets
  // a reader in): the first column of each row of `sql`, as text.
  std::vector<std::string> Column(const std::string& r, const std::string& sql) {
    std::vector<std::string> values;
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(In(r).database_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(statement, 0);
      values.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return values;
  }

  // Every order a region holds, every region's: "id@version", sorted.
  std::vector<std::string> OrderVersions(const std::string& r) {
    return Column(r, "SELECT order_id || '@' || version FROM orders ORDER BY order_id");
  }

  grpc::Status AddNote(const std::string& r, const std::string& order_id, const std::string& text,
                       v1::Order* answer) {
    v1::AddOrderNoteRequest request;
    request.set_order_id(order_id);
    request.set_text(text);
    auto context = In(r).Context();
    return In(r).orders().AddOrderNote(context.get(), request, answer);
  }

  absl::Status SetStock(const std::string& r, const std::string& sku, const std::string& node,
                        int64_t on_hand) {
    v1::AdjustStockRequest request;
    request.set_sku(sku);
    request.set_node_id(node);
    request.set_kind(v1::ADJUSTMENT_KIND_COUNT);
    request.set_quantity(on_hand);
    request.set_reason("partition test set-up");
    v1::StockLevel level;
    auto context = In(r).Context("demo-admin-token");
    grpc::Status s = In(r).inventory().AdjustStock(context.get(), request, &level);
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  }

  int max_watches_ = 256;  // a derived fixture may lower it before SetUp
  std::map<std::string, int> port_;
  std::map<std::string, int> metrics_port_;
  std::map<std::string, std::map<std::string, std::unique_ptr<LinkProxy>>> proxy_;
  std::map<std::string, std::unique_ptr<TestRegion>> region_;
};

TEST_F(RegionsTest, OrdersPlacedInEachRegionConvergeEverywhereOverSlowLinks) {
  DelayAll(absl::Milliseconds(50), absl::Milliseconds(150));
  const absl::Time start = absl::Now();
  std::map<std::string, int64_t> placed = PlaceEverywhere(4, "converge");
  ASSERT_EQ(placed.size(), 12u);
  // A change after placement travels too: a note on one EU1 order.
  const std::string noted = placed.begin()->first;
  {
    v1::Order order;
    grpc::Status s = AddNote(application::HomeRegionOf(noted), noted,
                             "customer called about the delivery window", &order);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  const std::map<std::string, int64_t> expected = AtHome(placed);
  ASSERT_TRUE(Eventually([&] { return Converged(expected); }, absl::Seconds(15)))
      << Diff(expected);
  std::cout << "converged " << absl::ToInt64Milliseconds(absl::Now() - start)
            << " ms after the first order, links 50-150 ms each way\n";

  // A replica says it is one, who answered and how fresh it is.
  const std::string us_order = [&] {
    for (const auto& [id, v] : placed) {
      if (absl::StartsWith(id, "US1-")) return id;
    }
    return std::string();
  }();
  // Known complete once a mark (about every second) confirms nothing is missing.
  absl::StatusOr<v1::Order> copy;
  ASSERT_TRUE(Eventually(
      [&] {
        copy = In("EU1").Get(us_order);
        return copy.ok() && copy->replica().has_as_of();
      },
      absl::Seconds(5)))
      << copy.status();
  EXPECT_EQ(copy->region(), "US1");
  EXPECT_TRUE(copy->replica().is_replica());
  EXPECT_EQ(copy->replica().answered_by(), "EU1");
  EXPECT_TRUE(copy->replica().has_as_of()) << copy->replica().DebugString();
  EXPECT_GT(absl::FromUnixSeconds(copy->replica().as_of().seconds()), start - absl::Seconds(1))
      << copy->replica().DebugString();

  // The timeline of a replica is the home's, event for event.
  auto events_in = [&](const std::string& r) {
    v1::ListOrderEventsRequest request;
    request.set_order_id(noted);
    v1::ListOrderEventsResponse response;
    auto context = In(r).Context();
    EXPECT_TRUE(In(r).orders().ListOrderEvents(context.get(), request, &response).ok());
    std::vector<std::string> ids;
    for (const auto& e : response.events()) ids.push_back(e.event_id());
    return ids;
  };
  const auto home_events = events_in(application::HomeRegionOf(noted));
  EXPECT_GE(home_events.size(), 3u);
  for (const auto& r : kRegions) EXPECT_EQ(events_in(r), home_events) << r;
}

TEST_F(RegionsTest, ReplicationLagIsReportedByGetRegionStatusAndMetrics) {
  PlaceEverywhere(2, "lag");
  ASSERT_TRUE(Eventually(
      [&] {
        const v1::RegionStatus s = StatusOf("EU1");
        const v1::PeerStatus* us = Peer(s, "US1");
        return us != nullptr && us->connected() && us->lag_events() == 0 &&
               us->applied_sequence() > 0 && us->lag_seconds() == 0;
      },
      absl::Seconds(10)));
  v1::RegionStatus status = StatusOf("EU1");
  EXPECT_EQ(status.region(), "EU1");
  EXPECT_GT(status.head_sequence(), 0);
  ASSERT_EQ(status.peers_size(), 2);

  // US1 falls silent: EU1 notices within the silence timeout, and the lag
  // in seconds grows while US1 goes on taking orders.
  Isolate("US1", /*silently=*/true);
  ASSERT_TRUE(In("US1").Place(OrderIn("US1", "lag-during")).ok());
  ASSERT_TRUE(Eventually(
      [&] {
        const v1::PeerStatus* us = Peer(StatusOf("EU1"), "US1");
        return us != nullptr && !us->connected() && us->lag_seconds() >= 1.0 &&
               !us->last_error().empty();
      },
      absl::Seconds(10)));

  const int port = In("EU1").server().metrics_port();
  ASSERT_NE(port, 0);
  httplib::Client metrics("127.0.0.1", port);
  auto scraped = metrics.Get("/metrics");
  ASSERT_TRUE(scraped);
  EXPECT_TRUE(absl::StrContains(scraped->body,
                                "oms_replication_connected{peer=\"US1\",region=\"EU1\"} 0"))
      << scraped->body;
  EXPECT_TRUE(absl::StrContains(scraped->body, "oms_replication_lag_seconds{peer=\"US1\""));
  EXPECT_TRUE(absl::StrContains(scraped->body,
                                "oms_replication_events_applied_total{peer=\"US1\",region=\"EU1\"}"));

  Heal("US1");
  ASSERT_TRUE(Eventually(
      [&] {
        const v1::PeerStatus* us = Peer(StatusOf("EU1"), "US1");
        return us != nullptr && us->connected() && us->lag_events() == 0;
      },
      absl::Seconds(10)));
}

TEST_F(RegionsTest, APartitionedRegionKeepsItsOwnOrdersAndCatchesUpAfterHealingWithNothingLostOrDoubled) {
  const std::map<std::string, int64_t> before = PlaceEverywhere(2, "before");
  std::map<std::string, int64_t> placed = before;
  ASSERT_TRUE(Eventually([&] { return Converged(AtHome(placed)); }, absl::Seconds(15)))
      << Diff(AtHome(placed));

  Isolate("AP1", /*silently=*/false);
  // Everyone keeps taking their own orders: AP1 alone, EU1 and US1 together.
  for (const auto& [id, version] : PlaceEverywhere(3, "during")) placed[id] = version;
  // EU1 and US1 still see each other's; AP1's new ones reach nobody.
  ASSERT_TRUE(Eventually(
      [&] {
        for (const auto& [id, version] : placed) {
          if (application::HomeRegionOf(id) == "AP1") continue;
          if (!In("EU1").Get(id).ok() || !In("US1").Get(id).ok()) return false;
        }
        return true;
      },
      absl::Seconds(10)));
  // Reads of what a replica already has keep working during the cut.
  std::string eu_order;  // one EU1 took before the cut
  for (const auto& [id, version] : before) {
    if (application::HomeRegionOf(id) == "EU1") eu_order = id;
  }
  absl::StatusOr<v1::Order> stale = In("AP1").Get(eu_order);
  ASSERT_TRUE(stale.ok()) << stale.status();
  EXPECT_TRUE(stale->replica().is_replica());
  std::this_thread::sleep_for(std::chrono::seconds(3));

  Heal("AP1");
  const std::map<std::string, int64_t> expected = AtHome(placed);
  ASSERT_EQ(expected.size(), 15u);
  ASSERT_TRUE(Eventually([&] { return Converged(expected); }, absl::Seconds(15)))
      << Diff(expected);
  // Nothing doubled: every replica's timeline of every order is its home's.
  for (const auto& [id, version] : expected) {
    v1::ListOrderEventsRequest request;
    request.set_order_id(id);
    std::vector<std::vector<std::string>> timelines;
    for (const auto& r : kRegions) {
      v1::ListOrderEventsResponse response;
      auto context = In(r).Context();
      ASSERT_TRUE(In(r).orders().ListOrderEvents(context.get(), request, &response).ok());
      std::vector<std::string> ids;
      for (const auto& e : response.events()) ids.push_back(e.event_id());
      timelines.push_back(ids);
    }
    EXPECT_EQ(timelines[0], timelines[1]) << id;
    EXPECT_EQ(timelines[0], timelines[2]) << id;
    EXPECT_EQ(std::set<std::string>(timelines[0].begin(), timelines[0].end()).size(),
              timelines[0].size())
        << id << " has an event twice";
  }
}

// The partition: one region cut off silently for a minute while
// all three take orders, then healed. OMS_PARTITION_SECONDS shortens it for
// a quick local run.
TEST_F(RegionsTest, AMinuteLongPartitionUnderLoadLosesNoAcknowledgedOrderAndAppliesNothingTwice) {
  const char* configured = std::getenv("OMS_PARTITION_SECONDS");
  const absl::Duration partition = absl::Seconds(configured ? std::atoi(configured) : 60);
  for (const auto& [r, node] : std::map<std::string, std::string>{
           {"EU1", "EU1-WH-BER"}, {"US1", "US1-WH-RNO"}, {"AP1", "AP1-WH-SIN"}}) {
    ASSERT_TRUE(SetStock(r, "TEE-ORG-WHT-S", node, 100000).ok()) << r;
  }
  DelayAll(absl::Milliseconds(50), absl::Milliseconds(150));

  std::atomic<bool> stop{false};
  std::mutex mu;
  std::set<std::string> acknowledged;  // guarded by mu
  std::map<std::string, int> refused;  // guarded by mu; by region
  std::vector<std::thread> load;
  // Stops and joins the load however the test leaves (a failed ASSERT
  // returns early; a joinable thread destroyed would end the process).
  struct JoinLoad {
    std::atomic<bool>& stop;
    std::vector<std::thread>& threads;
    ~JoinLoad() {
      stop = true;
      for (auto& t : threads) {
        if (t.joinable()) t.join();
      }
    }
  } join_load{stop, load};
  for (const auto& r : kRegions) {
    load.emplace_back([&, r] {
      for (int i = 0; !stop; ++i) {
        absl::StatusOr<v1::Order> order = In(r).Place(OrderIn(r, absl::StrCat("load-", r, "-", i)));
        std::lock_guard lock(mu);
        if (order.ok()) {
          acknowledged.insert(order->order_id());
        } else {
          ++refused[r];
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  Isolate("AP1", /*silently=*/true);
  const absl::Time cut = absl::Now();
  std::this_thread::sleep_for(absl::ToChronoMilliseconds(partition));
  // Meanwhile EU1 knows it is behind on AP1, and both sides kept selling.
  const v1::PeerStatus* ap = Peer(StatusOf("EU1"), "AP1");
  ASSERT_NE(ap, nullptr);
  EXPECT_FALSE(ap->connected());
  EXPECT_GE(ap->lag_seconds(), absl::ToDoubleSeconds(partition) - 3);
  // Caught up under load: each side of the healed links has applied
  // everything its peer had written when the links came back (the load
  // goes on, so "no lag at all" may never be seen at one instant).
  const int64_t ap_head = StatusOf("AP1").head_sequence();
  const int64_t eu_head = StatusOf("EU1").head_sequence();
  const int64_t us_head = StatusOf("US1").head_sequence();
  Heal("AP1");
  const absl::Time heal = absl::Now();
  auto applied = [&](const std::string& in, const std::string& of) -> int64_t {
    const v1::PeerStatus* p = Peer(StatusOf(in), of);
    return p == nullptr ? -1 : p->applied_sequence();
  };
  ASSERT_TRUE(Eventually(
      [&] {
        return applied("EU1", "AP1") >= ap_head && applied("US1", "AP1") >= ap_head &&
               applied("AP1", "EU1") >= eu_head && applied("AP1", "US1") >= us_head;
      },
      absl::Seconds(30)))
      << "EU1 has AP1 to " << applied("EU1", "AP1") << " of " << ap_head << ", AP1 has EU1 to "
      << applied("AP1", "EU1") << " of " << eu_head << " and US1 to " << applied("AP1", "US1")
      << " of " << us_head;
  std::cout << "links healed; caught up under load " << absl::ToInt64Milliseconds(absl::Now() - heal)
            << " ms later\n";
  std::this_thread::sleep_for(std::chrono::seconds(2));
  stop = true;
  for (auto& t : load) t.join();

  std::set<std::string> homes;
  for (const auto& id : acknowledged) homes.insert(application::HomeRegionOf(id));
  EXPECT_EQ(homes, (std::set<std::string>{"EU1", "US1", "AP1"}));
  std::cout << acknowledged.size() << " orders acknowledged over "
            << absl::ToInt64Seconds(absl::Now() - cut) + 2 << " s; refused: EU1 " << refused["EU1"]
            << ", US1 " << refused["US1"] << ", AP1 " << refused["AP1"] << "\n";
  for (const auto& [r, n] : refused) EXPECT_EQ(n, 0) << r << " refused orders of its own";

  // Converged: the same orders at the same versions everywhere.
  const absl::Time healed = absl::Now();
  ASSERT_TRUE(Eventually(
      [&] {
        const auto eu = OrderVersions("EU1");
        return eu == OrderVersions("US1") && eu == OrderVersions("AP1");
      },
      absl::Seconds(60)))
      << "EU1 " << OrderVersions("EU1").size() << ", US1 " << OrderVersions("US1").size()
      << ", AP1 " << OrderVersions("AP1").size() << " orders";
  std::cout << "converged " << absl::ToInt64Milliseconds(absl::Now() - healed)
            << " ms after the load stopped\n";

  // Nothing acknowledged is lost: every one is in every region.
  const std::vector<std::string> held = Column("EU1", "SELECT order_id FROM orders");
  const std::set<std::string> everywhere(held.begin(), held.end());
  for (const auto& id : acknowledged) EXPECT_TRUE(everywhere.count(id)) << id << " was lost";
  // Nothing applied twice: each region holds each region's order events
  // exactly once (event ids are unique), and the same number everywhere.
  for (const auto& origin : kRegions) {
    const std::string count = absl::StrCat(
        "SELECT count(*) FROM outbox WHERE aggregate_type = 'order' AND origin_region = '",
        origin, "'");
    const auto home = Column(origin, count);
    for (const auto& r : kRegions) EXPECT_EQ(Column(r, count), home) << origin << " in " << r;
  }
  // No oversell: no node holds more reserved than on hand.
  for (const auto& r : kRegions) {
    EXPECT_EQ(Column(r, "SELECT count(*) FROM stock WHERE reserved > on_hand"),
              std::vector<std::string>{"0"})
        << r;
  }
}

TEST_F(RegionsTest, ARestartedRegionResumesFromItsCursorAndAppliesNothingTwice) {
  std::map<std::string, int64_t> placed = PlaceEverywhere(2, "restart");
  ASSERT_TRUE(Eventually([&] { return Converged(AtHome(placed)); }, absl::Seconds(15)));
  In("US1").StopServer();
  for (const auto& r : {"EU1", "AP1"}) {
    absl::StatusOr<v1::Order> order = In(r).Place(OrderIn(r, absl::StrCat("while-down-", r)));
    ASSERT_TRUE(order.ok()) << order.status();
    placed[order->order_id()] = order->version();
  }
  In("US1").StartServer();
  const std::map<std::string, int64_t> expected = AtHome(placed);
  ASSERT_TRUE(Eventually([&] { return Converged(expected); }, absl::Seconds(15)))
      << Diff(expected);
  const v1::PeerStatus* eu = Peer(StatusOf("US1"), "EU1");
  ASSERT_NE(eu, nullptr);
  EXPECT_EQ(eu->last_error(), "") << "a restart resumes without a refused apply";
}

TEST_F(RegionsTest, AChangeAskedInAnotherRegionIsMadeByItsHomeOnceAndRefusedWhileItIsUnreachable) {
  absl::StatusOr<v1::Order> order = In("EU1").Place(OrderIn("EU1", "home-only"));
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string id = order->order_id();
  ASSERT_TRUE(Eventually([&] { return In("US1").Get(id).ok(); }, absl::Seconds(10)));

  // A note asked in US1 is written by EU1, and comes back to US1's replica.
  {
    v1::Order answer;
    grpc::Status s = AddNote("US1", id, "customer called the US line", &answer);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_FALSE(answer.replica().is_replica()) << "the answer is the home's";
    ASSERT_EQ(answer.notes_size(), 1);
  }
  ASSERT_TRUE(Eventually(
      [&] {
        absl::StatusOr<v1::Order> copy = In("US1").Get(id);
        return copy.ok() && copy->notes_size() == 1;
      },
      absl::Seconds(10)));

  // A cancellation sent to US1 and retried at EU1 with the same key is one.
  v1::CancelOrderRequest cancel;
  cancel.set_request_id("cancel-once-across-regions");
  cancel.set_order_id(id);
  cancel.set_reason(v1::CANCEL_REASON_CUSTOMER_REQUEST);
  cancel.set_initiator(v1::CANCEL_INITIATOR_CUSTOMER);
  v1::CancelOrderResponse first, retried;
  {
    auto context = In("US1").Context();
    grpc::Status s = In("US1").orders().CancelOrder(context.get(), cancel, &first);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  {
    auto context = In("EU1").Context();
    grpc::Status s = In("EU1").orders().CancelOrder(context.get(), cancel, &retried);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_FALSE(first.replayed());
  EXPECT_TRUE(retried.replayed());
  EXPECT_EQ(first.order().status(), v1::ORDER_STATUS_CANCELLED);
  EXPECT_EQ(retried.order().version(), first.order().version()) << "nothing was done twice";

  // With EU1 out of reach, US1 refuses, naming the home; EU1 never hears of it.
  Isolate("EU1", /*silently=*/false);
  v1::Order answer;
  grpc::Status s = AddNote("US1", id, "written while EU1 was cut off", &answer);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "region EU1")) << s.error_message();
  // The replica stays readable meanwhile.
  absl::StatusOr<v1::Order> copy = In("US1").Get(id);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_TRUE(copy->replica().is_replica());
  absl::StatusOr<v1::Order> home = In("EU1").Get(id);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->notes_size(), 1);
}

TEST_F(RegionsTest, AnIdempotencyKeyFirstTakenInOneRegionMakesOneOrderWhereverItIsRetried) {
  // The key goes to EU1; once EU1's events reached US1, a retry at US1 is
  // EU1's to answer: the same order, replayed.
  const v1::PlaceOrderRequest request = OrderIn("EU1", "one-key-two-regions");
  absl::StatusOr<v1::Order> first = In("EU1").Place(request);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(Eventually([&] { return In("US1").Get(first->order_id()).ok(); },
                         absl::Seconds(10)));
  auto place_in = [&](const std::string& r, v1::PlaceOrderResponse* response) {
    auto context = In(r).Context("demo-agent-token");
    return In(r).orders().PlaceOrder(context.get(), request, response);
  };
  v1::PlaceOrderResponse retried;
  grpc::Status s = place_in("US1", &retried);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(retried.replayed());
  EXPECT_EQ(retried.order().order_id(), first->order_id());

  // While EU1 is out of reach the retry is refused, naming EU1, not placed anew.
  Isolate("EU1", /*silently=*/false);
  v1::PlaceOrderResponse refused;
  s = place_in("US1", &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "region EU1")) << s.error_message();
  Heal("EU1");
  v1::PlaceOrderResponse after;
  ASSERT_TRUE(Eventually([&] { return place_in("AP1", &after).ok(); }, absl::Seconds(10)));
  EXPECT_TRUE(after.replayed());
  EXPECT_EQ(after.order().order_id(), first->order_id());

  // One order in all, everywhere.
  for (const auto& r : kRegions) {
    EXPECT_EQ(Column(r, "SELECT count(*) FROM orders"), std::vector<std::string>{"1"}) << r;
  }
}

TEST_F(RegionsTest, RefundDecisionsAndReturnsOfAnotherRegionsOrderGoToItsHome) {
  // Refund and return ids start with their order's id, so with its home.
  Isolate("EU1", /*silently=*/false);
  auto payments = v1::PaymentService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port_["US1"]), grpc::InsecureChannelCredentials()));
  auto returns = v1::ReturnService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port_["US1"]), grpc::InsecureChannelCredentials()));
  v1::DecideRefundRequest decide;
  decide.set_refund_id("EU1-01M80000000000000000000000-R1");
  v1::RefundOrderResponse refund;
  auto c1 = In("US1").Context("demo-supervisor-token");
  grpc::Status approved = payments->ApproveRefund(c1.get(), decide, &refund);
  EXPECT_EQ(approved.error_code(), grpc::StatusCode::UNAVAILABLE) << approved.error_message();
  EXPECT_TRUE(absl::StrContains(approved.error_message(), "region EU1")) << approved.error_message();
  v1::CancelReturnRequest cancel;
  cancel.set_return_id("EU1-01M80000000000000000000000-RMA1");
  v1::ReturnResponse answer;
  auto c2 = In("US1").Context("demo-agent-token");
  grpc::Status cancelled = returns->CancelReturn(c2.get(), cancel, &answer);
  EXPECT_EQ(cancelled.error_code(), grpc::StatusCode::UNAVAILABLE) << cancelled.error_message();
  // Healed, EU1 answers for its own: it has no such refund.
  Heal("EU1");
  grpc::Status s;
  ASSERT_TRUE(Eventually(
      [&] {
        auto context = In("US1").Context("demo-supervisor-token");
        s = payments->ApproveRefund(context.get(), decide, &refund);
        return s.error_code() != grpc::StatusCode::UNAVAILABLE;
      },
      absl::Seconds(10)));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
}

// One watch slot per region: a desk client that takes it must not stop
// replication, whose streams do not count against max_watches.
class OneWatchSlotTest : public RegionsTest {
 protected:
  OneWatchSlotTest() { max_watches_ = 1; }
};

TEST_F(OneWatchSlotTest, ReplicationIsNotCrowdedOutByClientWatches) {
  auto watch = [&](grpc::ClientContext* context, v1::WatchOrdersResponse* first) {
    auto reader = In("EU1").orders().WatchOrders(context, {});
    const bool read = reader->Read(first);
    return std::make_pair(read, std::move(reader));
  };
  auto held_context = In("EU1").Context("demo-agent-token", absl::Seconds(60));
  v1::WatchOrdersResponse mark;
  auto [held, held_reader] = watch(held_context.get(), &mark);
  ASSERT_TRUE(held) << "the one slot is taken by this client";
  {
    auto context = In("EU1").Context("demo-agent-token", absl::Seconds(5));
    auto [second, reader] = watch(context.get(), &mark);
    EXPECT_FALSE(second);
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  // The peers' streams reconnect (a cut makes them) and still get in.
  Isolate("EU1", /*silently=*/false);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Heal("EU1");
  absl::StatusOr<v1::Order> order = In("EU1").Place(OrderIn("EU1", "one-slot"));
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_TRUE(Eventually([&] { return In("US1").Get(order->order_id()).ok(); },
                         absl::Seconds(10)));
  held_context->TryCancel();
  held_reader->Finish();
}

TEST_F(RegionsTest, ACustomersBalanceIsSpentOnlyInTheirHomeRegion) {
  // C-EU1-0003 has 120.00 in their wallet, kept by EU1.
  auto wallet_order = [](const std::string& r, const std::string& key) {
    v1::PlaceOrderRequest request = OrderIn(r, key);
    request.set_customer_id("C-EU1-0003");
    request.mutable_tenders(0)->set_type(v1::TENDER_TYPE_WALLET);
    request.mutable_tenders(0)->clear_card_token();
    return request;
  };
  v1::PlaceOrderResponse response;
  auto context = In("US1").Context();
  grpc::Status s =
      In("US1").orders().PlaceOrder(context.get(), wallet_order("US1", "wallet-us"), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "kept by region EU1")) << s.error_message();
  absl::StatusOr<v1::Order> at_home = In("EU1").Place(wallet_order("EU1", "wallet-eu"));
  ASSERT_TRUE(at_home.ok()) << at_home.status();
  EXPECT_EQ(at_home->status(), v1::ORDER_STATUS_CONFIRMED);
}

TEST_F(RegionsTest, DemoSampleOrdersArePlacedOnlyInTheirCustomersHomeRegion) {
  // The samples are EU1 customers' orders: every region started with --demo
  // taking them would make three of each channel order.
  const std::string seed = OMS_RESOURCES_DIR "/demo/orders/seed.jsonl";
  absl::StatusOr<int> in_us = In("US1").server().PlaceDemoOrders(seed);
  ASSERT_TRUE(in_us.ok()) << in_us.status();
  EXPECT_EQ(*in_us, 0);
  absl::StatusOr<int> in_eu = In("EU1").server().PlaceDemoOrders(seed);
  ASSERT_TRUE(in_eu.ok()) << in_eu.status();
  EXPECT_EQ(*in_eu, 8);
}

// omsctl --server and oms-desk take several regions, nearest first
// (common/endpoints.h): the first that answers serves, the next when it goes.
TEST_F(RegionsTest, AClientGivenSeveralRegionsUsesTheFirstThatAnswersAndFailsOver) {
  absl::StatusOr<std::string> target = ChannelTarget(absl::StrCat(
      "127.0.0.1:", port_["EU1"], ",127.0.0.1:", port_["US1"], ",127.0.0.1:", port_["AP1"]));
  ASSERT_TRUE(target.ok()) << target.status();
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  auto stub = v1::RegionService::NewStub(
      grpc::CreateCustomChannel(*target, grpc::InsecureChannelCredentials(), args));
  auto answered_by = [&]() -> std::string {
    v1::RegionStatus status;
    auto context = In("US1").Context("demo-agent-token", absl::Seconds(5));
    grpc::Status s = stub->GetRegionStatus(context.get(), {}, &status);
    return s.ok() ? status.region() : absl::StrCat("error: ", s.error_message());
  };
  EXPECT_EQ(answered_by(), "EU1");
  In("EU1").StopServer();
  // The call that meets the closed connection may fail; the next goes on.
  std::string next;
  ASSERT_TRUE(Eventually(
      [&] {
        next = answered_by();
        return next == "US1";
      },
      absl::Seconds(10)))
      << next;
  In("EU1").StartServer();
}

// deploy/haproxy/front-door.cfg as shipped, in front of the three regions.
TEST_F(RegionsTest, TheFrontDoorSendsCallsToTheNearestHealthyRegionAndBackWhenItRecovers) {
  ASSERT_TRUE(std::filesystem::exists("/usr/sbin/haproxy"))
      << "haproxy is missing: scripts/lib.sh installs it (Debian package haproxy)";
  const int front = FreePort();
  const std::vector<std::string> env = {
      absl::StrCat("OMS_FRONT_DOOR=127.0.0.1:", front),
      absl::StrCat("OMS_REGION_1=127.0.0.1:", port_["EU1"]),
      absl::StrCat("OMS_REGION_1_METRICS_PORT=", metrics_port_["EU1"]),
      absl::StrCat("OMS_REGION_2=127.0.0.1:", port_["US1"]),
      absl::StrCat("OMS_REGION_2_METRICS_PORT=", metrics_port_["US1"]),
      absl::StrCat("OMS_REGION_3=127.0.0.1:", port_["AP1"]),
      absl::StrCat("OMS_REGION_3_METRICS_PORT=", metrics_port_["AP1"]),
  };
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const std::string config = OMS_DEPLOY_DIR "/haproxy/front-door.cfg";
  std::vector<char*> argv = {const_cast<char*>("haproxy"), const_cast<char*>("-db"), const_cast<char*>("-q"),
                             const_cast<char*>("-f"),
                             const_cast<char*>(config.c_str()), nullptr};
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t haproxy = 0;
  ASSERT_EQ(posix_spawn(&haproxy, "/usr/sbin/haproxy", &quiet, nullptr, argv.data(), envp.data()),
            0);
  posix_spawn_file_actions_destroy(&quiet);
  struct Stop {
    pid_t pid;
    ~Stop() {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  } stop{haproxy};

  auto stub = v1::RegionService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", front), grpc::InsecureChannelCredentials()));
  auto answered_by = [&]() -> std::string {
    v1::RegionStatus status;
    auto context = In("US1").Context("demo-agent-token", absl::Seconds(3));
    grpc::Status s = stub->GetRegionStatus(context.get(), {}, &status);
    return s.ok() ? status.region() : absl::StrCat("error: ", s.error_message());
  };
  std::string last;
  auto answers = [&](const std::string& region) {
    return Eventually(
        [&] {
          last = answered_by();
          return last == region;
        },
        absl::Seconds(15));
  };
  ASSERT_TRUE(answers("EU1")) << last;
  In("EU1").StopServer();
  EXPECT_TRUE(answers("US1")) << last << " (EU1 is down: the first backup serves)";
  In("EU1").StartServer();
  EXPECT_TRUE(answers("EU1")) << last << " (EU1 is back: the nearest serves again)";
  // A watch stream passes the front door too.
  auto orders = v1::OrderService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", front), grpc::InsecureChannelCredentials()));
  auto context = In("EU1").Context("demo-agent-token", absl::Seconds(5));
  auto reader = orders->WatchOrders(context.get(), {});
  v1::WatchOrdersResponse mark;
  EXPECT_TRUE(reader->Read(&mark)) << "the first message of a watch is a mark";
  context->TryCancel();
  reader->Finish();
}

TEST_F(RegionsTest, OnlyRegionsMayFollowAndARegionMayDoNothingElse) {
  auto replication = [&](const std::string& token, int64_t after = 0) {
    auto stub = v1::ReplicationService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port_["EU1"]), grpc::InsecureChannelCredentials()));
    auto context = In("EU1").Context(token, absl::Seconds(5));
    v1::StreamEventsRequest request;
    request.set_after_sequence(after);
    auto reader = stub->StreamEvents(context.get(), request);
    v1::ReplicationMessage message;
    const bool got = reader->Read(&message);
    if (got) context->TryCancel();  // the stream would go on; its first message is the answer
    grpc::Status s = reader->Finish();
    if (got) EXPECT_EQ(message.region(), "EU1") << message.DebugString();
    return got ? grpc::StatusCode::OK : s.error_code();
  };
  EXPECT_EQ(replication(application::RegionCredential(kSecret, "US1")), grpc::StatusCode::OK);
  // A follower's cursor that cannot be EU1's: negative, or beyond its log
  // (its store was restored or replaced; resending would skip events).
  EXPECT_EQ(replication(application::RegionCredential(kSecret, "US1"), -1),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(replication(application::RegionCredential(kSecret, "US1"), 1'000'000'000),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(replication("demo-admin-token"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(replication(application::RegionCredential("another-secret-entirely", "US1")),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(replication(application::RegionCredential(kSecret, "XX9")),
            grpc::StatusCode::UNAUTHENTICATED)
      << "a region that is not a peer";

  // A region credential places no orders and reads none.
  v1::PlaceOrderResponse placed;
  auto context = In("EU1").Context(application::RegionCredential(kSecret, "US1"));
  EXPECT_EQ(In("EU1").orders().PlaceOrder(context.get(), OrderIn("EU1", "by-region"), &placed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace oms::testing
