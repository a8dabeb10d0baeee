#pragma once

#include <optional>
#include <span>
#include <string>

#include "absl/strings/string_view.h"

// Who may cancel which units, as one table (DESIGN.md, Cancelling and
// refunding): (the state of the units, the kind of node holding them, who
// asks) -> the effect and why. Order::PlanCancellation reads it; nothing
// else decides.
namespace oms::domain {

enum class CancelReason { kCustomerRequest, kFraud, kPaymentFailure, kOutOfStock, kDuplicate,
                          kOther };
enum class Initiator { kCustomer, kStaff, kSystem };

// Where an open unit stands.
enum class UnitState {
  kBackordered,     // waiting for stock
  kPreordered,      // waiting for its release date
  kUnreleased,      // reserved, in no shipment yet (held, or in the grace window)
  kAtNode,          // in a CREATED shipment
  kPicking,         // in a PICKING shipment
  kPacked,          // in a PACKED shipment (or in EXCEPTION before shipping)
  kReadyForPickup,  // waiting at the store
};

enum class NodeKind { kInternal, kPartner };

enum class CancelEffect {
  kCancel,         // cancelled at once
  kAskNode,        // the node is asked; cancelled when it accepts
  kReturnInstead,  // cannot be cancelled: return the goods once received
};

struct CancelRule {
  UnitState state;
  NodeKind node;
  Initiator initiator;
  CancelEffect effect;
  const char* why;
};

std::span<const CancelRule> CancellationTable();
// The rule for a case; every case has exactly one.
const CancelRule& CancellationRuleFor(UnitState state, NodeKind node, Initiator initiator);

absl::string_view Name(CancelReason r);
absl::string_view Name(Initiator i);
absl::string_view Name(UnitState s);
absl::string_view Name(CancelEffect e);
std::optional<CancelReason> ParseCancelReason(absl::string_view name);

}  // namespace oms::domain
