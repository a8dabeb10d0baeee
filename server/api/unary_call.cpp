#include "server/api/unary_call.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <exception>

#include "server/api/grpc_status.h"
#include "server/api/rpc_observation.h"
#include "server/application/policy.h"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

// The caller's idempotency key, when the request has one.
std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return {};
  }
  return request.GetReflection()->GetString(request, field);
}

}  // namespace

absl::StatusOr<application::Actor> Admit(grpc::CallbackServerContext* context, Authenticator& auth,
                                         absl::string_view method,
                                         const google::protobuf::Message* request) {
  const application::RpcRule* rule = application::FindRule(method);
  absl::StatusOr<application::Actor> actor;
  if (rule != nullptr && rule->is_public) {
    actor = application::Actor{"anonymous", "", TraceIdFrom(*context)};
  } else {
    actor = auth.Authenticate(*context);
  }
  if (!actor.ok()) return actor.status();
  if (absl::Status allowed = application::Authorize(method, *actor); !allowed.ok()) {
    return allowed;
  }
  actor->method = std::string(method);
  if (request != nullptr) actor->request_id = RequestIdOf(*request);
  return actor;
}

grpc::ServerUnaryReactor* Unary(
    grpc::CallbackServerContext* context, Authenticator& auth, absl::string_view method,
    const google::protobuf::Message& request,
    const std::function<absl::Status(const application::Actor&)>& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  RpcObservation rpc(*context, std::string(method));
  absl::Status status;
  try {
    auto actor = Admit(context, auth, method, &request);
    if (actor.ok()) rpc.Enter(*actor);
    status = actor.ok() ? body(*actor) : actor.status();
  } catch (const std::exception& e) {
    spdlog::error("internal error in RPC {}: {}", std::string(method), e.what());
    status = absl::InternalError("internal error; the server log has the details");
  }
  rpc.Finish(status);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* AsyncUnary(
    grpc::CallbackServerContext* context, Authenticator& auth, absl::string_view method,
    const google::protobuf::Message& request,
    const std::function<void(const application::Actor&, Finish)>& start) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto rpc = std::make_shared<RpcObservation>(*context, std::string(method));
  auto finish = [reactor, rpc](const absl::Status& status) {
    rpc->Finish(status);
    reactor->Finish(ToGrpcStatus(status));
  };
  try {
    auto actor = Admit(context, auth, method, &request);
    if (actor.ok()) rpc->Enter(*actor);
    if (!actor.ok()) {
      finish(actor.status());
    } else {
      start(*actor, finish);
    }
  } catch (const std::exception& e) {
    spdlog::error("internal error in RPC {}: {}", std::string(method), e.what());
    finish(absl::InternalError("internal error; the server log has the details"));
  }
  rpc->Leave();
  return reactor;
}

}  // namespace oms::api
