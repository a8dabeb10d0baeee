#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace oms::domain {

// A business fact recorded by an aggregate. Aggregates record events and
// never publish them: the unit of work takes them and writes them to the
// outbox in the same transaction as the change, adding the envelope
// (sequence, event id, region, principal, trace id, version, snapshot).
struct DomainEvent {
  std::string type;     // OrderPlaced, TenderAuthorized, OrderStatusChanged...
  std::string summary;  // one line for the timeline
  std::vector<std::pair<std::string, std::string>> details;
  absl::Time occurred_at;
};

}  // namespace oms::domain
