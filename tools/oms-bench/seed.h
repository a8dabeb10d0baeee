#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace oms::bench {

struct SeedOptions {
  std::string data_dir;   // created; must not hold a database yet
  int64_t orders = 100'000;
  int days = 365;         // orders are spread over the last `days` days
  int64_t customers = 0;  // 0: orders / 4 (a customer orders four times on average)
  int64_t chunk = 2000;   // orders per writer unit
};

// Writes the demo catalog, nodes, stock and staff (LoadDemoData) and then
// `orders` orders straight through the storage layer (SqliteOrderRepository,
// so every search key, index row and event is written as omsd writes them),
// synchronous=NORMAL. A realistic spread: guest and named customers from a
// pool, 1 to 3 lines of demo SKUs, web and phone channels, placed over the
// last `days` days, 80% CONFIRMED, 12% REJECTED (declined), 8% PENDING.
// Stock rows are not touched (the orders' reservations are not reflected).
// Also writes seed-samples.json beside the database: numbers, e-mails,
// phones and SKUs that the search benchmark looks up. Answers a summary.
absl::StatusOr<nlohmann::ordered_json> SeedOrders(const SeedOptions& options);

}  // namespace oms::bench
