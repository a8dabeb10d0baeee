#include "server/api/fulfillment_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/order_service.h"
#include "server/api/proto_mapping.h"
#include "server/api/scope_guard.h"
#include "server/api/unary_call.h"

namespace oms::api {
namespace {

using application::fulfilment::Action;
using application::fulfilment::Outcome;
using application::fulfilment::RequestKey;

absl::Status CheckRequestId(const std::string& request_id) {
  if (request_id.size() > 255) {
    return absl::InvalidArgumentError("request_id: at most 255 characters");
  }
  return absl::OkStatus();
}

absl::Status CheckShipmentId(const std::string& shipment_id) {
  if (shipment_id.empty()) return absl::InvalidArgumentError("shipment_id: required");
  return absl::OkStatus();
}

template <typename Request>
RequestKey KeyOf(const Request& request, absl::string_view action) {
  Request without_key = request;
  without_key.clear_request_id();
  // The action is part of the content: one key never names two actions.
  return {request.request_id(), absl::StrCat(action, ":", Fingerprint(without_key))};
}

// Finishes an action RPC with the outcome of the use case.
application::Fulfilment::Callback Answer(v1::ShipmentActionResponse* response, Finish finish) {
  return [response, finish](absl::StatusOr<Outcome> outcome) {
    if (outcome.ok()) ToProto(*outcome, response);
    finish(outcome.status());
  };
}

}  // namespace

void ToProto(const Outcome& in, v1::ShipmentActionResponse* out) {
  ToProto(in.order, out->mutable_order());
  for (const auto& s : in.order.shipments) {
    if (s.shipment_id == in.shipment_id) ToProto(s, in.order.currency, out->mutable_shipment());
  }
  out->set_replayed(in.replayed);
}

FulfillmentService::FulfillmentService(Authenticator& auth, application::ReadModel& reads,
                                       application::Fulfilment& fulfilment)
    : auth_(auth), reads_(reads), fulfilment_(fulfilment) {}

grpc::ServerUnaryReactor* FulfillmentService::ListShipments(grpc::CallbackServerContext* context,
                                                            const v1::ListShipmentsRequest* request,
                                                            v1::ListShipmentsResponse* response) {
  return Unary(context, auth_, "oms.v1.FulfillmentService/ListShipments", *request,
               [&](const application::Actor& actor) -> absl::Status {
                 application::ShipmentFilter filter;
                 filter.node_id = request->node_id();
                 for (int s : request->statuses()) {
                   auto status = FromProto(static_cast<v1::ShipmentStatus>(s));
                   if (!status.ok()) return status.status();
                   filter.statuses.push_back(*status);
                 }
                 if (!request->order_id().empty()) {
                   // An order number is accepted too: shipments are found by order id.
                   auto order = VisibleOrder(reads_, actor, request->order_id());
                   if (!order.ok()) return order.status();
                   filter.order_id = order->order_id;
                 }
                 if (absl::Status s = ScopeNodeFilter(reads_, actor, filter.node_id); !s.ok())
                   return s;
                 auto size = PageSize(request->page().page_size(), 100);
                 if (!size.ok()) return size.status();
                 filter.page_size = *size;
                 filter.page_token = request->page().page_token();
                 auto page = reads_.ListShipments(filter);
                 if (!page.ok()) return page.status();
                 for (const auto& view : page->items) {
                   ToProto(view.shipment, view.currency, response->add_shipments());
                 }
                 response->set_next_page_token(page->next_page_token);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* FulfillmentService::GetShipment(grpc::CallbackServerContext* context,
                                                          const v1::GetShipmentRequest* request,
                                                          v1::Shipment* response) {
  return Unary(context, auth_, "oms.v1.FulfillmentService/GetShipment", *request,
               [&](const application::Actor& actor) -> absl::Status {
                 if (absl::Status s = CheckShipmentId(request->shipment_id()); !s.ok()) return s;
                 if (absl::Status s = RequireVisibleShipment(reads_, actor, request->shipment_id());
                     !s.ok()) {
                   return s;
                 }
                 auto view = reads_.GetShipment(request->shipment_id());
                 if (!view.ok()) return view.status();
                 ToProto(view->shipment, view->currency, response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* FulfillmentService::Act(grpc::CallbackServerContext* context,
                                                  absl::string_view method,
                                                  const v1::ShipmentActionRequest* request,
                                                  Action action,
                                                  v1::ShipmentActionResponse* response) {
  return AsyncUnary(
      context, auth_, method, *request, [=, this](const application::Actor& actor, Finish finish) {
        if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return finish(s);
        if (absl::Status s = CheckShipmentId(request->shipment_id()); !s.ok()) return finish(s);
        if (absl::Status s = RequireVisibleShipment(reads_, actor, request->shipment_id()); !s.ok())
          return finish(s);
        application::fulfilment::ShipmentCommand command;
        command.action = action;
        command.shipment_id = request->shipment_id();
        command.key = KeyOf(*request, absl::StrCat(static_cast<int>(action)));
        fulfilment_.Work(std::move(command), actor, Answer(response, finish));
      });
}

grpc::ServerUnaryReactor* FulfillmentService::StartPicking(grpc::CallbackServerContext* context,
                                                           const v1::ShipmentActionRequest* request,
                                                           v1::ShipmentActionResponse* response) {
  return Act(context, "oms.v1.FulfillmentService/StartPicking", request, Action::kStartPicking,
             response);
}

grpc::ServerUnaryReactor* FulfillmentService::PackShipment(grpc::CallbackServerContext* context,
                                                           const v1::ShipmentActionRequest* request,
                                                           v1::ShipmentActionResponse* response) {
  return Act(context, "oms.v1.FulfillmentService/PackShipment", request, Action::kPack, response);
}

grpc::ServerUnaryReactor* FulfillmentService::DeliverShipment(
    grpc::CallbackServerContext* context, const v1::ShipmentActionRequest* request,
    v1::ShipmentActionResponse* response) {
  return Act(context, "oms.v1.FulfillmentService/DeliverShipment", request, Action::kDeliver,
             response);
}

grpc::ServerUnaryReactor* FulfillmentService::MarkReadyForPickup(
    grpc::CallbackServerContext* context, const v1::ShipmentActionRequest* request,
    v1::ShipmentActionResponse* response) {
  return Act(context, "oms.v1.FulfillmentService/MarkReadyForPickup", request,
             Action::kReadyForPickup, response);
}

grpc::ServerUnaryReactor* FulfillmentService::CompletePickup(
    grpc::CallbackServerContext* context, const v1::ShipmentActionRequest* request,
    v1::ShipmentActionResponse* response) {
  return Act(context, "oms.v1.FulfillmentService/CompletePickup", request, Action::kCompletePickup,
             response);
}

grpc::ServerUnaryReactor* FulfillmentService::ShipShipment(grpc::CallbackServerContext* context,
                                                           const v1::ShipShipmentRequest* request,
                                                           v1::ShipmentActionResponse* response) {
  return AsyncUnary(
      context, auth_, "oms.v1.FulfillmentService/ShipShipment", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return finish(s);
        if (absl::Status s = CheckShipmentId(request->shipment_id()); !s.ok()) return finish(s);
        if (absl::Status s = RequireVisibleShipment(reads_, actor, request->shipment_id()); !s.ok())
          return finish(s);
        if (request->carrier().empty() || request->carrier().size() > 64) {
          return finish(absl::InvalidArgumentError("carrier: required, at most 64 characters"));
        }
        if (request->tracking_id().empty() || request->tracking_id().size() > 128) {
          return finish(
              absl::InvalidArgumentError("tracking_id: required, at most 128 characters"));
        }
        if (request->service().size() > 64) {
          return finish(absl::InvalidArgumentError("service: at most 64 characters"));
        }
        application::fulfilment::ShipmentCommand command;
        command.action = Action::kShip;
        command.shipment_id = request->shipment_id();
        command.carrier = request->carrier();
        command.service = request->service();
        command.tracking_id = request->tracking_id();
        command.key = KeyOf(*request, "ship");
        fulfilment_.Work(std::move(command), actor, Answer(response, finish));
      });
}

grpc::ServerUnaryReactor* FulfillmentService::ReportShortPick(
    grpc::CallbackServerContext* context, const v1::ReportShortPickRequest* request,
    v1::ShipmentActionResponse* response) {
  return AsyncUnary(
      context, auth_, "oms.v1.FulfillmentService/ReportShortPick", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return finish(s);
        if (absl::Status s = CheckShipmentId(request->shipment_id()); !s.ok()) return finish(s);
        if (absl::Status s = RequireVisibleShipment(reads_, actor, request->shipment_id()); !s.ok())
          return finish(s);
        if (request->lines().empty() || request->lines_size() > 100) {
          return finish(absl::InvalidArgumentError("lines: between 1 and 100 short lines"));
        }
        if (request->reason().size() > 200) {
          return finish(absl::InvalidArgumentError("reason: at most 200 characters"));
        }
        std::vector<application::fulfilment::ShortLine> lines;
        for (int i = 0; i < request->lines_size(); ++i) {
          const auto& l = request->lines(i);
          if (l.missing() <= 0) {
            return finish(absl::InvalidArgumentError(
                absl::StrCat("lines[", i, "].missing: must be at least 1, got ", l.missing())));
          }
          lines.push_back({l.line_no(), l.missing()});
        }
        fulfilment_.ShortPick(request->shipment_id(), std::move(lines), request->reason(),
                              KeyOf(*request, "short-pick"), actor, Answer(response, finish));
      });
}

grpc::ServerUnaryReactor* FulfillmentService::RejectShipment(
    grpc::CallbackServerContext* context, const v1::RejectShipmentRequest* request,
    v1::ShipmentActionResponse* response) {
  return AsyncUnary(
      context, auth_, "oms.v1.FulfillmentService/RejectShipment", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return finish(s);
        if (absl::Status s = CheckShipmentId(request->shipment_id()); !s.ok()) return finish(s);
        if (absl::Status s = RequireVisibleShipment(reads_, actor, request->shipment_id()); !s.ok())
          return finish(s);
        fulfilment_.Reject(request->shipment_id(), request->reason(), KeyOf(*request, "reject"),
                           actor, Answer(response, finish));
      });
}

}  // namespace oms::api
