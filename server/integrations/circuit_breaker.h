#pragma once

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace oms::integrations {

struct CircuitBreakerOptions {
  // Consecutive failures that open the circuit; 0 disables the breaker.
  int failure_threshold = 5;
  // How long an open circuit refuses calls before letting one probe through.
  absl::Duration cool_down = absl::Seconds(10);
};

// Stops calling a partner that keeps failing, so callers get a fast
// UNAVAILABLE instead of each waiting out its own timeout, and a struggling
// partner is not hammered while it recovers.
//
//   closed     calls go through; `failure_threshold` consecutive failures open it
//   open       calls are refused until `cool_down` has passed, then half-open
//   half-open  exactly one call (the probe) goes through; its success closes
//              the circuit, its failure opens it for another cool-down
//
// A "failure" is what the caller reports: for partners, no answer or an
// answer saying the partner is down (UNAVAILABLE, DEADLINE_EXCEEDED).
// Every admitted call must be reported exactly once (Success or Failure).
//
// Thread-safe.
class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  // `name` appears in refusals ("gateway gw-eu"); `clock` must outlive this.
  CircuitBreaker(std::string name, CircuitBreakerOptions options, const Clock* clock);

  // OK when the call may go ahead (the caller must then report its outcome);
  // UNAVAILABLE while open, or half-open with the probe still out, saying
  // when the next attempt will be let through.
  absl::Status Admit();
  void RecordSuccess();
  void RecordFailure(const absl::Status& cause);

  State state() const;

 private:
  const std::string name_;
  const CircuitBreakerOptions options_;
  const Clock* const clock_;

  mutable absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_) = State::kClosed;
  int consecutive_failures_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time opened_at_ ABSL_GUARDED_BY(mu_);
  bool probe_out_ ABSL_GUARDED_BY(mu_) = false;
  std::string last_failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace oms::integrations
