#include "server/integrations/circuit_breaker.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace oms::integrations {

CircuitBreaker::CircuitBreaker(std::string name, CircuitBreakerOptions options,
                               const Clock* clock)
    : name_(std::move(name)), options_(options), clock_(clock) {}

absl::Status CircuitBreaker::Admit() {
  if (options_.failure_threshold <= 0) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  if (state_ == State::kClosed) return absl::OkStatus();
  const absl::Time retry_at = opened_at_ + options_.cool_down;
  if (state_ == State::kOpen && clock_->Now() >= retry_at) {
    state_ = State::kHalfOpen;
    probe_out_ = false;
  }
  if (state_ == State::kHalfOpen && !probe_out_) {
    probe_out_ = true;
    return absl::OkStatus();
  }
  return absl::UnavailableError(absl::StrCat(
      name_, " is not being called: its circuit opened after ", options_.failure_threshold,
      " consecutive failures (last: ", last_failure_, "); ",
      state_ == State::kHalfOpen
          ? "a probe call is checking whether it is back"
          : absl::StrCat("the next attempt goes through after ",
                         absl::FormatTime("%H:%M:%S", retry_at, absl::UTCTimeZone()), " UTC")));
}

void CircuitBreaker::RecordSuccess() {
  if (options_.failure_threshold <= 0) return;
  absl::MutexLock lock(&mu_);
  consecutive_failures_ = 0;
  // A late success from a call admitted before the circuit opened proves as
  // much as the probe would: the partner answers.
  state_ = State::kClosed;
  probe_out_ = false;
}

void CircuitBreaker::RecordFailure(const absl::Status& cause) {
  if (options_.failure_threshold <= 0) return;
  absl::MutexLock lock(&mu_);
  last_failure_ = std::string(cause.message());
  switch (state_) {
    case State::kClosed:
      if (++consecutive_failures_ >= options_.failure_threshold) {
        state_ = State::kOpen;
        opened_at_ = clock_->Now();
      }
      break;
    case State::kHalfOpen:
      state_ = State::kOpen;
      opened_at_ = clock_->Now();
      probe_out_ = false;
      break;
    case State::kOpen:
      // Calls admitted before it opened are still arriving; the cool-down
      // already runs.
      break;
  }
}

CircuitBreaker::State CircuitBreaker::state() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

}  // namespace oms::integrations
