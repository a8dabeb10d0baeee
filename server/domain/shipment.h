#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/domain_event.h"
#include "server/domain/hold.h"

namespace oms::domain {

// DESIGN.md, shipment status: CREATED -> PICKING -> PACKED -> SHIPPED ->
// DELIVERED; for pickups PACKED -> READY_FOR_PICKUP -> PICKED_UP; plus
// CANCELLED, REJECTED (the node declined) and EXCEPTION.
enum class ShipmentStatus {
  kCreated,
  kPicking,
  kPacked,
  kShipped,
  kDelivered,
  kReadyForPickup,
  kPickedUp,
  kCancelled,
  kRejected,
  kException,
};

absl::string_view Name(ShipmentStatus s);
std::optional<ShipmentStatus> ParseShipmentStatus(absl::string_view name);

// Units still at the node and not yet handed over (CREATED to READY_FOR_PICKUP).
bool IsLive(ShipmentStatus s);

// How the units reach the customer.
enum class ShipmentKind { kShip, kPickup, kCarryOut };
absl::string_view Name(ShipmentKind k);
std::optional<ShipmentKind> ParseShipmentKind(absl::string_view name);

struct ShipmentTransition {
  ShipmentStatus from;
  ShipmentStatus to;
  const char* event_type;
};

// The one table of legal shipment moves; anything else is FAILED_PRECONDITION.
std::span<const ShipmentTransition> ShipmentTransitionTable();
const ShipmentTransition* FindShipmentTransition(ShipmentStatus from, ShipmentStatus to);

struct ShipmentLine {
  int line_no = 0;  // the order line
  std::string sku;
  std::string name;
  int64_t quantity = 0;
};

struct ShipmentStatusChange {
  ShipmentStatus status = ShipmentStatus::kCreated;
  absl::Time at;
  std::string note;
};

struct ShipmentState {
  std::string shipment_id;
  std::string order_id;
  std::string order_number;
  std::string node_id;
  ShipmentKind kind = ShipmentKind::kShip;
  std::vector<ShipmentLine> lines;
  ShipmentStatus status = ShipmentStatus::kCreated;
  std::vector<Hold> holds;
  std::vector<ShipmentStatusChange> history;
  std::string carrier;
  std::string service;
  std::string tracking_id;
  std::string routing_reason;
  std::string note;  // why it was rejected, cancelled or is in exception
  std::string partner_ref;           // 3PL / drop-shipper: their id
  bool accepted_by_node = false;     // 3PL / drop-shipper: said yes
  int64_t partner_sequence = 0;      // last applied partner confirmation
  int64_t charge_minor = 0;          // card money due for it, set when shipped
  int64_t captured_minor = 0;        // card money captured for it so far
  absl::Time pickup_expires_at;      // READY_FOR_PICKUP: collect before this
  // Partner nodes: units we asked the node to cancel, waiting for its answer.
  std::vector<ShipmentLine> cancel_requested;
  std::string cancel_reason;  // domain::Name(CancelReason) of that request
  absl::Time created_at;
  absl::Time updated_at;
};

// The units of one order that one node hands over. It lives inside the
// Order aggregate (the order is its only writer and keeps the line
// quantities in step); this class holds its own rules. Every legal move
// records exactly one event named by the table and one history entry; an
// illegal one changes nothing and is FAILED_PRECONDITION. Work (picking to
// handing over) is refused while the shipment carries a hold.
class Shipment {
 public:
  // INVALID_ARGUMENT without lines or with a non-positive quantity.
  static absl::StatusOr<Shipment> Create(ShipmentState state, absl::Time now);
  static Shipment Restore(ShipmentState state) { return Shipment(std::move(state)); }

  const ShipmentState& state() const { return state_; }
  ShipmentStatus status() const { return state_.status; }

  absl::Status StartPicking(absl::Time now);
  absl::Status Pack(absl::Time now);
  // INVALID_ARGUMENT without a carrier or tracking id; FAILED_PRECONDITION
  // for a pickup or carry-out shipment.
  absl::Status Ship(const std::string& carrier, const std::string& service,
                    const std::string& tracking_id, absl::Time now);
  absl::Status Deliver(absl::Time now);
  // Pickup shipments only; the customer must collect before `expires_at`.
  absl::Status MarkReadyForPickup(absl::Time now, absl::Time expires_at);
  absl::Status CompletePickup(absl::Time now);
  // Carry-out only: handed over at the till, CREATED -> PICKED_UP.
  absl::Status HandOver(absl::Time now);
  absl::Status Reject(const std::string& reason, absl::Time now);
  absl::Status Cancel(const std::string& reason, absl::Time now);
  absl::Status ReportException(const std::string& reason, absl::Time now);
  // A partner node (3PL, drop-shipper) took the shipment.
  absl::Status RecordAcceptedByNode(const std::string& partner_ref, absl::Time now);

  // Takes `quantity` units of an order line out of the shipment (short
  // pick, partial cancellation). FAILED_PRECONDITION once handed over or
  // when the shipment holds fewer units of that line.
  absl::Status RemoveUnits(int line_no, int64_t quantity);
  int64_t UnitsOf(int line_no) const;
  int64_t TotalUnits() const;

  bool HasHold(HoldReason reason) const;
  absl::Status PlaceHold(HoldReason reason, const std::string& note, absl::Time now);
  absl::Status ReleaseHold(HoldReason reason, absl::Time now);

  std::vector<DomainEvent> TakeEvents();

 private:
  explicit Shipment(ShipmentState state) : state_(std::move(state)) {}
  absl::Status MoveTo(ShipmentStatus to, absl::Time now, std::string summary,
                      std::string note = "");
  absl::Status RequireKind(ShipmentKind kind, absl::string_view action) const;
  absl::Status RequireNoHold(absl::string_view action) const;
  void Record(std::string type, std::string summary, absl::Time now,
              std::vector<std::pair<std::string, std::string>> details = {});

  ShipmentState state_;
  std::vector<DomainEvent> events_;
};

}  // namespace oms::domain
