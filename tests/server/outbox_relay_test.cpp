// The outbox relay's channel callbacks end to end: the real omsd wiring
// (TestRegion), a real HTTP receiver on loopback, the real OpsService.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "nlohmann/json.hpp"
#include "tests/server/order_steps.h"
#include "tests/server/test_region.h"
#include "tests/support/callback_fixtures.h"

namespace oms::testing {
namespace {

constexpr char kWarehouse[] = "demo-warehouse-token";
constexpr char kSupervisor[] = "demo-supervisor-token";
constexpr char kSku[] = "TEE-ORG-WHT-M";

// A channel's callback endpoint: records every request, answers a set
// status, and can hold requests until released (a slow receiver).
class CallbackReceiver {
 public:
  struct Request {
    std::string path;
    std::string event;
    std::string key;
    std::string signature;
    std::string timestamp;
    std::string body;
  };

  // port 0: any free port.
  explicit CallbackReceiver(int port = 0) {
    server_.new_task_queue = [] { return new httplib::ThreadPool(8); };
    server_.Post(R"(/.*)",
                 [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
    if (port == 0) {
      port_ = server_.bind_to_any_port("127.0.0.1");
    } else {
      EXPECT_TRUE(server_.bind_to_port("127.0.0.1", port)) << "port " << port;
      port_ = port;
    }
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the listen loop has begun would leave it running.
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~CallbackReceiver() {
    Release();
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", port_, path);
  }
  void Answer(int status) {
    std::lock_guard lock(mu_);
    status_ = status;
  }
  void Hold() {
    std::lock_guard lock(mu_);
    holding_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      holding_ = false;
    }
    cv_.notify_all();
  }
  int held() {
    std::lock_guard lock(mu_);
    return held_;
  }
  std::vector<Request> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // Up to 20 s for `pred` over the requests so far.
  bool Await(const std::function<bool(const std::vector<Request>&)>& pred) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return pred(requests_); });
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    std::unique_lock lock(mu_);
    requests_.push_back({req.path, req.get_header_value("X-OMS-Event"),
                         req.get_header_value("Idempotency-Key"),
                         req.get_header_value("X-OMS-Signature"),
                         req.get_header_value("X-OMS-Timestamp"), req.body});
    ++held_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return !holding_; });
    --held_;
    res.status = status_;
    res.set_content(status_ < 300 ? "{\"ok\":true}" : "{\"error\":\"busy\"}", "application/json");
  }

  httplib::Server server_;
  int port_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Request> requests_;  // guarded by mu_
  int status_ = 200;               // guarded by mu_
  bool holding_ = false;           // guarded by mu_
  int held_ = 0;                   // guarded by mu_
  std::thread thread_;
};

// A loopback port nothing listens on (bound, then closed).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

size_t CountFor(const std::vector<CallbackReceiver::Request>& requests, const std::string& path,
                const std::string& event) {
  size_t n = 0;
  for (const auto& r : requests) n += r.path == path && r.event == event;
  return n;
}

RelayConfig FastRetries(int attempts) {
  RelayConfig relay;
  relay.max_attempts = attempts;
  relay.backoff_initial = absl::Milliseconds(10);
  relay.backoff_max = absl::Milliseconds(50);
  relay.timeout = absl::Seconds(10);
  relay.poll = absl::Milliseconds(50);
  return relay;
}

ChannelSettings Web(const CallbackReceiver& receiver) {
  ChannelSettings web;
  web.type = "web_checkout";
  web.callback_url = receiver.Url("/web");
  web.secret = "web-callback-secret";
  return web;
}

ChannelSettings Marketplace(const std::string& format, const std::string& secret,
                            const std::string& url) {
  ChannelSettings m;
  m.type = "marketplace";
  m.format = format;
  m.secret = secret;
  m.callback_url = url;
  return m;
}

v1::PlaceOrderRequest WebOrder(const std::string& external_ref) {
  v1::PlaceOrderRequest r = TestRegion::CardOrder(kSku, 2);
  r.set_external_ref(external_ref);
  return r;
}

