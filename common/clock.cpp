#include "common/clock.h"

#include "absl/time/clock.h"

namespace oms {

absl::Time SystemClock::Now() const { return absl::Now(); }

ManualClock::ManualClock(absl::Time start) : unix_micros_(absl::ToUnixMicros(start)) {}

absl::Time ManualClock::Now() const { return absl::FromUnixMicros(unix_micros_.load()); }

void ManualClock::Advance(absl::Duration d) { unix_micros_ += absl::ToInt64Microseconds(d); }

void ManualClock::Set(absl::Time t) { unix_micros_ = absl::ToUnixMicros(t); }

}  // namespace oms
