#include "fake_fulfillment_service.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"

namespace omsctl::testing {
namespace {

using oms::v1::Shipment;

constexpr int64_t kActionTime = 1767312000;  // 2026-01-02T00:00:00Z

// The known shipments: the fixed order's, then the closed one.
std::vector<Shipment> KnownShipments() {
  const oms::v1::Order order = FakeOmsServer::FixedOrder();
  std::vector<Shipment> shipments(order.shipments().begin(),
                                  order.shipments().end());
  Shipment closed = shipments.front();
  closed.set_shipment_id(FakeOmsServer::kClosedShipmentId);
  closed.set_status(oms::v1::SHIPMENT_STATUS_DELIVERED);
  shipments.push_back(closed);
  return shipments;
}

grpc::Status Find(const std::string& id, Shipment* shipment) {
  for (const Shipment& known : KnownShipments()) {
    if (known.shipment_id() == id) {
      *shipment = known;
      return grpc::Status::OK;
    }
  }
  return grpc::Status(grpc::StatusCode::NOT_FOUND,
                      absl::StrCat("shipment ", id, " not found"));
}

void AddHistory(Shipment* shipment, const std::string& note) {
  oms::v1::ShipmentStatusChange* change = shipment->add_history();
  change->set_status(shipment->status());
  change->mutable_at()->set_seconds(kActionTime);
  change->set_note(note);
}

// The order as the action leaves it: `shipment` in place of its old self.
oms::v1::Order OrderWith(const Shipment& shipment) {
  oms::v1::Order order = FakeOmsServer::FixedOrder();
  for (Shipment& s : *order.mutable_shipments()) {
    if (s.shipment_id() == shipment.shipment_id()) s = shipment;
  }
  return order;
}

// A reject or short pick: `units` of the shipment's first line go to
// WH-HAM-2 in a new shipment, and the line never returns to the old node.
void Reroute(const Shipment& from, int64_t units, const std::string& why,
             oms::v1::Order* order) {
  Shipment* rerouted = order->add_shipments();
  rerouted->set_shipment_id(FakeOmsServer::kReroutedShipmentId);
  rerouted->set_order_id(order->order_id());
  rerouted->set_order_number(order->order_number());
  rerouted->set_node_id("WH-HAM-2");
  rerouted->set_kind(oms::v1::SHIPMENT_KIND_SHIP);
  rerouted->set_status(oms::v1::SHIPMENT_STATUS_CREATED);
  rerouted->set_routing_reason(
      absl::StrCat("re-routed from ", from.node_id(), " (", why,
                   "): nearest other node holding ", units, " units"));
  oms::v1::ShipmentLine* line = rerouted->add_lines();
  *line = from.lines(0);
  line->set_quantity(units);
  for (oms::v1::OrderLine& order_line : *order->mutable_lines()) {
    if (order_line.line_no() == line->line_no()) {
      order_line.add_excluded_nodes(from.node_id());
    }
  }
}

}  // namespace

grpc::Status FakeOmsServer::Fulfillment::Move(
    const std::string& request_id, const std::string& shipment_id,
    oms::v1::ShipmentStatus to, oms::v1::ShipmentActionResponse* reply) {
  Shipment shipment;
  if (grpc::Status found = Find(shipment_id, &shipment); !found.ok()) {
    return found;
  }
  if (shipment.status() == oms::v1::SHIPMENT_STATUS_DELIVERED) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        absl::StrCat("shipment ", shipment_id,
                                     " is DELIVERED: it cannot move to ",
                                     oms::v1::ShipmentStatus_Name(to)));
  }
  shipment.set_status(to);
  AddHistory(&shipment, "");
  *reply->mutable_shipment() = shipment;
  *reply->mutable_order() = OrderWith(shipment);
  reply->set_replayed(request_id == kReplayedRequestId);
  return grpc::Status::OK;
}

grpc::Status FakeOmsServer::Fulfillment::ListShipments(
    grpc::ServerContext*, const oms::v1::ListShipmentsRequest* request,
    oms::v1::ListShipmentsResponse* reply) {
  server_->RecordRequest("ListShipments", *request);
  std::vector<Shipment> matches;
  const oms::v1::Order order = FixedOrder();
  for (const Shipment& shipment : order.shipments()) {
    const auto& statuses = request->statuses();
    if (!request->node_id().empty() &&
        shipment.node_id() != request->node_id()) {
      continue;
    }
    if (!statuses.empty() && std::find(statuses.begin(), statuses.end(),
                                       shipment.status()) == statuses.end()) {
      continue;
    }
    if (!request->order_id().empty() && request->order_id() != kOrderId &&
        request->order_id() != kOrderNumber) {
      continue;
    }
    matches.push_back(shipment);
  }
  const size_t offset = request->page().page_token().empty()
                            ? 0
                            : std::stoul(request->page().page_token());
  const size_t size = request->page().page_size() > 0
                          ? static_cast<size_t>(request->page().page_size())
                          : 50;
  for (size_t i = offset; i < matches.size() && i < offset + size; ++i) {
    *reply->add_shipments() = matches[i];
  }
  if (offset + size < matches.size()) {
    reply->set_next_page_token(absl::StrCat(offset + size));
  }
  return grpc::Status::OK;
}