// Picks, packs and ships the order's first shipment as the warehouse does.
absl::Status Ship(TestRegion& region, const std::string& order_id) {
  auto order = region.Get(order_id);
  if (!order.ok()) return order.status();
  if (order->shipments_size() < 1) return absl::InternalError("no shipment");
  const std::string shipment_id = order->shipments(0).shipment_id();
  v1::ShipmentActionRequest action;
  action.set_shipment_id(shipment_id);
  v1::ShipmentActionResponse response;
  for (auto step :
       {&v1::FulfillmentService::Stub::StartPicking, &v1::FulfillmentService::Stub::PackShipment}) {
    auto context = region.Context(kWarehouse);
    if (auto s = (region.fulfillment().*step)(context.get(), action, &response); !s.ok()) {
      return ToStatus(s);
    }
  }
  v1::ShipShipmentRequest ship;
  ship.set_shipment_id(shipment_id);
  ship.set_carrier("DHL");
  ship.set_service("express");
  ship.set_tracking_id(absl::StrCat("JJD-", shipment_id));
  auto context = region.Context(kWarehouse);
  return ToStatus(region.fulfillment().ShipShipment(context.get(), ship, &response));
}

// A marketplace order posted by the marketplace simulator; its order id.
absl::StatusOr<std::string> PostMarketplaceOrder(TestRegion& region, const std::string& channel,
                                                 const std::string& external_id) {
  partners::MarketplaceOrderSpec spec;
  spec.external_id = external_id;
  spec.lines = {{kSku, 2, 1999}};
  auto posts = region.marketplaces().PostOrders(channel, 1, spec);
  if (!posts.ok()) return posts.status();
  const auto& post = posts->front();
  if (post.http_status != 201) {
    return absl::InternalError(absl::StrCat("omsd answered ", post.http_status, ": ", post.body));
  }
  return nlohmann::json::parse(post.body).at("order_id").get<std::string>();
}

absl::StatusOr<v1::ListDeadLettersResponse> DeadLetters(TestRegion& region,
                                                        const std::string& destination,
                                                        const std::string& token = kSupervisor) {
  v1::ListDeadLettersRequest request;
  request.set_destination(destination);
  v1::ListDeadLettersResponse response;
  auto context = region.Context(token);
  if (auto s = region.ops().ListDeadLetters(context.get(), request, &response); !s.ok()) {
    return ToStatus(s);
  }
  return response;
}

absl::StatusOr<v1::DeadLetter> Replay(TestRegion& region, const std::string& id) {
  v1::ReplayDeadLetterRequest request;
  request.set_dead_letter_id(id);
  v1::ReplayDeadLetterResponse response;
  auto context = region.Context(kSupervisor);
  if (auto s = region.ops().ReplayDeadLetter(context.get(), request, &response); !s.ok()) {
    return ToStatus(s);
  }
  return response.dead_letter();
}

