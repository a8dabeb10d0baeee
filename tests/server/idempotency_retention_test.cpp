#include <gtest/gtest.h>

#include "common/clock.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

TEST(IdempotencyRetentionTest, KeysAreKeptForTheRetentionAndForgottenAfterIt) {
  ManualClock clock(absl::Now());
  TestRegion region(absl::Minutes(15), absl::Seconds(2), &clock);
  auto request = TestRegion::CardOrder("TEE-ORG-WHT-M", 1);
  request.set_request_id("kept-for-48h");
  auto first = region.Place(request);
  ASSERT_TRUE(first.ok()) << first.status();

  clock.Advance(absl::Hours(47));
  ASSERT_EQ(*region.server().PurgeExpiredKeys(), 0);
  auto replay = region.Place(request);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->order_id(), first->order_id());

  clock.Advance(absl::Hours(2));
  EXPECT_EQ(*region.server().PurgeExpiredKeys(), 1);
  auto after = region.Place(request);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after->order_id(), first->order_id());  // the key was forgotten
}

}  // namespace
}  // namespace oms::testing
