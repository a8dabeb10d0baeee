// WatchOrders and WatchInventory against the real server: latency, resume
// without gap or duplicate, filters, the watch limit, shutdown, bad input.

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

// One server stream read on its own thread; messages are handed over
// through a queue so that a test can wait for the next one with a bound.
template <typename Request, typename Response>
class WatchClient {
 public:
  using Open = std::function<std::unique_ptr<grpc::ClientReader<Response>>(grpc::ClientContext*,
                                                                           const Request&)>;

  WatchClient(const Open& open, const Request& request,
              const std::string& token = "demo-agent-token") {
    if (!token.empty()) context_.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    reader_ = open(&context_, request);
    thread_ = std::thread([this] {
      Response message;
      while (reader_->Read(&message)) {
        std::lock_guard lock(mu_);
        messages_.push_back(message);
        cv_.notify_all();
      }
      const grpc::Status status = reader_->Finish();
      std::lock_guard lock(mu_);
      status_ = status;
      cv_.notify_all();
    });
  }
  ~WatchClient() {
    context_.TryCancel();
    thread_.join();
  }

  // The next message, or nullopt when none comes within `wait` (or the stream ended).
  std::optional<Response> Next(absl::Duration wait = absl::Seconds(5)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, absl::ToChronoNanoseconds(wait),
                 [this] { return !messages_.empty() || status_.has_value(); });
    if (messages_.empty()) return std::nullopt;
    Response message = messages_.front();
    messages_.pop_front();
    return message;
  }

  // The next message that carries an event (skipping marks).
  template <typename HasEvent>
  std::optional<Response> NextEvent(HasEvent has_event, absl::Duration wait = absl::Seconds(5)) {
    const absl::Time until = absl::Now() + wait;
    for (;;) {
      std::optional<Response> message = Next(until - absl::Now());
      if (!message || has_event(*message)) return message;
    }
  }

  // The stream's final status, waiting up to `wait` for it to end.
  std::optional<grpc::Status> Ended(absl::Duration wait = absl::Seconds(5)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, absl::ToChronoNanoseconds(wait), [this] { return status_.has_value(); });
    return status_;
  }

  void Cancel() { context_.TryCancel(); }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<Response>> reader_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Response> messages_;       // guarded by mu_
  std::optional<grpc::Status> status_;  // guarded by mu_
};

using StockWatch = WatchClient<v1::WatchInventoryRequest, v1::WatchInventoryResponse>;
using OrderWatch = WatchClient<v1::WatchOrdersRequest, v1::WatchOrdersResponse>;

bool IsChange(const v1::WatchInventoryResponse& m) { return m.has_change(); }
bool IsOrderEvent(const v1::WatchOrdersResponse& m) { return m.has_event(); }

constexpr char kSku[] = "TEE-ORG-WHT-S";
constexpr char kNode[] = "EU1-WH-BER";

class WatchTest : public ::testing::Test {
 protected:
  void SetUp() override { region_ = std::make_unique<TestRegion>(); }

  std::unique_ptr<StockWatch> WatchStock(const v1::WatchInventoryRequest& request,
                                         const std::string& token = "demo-agent-token") {
    v1::InventoryService::Stub& stub = region_->inventory();
    return std::make_unique<StockWatch>(
        [&stub](grpc::ClientContext* c, const v1::WatchInventoryRequest& r) {
          return stub.WatchInventory(c, r);
        },
        request, token);
  }
  std::unique_ptr<OrderWatch> WatchOrders(const v1::WatchOrdersRequest& request) {
    v1::OrderService::Stub& stub = region_->orders();
    return std::make_unique<OrderWatch>(
        [&stub](grpc::ClientContext* c, const v1::WatchOrdersRequest& r) {
          return stub.WatchOrders(c, r);
        },
        request);
  }
  static v1::WatchInventoryRequest OneStock(const std::string& sku, const std::string& node,
                                            int64_t after = 0) {
    v1::WatchInventoryRequest request;
    request.set_sku(sku);
    request.set_node_id(node);
    request.set_after_sequence(after);
    return request;
  }

  std::unique_ptr<TestRegion> region_;
};

