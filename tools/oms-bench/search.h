#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tools/oms-bench/bench_client.h"
#include "tools/oms-bench/scenarios.h"

namespace oms::bench {

struct SearchOptions {
  std::string samples_file;  // seed-samples.json written by `oms-bench seed`
  int clients = 4;
  double seconds = 3;  // per query kind
};

// SearchOrders as an agent, one closed loop per query kind: number (exact),
// email, phone, sku, status_date (CONFIRMED within a 30-day window); the
// first page (50, newest first) each time. Keys: orders_in_db (counted by
// the caller), and per kind <kind>_p50_ms, <kind>_p99_ms, <kind>_per_s,
// <kind>_errors.
absl::StatusOr<Json> RunSearch(BenchClient& client, const SearchOptions& options);

}  // namespace oms::bench
