#include "fake_oms_server.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "fake_fulfillment_service.h"

namespace omsctl::testing {
namespace {

oms::v1::Money Eur(int64_t minor) {
  oms::v1::Money money;
  money.set_amount_minor(minor);
  money.set_currency("EUR");
  return money;
}

oms::v1::OrderSummary Summary(const std::string& number) {
  oms::v1::OrderSummary summary;
  summary.set_order_number(number);
  summary.set_status(oms::v1::ORDER_STATUS_CONFIRMED);
  summary.mutable_customer()->set_name("Alice Example");
  *summary.mutable_total() = Eur(2468);
  summary.set_line_count(1);
  return summary;
}

bool IsTheOrder(const std::string& ref) {
  return ref == FakeOmsServer::kOrderId || ref == FakeOmsServer::kOrderNumber;
}

grpc::Status OrderNotFound(const std::string& ref) {
  return grpc::Status(grpc::StatusCode::NOT_FOUND,
                      absl::StrCat("order ", ref, " not found"));
}

// The holds a hold or release request is about: the order's, or those of
// the shipment it names. Null when the order has no such shipment.
google::protobuf::RepeatedPtrField<oms::v1::Hold>* HoldsOf(
    oms::v1::Order* order, const std::string& shipment_id) {
  if (shipment_id.empty()) return order->mutable_holds();
  for (oms::v1::Shipment& shipment : *order->mutable_shipments()) {
    if (shipment.shipment_id() == shipment_id) {
      return shipment.mutable_holds();
    }
  }
  return nullptr;
}

oms::v1::Shipment FixedShipment(const std::string& id, const std::string& node,
                                oms::v1::ShipmentStatus status) {
  oms::v1::Shipment shipment;
  shipment.set_shipment_id(id);
  shipment.set_order_id(FakeOmsServer::kOrderId);
  shipment.set_order_number(FakeOmsServer::kOrderNumber);
  shipment.set_node_id(node);
  shipment.set_kind(oms::v1::SHIPMENT_KIND_SHIP);
  shipment.set_status(status);
  shipment.mutable_created_at()->set_seconds(1767225600);
  oms::v1::ShipmentStatusChange* created = shipment.add_history();
  created->set_status(oms::v1::SHIPMENT_STATUS_CREATED);
  created->mutable_at()->set_seconds(1767225600);
  created->set_note("released to " + node);
  return shipment;
}

}  // namespace

class FakeOmsServer::Orders final : public oms::v1::OrderService::Service {
 public:
  explicit Orders(FakeOmsServer* server) : server_(server) {}

  grpc::Status GetOrder(grpc::ServerContext*,
                        const oms::v1::GetOrderRequest* request,
                        oms::v1::Order* reply) override {
    server_->Record([](Recorded&) {});
    if (request->order_number() == kOrderNumber ||
        request->order_id() == kOrderId) {
      *reply = FixedOrder();
      return grpc::Status::OK;
    }
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("order ", request->order_number(), request->order_id(),
                     " not found"));
  }

  grpc::Status PlaceOrder(grpc::ServerContext*,
                          const oms::v1::PlaceOrderRequest* request,
                          oms::v1::PlaceOrderResponse* reply) override {
    server_->Record([&](Recorded& r) { r.place = *request; });
    for (const auto& line : request->lines()) {
      if (line.sku() == kOutOfStockSku) {
        return grpc::Status(
            grpc::StatusCode::FAILED_PRECONDITION,
            absl::StrCat("out of stock: ", line.sku(), " at every node"));
      }
    }
    *reply->mutable_order() = FixedOrder();
    return grpc::Status::OK;
  }

