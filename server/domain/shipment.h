#pragma once

#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/domain_event.h"

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
  int64_t quantity = 0;
};

struct ShipmentState {
  std::string shipment_id;
  std::string order_id;
  std::string node_id;
  std::vector<ShipmentLine> lines;
  ShipmentStatus status = ShipmentStatus::kCreated;
  std::string carrier;
  std::string service;
  std::string tracking_id;
  std::string routing_reason;
  std::string note;  // why it was rejected, cancelled or is in exception
  absl::Time created_at;
  absl::Time updated_at;
  int64_t version = 0;
};

// The units of one order that one node hands over. Changes only through its
// methods; every legal move records exactly one event named by the table,
// an illegal one records nothing and is FAILED_PRECONDITION.
// Not yet wired into the order or the API (the fulfilment issue does that).
class Shipment {
 public:
  // INVALID_ARGUMENT without lines or with a non-positive quantity.
  static absl::StatusOr<Shipment> Create(ShipmentState state, absl::Time now);
  static Shipment Restore(ShipmentState state) { return Shipment(std::move(state)); }

  const ShipmentState& state() const { return state_; }
  ShipmentStatus status() const { return state_.status; }

  absl::Status StartPicking(absl::Time now);
  absl::Status Pack(absl::Time now);
  // INVALID_ARGUMENT without a carrier or tracking id.
  absl::Status Ship(const std::string& carrier, const std::string& service,
                    const std::string& tracking_id, absl::Time now);
  absl::Status Deliver(absl::Time now);
  absl::Status MarkReadyForPickup(absl::Time now);
  absl::Status CompletePickup(absl::Time now);
  absl::Status Reject(const std::string& reason, absl::Time now);
  absl::Status Cancel(const std::string& reason, absl::Time now);
  absl::Status ReportException(const std::string& reason, absl::Time now);

  std::vector<DomainEvent> TakeEvents();

 private:
  explicit Shipment(ShipmentState state) : state_(std::move(state)) {}
  absl::Status MoveTo(ShipmentStatus to, absl::Time now, std::string summary);

  ShipmentState state_;
  std::vector<DomainEvent> events_;
};

}  // namespace oms::domain