TEST_F(WatchTest, AStockChangeReachesAWatcherWithinASecondWithItsNewLevel) {
  auto watch = WatchStock(OneStock(kSku, kNode));
  const auto mark = watch->Next();
  ASSERT_TRUE(mark.has_value());
  EXPECT_FALSE(mark->has_change());  // from now: a mark with the head first

  const absl::Time adjusted = absl::Now();
  ASSERT_TRUE(region_->Count(kSku, kNode, 77).ok());
  const auto change = watch->NextEvent(IsChange, absl::Seconds(1));
  ASSERT_TRUE(change.has_value()) << "no stock change within a second";
  EXPECT_LT(absl::Now() - adjusted, absl::Seconds(1));
  EXPECT_GT(change->sequence(), mark->sequence());
  EXPECT_EQ(change->change().event_type(), "StockAdjusted");
  const v1::StockLevel& level = change->change().level();
  EXPECT_EQ(level.sku(), kSku);
  EXPECT_EQ(level.node_id(), kNode);
  EXPECT_EQ(level.region(), "EU1");
  EXPECT_EQ(level.on_hand(), 77);
  const v1::StockLevel now = region_->StockAt(kSku, kNode);
  EXPECT_EQ(level.reserved(), now.reserved());
  EXPECT_EQ(level.available(), now.available());
  EXPECT_EQ(level.version(), now.version());
}

TEST_F(WatchTest, AReconnectWithTheLastSequenceGetsExactlyTheChangesInBetween) {
  int64_t last_seen = 0;
  {
    auto watch = WatchStock(OneStock(kSku, kNode));
    ASSERT_TRUE(watch->Next().has_value());
    ASSERT_TRUE(region_->Count(kSku, kNode, 100).ok());
    const auto first = watch->NextEvent(IsChange);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->change().level().on_hand(), 100);
    last_seen = first->sequence();
  }  // disconnected
  for (int on_hand : {101, 102, 103}) ASSERT_TRUE(region_->Count(kSku, kNode, on_hand).ok());

  auto watch = WatchStock(OneStock(kSku, kNode, last_seen));
  const auto mark = watch->Next();
  ASSERT_TRUE(mark.has_value());
  EXPECT_EQ(mark->sequence(), last_seen);
  std::vector<int64_t> on_hand;
  int64_t previous = last_seen;
  for (int i = 0; i < 3; ++i) {
    const auto change = watch->NextEvent(IsChange);
    ASSERT_TRUE(change.has_value()) << "missing change " << i;
    EXPECT_GT(change->sequence(), previous);
    previous = change->sequence();
    on_hand.push_back(change->change().level().on_hand());
  }
  EXPECT_EQ(on_hand, (std::vector<int64_t>{101, 102, 103}));
  // Live again after the catch-up, and nothing was sent twice.
  ASSERT_TRUE(region_->Count(kSku, kNode, 104).ok());
  const auto live = watch->NextEvent(IsChange);
  ASSERT_TRUE(live.has_value());
  EXPECT_EQ(live->change().level().on_hand(), 104);
  EXPECT_GT(live->sequence(), previous);
}

TEST_F(WatchTest, ACatchUpLongerThanAPageArrivesWholeAndInOrder) {
  ASSERT_TRUE(region_->Count(kSku, kNode, 1000).ok());
  int64_t start = 0;
  {
    auto watch = WatchStock(OneStock(kSku, kNode));
    ASSERT_TRUE(watch->Next().has_value());
    ASSERT_TRUE(region_->Count(kSku, kNode, 999).ok());
    const auto first = watch->NextEvent(IsChange);
    ASSERT_TRUE(first.has_value());
    start = first->sequence();
  }
  constexpr int kChanges = 150;  // more than two pages of 64
  for (int i = 0; i < kChanges; ++i) ASSERT_TRUE(region_->Count(kSku, kNode, i).ok());
  auto watch = WatchStock(OneStock(kSku, kNode, start));
  ASSERT_TRUE(watch->Next().has_value());
  int64_t previous = start;
  for (int i = 0; i < kChanges; ++i) {
    const auto change = watch->NextEvent(IsChange);
    ASSERT_TRUE(change.has_value()) << "missing change " << i;
    ASSERT_EQ(change->change().level().on_hand(), i);
    ASSERT_GT(change->sequence(), previous);
    previous = change->sequence();
  }
}