grpc::Status FakeOmsServer::Fulfillment::GetShipment(
    grpc::ServerContext*, const oms::v1::GetShipmentRequest* request,
    oms::v1::Shipment* reply) {
  server_->RecordRequest("GetShipment", *request);
  return Find(request->shipment_id(), reply);
}

grpc::Status FakeOmsServer::Fulfillment::StartPicking(
    grpc::ServerContext*, const oms::v1::ShipmentActionRequest* request,
    oms::v1::ShipmentActionResponse* reply) {
  server_->RecordRequest("StartPicking", *request);
  return Move(request->request_id(), request->shipment_id(),
              oms::v1::SHIPMENT_STATUS_PICKING, reply);
}

grpc::Status FakeOmsServer::Fulfillment::PackShipment(
    grpc::ServerContext*, const oms::v1::ShipmentActionRequest* request,
    oms::v1::ShipmentActionResponse* reply) {
  server_->RecordRequest("PackShipment", *request);
  return Move(request->request_id(), request->shipment_id(),
              oms::v1::SHIPMENT_STATUS_PACKED, reply);
}

grpc::Status FakeOmsServer::Fulfillment::ShipShipment(
    grpc::ServerContext*, const oms::v1::ShipShipmentRequest* request,
    oms::v1::ShipmentActionResponse* reply) {
  server_->RecordRequest("ShipShipment", *request);
  grpc::Status status = Move(request->request_id(), request->shipment_id(),
                             oms::v1::SHIPMENT_STATUS_SHIPPED, reply);
  if (!status.ok()) return status;
  Shipment* shipment = reply->mutable_shipment();
  shipment->set_carrier(request->carrier());
  shipment->set_service(request->service());
  shipment->set_tracking_id(request->tracking_id());
  *reply->mutable_order() = OrderWith(*shipment);
  return grpc::Status::OK;
}

grpc::Status FakeOmsServer::Fulfillment::DeliverShipment(
    grpc::ServerContext*, const oms::v1::ShipmentActionRequest* request,
    oms::v1::ShipmentActionResponse* reply) {
  server_->RecordRequest("DeliverShipment", *request);
  return Move(request->request_id(), request->shipment_id(),
              oms::v1::SHIPMENT_STATUS_DELIVERED, reply);
}

grpc::Status FakeOmsServer::Fulfillment::ReportShortPick(
    grpc::ServerContext*, const oms::v1::ReportShortPickRequest* request,
    oms::v1::ShipmentActionResponse* reply) {
  server_->RecordRequest("ReportShortPick", *request);
  grpc::Status status = Move(request->request_id(), request->shipment_id(),
                             oms::v1::SHIPMENT_STATUS_PICKING, reply);
  if (!status.ok()) return status;
  // Only the lines this shipment carries lose units; others are ignored.
  int64_t missing = 0;
  Shipment* shipment = reply->mutable_shipment();
  shipment->set_note(request->reason());
  for (const oms::v1::ShortLine& short_line : request->lines()) {
    for (oms::v1::ShipmentLine& line : *shipment->mutable_lines()) {
      if (line.line_no() != short_line.line_no()) continue;
      const int64_t gone = std::min(line.quantity(), short_line.missing());
      line.set_quantity(line.quantity() - gone);
      missing += gone;
    }
  }
  *reply->mutable_order() = OrderWith(*shipment);
  Reroute(*shipment, missing, "short pick", reply->mutable_order());
  return grpc::Status::OK;
}

grpc::Status FakeOmsServer::Fulfillment::RejectShipment(
    grpc::ServerContext*, const oms::v1::RejectShipmentRequest* request,
    oms::v1::ShipmentActionResponse* reply) {
  server_->RecordRequest("RejectShipment", *request);
  grpc::Status status = Move(request->request_id(), request->shipment_id(),
                             oms::v1::SHIPMENT_STATUS_REJECTED, reply);
  if (!status.ok()) return status;
  Shipment* shipment = reply->mutable_shipment();
  shipment->set_note(request->reason());
  *reply->mutable_order() = OrderWith(*shipment);
  Reroute(*shipment, shipment->lines(0).quantity(), "rejected",
          reply->mutable_order());
  return grpc::Status::OK;
}

grpc::Status FakeOmsServer::Fulfillment::MarkReadyForPickup(
    grpc::ServerContext*, const oms::v1::ShipmentActionRequest* request,
    oms::v1::ShipmentActionResponse* reply) {
  server_->RecordRequest("MarkReadyForPickup", *request);
  return Move(request->request_id(), request->shipment_id(),
              oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP, reply);
}

grpc::Status FakeOmsServer::Fulfillment::CompletePickup(
    grpc::ServerContext*, const oms::v1::ShipmentActionRequest* request,
    oms::v1::ShipmentActionResponse* reply) {
  server_->RecordRequest("CompletePickup", *request);
  return Move(request->request_id(), request->shipment_id(),
              oms::v1::SHIPMENT_STATUS_PICKED_UP, reply);
}

}  // namespace omsctl::testing
