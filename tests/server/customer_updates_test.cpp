// Updates out of the real omsd through the outbox relay: customer e-mails
// to an SMTP server on loopback, and a channel's stock feed to an HTTP
// receiver on loopback (docs/NOTIFICATIONS.md, docs/CHANNELS.md).
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

#include "absl/strings/match.h"
#include "common/sha256.h"
#include "nlohmann/json.hpp"
#include "tests/integrations/loopback_http_server.h"
#include "tests/server/order_steps.h"
#include "tests/server/test_region.h"
#include "tests/support/smtp_sink.h"

namespace oms::testing {
namespace {

using namespace std::chrono_literals;

TestRegionOptions FastRelay() {
  TestRegionOptions options;
  options.relay.backoff_initial = absl::Milliseconds(50);
  options.relay.backoff_max = absl::Milliseconds(200);
  options.relay.poll = absl::Milliseconds(50);
  return options;
}

std::string MessageFor(SmtpSink& sink, const std::string& subject_part) {
  for (const auto& m : sink.messages()) {
    if (absl::StrContains(m, subject_part)) return m;
  }
  return "";
}

TEST(CustomerUpdatesTest, CustomersAreEmailedWhenTheirOrderIsConfirmedAndShipped) {
  SmtpSink sink;
  TestRegionOptions options = FastRelay();
  options.notifications.smtp_url = sink.url();
  options.notifications.smtp_from = "orders@shop.example";
  TestRegion region(options);

  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_TRUE(sink.AwaitMessages(2, 10s)) << sink.messages().size() << " messages";
  const std::string confirmed =
      MessageFor(sink, absl::StrCat("Subject: Order ", order->order_number(), " is confirmed"));
  ASSERT_FALSE(confirmed.empty());
  EXPECT_TRUE(absl::StrContains(confirmed, "2 x ")) << confirmed;
  const std::string shipped = MessageFor(
      sink, absl::StrCat("Subject: Your order ", order->order_number(), " is on its way"));
  ASSERT_FALSE(shipped.empty());
  EXPECT_TRUE(absl::StrContains(shipped, "Carrier: DHL")) << shipped;
  EXPECT_TRUE(absl::StrContains(shipped, order->shipments(0).tracking_id())) << shipped;

  // Delivery is told too. The relay keeps an order's events in order, so
  // once that message is in, anything sent for the earlier events (placing,
  // picking, packing, capturing) would be in as well: nothing else was.
  ASSERT_TRUE(DeliverShipment(region, order->shipments(0).shipment_id()).ok());
  ASSERT_TRUE(sink.AwaitMessages(3, 10s)) << sink.messages().size() << " messages";
  EXPECT_FALSE(MessageFor(sink, absl::StrCat("Subject: Your order ", order->order_number(),
                                             " was delivered"))
                   .empty());
  EXPECT_EQ(sink.messages().size(), 3u);
}

TEST(CustomerUpdatesTest, AChannelsStockFeedCarriesItsAvailableToSellAfterAStockChange) {
  integrations::testing::LoopbackHttpServer receiver;
  std::mutex mu;
  std::condition_variable arrived;
  std::vector<nlohmann::json> feed;
  std::vector<bool> signed_ok;
  receiver.Post("/stock", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    feed.push_back(nlohmann::json::parse(req.body));
    signed_ok.push_back(req.get_header_value("X-OMS-Signature") ==
                        HmacSha256Hex("feed-secret", req.body));
    EXPECT_EQ(req.get_header_value("X-OMS-Event"), "StockFeed");
    arrived.notify_all();
    res.status = 200;
  });
  receiver.Start();
  TestRegionOptions options = FastRelay();
  options.channels["web"] = ChannelSettings{.id = "web",
                                            .type = "web_checkout",
                                            .stock_feed_url = receiver.Url("/stock"),
                                            .secret = "feed-secret",
                                            .stock_buffer = 2};
  TestRegion region(options);

