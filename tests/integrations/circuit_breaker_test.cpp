#include "server/integrations/circuit_breaker.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace oms::integrations {
namespace {

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreaker Make(int threshold = 3) {
    return CircuitBreaker("gateway gw-test", {threshold, absl::Seconds(10)}, &clock_);
  }
  void Fail(CircuitBreaker& b, int times) {
    for (int i = 0; i < times; ++i) {
      ASSERT_TRUE(b.Admit().ok());
      b.RecordFailure(absl::UnavailableError("HTTP 503"));
    }
  }
  ManualClock clock_{absl::FromUnixSeconds(1'700'000'000)};
};

TEST_F(CircuitBreakerTest, OpensAfterTheThresholdOfConsecutiveFailures) {
  CircuitBreaker b = Make(3);
  Fail(b, 2);
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
  Fail(b, 1);
  EXPECT_EQ(b.state(), CircuitBreaker::State::kOpen);
  absl::Status refused = b.Admit();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(refused.message(), "HTTP 503")) << refused;
  EXPECT_TRUE(absl::StrContains(refused.message(), "gw-test")) << refused;
}

TEST_F(CircuitBreakerTest, ASuccessResetsTheFailureCount) {
  CircuitBreaker b = Make(3);
  Fail(b, 2);
  ASSERT_TRUE(b.Admit().ok());
  b.RecordSuccess();
  Fail(b, 2);
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
}

TEST_F(CircuitBreakerTest, LetsOneProbeThroughAfterTheCoolDown) {
  CircuitBreaker b = Make(1);
  Fail(b, 1);
  clock_.Advance(absl::Seconds(9));
  EXPECT_FALSE(b.Admit().ok());
  clock_.Advance(absl::Seconds(1));
  EXPECT_TRUE(b.Admit().ok());
  EXPECT_EQ(b.state(), CircuitBreaker::State::kHalfOpen);
  EXPECT_FALSE(b.Admit().ok()) << "only one probe at a time";
  b.RecordSuccess();
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(b.Admit().ok());
}

TEST_F(CircuitBreakerTest, AFailedProbeOpensForAnotherCoolDown) {
  CircuitBreaker b = Make(1);
  Fail(b, 1);
  clock_.Advance(absl::Seconds(10));
  ASSERT_TRUE(b.Admit().ok());
  b.RecordFailure(absl::DeadlineExceededError("no reply"));
  EXPECT_EQ(b.state(), CircuitBreaker::State::kOpen);
  clock_.Advance(absl::Seconds(9));
  EXPECT_FALSE(b.Admit().ok());
  clock_.Advance(absl::Seconds(1));
  EXPECT_TRUE(b.Admit().ok());
}

TEST_F(CircuitBreakerTest, ThresholdZeroNeverOpens) {
  CircuitBreaker b = Make(0);
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(b.Admit().ok());
    b.RecordFailure(absl::UnavailableError("down"));
  }
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
}

}  // namespace
}  // namespace oms::integrations