TEST_F(WatchTest, FiltersSelectBySkuNodeRegionAndEventType) {
  v1::WatchInventoryRequest by_sku;
  by_sku.set_sku(kSku);
  auto sku_watch = WatchStock(by_sku);
  v1::WatchInventoryRequest by_node;
  by_node.set_node_id("EU1-WH-RTM");
  auto node_watch = WatchStock(by_node);
  v1::WatchInventoryRequest elsewhere;
  elsewhere.set_region("US1");
  auto us_watch = WatchStock(elsewhere);
  v1::WatchInventoryRequest reservations;
  reservations.add_event_types("StockReserved");
  auto reserved_watch = WatchStock(reservations);
  for (auto* w : {sku_watch.get(), node_watch.get(), us_watch.get(), reserved_watch.get()}) {
    ASSERT_TRUE(w->Next().has_value());
  }

  ASSERT_TRUE(region_->Count("TEE-ORG-WHT-M", kNode, 40).ok());  // matches no SKU/node filter
  ASSERT_TRUE(region_->Count(kSku, "EU1-WH-RTM", 41).ok());      // both
  const auto by_sku_change = sku_watch->NextEvent(IsChange);
  ASSERT_TRUE(by_sku_change.has_value());
  EXPECT_EQ(by_sku_change->change().level().node_id(), "EU1-WH-RTM");
  EXPECT_EQ(by_sku_change->change().level().on_hand(), 41);
  const auto by_node_change = node_watch->NextEvent(IsChange);
  ASSERT_TRUE(by_node_change.has_value());
  EXPECT_EQ(by_node_change->change().level().sku(), kSku);

  // An EU1 change never reaches a US1 watcher; its heartbeat mark still
  // moves its resume point past the changes it did not want.
  const auto us_message = us_watch->Next(absl::Seconds(3));
  ASSERT_TRUE(us_message.has_value());
  EXPECT_FALSE(us_message->has_change());
  EXPECT_GE(us_message->sequence(), by_sku_change->sequence());

  // Adjustments are not reservations; placing an order reserves.
  auto order = region_->Place(TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok()) << order.status();
  const auto reserved = reserved_watch->NextEvent(IsChange);
  ASSERT_TRUE(reserved.has_value());
  EXPECT_EQ(reserved->change().event_type(), "StockReserved");
  EXPECT_EQ(reserved->change().order_id(), order->order_id());
  EXPECT_EQ(reserved->change().delta_reserved(), 1);
}

TEST_F(WatchTest, WatchOrdersSeesAnOrdersEventsAndItsStatusChanges) {
  auto order = region_->Place(TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);

  v1::WatchOrdersRequest request;
  request.set_order_id(order->order_number());  // a number is resolved to the id
  request.set_from_beginning(true);
  auto watch = WatchOrders(request);
  const auto mark = watch->Next();
  ASSERT_TRUE(mark.has_value());
  EXPECT_EQ(mark->sequence(), 0);
  const auto placed = watch->NextEvent(IsOrderEvent);
  ASSERT_TRUE(placed.has_value());
  EXPECT_EQ(placed->event().event_type(), "OrderPlaced");
  EXPECT_EQ(placed->event().aggregate_id(), order->order_id());
  EXPECT_TRUE(placed->event().payload_json().empty());  // not asked for

  v1::CancelOrderRequest cancel;
  cancel.set_request_id(absl::StrCat("watch-test-", order->order_id()));
  cancel.set_order_id(order->order_id());
  cancel.set_reason(v1::CANCEL_REASON_CUSTOMER_REQUEST);
  cancel.set_initiator(v1::CANCEL_INITIATOR_CUSTOMER);
  v1::CancelOrderResponse cancelled;
  auto context = region_->Context();
  ASSERT_TRUE(region_->orders().CancelOrder(context.get(), cancel, &cancelled).ok());

  bool saw_cancelled = false;
  while (!saw_cancelled) {
    const auto event = watch->NextEvent(IsOrderEvent, absl::Seconds(2));
    ASSERT_TRUE(event.has_value()) << "no OrderStatusChanged to CANCELLED";
    EXPECT_EQ(event->event().aggregate_id(), order->order_id());
    saw_cancelled = event->event().event_type() == "OrderStatusChanged" &&
                    event->event().summary().find("CANCELLED") != std::string::npos;
  }
}

