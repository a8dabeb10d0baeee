#include "server/api/scope_guard.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "oms/v1/order.pb.h"
#include "oms/v1/order_service.pb.h"
#include "server/application/fulfilment_units.h"
#include "server/application/refund_units.h"
#include "server/application/return_units.h"

namespace oms::api {
namespace {

bool LooksLikeNumber(const std::string& s) {
  return std::vector<absl::string_view>(absl::StrSplit(s, '-')).size() == 3;
}

// Exactly what the read model answers for an order that does not exist.
absl::Status MissingOrder(const std::string& id_or_number) {
  return absl::NotFoundError(absl::StrCat(
      LooksLikeNumber(id_or_number) ? "order number " : "order ", id_or_number, " not found"));
}

// An object whose id carries its order's id: NOT_FOUND worded for the
// object, whether the order is missing or out of scope.
absl::Status RequireVisibleOwner(application::ReadModel& reads, const application::Actor& actor,
                                 const absl::StatusOr<std::string>& order_id, const char* what,
                                 const std::string& id) {
  if (!order_id.ok()) return order_id.status();
  absl::StatusOr<domain::OrderState> order = VisibleOrder(reads, actor, *order_id);
  if (absl::IsNotFound(order.status())) {
    return absl::NotFoundError(absl::StrCat(what, " ", id, " not found"));
  }
  return order.status();
}

}  // namespace

absl::StatusOr<domain::OrderState> VisibleOrder(application::ReadModel& reads,
                                                const application::Actor& actor,
                                                const std::string& id_or_number) {
  if (id_or_number.size() > 64) {
    return absl::InvalidArgumentError("order_id: at most 64 characters");
  }
  absl::StatusOr<domain::OrderState> order = LooksLikeNumber(id_or_number)
                                                 ? reads.GetOrderByNumber(id_or_number)
                                                 : reads.GetOrder(id_or_number);
  if (order.ok() && !application::MaySeeOrder(actor, *order)) return MissingOrder(id_or_number);
  return order;
}

absl::Status RequireVisibleShipment(application::ReadModel& reads, const application::Actor& actor,
                                    const std::string& shipment_id) {
  absl::StatusOr<std::string> order_id = application::fulfilment::OrderIdOfShipment(shipment_id);
  if (!order_id.ok()) return order_id.status();
  absl::StatusOr<application::ShipmentView> shipment = reads.GetShipment(shipment_id);
  if (!shipment.ok()) return shipment.status();
  const absl::Status not_found =
      absl::NotFoundError(absl::StrCat("shipment ", shipment_id, " not found"));
  absl::StatusOr<domain::OrderState> order = VisibleOrder(reads, actor, *order_id);
  if (absl::IsNotFound(order.status())) return not_found;
  if (!order.ok()) return order.status();
  if (!application::MaySeeNode(actor, shipment->shipment.node_id, order->region)) return not_found;
  return absl::OkStatus();
}

absl::Status RequireVisibleRefund(application::ReadModel& reads, const application::Actor& actor,
                                  const std::string& refund_id) {
  return RequireVisibleOwner(reads, actor, application::refund_units::OrderIdOfRefund(refund_id),
                             "refund", refund_id);
}

absl::Status RequireVisibleReturn(application::ReadModel& reads, const application::Actor& actor,
                                  const std::string& return_id) {
  return RequireVisibleOwner(reads, actor, application::return_units::OrderIdOfReturn(return_id),
                             "return", return_id);
}

absl::Status RequireVisibleNode(application::ReadModel& reads, const application::Actor& actor,
                                const std::string& node_id) {
  if (actor.role == "system") return absl::OkStatus();
  // Unbound by node and region: nothing to look up (the use case says
  // whether the node exists).
  const std::vector<std::string>* bound = application::NodeScope(actor);
  if ((bound == nullptr || application::Scopes::Allows(*bound, "*")) &&
      application::Scopes::Allows(actor.scopes.regions, "*")) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<domain::FulfillmentNode>> nodes = reads.ListNodes();
  if (!nodes.ok()) return nodes.status();
  for (const domain::FulfillmentNode& node : *nodes) {
    if (node.node_id != node_id) continue;
    if (application::MaySeeNode(actor, node.node_id, node.region)) return absl::OkStatus();
    break;
  }
  return absl::NotFoundError(absl::StrCat("node ", node_id, " not found"));
}

absl::Status ScopeNodeFilter(application::ReadModel& reads, const application::Actor& actor,
                             std::string& node_id) {
  const std::vector<std::string>* nodes = application::NodeScope(actor);
  if (nodes == nullptr || application::Scopes::Allows(*nodes, "*")) {
    return node_id.empty() ? absl::OkStatus() : RequireVisibleNode(reads, actor, node_id);
  }
  if (node_id.empty() && nodes->size() == 1) node_id = nodes->front();
  if (node_id.empty()) {
    return absl::InvalidArgumentError("node_id: name one of your nodes");
  }
  return RequireVisibleNode(reads, actor, node_id);
}

void Redact(const application::Actor& actor, v1::Order* order) {
  const application::FieldAccess access = application::FieldAccessOf(actor);
  if (!access.payments) {
    order->clear_tenders();
    order->clear_refunds();
  }
  if (!access.customer_email) order->mutable_customer()->clear_email();
  if (!access.customer_phone) order->mutable_customer()->clear_phone();
}

void Redact(const application::Actor& actor, v1::OrderSummary* summary) {
  const application::FieldAccess access = application::FieldAccessOf(actor);
  if (!access.customer_email) summary->mutable_customer()->clear_email();
  if (!access.customer_phone) summary->mutable_customer()->clear_phone();
}

void Redact(const application::Actor& actor, bool keep_snapshot, v1::OrderEvent* event) {
  const application::FieldAccess access = application::FieldAccessOf(actor);
  const bool sees_all = access.payments && access.customer_email && access.customer_phone;
  if (keep_snapshot && sees_all) return;
  const std::string& payload = event->payload_json();
  if (payload.find("\"snapshot\"") == std::string::npos) return;
  nlohmann::json parsed = nlohmann::json::parse(payload, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    event->clear_payload_json();  // cannot tell what is in it: say nothing
    return;
  }
  parsed.erase("snapshot");
  event->set_payload_json(parsed.dump());
}

}  // namespace oms::api
