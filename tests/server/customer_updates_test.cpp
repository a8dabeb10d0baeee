// Updates out of the real omsd through the outbox relay: customer e-mails
// to an SMTP server on loopback, and a channel's stock feed to an HTTP
// receiver on loopback (docs/NOTIFICATIONS.md, docs/CHANNELS.md).
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

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
  // Nothing else: placing and picking are not the customer's business.
  EXPECT_EQ(sink.messages().size(), 2u);
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

}  // namespace
}  // namespace oms::testing