  grpc::Status SearchOrders(grpc::ServerContext*,
                            const oms::v1::SearchOrdersRequest* request,
                            oms::v1::SearchOrdersResponse* reply) override {
    server_->Record([&](Recorded& r) { r.search = *request; });
    if (request->page().page_token() == "p2") {
      *reply->add_orders() = Summary("EU1-AAAA-0003");
      return grpc::Status::OK;
    }
    *reply->add_orders() = Summary("EU1-AAAA-0001");
    *reply->add_orders() = Summary("EU1-AAAA-0002");
    reply->set_next_page_token("p2");
    return grpc::Status::OK;
  }

  grpc::Status HoldOrder(grpc::ServerContext*,
                         const oms::v1::HoldOrderRequest* request,
                         oms::v1::Order* reply) override {
    server_->RecordRequest("HoldOrder", *request);
    if (!IsTheOrder(request->order_id())) {
      return OrderNotFound(request->order_id());
    }
    *reply = FixedOrder();
    auto* holds = HoldsOf(reply, request->shipment_id());
    if (holds == nullptr) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("shipment ", request->shipment_id(),
                                       " not found"));
    }
    oms::v1::Hold* hold = holds->Add();
    hold->set_reason(request->reason());
    hold->set_note(request->note());
    hold->mutable_placed_at()->set_seconds(1767312000);
    return grpc::Status::OK;
  }

  grpc::Status ReleaseOrder(grpc::ServerContext*,
                            const oms::v1::ReleaseOrderRequest* request,
                            oms::v1::Order* reply) override {
    server_->RecordRequest("ReleaseOrder", *request);
    if (!IsTheOrder(request->order_id())) {
      return OrderNotFound(request->order_id());
    }
    *reply = FixedOrder();
    auto* holds = HoldsOf(reply, request->shipment_id());
    const auto held_for_reason = [&](const oms::v1::Hold& hold) {
      return hold.reason() == request->reason();
    };
    if (holds == nullptr ||
        std::none_of(holds->begin(), holds->end(), held_for_reason)) {
      return grpc::Status(
          grpc::StatusCode::FAILED_PRECONDITION,
          absl::StrCat(request->shipment_id().empty()
                           ? request->order_id()
                           : request->shipment_id(),
                       " has no ", oms::v1::HoldReason_Name(request->reason()),
                       " hold"));
    }
    const auto held = std::find_if(holds->begin(), holds->end(),
                                   held_for_reason);
    holds->erase(held);
    return grpc::Status::OK;
  }

  // One unit of line 1 can be cancelled; line 2's units are packed.
  static oms::v1::CancellationPreview PreviewFor(const oms::v1::CancelOrderRequest& request) {
    oms::v1::CancellationPreview preview;
    auto* part = preview.add_parts();
    part->set_line_no(1);
    part->set_sku("TEE-ORG-WHT-M");
    part->set_unit_state("AT_NODE");
    part->set_node_id("EU1-WH-BER");
    part->set_shipment_id("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S1");
    part->set_quantity(1);
    part->set_effect(oms::v1::CANCEL_EFFECT_CANCEL);
    part->set_why("our own node stops at once");
    if (request.lines().empty()) {
      auto* packed = preview.add_parts();
      packed->set_line_no(2);
      packed->set_sku("HOOD-FLC-GRY-M");
      packed->set_unit_state("PACKED");
      packed->set_quantity(1);
      packed->set_effect(oms::v1::CANCEL_EFFECT_RETURN_INSTEAD);
      packed->set_why("packed units are not cancelled: they are returned once received");
    }
    auto* money = preview.add_money();
    money->set_tender_id("T1");
    money->set_type(oms::v1::TENDER_TYPE_CARD);
    money->mutable_voided()->set_amount_minor(1999);
    money->mutable_voided()->set_currency("EUR");
    money->mutable_refunded()->set_currency("EUR");
    preview.mutable_value()->set_amount_minor(1999);
    preview.mutable_value()->set_currency("EUR");
    return preview;
  }

  grpc::Status PreviewCancellation(grpc::ServerContext*,
                                   const oms::v1::CancelOrderRequest* request,
                                   oms::v1::CancellationPreview* reply) override {
    server_->RecordRequest("PreviewCancellation", *request);
    if (!IsTheOrder(request->order_id())) return OrderNotFound(request->order_id());
    *reply = PreviewFor(*request);
    return grpc::Status::OK;
  }

  grpc::Status CancelOrder(grpc::ServerContext*, const oms::v1::CancelOrderRequest* request,
                           oms::v1::CancelOrderResponse* reply) override {
    server_->RecordRequest("CancelOrder", *request);
    if (!IsTheOrder(request->order_id())) return OrderNotFound(request->order_id());
    if (!request->lines().empty() && request->lines(0).line_no() == 2) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "order EU1-7Q2M-K9XD: nothing cancelled, because 1 of HOOD-FLC-GRY-M "
                          "(PACKED at EU1-WH-BER): packed units are not cancelled: they are "
                          "returned once received");
    }
    *reply->mutable_order() = FixedOrder();
    *reply->mutable_applied() = PreviewFor(*request);
    return grpc::Status::OK;
  }

  grpc::Status RejectOrderHold(grpc::ServerContext*,
                               const oms::v1::RejectOrderHoldRequest* request,
                               oms::v1::CancelOrderResponse* reply) override {
    server_->RecordRequest("RejectOrderHold", *request);
    if (!IsTheOrder(request->order_id())) return OrderNotFound(request->order_id());
    if (request->reason() != oms::v1::HOLD_REASON_FRAUD_REVIEW &&
        request->reason() != oms::v1::HOLD_REASON_UNSPECIFIED) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "only a FRAUD_REVIEW hold can be rejected; release the ADDRESS_CHECK "
                          "hold with ReleaseOrder, or cancel the order with CancelOrder");
    }
    *reply->mutable_order() = FixedOrder();
    reply->mutable_order()->clear_holds();
    *reply->mutable_applied() = PreviewFor(oms::v1::CancelOrderRequest());
    return grpc::Status::OK;
  }

  grpc::Status AddOrderNote(grpc::ServerContext*, const oms::v1::AddOrderNoteRequest* request,
                            oms::v1::Order* reply) override {
    server_->RecordRequest("AddOrderNote", *request);
    if (!IsTheOrder(request->order_id())) return OrderNotFound(request->order_id());
    *reply = FixedOrder();
    auto* note = reply->add_notes();
    note->set_author("staff:alice");
    note->set_text(request->text());
    return grpc::Status::OK;
  }

 private:
  FakeOmsServer* server_;
};

