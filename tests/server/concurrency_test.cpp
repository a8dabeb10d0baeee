#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

// SUN-POL-TRT: 3 units at EU1-WH-BER and 2 at EU1-ST-PAR in the demo data.
constexpr char kScarce[] = "SUN-POL-TRT";

TEST(ConcurrencyTest, ManyClientsBuyingAScarceSkuNeverOversell) {
  TestRegion region;
  const auto [on_hand, reserved_before] = region.Stock(kScarce);
  const int64_t available = on_hand - reserved_before;
  ASSERT_EQ(available, 5);

  std::atomic<int64_t> confirmed_units{0};
  std::atomic<int> out_of_stock{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < 5; ++i) {
        const int64_t qty = 1 + (c + i) % 2;
        auto order = region.Place(TestRegion::CardOrder(kScarce, qty));
        if (order.ok() && order->status() == v1::ORDER_STATUS_CONFIRMED) {
          confirmed_units += qty;
        } else if (absl::IsFailedPrecondition(order.status())) {
          ++out_of_stock;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_LE(confirmed_units.load(), available);
  EXPECT_GE(confirmed_units.load(), available - 1);  // at most one unit left by a 2-unit ask
  EXPECT_GT(out_of_stock.load(), 0);
  const auto [on_hand_after, reserved_after] = region.Stock(kScarce);
  EXPECT_EQ(on_hand_after, on_hand);  // nothing shipped: on hand unchanged
  EXPECT_EQ(reserved_after, reserved_before + confirmed_units.load());
}

}  // namespace
}  // namespace oms::testing
