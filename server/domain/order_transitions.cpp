#include "server/domain/order_transitions.h"

#include <array>

namespace oms::domain {
namespace {

using S = OrderStatus;

constexpr std::array<OrderTransition, 11> kTransitions{{
    {S::kPending, S::kConfirmed, "OrderConfirmed"},
    {S::kPending, S::kRejected, "OrderRejected"},
    {S::kPending, S::kCancelled, "OrderCancelled"},
    // POS carry-out: goods handed over and paid at placement.
    {S::kPending, S::kFulfilled, "OrderFulfilled"},
    {S::kConfirmed, S::kPartiallyFulfilled, "OrderPartiallyFulfilled"},
    {S::kConfirmed, S::kFulfilled, "OrderFulfilled"},
    {S::kConfirmed, S::kCancelled, "OrderCancelled"},
    // The units left open were cancelled after others had shipped.
    {S::kPartiallyFulfilled, S::kFulfilled, "OrderFulfilled"},
    {S::kPartiallyFulfilled, S::kRefunded, "OrderRefunded"},
    {S::kFulfilled, S::kRefunded, "OrderRefunded"},
    {S::kCancelled, S::kRefunded, "OrderRefunded"},
}};

}  // namespace

std::span<const OrderTransition> OrderTransitionTable() { return kTransitions; }

const OrderTransition* FindOrderTransition(OrderStatus from, OrderStatus to) {
  for (const auto& t : kTransitions) {
    if (t.from == from && t.to == to) return &t;
  }
  return nullptr;
}

}  // namespace oms::domain
