#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/application/access_scope.h"
#include "server/application/queries.h"

namespace oms::v1 {
class Order;
class OrderEvent;
class OrderSummary;
}

namespace oms::api {

// The gRPC layer's object-scope checks (application/access_scope.h) before
// a handler reads or changes anything. Out of scope is the very same
// NOT_FOUND as a missing object, message included.

// The order named by id or number (three dash-separated parts).
absl::StatusOr<domain::OrderState> VisibleOrder(application::ReadModel& reads,
                                                const application::Actor& actor,
                                                const std::string& id_or_number);

// OK when the object exists and the actor may see it; the ids carry their
// order's id (fulfilment_units.h, refund_units.h, return_units.h). A
// shipment is also held to the node-bound roles' nodes.
absl::Status RequireVisibleShipment(application::ReadModel& reads, const application::Actor& actor,
                                    const std::string& shipment_id);
absl::Status RequireVisibleRefund(application::ReadModel& reads, const application::Actor& actor,
                                  const std::string& refund_id);
absl::Status RequireVisibleReturn(application::ReadModel& reads, const application::Actor& actor,
                                  const std::string& return_id);

// A node id the actor names (stock, deliveries, shipment lists): NOT_FOUND,
// worded as for an unknown node, when it is out of scope.
absl::Status RequireVisibleNode(application::ReadModel& reads, const application::Actor& actor,
                                const std::string& node_id);

// Holds a node-filtered list (shipments, stock, deliveries) to the actor's
// nodes: store and warehouse staff name one of theirs (their only one is the
// default; INVALID_ARGUMENT when they have several and name none).
absl::Status ScopeNodeFilter(application::ReadModel& reads, const application::Actor& actor,
                             std::string& node_id);

// Clears what the actor's role may not read (FieldAccessOf).
void Redact(const application::Actor& actor, v1::Order* order);
void Redact(const application::Actor& actor, v1::OrderSummary* summary);
// An event's payload_json carries "snapshot", the whole order after the
// event (tenders, contact details): it is removed unless `keep_snapshot`
// and the actor may read every field of an order.
void Redact(const application::Actor& actor, bool keep_snapshot, v1::OrderEvent* event);

}  // namespace oms::api
