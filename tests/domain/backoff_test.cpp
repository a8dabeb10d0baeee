#include <gtest/gtest.h>

#include "server/application/backoff.h"

namespace oms::application {
namespace {

TEST(BackoffTest, DoublesFromTheFirstWaitUpToTheMaximum) {
  const absl::Duration initial = absl::Seconds(1), max = absl::Seconds(10);
  EXPECT_EQ(Backoff(initial, max, 1), absl::Seconds(1));
  EXPECT_EQ(Backoff(initial, max, 2), absl::Seconds(2));
  EXPECT_EQ(Backoff(initial, max, 4), absl::Seconds(8));
  EXPECT_EQ(Backoff(initial, max, 5), absl::Seconds(10));
  EXPECT_EQ(Backoff(initial, max, 1000), absl::Seconds(10));
}

}  // namespace
}  // namespace oms::application