// Polls ListDeadLetters (20 s) until `pred` holds for the destination's list.
bool AwaitDeadLetters(TestRegion& region, const std::string& destination,
                      const std::function<bool(const v1::ListDeadLettersResponse&)>& pred) {
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    auto list = DeadLetters(region, destination);
    if (list.ok() && pred(*list)) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

void ExpectMatchesFixture(const CallbackReceiver::Request& request, const std::string& format,
                          const v1::Order& order) {
  SCOPED_TRACE(format);
  const CallbackIds ids{order.order_id(), order.order_number(), order.external_ref(), request.key};
  const auto got = Normalised(nlohmann::ordered_json::parse(request.body), ids);
  const std::string path =
      absl::StrCat(OMS_FIXTURES_DIR, "/callbacks/", format, "_shipment_shipped.json");
  const std::string fixture = ReadFixture(path);
  ASSERT_FALSE(fixture.empty()) << "no fixture " << path;
  EXPECT_EQ(got, nlohmann::ordered_json::parse(fixture)) << got.dump(2);
}

TEST(OutboxRelayTest, ShippedCallbacksOfEachFormatAreSignedAndMatchTheirFixtures) {
  CallbackReceiver receiver;
  TestRegionOptions options;
  options.relay = FastRetries(3);
  options.channels["web"] = Web(receiver);
  options.channels["shop-eu"] = Marketplace("shopify", "shop-secret", receiver.Url("/shop-eu"));
  options.channels["amazon-de"] =
      Marketplace("amazon", "amazon-secret", receiver.Url("/amazon-de"));
  TestRegion region(options);

  struct Case {
    std::string channel, format, secret, order_id;
  };
  std::vector<Case> cases = {{"web", "oms", "web-callback-secret", ""},
                             {"shop-eu", "shopify", "shop-secret", ""},
                             {"amazon-de", "amazon", "amazon-secret", ""}};
  auto web = region.Place(WebOrder("WEB-1001"));
  ASSERT_TRUE(web.ok()) << web.status();
  cases[0].order_id = web->order_id();
  auto shop = PostMarketplaceOrder(region, "shop-eu", "450789469");
  ASSERT_TRUE(shop.ok()) << shop.status();
  cases[1].order_id = *shop;
  auto amazon = PostMarketplaceOrder(region, "amazon-de", "302-1234567-7654321");
  ASSERT_TRUE(amazon.ok()) << amazon.status();
  cases[2].order_id = *amazon;

  for (const Case& c : cases) {
    SCOPED_TRACE(c.channel);
    ASSERT_TRUE(Ship(region, c.order_id).ok());
    const std::string path = "/" + c.channel;
    ASSERT_TRUE(
        receiver.Await([&](const auto& rs) { return CountFor(rs, path, "ShipmentShipped") == 1; }));
    CallbackReceiver::Request request;
    for (const auto& r : receiver.requests()) {
      if (r.path == path && r.event == "ShipmentShipped") request = r;
    }
    EXPECT_EQ(request.signature, HmacSha256Hex(c.secret, request.body));
    EXPECT_EQ(request.key.size(), 26u) << "the event's ULID";
    EXPECT_FALSE(request.timestamp.empty());
    auto order = region.Get(c.order_id);
    ASSERT_TRUE(order.ok());
    ExpectMatchesFixture(request, c.format, *order);
  }
  // Nothing else was sent: placement and packing are not callbacks.
  for (const auto& r : receiver.requests()) EXPECT_EQ(r.event, "ShipmentShipped") << r.path;
}

TEST(OutboxRelayTest, AFailingReceiverIsRetriedThenDeadLetteredAndReplayDelivers) {
  CallbackReceiver receiver;
  receiver.Answer(503);
  TestRegionOptions options;
  options.relay = FastRetries(3);
  options.channels["web"] = Web(receiver);
  TestRegion region(options);

  auto order = region.Place(WebOrder("WEB-2001"));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_TRUE(Ship(region, order->order_id()).ok());

  ASSERT_TRUE(AwaitDeadLetters(region, "channel:web",
                               [](const auto& list) { return list.dead_letters_size() == 1; }));
  // Exactly the configured attempts, all for the same event.
  const auto sent = receiver.requests();
  ASSERT_EQ(sent.size(), 3u);
  for (const auto& r : sent) EXPECT_EQ(r.key, sent[0].key);
  auto list = DeadLetters(region, "channel:web");
  ASSERT_TRUE(list.ok());
  const v1::DeadLetter dead = list->dead_letters(0);
  EXPECT_EQ(dead.status(), v1::DEAD_LETTER_STATUS_DEAD);
  EXPECT_EQ(dead.attempts(), 3);
  EXPECT_EQ(dead.event_type(), "ShipmentShipped");
  EXPECT_EQ(dead.event_id(), sent[0].key);
  EXPECT_EQ(dead.order_id(), order->order_id());
  EXPECT_NE(dead.last_error().find("HTTP 503 from " + receiver.Url("/web")), std::string::npos)
      << dead.last_error();
  EXPECT_FALSE(dead.has_replayed_at());

  // Agents do not see dead letters; other destinations have none.
  EXPECT_EQ(DeadLetters(region, "", "demo-agent-token").status().code(),
            absl::StatusCode::kPermissionDenied);
  auto other = DeadLetters(region, "channel:shop");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->dead_letters_size(), 0);

  receiver.Answer(200);
  auto replaying = Replay(region, dead.dead_letter_id());
  ASSERT_TRUE(replaying.ok()) << replaying.status();
  EXPECT_EQ(replaying->status(), v1::DEAD_LETTER_STATUS_REPLAYING);
  ASSERT_TRUE(receiver.Await([](const auto& rs) { return rs.size() == 4; }));
  EXPECT_EQ(receiver.requests().back().key, sent[0].key);
  ASSERT_TRUE(AwaitDeadLetters(region, "channel:web", [](const auto& l) {
    return l.dead_letters_size() == 1 &&
           l.dead_letters(0).status() == v1::DEAD_LETTER_STATUS_REPLAYED;
  }));
  EXPECT_TRUE(DeadLetters(region, "channel:web")->dead_letters(0).has_replayed_at());

  // Delivered once is enough; unknown ids are NOT_FOUND.
  EXPECT_EQ(Replay(region, dead.dead_letter_id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Replay(region, "01NOSUCHLETTER").status().code(), absl::StatusCode::kNotFound);
}

TEST(OutboxRelayTest, AReceiverThatIsDownIsDeadLetteredAndReplayDeliversOnceItIsUp) {
  const int port = FreePort();
  TestRegionOptions options;
  options.relay = FastRetries(3);
  ChannelSettings web;
  web.callback_url = absl::StrCat("http://127.0.0.1:", port, "/web");
  web.secret = "web-callback-secret";
  options.channels["web"] = web;
  TestRegion region(options);

  auto order = region.Place(WebOrder("WEB-3001"));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_TRUE(Ship(region, order->order_id()).ok());
  ASSERT_TRUE(AwaitDeadLetters(region, "channel:web",
                               [](const auto& l) { return l.dead_letters_size() == 1; }));
  const v1::DeadLetter dead = DeadLetters(region, "channel:web")->dead_letters(0);
  EXPECT_EQ(dead.attempts(), 3);
  EXPECT_NE(dead.last_error().find(web.callback_url), std::string::npos) << dead.last_error();

  CallbackReceiver receiver(port);
  ASSERT_TRUE(Replay(region, dead.dead_letter_id()).ok());
  ASSERT_TRUE(receiver.Await([](const auto& rs) { return rs.size() == 1; }));
  EXPECT_EQ(receiver.requests()[0].key, dead.event_id());
  EXPECT_EQ(receiver.requests()[0].event, "ShipmentShipped");
}

TEST(OutboxRelayTest, ASlowReceiverDoesNotHoldUpPlacingOrders) {
  CallbackReceiver receiver;
  receiver.Hold();
  TestRegionOptions options;
  options.relay = FastRetries(3);
  options.channels["web"] = Web(receiver);
  TestRegion region(options);

  auto first = region.Place(WebOrder("WEB-4001"));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(Ship(region, first->order_id()).ok());
  ASSERT_TRUE(receiver.Await([](const auto& rs) { return !rs.empty(); }));
  ASSERT_EQ(receiver.held(), 1);

  // While the receiver sits on the callback, orders are placed and shipped.
  for (int i = 0; i < 5; ++i) {
    auto order = region.Place(WebOrder(absl::StrCat("WEB-41", i)));
    ASSERT_TRUE(order.ok()) << order.status();
    EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  }
  EXPECT_EQ(receiver.held(), 1) << "the first callback is still being held";

  receiver.Release();
  ASSERT_TRUE(receiver.Await([](const auto& rs) { return rs.size() == 1; }));
}

TEST(OutboxRelayTest, WhatWasNotDeliveredBeforeARestartIsSentAfterIt) {
  CallbackReceiver receiver;
  receiver.Answer(503);
  TestRegionOptions options;
  options.relay = FastRetries(100);
  options.relay.backoff_initial = absl::Milliseconds(200);
  options.relay.backoff_max = absl::Milliseconds(200);
  options.channels["web"] = Web(receiver);
  TestRegion region(options);

  auto order = region.Place(WebOrder("WEB-5001"));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_TRUE(Ship(region, order->order_id()).ok());
  ASSERT_TRUE(receiver.Await([](const auto& rs) { return !rs.empty(); }));
  const std::string key = receiver.requests()[0].key;

  region.StopServer();
  receiver.Answer(200);
  const size_t before = receiver.requests().size();
  region.StartServer();
  ASSERT_TRUE(receiver.Await([&](const auto& rs) {
    return rs.size() > before && rs.back().key == key && rs.back().event == "ShipmentShipped";
  }));
  auto list = DeadLetters(region, "channel:web");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->dead_letters_size(), 0);
}

}  // namespace
}  // namespace oms::testing