  // 7 in Berlin (2 safety stock), none elsewhere in the region: 5 available,
  // 3 for the web after its buffer of 2.
  for (const char* node : {"EU1-WH-RTM", "EU1-3PL-WRO", "EU1-ST-PAR"}) {
    ASSERT_TRUE(region.Count("SCARF-WOOL-RED", node, 0).ok());
  }
  ASSERT_TRUE(region.Count("SCARF-WOOL-RED", "EU1-WH-BER", 7).ok());
  std::unique_lock lock(mu);
  const bool got = arrived.wait_for(lock, 10s, [&] {
    return !feed.empty() && feed.back()["available_to_sell"] == 3 &&
           feed.back()["sku"] == "SCARF-WOOL-RED";
  });
  ASSERT_TRUE(got) << (feed.empty() ? "nothing" : feed.back().dump());
  EXPECT_EQ(feed.back()["channel"], "web");
  for (bool ok : signed_ok) EXPECT_TRUE(ok);
}

// Collects what a channel's callback URL receives.
class CallbackReceiver {
 public:
  CallbackReceiver() {
    server_.Post("/callbacks", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      received_.emplace_back(req.get_header_value("X-OMS-Event"), nlohmann::json::parse(req.body));
      arrived_.notify_all();
      res.status = 200;
    });
    server_.Start();
  }
  std::string url() const { return server_.Url("/callbacks"); }
  // The first body received with this X-OMS-Event, within 10 s.
  std::optional<nlohmann::json> Await(const std::string& event) {
    std::unique_lock lock(mu_);
    std::optional<nlohmann::json> found;
    arrived_.wait_for(lock, 10s, [&] {
      for (const auto& [type, body] : received_) {
        if (type == event) found = body;
      }
      return found.has_value();
    });
    return found;
  }

 private:
  integrations::testing::LoopbackHttpServer server_;
  std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<std::pair<std::string, nlohmann::json>> received_;
};

// Two channels with buffers sell the same scarce SKU; the marketplace's feed
// was stale, so it sold more than its share. It hears at once what became
// of the excess, in its own format.
TEST(CustomerUpdatesTest, AMarketplaceThatOversoldHearsAtOnceOfTheBackorderOrCancellation) {
  CallbackReceiver backorder_receiver, cancel_receiver;
  TestRegionOptions options = FastRelay();
  options.channels["web"] = ChannelSettings{.id = "web", .type = "web_checkout", .stock_buffer = 2};
  options.channels["mp-backorder"] = ChannelSettings{.id = "mp-backorder",
                                                     .type = "marketplace",
                                                     .callback_url = backorder_receiver.url(),
                                                     .stock_buffer = 1,
                                                     .oversell = "backorder",
                                                     .format = "shopify"};
  options.channels["mp-cancel"] = ChannelSettings{.id = "mp-cancel",
                                                  .type = "marketplace",
                                                  .callback_url = cancel_receiver.url(),
                                                  .stock_buffer = 1,
                                                  .oversell = "cancel",
                                                  .format = "amazon"};
  TestRegion region(options);
  for (const char* node : {"EU1-WH-RTM", "EU1-3PL-WRO", "EU1-ST-PAR"}) {
    ASSERT_TRUE(region.Count("SCARF-WOOL-RED", node, 0).ok());
  }
  ASSERT_TRUE(region.Count("SCARF-WOOL-RED", "EU1-WH-BER", 7).ok());  // 5 to sell

  auto marketplace_order = [](const std::string& channel, int64_t quantity) {
    v1::PlaceOrderRequest r = TestRegion::CardOrder("SCARF-WOOL-RED", quantity);
    r.set_channel(channel);
    r.set_external_ref(channel + "-1001");
    r.mutable_tenders(0)->set_type(v1::TENDER_TYPE_MARKETPLACE);
    r.mutable_tenders(0)->clear_card_token();
    return r;
  };
  // The web sells its 3; the marketplace then sells 2 more than it may (4).
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(region.Place(TestRegion::CardOrder("SCARF-WOOL-RED", 1)).ok());
  }
  EXPECT_FALSE(region.Place(TestRegion::CardOrder("SCARF-WOOL-RED", 1)).ok());
  auto backordered = region.Place(marketplace_order("mp-backorder", 3));
  ASSERT_TRUE(backordered.ok()) << backordered.status();
  EXPECT_EQ(backordered->lines(0).reserved(), 1);
  EXPECT_EQ(backordered->lines(0).backordered(), 2);
  auto hold = backorder_receiver.Await("UnitsBackordered");
  ASSERT_TRUE(hold.has_value());
  EXPECT_EQ((*hold)["fulfillment_hold"]["order_id"], "mp-backorder-1001");
  EXPECT_EQ((*hold)["fulfillment_hold"]["line_items"][0]["quantity"], 2);

  auto cancelled = region.Place(marketplace_order("mp-cancel", 2));
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->lines(0).cancelled(), 2);  // nothing left to sell
  auto cancellation = cancel_receiver.Await("UnitsCancelled");
  ASSERT_TRUE(cancellation.has_value());
  EXPECT_EQ((*cancellation)["AmazonOrderId"], "mp-cancel-1001");
  EXPECT_EQ((*cancellation)["CancelReason"], "NoInventory");
}

}  // namespace
}  // namespace oms::testing
