#include "server/api/return_service.h"

#include "server/api/home_forwarding.h"
#include "server/api/proto_mapping.h"
#include "server/api/return_mapping.h"
#include "server/api/scope_guard.h"
#include "server/api/unary_call.h"

namespace oms::api {
namespace {

application::Returns::Callback Answer(v1::ReturnResponse* response, Finish finish,
                                      const application::Actor& actor) {
  return [response, finish, actor](absl::StatusOr<application::ReturnOutcome> outcome) {
    if (outcome.ok()) {
      api::ToProto(outcome->order, response->mutable_order());
      Redact(actor, response->mutable_order());
      response->set_return_id(outcome->return_id);
      if (outcome->replacement.has_value()) {
        api::ToProto(*outcome->replacement, response->mutable_replacement());
      }
      response->set_replayed(outcome->replayed);
    }
    finish(outcome.status());
  };
}

}  // namespace

ReturnService::ReturnService(Authenticator& auth, application::ReadModel& reads,
                             application::Returns& returns, HomeForwarder* forwarder)
    : auth_(auth), reads_(reads), returns_(returns), forwarder_(forwarder) {}

grpc::ServerUnaryReactor* ReturnService::CreateReturn(grpc::CallbackServerContext* context,
                                                      const v1::CreateReturnRequest* request,
                                                      v1::ReturnResponse* response) {
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.ReturnService/CreateReturn",
                                            request->order_id(), *request, response)) {
    return forwarded;
  }
  return AsyncUnary(context, auth_, "oms.v1.ReturnService/CreateReturn", *request,
                    [=, this](const application::Actor& actor, Finish finish) {
                      auto command = ToCommand(*request);
                      if (!command.ok()) return finish(command.status());
                      auto order = VisibleOrder(reads_, actor, request->order_id());
                      if (!order.ok()) return finish(order.status());
                      returns_.Create(std::move(*command), actor, Answer(response, finish, actor));
                    });
}

grpc::ServerUnaryReactor* ReturnService::ReceiveReturn(grpc::CallbackServerContext* context,
                                                       const v1::ReceiveReturnRequest* request,
                                                       v1::ReturnResponse* response) {
  // The return id starts with its order's, and so with its home region.
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.ReturnService/ReceiveReturn",
                                            request->return_id(), *request, response)) {
    return forwarded;
  }
  return AsyncUnary(
      context, auth_, "oms.v1.ReturnService/ReceiveReturn", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        auto command = ToCommand(*request);
        if (!command.ok()) return finish(command.status());
        if (absl::Status s = RequireVisibleReturn(reads_, actor, request->return_id()); !s.ok()) {
          return finish(s);
        }
        returns_.Receive(std::move(*command), actor, Answer(response, finish, actor));
      });
}

grpc::ServerUnaryReactor* ReturnService::CancelReturn(grpc::CallbackServerContext* context,
                                                      const v1::CancelReturnRequest* request,
                                                      v1::ReturnResponse* response) {
  // The return id starts with its order's, and so with its home region.
  if (auto* forwarded = ForwardIfElsewhere(forwarder_, context, "oms.v1.ReturnService/CancelReturn",
                                            request->return_id(), *request, response)) {
    return forwarded;
  }
  return AsyncUnary(
      context, auth_, "oms.v1.ReturnService/CancelReturn", *request,
      [=, this](const application::Actor& actor, Finish finish) {
        if (request->return_id().empty()) {
          return finish(absl::InvalidArgumentError("return_id: required"));
        }
        if (request->reason().size() > 1000) {
          return finish(absl::InvalidArgumentError("reason: at most 1000 characters"));
        }
        if (absl::Status s = RequireVisibleReturn(reads_, actor, request->return_id()); !s.ok()) {
          return finish(s);
        }
        returns_.Cancel(request->return_id(), request->reason(), actor,
                        Answer(response, finish, actor));
      });
}

}  // namespace oms::api
