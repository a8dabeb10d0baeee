#pragma once

#include <algorithm>

#include "absl/time/time.h"

namespace oms::application {

// Exponential backoff: the first attempt waits `initial`, each further one
// twice as long, never more than `max`.
inline absl::Duration Backoff(absl::Duration initial, absl::Duration max, int attempt) {
  absl::Duration d = initial;
  for (int i = 1; i < attempt && d < max; ++i) d *= 2;
  return std::min(d, max);
}

}  // namespace oms::application
