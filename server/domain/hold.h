#pragma once

#include <string>

#include "absl/time/time.h"
#include "server/domain/statuses.h"

namespace oms::domain {

// A reason not to go on: an order or a shipment carries zero or more holds;
// while held it is not released to nodes nor worked.
struct Hold {
  HoldReason reason = HoldReason::kCustomerRequest;
  std::string note;
  absl::Time placed_at;
};

}  // namespace oms::domain
