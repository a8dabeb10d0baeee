#pragma once

#include <span>

#include "absl/status/status.h"
#include "server/domain/statuses.h"

namespace oms::domain {

// One row of the order lifecycle: `from` may become `to`, and doing so is
// the business fact named `event_type`.
struct OrderTransition {
  OrderStatus from;
  OrderStatus to;
  const char* event_type;
};

// The one table of legal order-status transitions. Anything not in it is
// illegal (FAILED_PRECONDITION).
std::span<const OrderTransition> OrderTransitionTable();

// The row for from -> to, or nullptr when the move is illegal.
const OrderTransition* FindOrderTransition(OrderStatus from, OrderStatus to);

}  // namespace oms::domain
