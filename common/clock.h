#pragma once

#include <atomic>

#include "absl/time/time.h"

namespace oms {

// The source of "now" for everything that schedules or stamps. Tests use
// ManualClock to move time (authorization expiry, saga deadlines, release
// dates) without sleeping. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override;
};

// A clock that moves only when told. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(absl::Time start);
  absl::Time Now() const override;
  void Advance(absl::Duration d);
  void Set(absl::Time t);

 private:
  std::atomic<int64_t> unix_micros_;
};

}  // namespace oms