class FakeOmsServer::Inventory final
    : public oms::v1::InventoryService::Service {
 public:
  explicit Inventory(FakeOmsServer* server) : server_(server) {}

  grpc::Status AdjustStock(grpc::ServerContext*,
                           const oms::v1::AdjustStockRequest* request,
                           oms::v1::StockLevel* reply) override {
    server_->Record([&](Recorded& r) { r.adjust = *request; });
    reply->set_sku(request->sku());
    reply->set_node_id(request->node_id());
    reply->set_region("EU1");
    reply->set_on_hand(request->quantity());
    reply->set_available(request->quantity());
    return grpc::Status::OK;
  }

  // CONSOLE-HND-X is a preorder waiting in three orders, one of which
  // cannot be changed; anything else is not sold as a preorder.
  grpc::Status DropPreorder(grpc::ServerContext*,
                            const oms::v1::DropPreorderRequest* request,
                            oms::v1::DropPreorderResponse* reply) override {
    server_->RecordRequest("DropPreorder", *request);
    if (request->sku() != "CONSOLE-HND-X") {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          absl::StrCat("product ", request->sku(),
                                       " is not sold as a preorder; nothing to drop"));
    }
    reply->set_orders_cancelled(2);
    reply->set_units_cancelled(3);
    reply->add_failures(
        "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B: order EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B was changed by "
        "someone else; retry");
    return grpc::Status::OK;
  }

 private:
  FakeOmsServer* server_;
};

