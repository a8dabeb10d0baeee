#include "server/domain/shipment.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace oms::domain {
namespace {

using S = ShipmentStatus;

constexpr std::array<ShipmentTransition, 15> kTransitions{{
    {S::kCreated, S::kPicking, "ShipmentPickingStarted"},
    {S::kCreated, S::kCancelled, "ShipmentCancelled"},
    {S::kCreated, S::kRejected, "ShipmentRejected"},
    {S::kPicking, S::kPacked, "ShipmentPacked"},
    // Units being picked cancel only when the node accepts; the caller asks it.
    {S::kPicking, S::kCancelled, "ShipmentCancelled"},
    {S::kPicking, S::kRejected, "ShipmentRejected"},
    {S::kPicking, S::kException, "ShipmentException"},
    {S::kPacked, S::kShipped, "ShipmentShipped"},
    {S::kPacked, S::kReadyForPickup, "ShipmentReadyForPickup"},
    {S::kPacked, S::kException, "ShipmentException"},
    {S::kShipped, S::kDelivered, "ShipmentDelivered"},
    {S::kShipped, S::kException, "ShipmentException"},
    {S::kReadyForPickup, S::kPickedUp, "ShipmentPickedUp"},
    // Not collected in time: cancelled by the system and restocked.
    {S::kReadyForPickup, S::kCancelled, "ShipmentCancelled"},
    {S::kException, S::kCancelled, "ShipmentCancelled"},
}};

}  // namespace

absl::string_view Name(ShipmentStatus s) {
  switch (s) {
    case S::kCreated: return "CREATED";
    case S::kPicking: return "PICKING";
    case S::kPacked: return "PACKED";
    case S::kShipped: return "SHIPPED";
    case S::kDelivered: return "DELIVERED";
    case S::kReadyForPickup: return "READY_FOR_PICKUP";
    case S::kPickedUp: return "PICKED_UP";
    case S::kCancelled: return "CANCELLED";
    case S::kRejected: return "REJECTED";
    case S::kException: return "EXCEPTION";
  }
  return "UNKNOWN";
}

std::span<const ShipmentTransition> ShipmentTransitionTable() { return kTransitions; }

const ShipmentTransition* FindShipmentTransition(ShipmentStatus from, ShipmentStatus to) {
  for (const auto& t : kTransitions) {
    if (t.from == from && t.to == to) return &t;
  }
  return nullptr;
}

absl::StatusOr<Shipment> Shipment::Create(ShipmentState state, absl::Time now) {
  if (state.lines.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("shipment ", state.shipment_id, ": a shipment needs at least one line"));
  }
  for (const auto& line : state.lines) {
    if (line.quantity <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("shipment ", state.shipment_id, ": line ",
                                                     line.line_no, " quantity must be positive"));
    }
  }
  state.status = S::kCreated;
  state.created_at = now;
  state.updated_at = now;
  Shipment shipment(std::move(state));
  shipment.events_.push_back(
      {"ShipmentCreated",
       absl::StrCat("shipment ", shipment.state_.shipment_id, " created at ",
                    shipment.state_.node_id, ": ", shipment.state_.routing_reason),
       {{"node_id", shipment.state_.node_id}},
       now});
  return shipment;
}

absl::Status Shipment::MoveTo(ShipmentStatus to, absl::Time now, std::string summary) {
  const ShipmentTransition* t = FindShipmentTransition(state_.status, to);
  if (t == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("shipment ", state_.shipment_id, " is ",
                                                      Name(state_.status), " and cannot become ",
                                                      Name(to)));
  }
  const ShipmentStatus from = state_.status;
  state_.status = to;
  state_.updated_at = now;
  events_.push_back({t->event_type, std::move(summary),
                     {{"from", std::string(Name(from))}, {"to", std::string(Name(to))}},
                     now});
  return absl::OkStatus();
}

absl::Status Shipment::StartPicking(absl::Time now) {
  return MoveTo(S::kPicking, now, absl::StrCat("picking started at ", state_.node_id));
}

absl::Status Shipment::Pack(absl::Time now) { return MoveTo(S::kPacked, now, "packed"); }

absl::Status Shipment::Ship(const std::string& carrier, const std::string& service,
                            const std::string& tracking_id, absl::Time now) {
  if (carrier.empty() || tracking_id.empty()) {
    return absl::InvalidArgumentError("carrier and tracking_id: both are required to ship");
  }
  const ShipmentState before = state_;
  state_.carrier = carrier;
  state_.service = service;
  state_.tracking_id = tracking_id;
  if (absl::Status s = MoveTo(S::kShipped, now,
                              absl::StrCat("shipped with ", carrier, ", tracking ", tracking_id));
      !s.ok()) {
    state_ = before;
    return s;
  }
  return absl::OkStatus();
}

absl::Status Shipment::Deliver(absl::Time now) { return MoveTo(S::kDelivered, now, "delivered"); }

absl::Status Shipment::MarkReadyForPickup(absl::Time now) {
  return MoveTo(S::kReadyForPickup, now, absl::StrCat("ready for pickup at ", state_.node_id));
}

absl::Status Shipment::CompletePickup(absl::Time now) {
  return MoveTo(S::kPickedUp, now, "handed over to the customer");
}

absl::Status Shipment::Reject(const std::string& reason, absl::Time now) {
  const std::string before = state_.note;
  state_.note = reason;
  absl::Status s = MoveTo(S::kRejected, now, absl::StrCat(state_.node_id, " rejected: ", reason));
  if (!s.ok()) state_.note = before;
  return s;
}

absl::Status Shipment::Cancel(const std::string& reason, absl::Time now) {
  const std::string before = state_.note;
  state_.note = reason;
  absl::Status s = MoveTo(S::kCancelled, now, absl::StrCat("cancelled: ", reason));
  if (!s.ok()) state_.note = before;
  return s;
}

absl::Status Shipment::ReportException(const std::string& reason, absl::Time now) {
  const std::string before = state_.note;
  state_.note = reason;
  absl::Status s = MoveTo(S::kException, now, absl::StrCat("exception: ", reason));
  if (!s.ok()) state_.note = before;
  return s;
}

std::vector<DomainEvent> Shipment::TakeEvents() {
  std::vector<DomainEvent> out;
  out.swap(events_);
  return out;
}

}  // namespace oms::domain
