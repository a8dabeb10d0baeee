#include "server/domain/shipment.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace oms::domain {
namespace {

using S = ShipmentStatus;

constexpr std::array<ShipmentTransition, 16> kTransitions{{
    {S::kCreated, S::kPicking, "ShipmentPickingStarted"},
    {S::kCreated, S::kCancelled, "ShipmentCancelled"},
    {S::kCreated, S::kRejected, "ShipmentRejected"},
    // POS carry-out: handed over at the till.
    {S::kCreated, S::kPickedUp, "ShipmentCarriedOut"},
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

std::optional<ShipmentStatus> ParseShipmentStatus(absl::string_view name) {
  for (S s : {S::kCreated, S::kPicking, S::kPacked, S::kShipped, S::kDelivered,
              S::kReadyForPickup, S::kPickedUp, S::kCancelled, S::kRejected, S::kException}) {
    if (Name(s) == name) return s;
  }
  return std::nullopt;
}

bool IsLive(ShipmentStatus s) {
  return s == S::kCreated || s == S::kPicking || s == S::kPacked || s == S::kReadyForPickup;
}

absl::string_view Name(ShipmentKind k) {
  switch (k) {
    case ShipmentKind::kShip: return "SHIP";
    case ShipmentKind::kPickup: return "PICKUP";
    case ShipmentKind::kCarryOut: return "CARRY_OUT";
  }
  return "UNKNOWN";
}

std::optional<ShipmentKind> ParseShipmentKind(absl::string_view name) {
  for (ShipmentKind k : {ShipmentKind::kShip, ShipmentKind::kPickup, ShipmentKind::kCarryOut}) {
    if (Name(k) == name) return k;
  }
  return std::nullopt;
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
  state.history = {{S::kCreated, now, state.routing_reason}};
  Shipment shipment(std::move(state));
  shipment.Record("ShipmentCreated",
                  absl::StrCat("shipment ", shipment.state_.shipment_id, " (",
                               shipment.TotalUnits(),
                               shipment.TotalUnits() == 1 ? " unit" : " units", ") created at ",
                               shipment.state_.node_id, ": ", shipment.state_.routing_reason),
                  now,
                  {{"node_id", shipment.state_.node_id},
                   {"kind", std::string(Name(shipment.state_.kind))}});
  return shipment;
}

void Shipment::Record(std::string type, std::string summary, absl::Time now,
                      std::vector<std::pair<std::string, std::string>> details) {
  details.insert(details.begin(), {"shipment_id", state_.shipment_id});
  events_.push_back({std::move(type), std::move(summary), std::move(details), now});
}

absl::Status Shipment::RequireKind(ShipmentKind kind, absl::string_view action) const {
  if (state_.kind == kind) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("shipment ", state_.shipment_id, " is a ",
                                                    Name(state_.kind), " shipment; ", action,
                                                    " needs a ", Name(kind), " shipment"));
}

absl::Status Shipment::RequireNoHold(absl::string_view action) const {
  if (state_.holds.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("shipment ", state_.shipment_id, " has a ",
                                                    Name(state_.holds.front().reason),
                                                    " hold; release it before ", action));
}

absl::Status Shipment::MoveTo(ShipmentStatus to, absl::Time now, std::string summary,
                              std::string note) {
  const ShipmentTransition* t = FindShipmentTransition(state_.status, to);
  if (t == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("shipment ", state_.shipment_id, " is ",
                                                      Name(state_.status), " and cannot become ",
                                                      Name(to)));
  }
  const ShipmentStatus from = state_.status;
  state_.status = to;
  state_.updated_at = now;
  state_.history.push_back({to, now, std::move(note)});
  Record(t->event_type, std::move(summary), now,
         {{"from", std::string(Name(from))}, {"to", std::string(Name(to))}});
  return absl::OkStatus();
}

absl::Status Shipment::StartPicking(absl::Time now) {
  if (absl::Status s = RequireNoHold("picking"); !s.ok()) return s;
  return MoveTo(S::kPicking, now, absl::StrCat("picking started at ", state_.node_id));
}

absl::Status Shipment::Pack(absl::Time now) {
  if (absl::Status s = RequireNoHold("packing"); !s.ok()) return s;
  return MoveTo(S::kPacked, now, "packed");
}

absl::Status Shipment::Ship(const std::string& carrier, const std::string& service,
                            const std::string& tracking_id, absl::Time now) {
  if (carrier.empty() || tracking_id.empty()) {
    return absl::InvalidArgumentError("carrier and tracking_id: both are required to ship");
  }
  if (absl::Status s = RequireKind(ShipmentKind::kShip, "shipping"); !s.ok()) return s;
  if (absl::Status s = RequireNoHold("shipping"); !s.ok()) return s;
  const ShipmentState before = state_;
  state_.carrier = carrier;
  state_.service = service;
  state_.tracking_id = tracking_id;
  if (absl::Status s = MoveTo(S::kShipped, now,
                              absl::StrCat("shipped with ", carrier, ", tracking ", tracking_id),
                              absl::StrCat(carrier, " ", tracking_id));
      !s.ok()) {
    state_ = before;
    return s;
  }
  return absl::OkStatus();
}

absl::Status Shipment::Deliver(absl::Time now) { return MoveTo(S::kDelivered, now, "delivered"); }

absl::Status Shipment::MarkReadyForPickup(absl::Time now, absl::Time expires_at) {
  if (absl::Status s = RequireKind(ShipmentKind::kPickup, "ready for pickup"); !s.ok()) return s;
  if (absl::Status s = RequireNoHold("offering it for pickup"); !s.ok()) return s;
  const absl::Time before = state_.pickup_expires_at;
  state_.pickup_expires_at = expires_at;
  absl::Status s = MoveTo(S::kReadyForPickup, now,
                          absl::StrCat("ready for pickup at ", state_.node_id, " until ",
                                       absl::FormatTime("%Y-%m-%d", expires_at, absl::UTCTimeZone())));
  if (!s.ok()) state_.pickup_expires_at = before;
  return s;
}

absl::Status Shipment::CompletePickup(absl::Time now) {
  if (absl::Status s = RequireKind(ShipmentKind::kPickup, "a pickup"); !s.ok()) return s;
  if (absl::Status s = RequireNoHold("handing it over"); !s.ok()) return s;
  return MoveTo(S::kPickedUp, now, "collected by the customer");
}

absl::Status Shipment::HandOver(absl::Time now) {
  if (absl::Status s = RequireKind(ShipmentKind::kCarryOut, "a hand-over at the till");
      !s.ok()) {
    return s;
  }
  return MoveTo(S::kPickedUp, now, absl::StrCat("carried out at ", state_.node_id));
}

absl::Status Shipment::Reject(const std::string& reason, absl::Time now) {
  const std::string before = state_.note;
  state_.note = reason;
  absl::Status s =
      MoveTo(S::kRejected, now, absl::StrCat(state_.node_id, " rejected: ", reason), reason);
  if (!s.ok()) state_.note = before;
  return s;
}

absl::Status Shipment::Cancel(const std::string& reason, absl::Time now) {
  const std::string before = state_.note;
  state_.note = reason;
  absl::Status s = MoveTo(S::kCancelled, now, absl::StrCat("cancelled: ", reason), reason);
  if (!s.ok()) state_.note = before;
  return s;
}

absl::Status Shipment::ReportException(const std::string& reason, absl::Time now) {
  const std::string before = state_.note;
  state_.note = reason;
  absl::Status s = MoveTo(S::kException, now, absl::StrCat("exception: ", reason), reason);
  if (!s.ok()) state_.note = before;
  return s;
}

absl::Status Shipment::RecordAcceptedByNode(const std::string& partner_ref, absl::Time now) {
  if (!IsLive(state_.status)) {
    return absl::FailedPreconditionError(absl::StrCat("shipment ", state_.shipment_id, " is ",
                                                      Name(state_.status),
                                                      "; a node can no longer accept it"));
  }
  if (state_.accepted_by_node) return absl::OkStatus();
  state_.accepted_by_node = true;
  state_.partner_ref = partner_ref;
  state_.updated_at = now;
  Record("ShipmentAcceptedByNode",
         absl::StrCat(state_.node_id, " accepted the shipment as ", partner_ref), now,
         {{"partner_ref", partner_ref}});
  return absl::OkStatus();
}

int64_t Shipment::UnitsOf(int line_no) const {
  int64_t n = 0;
  for (const auto& l : state_.lines) {
    if (l.line_no == line_no) n += l.quantity;
  }
  return n;
}

int64_t Shipment::TotalUnits() const {
  int64_t n = 0;
  for (const auto& l : state_.lines) n += l.quantity;
  return n;
}

absl::Status Shipment::RemoveUnits(int line_no, int64_t quantity) {
  if (!IsLive(state_.status) || state_.status == S::kReadyForPickup) {
    return absl::FailedPreconditionError(absl::StrCat(
        "shipment ", state_.shipment_id, " is ", Name(state_.status),
        "; units can be taken out only before it is packed for pickup or handed over"));
  }
  if (quantity <= 0 || UnitsOf(line_no) < quantity) {
    return absl::FailedPreconditionError(absl::StrCat("shipment ", state_.shipment_id, " holds ",
                                                      UnitsOf(line_no), " units of line ",
                                                      line_no, ", cannot take out ", quantity));
  }
  for (auto& l : state_.lines) {
    if (l.line_no == line_no) l.quantity -= quantity;
  }
  std::erase_if(state_.lines, [](const ShipmentLine& l) { return l.quantity == 0; });
  return absl::OkStatus();
}

bool Shipment::HasHold(HoldReason reason) const {
  for (const auto& h : state_.holds) {
    if (h.reason == reason) return true;
  }
  return false;
}

absl::Status Shipment::PlaceHold(HoldReason reason, const std::string& note, absl::Time now) {
  if (!IsLive(state_.status)) {
    return absl::FailedPreconditionError(absl::StrCat("shipment ", state_.shipment_id, " is ",
                                                      Name(state_.status),
                                                      "; it can no longer be held"));
  }
  if (HasHold(reason)) {
    return absl::FailedPreconditionError(absl::StrCat("shipment ", state_.shipment_id,
                                                      " already has a ", Name(reason), " hold"));
  }
  state_.holds.push_back({reason, note, now});
  state_.updated_at = now;
  Record("ShipmentHoldPlaced",
         absl::StrCat("shipment ", state_.shipment_id, " held: ", Name(reason),
                      note.empty() ? "" : ": ", note),
         now, {{"reason", std::string(Name(reason))}});
  return absl::OkStatus();
}

absl::Status Shipment::ReleaseHold(HoldReason reason, absl::Time now) {
  if (!HasHold(reason)) {
    return absl::NotFoundError(
        absl::StrCat("shipment ", state_.shipment_id, " has no ", Name(reason), " hold"));
  }
  std::erase_if(state_.holds, [&](const Hold& h) { return h.reason == reason; });
  state_.updated_at = now;
  Record("ShipmentHoldReleased",
         absl::StrCat("shipment ", state_.shipment_id, " hold ", Name(reason), " released"), now,
         {{"reason", std::string(Name(reason))}});
  return absl::OkStatus();
}

std::vector<DomainEvent> Shipment::TakeEvents() {
  std::vector<DomainEvent> out;
  out.swap(events_);
  return out;
}

}  // namespace oms::domain