TEST_F(WatchTest, ShutdownEndsOpenStreamsWithUnavailableAtOnce) {
  auto watch = WatchStock(OneStock(kSku, kNode));
  ASSERT_TRUE(watch->Next().has_value());
  const absl::Time stopping = absl::Now();
  region_->StopServer();
  // Well inside the server's 5 s grace: the streams were ended, not waited for.
  EXPECT_LT(absl::Now() - stopping, absl::Seconds(3));
  const auto status = watch->Ended(absl::Seconds(2));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->error_code(), grpc::StatusCode::UNAVAILABLE) << status->error_message();
}

TEST_F(WatchTest, BadRequestsAreRefusedNamingTheField) {
  auto refused = [&](const v1::WatchInventoryRequest& request, grpc::StatusCode code,
                     const std::string& field, const std::string& token = "demo-agent-token") {
    auto watch = WatchStock(request, token);
    const auto status = watch->Ended();
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->error_code(), code) << status->error_message();
    EXPECT_NE(status->error_message().find(field), std::string::npos) << status->error_message();
  };
  v1::WatchInventoryRequest negative;
  negative.set_after_sequence(-1);
  refused(negative, grpc::StatusCode::INVALID_ARGUMENT, "after_sequence");
  v1::WatchInventoryRequest unknown_type;
  unknown_type.add_event_types("OrderPlaced");
  refused(unknown_type, grpc::StatusCode::INVALID_ARGUMENT, "event_types");
  v1::WatchInventoryRequest both;
  both.set_after_sequence(3);
  both.set_from_beginning(true);
  refused(both, grpc::StatusCode::INVALID_ARGUMENT, "from_beginning");
  v1::WatchInventoryRequest beyond;
  beyond.set_after_sequence(1'000'000'000);
  refused(beyond, grpc::StatusCode::FAILED_PRECONDITION, "after_sequence");
  refused(v1::WatchInventoryRequest(), grpc::StatusCode::UNAUTHENTICATED, "", "");

  v1::WatchOrdersRequest missing;
  missing.set_order_id("EU1-01XXXXXXXXXXXXXXXXXXXXXXXX");
  auto watch = WatchOrders(missing);
  const auto status = watch->Ended();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->error_code(), grpc::StatusCode::NOT_FOUND) << status->error_message();
}

// A server of its own, with room for two watches.
TEST(WatchLimitTest, WatchesBeyondTheLimitAreResourceExhaustedUntilOneCloses) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      absl::StrCat("oms-watch-", getpid(), "-", std::random_device{}());
  OmsServer::Options options;
  options.config.listen = "127.0.0.1:0";
  options.config.partner_listen = "127.0.0.1:0";
  options.config.data_dir = (dir / "data").string();
  options.config.resources_dir = OMS_RESOURCES_DIR;
  options.config.synchronous_full = false;
  options.config.max_watches = 2;
  options.demo = true;
  auto server = OmsServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::InventoryService::NewStub(channel);
  auto open = [&stub] {
    return std::make_unique<StockWatch>(
        [&stub](grpc::ClientContext* c, const v1::WatchInventoryRequest& r) {
          return stub->WatchInventory(c, r);
        },
        v1::WatchInventoryRequest());
  };

  auto first = open();
  auto second = open();
  ASSERT_TRUE(first->Next().has_value());
  ASSERT_TRUE(second->Next().has_value());
  {
    auto third = open();
    const auto status = third->Ended();
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_NE(status->error_message().find("max_watches"), std::string::npos);
  }
  first.reset();  // cancels; the server frees the slot when the stream is done
  bool reopened = false;
  const absl::Time until = absl::Now() + absl::Seconds(5);
  while (!reopened && absl::Now() < until) {
    auto again = open();
    reopened = again->Next(absl::Seconds(1)).has_value();
  }
  EXPECT_TRUE(reopened);
  second.reset();
  (*server)->Shutdown();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace oms::testing