class FakeOmsServer::Nodes final : public oms::v1::NodeService::Service {
 public:
  explicit Nodes(FakeOmsServer* server) : server_(server) {}

  grpc::Status ListNodes(grpc::ServerContext* context,
                         const oms::v1::ListNodesRequest* request,
                         oms::v1::ListNodesResponse* reply) override {
    server_->Record([](Recorded&) {});
    if (request->region() == "SLOW") {
      const auto give_up = std::chrono::steady_clock::now() +
                           std::chrono::seconds(10);
      while (!context->IsCancelled() &&
             std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return grpc::Status(grpc::StatusCode::CANCELLED, "caller gave up");
    }
    oms::v1::FulfillmentNode* node = reply->add_nodes();
    node->set_node_id("WH-BER-1");
    node->set_name("Berlin warehouse");
    node->set_type(oms::v1::NODE_TYPE_WAREHOUSE);
    node->set_region("EU1");
    node->add_capabilities(oms::v1::NODE_CAPABILITY_SHIP);
    return grpc::Status::OK;
  }

 private:
  FakeOmsServer* server_;
};

class FakeOmsServer::Session final : public oms::v1::SessionService::Service {
 public:
  explicit Session(FakeOmsServer* server) : server_(server) {}

  grpc::Status WhoAmI(grpc::ServerContext* context,
                      const oms::v1::WhoAmIRequest*,
                      oms::v1::WhoAmIResponse* reply) override {
    server_->Record([](Recorded&) {});
    const auto& metadata = context->client_metadata();
    const auto found = metadata.find("authorization");
    if (found == metadata.end() ||
        std::string(found->second.data(), found->second.size()) !=
            absl::StrCat("Bearer ", kToken)) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "missing or unknown bearer token");
    }
    reply->set_principal_id(kPrincipal);
    reply->set_display_name("Alice");
    reply->set_role("agent");
    reply->set_region("EU1");
    return grpc::Status::OK;
  }

 private:
  FakeOmsServer* server_;
};

FakeOmsServer::FakeOmsServer()
    : orders_(std::make_unique<Orders>(this)),
      inventory_(std::make_unique<Inventory>(this)),
      nodes_(std::make_unique<Nodes>(this)),
      session_(std::make_unique<Session>(this)),
      fulfillment_(std::make_unique<Fulfillment>(this)) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port_);
  builder.RegisterService(orders_.get());
  builder.RegisterService(inventory_.get());
  builder.RegisterService(nodes_.get());
  builder.RegisterService(session_.get());
  builder.RegisterService(fulfillment_.get());
  server_ = builder.BuildAndStart();
}

FakeOmsServer::~FakeOmsServer() {
  server_->Shutdown(std::chrono::system_clock::now());
}

std::string FakeOmsServer::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void FakeOmsServer::SetServing(bool serving) {
  server_->GetHealthCheckService()->SetServingStatus(serving);
}

