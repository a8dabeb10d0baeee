#include "server/domain/cancellation.h"

#include <array>

namespace oms::domain {
namespace {

using E = CancelEffect;
using I = Initiator;
using N = NodeKind;
using U = UnitState;

constexpr char kWaiting[] = "not at a node yet: nothing to undo";
constexpr char kInternal[] = "our own node stops at once";
constexpr char kPartnerHas[] = "the partner node has the shipment: it must accept the cancellation";
constexpr char kPacked[] = "packed units are not cancelled: they are returned once received";
constexpr char kPickupWaits[] =
    "the units wait at the store: return them at the counter, or they are cancelled when the "
    "pickup is not collected";
constexpr char kNotCollected[] = "not collected in time: cancelled and restocked";

// Every (state, node, initiator) once. A new state or initiator that is not
// added here fails CancellationRuleFor's lookup loudly in the table test.
constexpr std::array<CancelRule, 42> kRules{{
    {U::kBackordered, N::kInternal, I::kCustomer, E::kCancel, kWaiting},
    {U::kBackordered, N::kInternal, I::kStaff, E::kCancel, kWaiting},
    {U::kBackordered, N::kInternal, I::kSystem, E::kCancel, kWaiting},
    {U::kBackordered, N::kPartner, I::kCustomer, E::kCancel, kWaiting},
    {U::kBackordered, N::kPartner, I::kStaff, E::kCancel, kWaiting},
    {U::kBackordered, N::kPartner, I::kSystem, E::kCancel, kWaiting},
    {U::kPreordered, N::kInternal, I::kCustomer, E::kCancel, kWaiting},
    {U::kPreordered, N::kInternal, I::kStaff, E::kCancel, kWaiting},
    {U::kPreordered, N::kInternal, I::kSystem, E::kCancel, kWaiting},
    {U::kPreordered, N::kPartner, I::kCustomer, E::kCancel, kWaiting},
    {U::kPreordered, N::kPartner, I::kStaff, E::kCancel, kWaiting},
    {U::kPreordered, N::kPartner, I::kSystem, E::kCancel, kWaiting},
    {U::kUnreleased, N::kInternal, I::kCustomer, E::kCancel, kWaiting},
    {U::kUnreleased, N::kInternal, I::kStaff, E::kCancel, kWaiting},
    {U::kUnreleased, N::kInternal, I::kSystem, E::kCancel, kWaiting},
    {U::kUnreleased, N::kPartner, I::kCustomer, E::kCancel, kWaiting},
    {U::kUnreleased, N::kPartner, I::kStaff, E::kCancel, kWaiting},
    {U::kUnreleased, N::kPartner, I::kSystem, E::kCancel, kWaiting},
    {U::kAtNode, N::kInternal, I::kCustomer, E::kCancel, kInternal},
    {U::kAtNode, N::kInternal, I::kStaff, E::kCancel, kInternal},
    {U::kAtNode, N::kInternal, I::kSystem, E::kCancel, kInternal},
    {U::kAtNode, N::kPartner, I::kCustomer, E::kAskNode, kPartnerHas},
    {U::kAtNode, N::kPartner, I::kStaff, E::kAskNode, kPartnerHas},
    {U::kAtNode, N::kPartner, I::kSystem, E::kAskNode, kPartnerHas},
    {U::kPicking, N::kInternal, I::kCustomer, E::kCancel, kInternal},
    {U::kPicking, N::kInternal, I::kStaff, E::kCancel, kInternal},
    {U::kPicking, N::kInternal, I::kSystem, E::kCancel, kInternal},
    {U::kPicking, N::kPartner, I::kCustomer, E::kAskNode, kPartnerHas},
    {U::kPicking, N::kPartner, I::kStaff, E::kAskNode, kPartnerHas},
    {U::kPicking, N::kPartner, I::kSystem, E::kAskNode, kPartnerHas},
    {U::kPacked, N::kInternal, I::kCustomer, E::kReturnInstead, kPacked},
    {U::kPacked, N::kInternal, I::kStaff, E::kReturnInstead, kPacked},
    {U::kPacked, N::kInternal, I::kSystem, E::kReturnInstead, kPacked},
    {U::kPacked, N::kPartner, I::kCustomer, E::kReturnInstead, kPacked},
    {U::kPacked, N::kPartner, I::kStaff, E::kReturnInstead, kPacked},
    {U::kPacked, N::kPartner, I::kSystem, E::kReturnInstead, kPacked},
    {U::kReadyForPickup, N::kInternal, I::kCustomer, E::kReturnInstead, kPickupWaits},
    {U::kReadyForPickup, N::kInternal, I::kStaff, E::kReturnInstead, kPickupWaits},
    {U::kReadyForPickup, N::kInternal, I::kSystem, E::kCancel, kNotCollected},
    {U::kReadyForPickup, N::kPartner, I::kCustomer, E::kReturnInstead, kPickupWaits},
    {U::kReadyForPickup, N::kPartner, I::kStaff, E::kReturnInstead, kPickupWaits},
    {U::kReadyForPickup, N::kPartner, I::kSystem, E::kCancel, kNotCollected},
}};

}  // namespace

std::span<const CancelRule> CancellationTable() { return kRules; }

const CancelRule& CancellationRuleFor(UnitState state, NodeKind node, Initiator initiator) {
  for (const auto& r : kRules) {
    if (r.state == state && r.node == node && r.initiator == initiator) return r;
  }
  // Unreachable while the table is complete (the table test checks it).
  static constexpr CancelRule kRefuse{U::kPacked, N::kInternal, I::kSystem, E::kReturnInstead,
                                      "no rule for this case"};
  return kRefuse;
}

absl::string_view Name(CancelReason r) {
  switch (r) {
    case CancelReason::kCustomerRequest: return "CUSTOMER_REQUEST";
    case CancelReason::kFraud: return "FRAUD";
    case CancelReason::kPaymentFailure: return "PAYMENT_FAILURE";
    case CancelReason::kOutOfStock: return "OUT_OF_STOCK";
    case CancelReason::kDuplicate: return "DUPLICATE";
    case CancelReason::kOther: return "OTHER";
  }
  return "UNKNOWN";
}

absl::string_view Name(Initiator i) {
  switch (i) {
    case Initiator::kCustomer: return "CUSTOMER";
    case Initiator::kStaff: return "STAFF";
    case Initiator::kSystem: return "SYSTEM";
  }
  return "UNKNOWN";
}

absl::string_view Name(UnitState s) {
  switch (s) {
    case U::kBackordered: return "BACKORDERED";
    case U::kPreordered: return "PREORDERED";
    case U::kUnreleased: return "UNRELEASED";
    case U::kAtNode: return "AT_NODE";
    case U::kPicking: return "PICKING";
    case U::kPacked: return "PACKED";
    case U::kReadyForPickup: return "READY_FOR_PICKUP";
  }
  return "UNKNOWN";
}

absl::string_view Name(CancelEffect e) {
  switch (e) {
    case E::kCancel: return "CANCEL";
    case E::kAskNode: return "ASK_NODE";
    case E::kReturnInstead: return "RETURN_INSTEAD";
  }
  return "UNKNOWN";
}

std::optional<CancelReason> ParseCancelReason(absl::string_view name) {
  for (CancelReason r : {CancelReason::kCustomerRequest, CancelReason::kFraud,
                         CancelReason::kPaymentFailure, CancelReason::kOutOfStock,
                         CancelReason::kDuplicate, CancelReason::kOther}) {
    if (Name(r) == name) return r;
  }
  return std::nullopt;
}

}  // namespace oms::domain
