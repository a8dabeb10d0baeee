#pragma once

#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"

namespace oms::api {

// Per-principal token buckets (docs/SECURITY.md, Limits): each principal may
// make `per_second` calls a second on average and `burst` at once; channels
// (a web checkout is one principal for all its shoppers, and a flash sale is
// its busiest hour) have their own, much higher, rate. A call beyond that is
// refused with how long to wait. Thread-safe; buckets of principals idle for
// a minute are dropped so the map stays small.
class RateLimiter {
 public:
  struct Settings {
    double per_second = 200;  // 0: no limit
    double burst = 400;
    double channel_per_second = 20000;  // principals with role channel; 0: no limit
    double channel_burst = 40000;
  };
  explicit RateLimiter(Settings settings) : settings_(settings) {}

  // Zero when the call may go ahead (a token is taken); otherwise how long
  // until a token is there.
  absl::Duration Take(const std::string& principal_id, const std::string& role, absl::Time now);

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time refilled;
  };
  const Settings settings_;
  std::mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_;  // guarded by mu_
  absl::Time last_sweep_;                              // guarded by mu_
};

}  // namespace oms::api
