#pragma once

#include <algorithm>
#include <cstdint>
#include <random>

#include "absl/time/time.h"

namespace oms::application {

// Exponential backoff: the first attempt waits `initial`, each further one
// twice as long, never more than `max`.
inline absl::Duration Backoff(absl::Duration initial, absl::Duration max, int attempt) {
  absl::Duration d = initial;
  for (int i = 1; i < attempt && d < max; ++i) d *= 2;
  return std::min(d, max);
}

// Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a
// wait drawn uniformly from [0, Backoff(initial, max, attempt)], so many
// senders failing together do not retry together.
template <typename Random>
absl::Duration JitteredBackoff(absl::Duration initial, absl::Duration max, int attempt,
                               Random& random) {
  const int64_t cap = absl::ToInt64Microseconds(Backoff(initial, max, attempt));
  if (cap <= 0) return absl::ZeroDuration();
  return absl::Microseconds(std::uniform_int_distribution<int64_t>(0, cap)(random));
}

}  // namespace oms::application
