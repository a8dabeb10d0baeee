// Stock across channels: each channel sells what the region holds beyond
// safety stock and its own buffer; a web checkout never oversells, a
// marketplace order beyond it is accepted and backordered or cancelled by
// the channel's policy (docs/CHANNELS.md, "Stock across channels").
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

constexpr char kSku[] = "SCARF-WOOL-RED";  // 34.99, neither preorder nor backorderable
constexpr char kBerlin[] = "EU1-WH-BER";   // safety stock 2

TestRegionOptions TwoChannelsWithBuffers() {
  TestRegionOptions options;
  options.channels["web"] = ChannelSettings{.id = "web", .type = "web_checkout", .stock_buffer = 2};
  options.channels["mp-backorder"] = ChannelSettings{.id = "mp-backorder",
                                                     .type = "marketplace",
                                                     .stock_buffer = 1,
                                                     .oversell = "backorder",
                                                     .format = "shopify"};
  options.channels["mp-cancel"] = ChannelSettings{.id = "mp-cancel",
                                                  .type = "marketplace",
                                                  .stock_buffer = 1,
                                                  .oversell = "cancel",
                                                  .format = "shopify"};
  return options;
}

// Five units to sell in the region: 7 on hand in Berlin (2 of them safety
// stock), none anywhere else.
void FiveToSell(TestRegion& region) {
  for (const char* node : {"EU1-WH-RTM", "EU1-3PL-WRO", "EU1-ST-PAR"}) {
    ASSERT_TRUE(region.Count(kSku, node, 0).ok());
  }
  ASSERT_TRUE(region.Count(kSku, kBerlin, 7).ok());
}

v1::PlaceOrderRequest MarketplaceOrder(const std::string& channel, int64_t quantity) {
  v1::PlaceOrderRequest r = TestRegion::CardOrder(kSku, quantity);
  r.set_channel(channel);
  r.set_external_ref(absl::StrCat(channel, "-", quantity, "-order"));
  r.mutable_tenders(0)->set_type(v1::TENDER_TYPE_MARKETPLACE);
  r.mutable_tenders(0)->clear_card_token();
  return r;
}

TEST(ChannelStockTest, AWebCheckoutNeverSellsIntoItsBufferEvenUnderConcurrency) {
  TestRegion region(TwoChannelsWithBuffers());
  FiveToSell(region);
  // The web may sell 5 - 2 = 3.
  std::atomic<int> confirmed{0}, refused{0}, other{0};
  std::vector<std::thread> buyers;
  for (int i = 0; i < 8; ++i) {
    buyers.emplace_back([&] {
      auto placed = region.Place(TestRegion::CardOrder(kSku, 1));
      if (placed.ok() && placed->status() == v1::ORDER_STATUS_CONFIRMED) {
        ++confirmed;
      } else if (absl::IsFailedPrecondition(placed.status()) &&
                 absl::StrContains(placed.status().message(), "available to sell on channel web")) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : buyers) t.join();
  EXPECT_EQ(confirmed.load(), 3);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(region.StockAt(kSku, kBerlin).reserved(), 3);
}

TEST(ChannelStockTest, AMarketplaceOrderBeyondItsShareIsAcceptedAndBackordered) {
  TestRegion region(TwoChannelsWithBuffers());
  FiveToSell(region);
  // The marketplace may sell 5 - 1 = 4; it already sold 6.
  auto placed = region.Place(MarketplaceOrder("mp-backorder", 6));
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(placed->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(placed->lines(0).reserved(), 4);
  EXPECT_EQ(placed->lines(0).backordered(), 2);
  EXPECT_EQ(region.StockAt(kSku, kBerlin).reserved(), 4);
  // Its buffer unit stays unsold, and the web's share is gone.
  auto web = region.Place(TestRegion::CardOrder(kSku, 1));
  EXPECT_EQ(web.status().code(), absl::StatusCode::kFailedPrecondition) << web.status();
}

TEST(ChannelStockTest, AMarketplaceWithACancelPolicyHasTheExcessCancelledAtOnce) {
  TestRegion region(TwoChannelsWithBuffers());
  FiveToSell(region);
  auto placed = region.Place(MarketplaceOrder("mp-cancel", 6));
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(placed->lines(0).reserved(), 4);
  EXPECT_EQ(placed->lines(0).backordered(), 0);
  EXPECT_EQ(placed->lines(0).cancelled(), 2);
  EXPECT_EQ(placed->status(), v1::ORDER_STATUS_CONFIRMED);
  // The cancellation is the system's, for want of stock, on the timeline.
  v1::ListOrderEventsRequest request;
  request.set_order_id(placed->order_id());
  v1::ListOrderEventsResponse events;
  ASSERT_TRUE(region.orders().ListOrderEvents(region.Context().get(), request, &events).ok());
  bool cancelled = false;
  for (const auto& e : events.events()) {
    cancelled = cancelled || (e.event_type() == "UnitsCancelled" &&
                              absl::StrContains(e.payload_json(), "OUT_OF_STOCK"));
  }
  EXPECT_TRUE(cancelled);
}

TEST(ChannelStockTest, ProductsSoldBeyondStockByDesignAreNotLimited) {
  TestRegion region(TwoChannelsWithBuffers());
  // The rain jacket takes backorders: a web order for more than is held
  // is accepted and waits for stock.
  auto placed = region.Place(TestRegion::CardOrder("JKT-RAIN-NVY-M", 500));
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_GT(placed->lines(0).backordered(), 0);
}

}  // namespace
}  // namespace oms::testing

namespace oms::testing {
namespace {

TEST(ChannelStockTest, GetAvailabilitySaysWhatEachChannelMayStillSell) {
  TestRegion region(TwoChannelsWithBuffers());
  FiveToSell(region);
  v1::GetAvailabilityRequest request;
  request.set_sku(kSku);
  v1::GetAvailabilityResponse response;
  auto context = region.Context();
  ASSERT_TRUE(region.inventory().GetAvailability(context.get(), request, &response).ok());
  std::map<std::string, int64_t> sellable;
  for (const auto& c : response.channels()) {
    EXPECT_EQ(c.region(), "EU1") << c.channel();
    sellable[c.channel()] = c.available_to_sell();
  }
  // 5 available in EU1: the web holds 2 back, the marketplaces 1.
  EXPECT_EQ(sellable["web"], 3);
  EXPECT_EQ(sellable["mp-backorder"], 4);
  EXPECT_EQ(sellable["mp-cancel"], 4);

  // After the web sells its 3, it has nothing left; the marketplaces 1.
  ASSERT_TRUE(region.Place(TestRegion::CardOrder(kSku, 3)).ok());
  response.Clear();
  context = region.Context();
  ASSERT_TRUE(region.inventory().GetAvailability(context.get(), request, &response).ok());
  for (const auto& c : response.channels()) sellable[c.channel()] = c.available_to_sell();
  EXPECT_EQ(sellable["web"], 0);
  EXPECT_EQ(sellable["mp-cancel"], 1);
}

}  // namespace
}  // namespace oms::testing
