#include <gtest/gtest.h>

#include <random>
#include <set>

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

TEST(BackoffTest, FullJitterStaysWithinZeroAndTheExponentialCap) {
  const absl::Duration initial = absl::Milliseconds(100), max = absl::Seconds(2);
  std::mt19937_64 random(7);
  for (int attempt = 1; attempt <= 8; ++attempt) {
    const absl::Duration cap = Backoff(initial, max, attempt);
    std::set<int64_t> seen;
    for (int i = 0; i < 200; ++i) {
      const absl::Duration d = JitteredBackoff(initial, max, attempt, random);
      ASSERT_GE(d, absl::ZeroDuration());
      ASSERT_LE(d, cap);
      seen.insert(absl::ToInt64Microseconds(d));
    }
    // Spread out, so failing senders do not retry in step.
    EXPECT_GT(seen.size(), 150u) << "attempt " << attempt;
  }
}

TEST(BackoffTest, FullJitterOfNothingIsNothing) {
  std::mt19937_64 random(7);
  EXPECT_EQ(JitteredBackoff(absl::ZeroDuration(), absl::ZeroDuration(), 3, random),
            absl::ZeroDuration());
}

}  // namespace
}  // namespace oms::application
