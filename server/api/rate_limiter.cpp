#include "server/api/rate_limiter.h"

#include <algorithm>

namespace oms::api {

absl::Duration RateLimiter::Take(const std::string& principal_id, const std::string& role,
                                 absl::Time now) {
  const bool channel = role == "channel";
  const double per_second = channel ? settings_.channel_per_second : settings_.per_second;
  const double burst = channel ? settings_.channel_burst : settings_.burst;
  if (per_second <= 0) return absl::ZeroDuration();
  std::lock_guard lock(mu_);
  if (now - last_sweep_ > absl::Minutes(1)) {
    absl::erase_if(buckets_, [&](const auto& entry) {
      return now - entry.second.refilled > absl::Minutes(1);
    });
    last_sweep_ = now;
  }
  auto [it, fresh] = buckets_.try_emplace(principal_id, Bucket{burst, now});
  Bucket& bucket = it->second;
  if (!fresh) {
    const double earned = absl::ToDoubleSeconds(now - bucket.refilled) * per_second;
    bucket.tokens = std::min(burst, bucket.tokens + std::max(0.0, earned));
    bucket.refilled = std::max(bucket.refilled, now);
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return absl::ZeroDuration();
  }
  return absl::Seconds((1 - bucket.tokens) / per_second);
}

}  // namespace oms::api