oms::v1::Order FakeOmsServer::FixedOrder() {
  oms::v1::Order order;
  order.set_order_id(kOrderId);
  order.set_order_number(kOrderNumber);
  order.set_region("EU1");
  order.set_channel("web");
  order.set_status(oms::v1::ORDER_STATUS_CONFIRMED);
  order.set_payment_status(oms::v1::PAYMENT_STATUS_PARTIALLY_CAPTURED);
  order.set_fulfillment_status(oms::v1::FULFILLMENT_STATUS_PARTIALLY_SHIPPED);
  order.mutable_customer()->set_name("Alice Example");
  order.mutable_customer()->set_email("alice@example.com");
  order.mutable_created_at()->set_seconds(1767225600);  // 2026-01-01T00:00:00Z
  order.set_version(3);

  oms::v1::Hold* hold = order.add_holds();
  hold->set_reason(oms::v1::HOLD_REASON_FRAUD_REVIEW);
  hold->set_note("score 87");

  oms::v1::OrderLine* line = order.add_lines();
  line->set_line_no(1);
  line->set_sku("SKU-TEE");
  line->set_name("T-Shirt");
  *line->mutable_unit_price() = Eur(1234);
  *line->mutable_line_total() = Eur(2468);
  line->set_ordered(2);
  line->set_reserved(2);
  oms::v1::Allocation* allocation = line->add_allocations();
  allocation->set_node_id("WH-BER-1");
  allocation->set_quantity(2);
  allocation->set_reason("nearest node holding both units, 12 km");

  oms::v1::OrderLine* mug = order.add_lines();
  mug->set_line_no(2);
  mug->set_sku("SKU-MUG");
  mug->set_name("Mug");
  *mug->mutable_unit_price() = Eur(990);
  *mug->mutable_line_total() = Eur(990);
  mug->set_ordered(1);
  mug->set_shipped(1);
  allocation = mug->add_allocations();
  allocation->set_node_id("ST-MUC-3");
  allocation->set_quantity(1);
  allocation->set_reason("only node with SKU-MUG in stock, 480 km");

  oms::v1::Shipment* tee = order.add_shipments();
  *tee =
      FixedShipment(kShipmentId, "WH-BER-1", oms::v1::SHIPMENT_STATUS_PACKED);
  tee->set_routing_reason("nearest node holding both units, 12 km");
  oms::v1::ShipmentLine* tee_line = tee->add_lines();
  tee_line->set_line_no(1);
  tee_line->set_sku("SKU-TEE");
  tee_line->set_name("T-Shirt");
  tee_line->set_quantity(2);

  oms::v1::Shipment* from_store = order.add_shipments();
  *from_store = FixedShipment(kStoreShipmentId, "ST-MUC-3",
                              oms::v1::SHIPMENT_STATUS_SHIPPED);
  from_store->set_routing_reason("only node with SKU-MUG in stock, 480 km");
  from_store->set_carrier("DHL");
  from_store->set_service("express");
  from_store->set_tracking_id("00340434161094042557");
  *from_store->mutable_captured() = Eur(990);
  oms::v1::ShipmentLine* mug_line = from_store->add_lines();
  mug_line->set_line_no(2);
  mug_line->set_sku("SKU-MUG");
  mug_line->set_name("Mug");
  mug_line->set_quantity(1);
  oms::v1::ShipmentStatusChange* shipped = from_store->add_history();
  shipped->set_status(oms::v1::SHIPMENT_STATUS_SHIPPED);
  shipped->mutable_at()->set_seconds(1767268800);  // 2026-01-01T12:00:00Z
  shipped->set_note("DHL 00340434161094042557");

  oms::v1::Tender* tender = order.add_tenders();
  tender->set_tender_id("T-1");
  tender->set_type(oms::v1::TENDER_TYPE_CARD);
  *tender->mutable_amount() = Eur(3458);
  tender->set_status(oms::v1::TENDER_STATUS_CAPTURED);
  tender->set_authorized_minor(3458);
  tender->set_captured_minor(990);
  tender->set_card_last4("4242");

  oms::v1::OrderTotals* totals = order.mutable_totals();
  *totals->mutable_subtotal() = Eur(3458);
  *totals->mutable_total() = Eur(3458);
  return order;
}

int FakeOmsServer::calls() const {
  absl::MutexLock lock(&mu_);
  return recorded_.calls;
}

oms::v1::PlaceOrderRequest FakeOmsServer::last_place_request() const {
  absl::MutexLock lock(&mu_);
  return recorded_.place;
}

oms::v1::SearchOrdersRequest FakeOmsServer::last_search_request() const {
  absl::MutexLock lock(&mu_);
  return recorded_.search;
}

oms::v1::AdjustStockRequest FakeOmsServer::last_adjust_request() const {
  absl::MutexLock lock(&mu_);
  return recorded_.adjust;
}

}  // namespace omsctl::testing
