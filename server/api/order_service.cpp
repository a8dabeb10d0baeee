#include "server/api/order_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/home_forwarding.h"
#include "server/api/proto_mapping.h"
#include "server/api/region_services.h"
#include "server/api/scope_guard.h"
#include "server/api/unary_call.h"
#include "server/api/watch_orders.h"
#include "server/api/watch_stream.h"

namespace oms::api {

absl::StatusOr<int> PageSize(int requested, int fallback) {
  if (requested < 0 || requested > 500) {
    return absl::InvalidArgumentError(
        absl::StrCat("page.page_size: must be between 0 and 500, got ", requested));
  }
  return requested == 0 ? fallback : requested;
}

OrderService::OrderService(Authenticator& auth, application::ReadModel& reads,
                           application::PlacementSaga& placement,
                           application::Fulfilment& fulfilment, WatchHub* watches,
                           const application::RegionDirectory* regions,
                           HomeForwarder* forwarder)
    : auth_(auth),
      regions_(regions),
      forwarder_(forwarder),
      reads_(reads),
      placement_(placement),
      fulfilment_(fulfilment),
      watches_(watches) {}

absl::StatusOr<domain::OrderState> OrderService::Find(const application::Actor& actor,
                                                      const std::string& id_or_number) {
  return VisibleOrder(reads_, actor, id_or_number);
}

grpc::ServerUnaryReactor* OrderService::PlaceOrder(grpc::CallbackServerContext* context,
                                                   const v1::PlaceOrderRequest* request,
                                                   v1::PlaceOrderResponse* response) {
  // A retry whose key another region took first is that region's to answer.
  if (forwarder_ != nullptr) {
    if (auto* forwarded = forwarder_->ForwardKeyHeldElsewhere(
            context, "oms.v1.OrderService/PlaceOrder", request->request_id(), reads_, *request,
            response)) {
      return forwarded;
    }
  }
  return AsyncUnary(context, auth_, "oms.v1.OrderService/PlaceOrder", *request,
                    [&](const application::Actor& actor, Finish finish) {
                      auto command = ToCommand(*request);
                      if (!command.ok()) {
                        finish(command.status());
                        return;
                      }
                      if (absl::Status s = application::MayPlaceOrder(
                              actor, command->channel, command->pickup_node_id);
                          !s.ok()) {
                        return finish(s);
                      }
                      placement_.Place(std::move(*command), actor,
                                       [response, finish, actor](
                                           absl::StatusOr<application::PlaceOrderResult> result) {
                                         if (!result.ok()) {
                                           finish(result.status());
                                           return;
                                         }
                                         ToProto(result->order, response->mutable_order());
                                         Redact(actor, response->mutable_order());
                                         response->set_replayed(result->replayed);
                                         finish(absl::OkStatus());
                                       });
                    });
}

grpc::ServerUnaryReactor* OrderService::GetOrder(grpc::CallbackServerContext* context,
                                                 const v1::GetOrderRequest* request,
                                                 v1::Order* response) {
  return Unary(context, auth_, "oms.v1.OrderService/GetOrder", *request,
               [&](const application::Actor& actor) -> absl::Status {
                 if (request->order_id().empty() && request->order_number().empty()) {
                   return absl::InvalidArgumentError("order_id or order_number: give one of them");
                 }
                 auto order = request->order_id().empty() ? Find(actor, request->order_number())
                                                          : Find(actor, request->order_id());
                 if (!order.ok()) return order.status();
                 ToProto(*order, response);
                 Redact(actor, response);
                 MarkReplica(regions_, order->region, response->mutable_replica());
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* OrderService::SearchOrders(grpc::CallbackServerContext* context,
                                                     const v1::SearchOrdersRequest* request,
                                                     v1::SearchOrdersResponse* response) {
  return Unary(
      context, auth_, "oms.v1.OrderService/SearchOrders", *request,
      [&](const application::Actor& actor) -> absl::Status {
        application::OrderSearch search;
        search.order_number = request->order_number();
        search.email = request->email();
        search.phone = request->phone();
        search.customer_name = request->customer_name();
        search.sku = request->sku();
        for (int s : request->statuses()) {
          auto status = FromProto(static_cast<v1::OrderStatus>(s));
          if (!status.ok()) return status.status();
          search.statuses.push_back(*status);
        }
        search.channel = request->channel();
        search.node_id = request->node_id();
        search.region = request->region();
        if (request->has_created_from())
          search.created_from = FromTimestamp(request->created_from());
        if (request->has_created_to()) search.created_to = FromTimestamp(request->created_to());
        search.oldest_first = request->sort() == v1::SORT_ORDER_OLDEST_FIRST;
        for (const auto* field :
             {&search.order_number, &search.email, &search.phone, &search.customer_name,
              &search.sku, &search.channel, &search.node_id, &search.region}) {
          if (field->size() > 200) {
            return absl::InvalidArgumentError("search filters: at most 200 characters each");
          }
        }
        auto size = PageSize(request->page().page_size(), 50);
        if (!size.ok()) return size.status();
        search.page_size = *size;
        search.page_token = request->page().page_token();
        application::RestrictToScope(actor, search);
        auto page = reads_.SearchOrders(search);
        if (!page.ok()) return page.status();
        for (const auto& row : page->items) {
          v1::OrderSummary* summary = response->add_orders();
          ToProto(row, summary);
          Redact(actor, summary);
          MarkReplica(regions_, row.region, summary->mutable_replica());
        }
        response->set_next_page_token(page->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* OrderService::ListOrderEvents(grpc::CallbackServerContext* context,
                                                        const v1::ListOrderEventsRequest* request,
                                                        v1::ListOrderEventsResponse* response) {
  return Unary(context, auth_, "oms.v1.OrderService/ListOrderEvents", *request,
               [&](const application::Actor& actor) -> absl::Status {
                 if (request->order_id().empty())
                   return absl::InvalidArgumentError("order_id: required");
                 auto order = Find(actor, request->order_id());
                 if (!order.ok()) return order.status();
                 auto size = PageSize(request->page().page_size(), 200);
                 if (!size.ok()) return size.status();
                 auto page =
                     reads_.ListEvents(order->order_id, *size, request->page().page_token());
                 if (!page.ok()) return page.status();
                 for (const auto& e : page->items) {
                   v1::OrderEvent* event = response->add_events();
                   ToProto(e, event);
                   Redact(actor, request->include_snapshot(), event);
                 }
                 response->set_next_page_token(page->next_page_token);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* OrderService::HoldOrder(grpc::CallbackServerContext* context,
                                                  const v1::HoldOrderRequest* request,
                                                  v1::Order* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.OrderService/HoldOrder",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  v1::HoldOrderRequest without_key = *request;
  without_key.clear_request_id();
  return ChangeHold(context, "oms.v1.OrderService/HoldOrder", *request, true, request->request_id(),
                    request->order_id(), request->reason(), request->note(), request->shipment_id(),
                    absl::StrCat("hold:", Fingerprint(without_key)), response);
}

grpc::ServerUnaryReactor* OrderService::ReleaseOrder(grpc::CallbackServerContext* context,
                                                     const v1::ReleaseOrderRequest* request,
                                                     v1::Order* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.OrderService/ReleaseOrder",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  v1::ReleaseOrderRequest without_key = *request;
  without_key.clear_request_id();
  return ChangeHold(context, "oms.v1.OrderService/ReleaseOrder", *request, false,
                    request->request_id(), request->order_id(), request->reason(), "",
                    request->shipment_id(), absl::StrCat("release:", Fingerprint(without_key)),
                    response);
}

grpc::ServerUnaryReactor* OrderService::ChangeHold(
    grpc::CallbackServerContext* context, absl::string_view method,
    const google::protobuf::Message& request, bool hold, const std::string& request_id,
    const std::string& order_ref, v1::HoldReason reason, const std::string& note,
    const std::string& shipment_id, std::string request_hash, v1::Order* response) {
  return AsyncUnary(
      context, auth_, method, request, [=, this](const application::Actor& actor, Finish finish) {
        if (request_id.size() > 255) {
          return finish(absl::InvalidArgumentError("request_id: at most 255 characters"));
        }
        if (order_ref.empty()) return finish(absl::InvalidArgumentError("order_id: required"));
        if (note.size() > 500)
          return finish(absl::InvalidArgumentError("note: at most 500 characters"));
        auto domain_reason = FromProto(reason);
        if (!domain_reason.ok()) return finish(domain_reason.status());
        if (hold && *domain_reason == domain::HoldReason::kAwaitingPayment) {
          return finish(absl::InvalidArgumentError(
              "reason: AWAITING_PAYMENT is placed by the payment saga, not by people"));
        }
        auto order = Find(actor, order_ref);
        if (!order.ok()) return finish(order.status());
        fulfilment_.ChangeHold(
            order->order_id, hold, *domain_reason, note, shipment_id,
            {request_id, std::move(request_hash)}, actor,
            [response, finish, actor](absl::StatusOr<application::fulfilment::Outcome> out) {
              if (out.ok()) {
                ToProto(out->order, response);
                Redact(actor, response);
              }
              finish(out.status());
            });
      });
}

namespace {

absl::StatusOr<domain::Order::CancellationRequest> ToCancellation(const v1::CancelOrderRequest& r) {
  domain::Order::CancellationRequest c;
  for (int i = 0; i < r.lines_size(); ++i) {
    if (r.lines(i).quantity() <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines[", i, "].quantity: must be at least 1"));
    }
    c.lines.push_back({r.lines(i).line_no(), r.lines(i).quantity()});
  }
  switch (r.reason()) {
    case v1::CANCEL_REASON_CUSTOMER_REQUEST:
      c.reason = domain::CancelReason::kCustomerRequest;
      break;
    case v1::CANCEL_REASON_FRAUD:
      c.reason = domain::CancelReason::kFraud;
      break;
    case v1::CANCEL_REASON_PAYMENT_FAILURE:
      c.reason = domain::CancelReason::kPaymentFailure;
      break;
    case v1::CANCEL_REASON_OUT_OF_STOCK:
      c.reason = domain::CancelReason::kOutOfStock;
      break;
    case v1::CANCEL_REASON_DUPLICATE:
      c.reason = domain::CancelReason::kDuplicate;
      break;
    case v1::CANCEL_REASON_OTHER:
      c.reason = domain::CancelReason::kOther;
      break;
    default:
      return absl::InvalidArgumentError(
          "reason: CUSTOMER_REQUEST, FRAUD, PAYMENT_FAILURE, OUT_OF_STOCK, DUPLICATE or OTHER");
  }
  switch (r.initiator()) {
    case v1::CANCEL_INITIATOR_UNSPECIFIED:
    case v1::CANCEL_INITIATOR_CUSTOMER:
      c.initiator = domain::Initiator::kCustomer;
      break;
    case v1::CANCEL_INITIATOR_STAFF:
      c.initiator = domain::Initiator::kStaff;
      break;
    default:
      return absl::InvalidArgumentError(
          "initiator: CUSTOMER or STAFF; system cancellations are made by omsd itself");
  }
  if (r.note().size() > 500) return absl::InvalidArgumentError("note: at most 500 characters");
  c.note = r.note();
  return c;
}

v1::CancelEffect EffectToProto(domain::CancelEffect e) {
  switch (e) {
    case domain::CancelEffect::kCancel:
      return v1::CANCEL_EFFECT_CANCEL;
    case domain::CancelEffect::kAskNode:
      return v1::CANCEL_EFFECT_ASK_NODE;
    case domain::CancelEffect::kReturnInstead:
      return v1::CANCEL_EFFECT_RETURN_INSTEAD;
  }
  return v1::CANCEL_EFFECT_UNSPECIFIED;
}

void ToProto(const domain::Order::CancellationPlan& in, const std::string& currency,
             v1::CancellationPreview* out) {
  for (const auto& p : in.parts) {
    auto* part = out->add_parts();
    part->set_line_no(p.line_no);
    part->set_sku(p.sku);
    part->set_unit_state(std::string(domain::Name(p.state)));
    part->set_node_id(p.node_id);
    part->set_shipment_id(p.shipment_id);
    part->set_quantity(p.quantity);
    part->set_effect(EffectToProto(p.effect));
    part->set_why(p.why);
  }
  for (const auto& m : in.money) {
    auto* money = out->add_money();
    money->set_tender_id(m.tender_id);
    money->set_type(api::ToProto(m.type));
    SetMoney(m.void_minor, currency, money->mutable_voided());
    SetMoney(m.refund_minor, currency, money->mutable_refunded());
  }
  SetMoney(in.value_minor, currency, out->mutable_value());
  SetMoney(in.unsettled_minor, currency, out->mutable_unsettled());
  out->set_order_cancelled(in.order_cancelled);
}

// What CancelOrder and RejectOrderHold answer: the order, and what was
// done unless the request was a replay.
std::function<void(absl::StatusOr<application::cancellation::Outcome>)> CancelAnswer(
    v1::CancelOrderResponse* response, Finish finish, std::string currency,
    const application::Actor& actor) {
  return
      [response, finish, currency, actor](absl::StatusOr<application::cancellation::Outcome> out) {
        if (out.ok()) {
          api::ToProto(out->order, response->mutable_order());
          Redact(actor, response->mutable_order());
          if (!out->replayed) ToProto(out->plan, currency, response->mutable_applied());
          response->set_replayed(out->replayed);
        }
        finish(out.status());
      };
}

}  // namespace

grpc::ServerUnaryReactor* OrderService::PreviewCancellation(grpc::CallbackServerContext* context,
                                                            const v1::CancelOrderRequest* request,
                                                            v1::CancellationPreview* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.OrderService/PreviewCancellation",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  return Unary(context, auth_, "oms.v1.OrderService/PreviewCancellation", *request,
               [&](const application::Actor& actor) -> absl::Status {
                 auto cancellation = ToCancellation(*request);
                 if (!cancellation.ok()) return cancellation.status();
                 if (request->order_id().empty())
                   return absl::InvalidArgumentError("order_id: required");
                 auto state = Find(actor, request->order_id());
                 if (!state.ok()) return state.status();
                 const application::FulfilmentSettings& settings = fulfilment_.settings();
                 const domain::Order order = domain::Order::Restore(*state);
                 auto plan = order.PlanCancellation(*cancellation, [&](const std::string& node) {
                   return settings.is_partner_node && settings.is_partner_node(node)
                              ? domain::NodeKind::kPartner
                              : domain::NodeKind::kInternal;
                 });
                 if (!plan.ok()) return plan.status();
                 ToProto(*plan, state->currency, response);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* OrderService::CancelOrder(grpc::CallbackServerContext* context,
                                                    const v1::CancelOrderRequest* request,
                                                    v1::CancelOrderResponse* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.OrderService/CancelOrder",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  return AsyncUnary(
      context, auth_, "oms.v1.OrderService/CancelOrder", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        if (request->request_id().size() > 255) {
          return finish(absl::InvalidArgumentError("request_id: at most 255 characters"));
        }
        if (request->order_id().empty()) {
          return finish(absl::InvalidArgumentError("order_id: required"));
        }
        auto cancellation = ToCancellation(*request);
        if (!cancellation.ok()) return finish(cancellation.status());
        auto order = Find(actor, request->order_id());
        if (!order.ok()) return finish(order.status());
        v1::CancelOrderRequest without_key = *request;
        without_key.clear_request_id();
        const std::string currency = order->currency;
        fulfilment_.CancelOrder(
            order->order_id, std::move(*cancellation),
            {request->request_id(), absl::StrCat("cancel:", Fingerprint(without_key))}, actor,
            CancelAnswer(response, finish, currency, actor));
      });
}

grpc::ServerUnaryReactor* OrderService::RejectOrderHold(grpc::CallbackServerContext* context,
                                                        const v1::RejectOrderHoldRequest* request,
                                                        v1::CancelOrderResponse* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.OrderService/RejectOrderHold",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  return AsyncUnary(
      context, auth_, "oms.v1.OrderService/RejectOrderHold", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        if (request->request_id().size() > 255) {
          return finish(absl::InvalidArgumentError("request_id: at most 255 characters"));
        }
        if (request->order_id().empty()) {
          return finish(absl::InvalidArgumentError("order_id: required"));
        }
        if (request->note().size() > 500) {
          return finish(absl::InvalidArgumentError("note: at most 500 characters"));
        }
        domain::HoldReason reason = domain::HoldReason::kFraudReview;
        if (request->reason() != v1::HOLD_REASON_UNSPECIFIED) {
          auto given = FromProto(request->reason());
          if (!given.ok()) return finish(given.status());
          reason = *given;
        }
        auto order = Find(actor, request->order_id());
        if (!order.ok()) return finish(order.status());
        v1::RejectOrderHoldRequest without_key = *request;
        without_key.clear_request_id();
        const std::string currency = order->currency;
        fulfilment_.RejectHold(
            order->order_id, reason, request->note(),
            {request->request_id(), absl::StrCat("reject-hold:", Fingerprint(without_key))}, actor,
            CancelAnswer(response, finish, currency, actor));
      });
}

grpc::ServerUnaryReactor* OrderService::AddOrderNote(grpc::CallbackServerContext* context,
                                                     const v1::AddOrderNoteRequest* request,
                                                     v1::Order* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.OrderService/AddOrderNote",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  return AsyncUnary(
      context, auth_, "oms.v1.OrderService/AddOrderNote", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        if (request->request_id().size() > 255) {
          return finish(absl::InvalidArgumentError("request_id: at most 255 characters"));
        }
        if (request->text().empty() || request->text().size() > 2000) {
          return finish(absl::InvalidArgumentError("text: a note needs 1 to 2000 characters"));
        }
        auto order = Find(actor, request->order_id());
        if (!order.ok()) return finish(order.status());
        v1::AddOrderNoteRequest without_key = *request;
        without_key.clear_request_id();
        fulfilment_.AddNote(
            order->order_id, request->text(),
            {request->request_id(), absl::StrCat("note:", Fingerprint(without_key))}, actor,
            [response, finish, actor](absl::StatusOr<application::fulfilment::Outcome> out) {
              if (out.ok()) {
                ToProto(out->order, response);
                Redact(actor, response);
              }
              finish(out.status());
            });
      });
}

grpc::ServerWriteReactor<v1::WatchOrdersResponse>* OrderService::WatchOrders(
    grpc::CallbackServerContext* context, const v1::WatchOrdersRequest* request) {
  if (watches_ == nullptr) {
    return WatchStream<v1::WatchOrdersResponse>::Refuse(
        grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "this server has no watch streams"));
  }
  return api::WatchOrders(*context, *request, auth_, reads_, *watches_);
}

}  // namespace oms::api
