#include "server/api/unary_call.h"

#include <exception>

#include "server/api/grpc_status.h"
#include "server/api/rpc_observation.h"
#include "spdlog/spdlog.h"

namespace oms::api {

grpc::ServerUnaryReactor* Unary(
    grpc::CallbackServerContext* context, Authenticator& auth,
    const std::function<absl::Status(const application::Actor&)>& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  RpcObservation rpc(*context, "");
  absl::Status status;
  try {
    auto actor = auth.Authenticate(*context);
    if (actor.ok()) rpc.Enter(*actor);
    status = actor.ok() ? body(*actor) : actor.status();
  } catch (const std::exception& e) {
    spdlog::error("internal error in RPC: {}", e.what());
    status = absl::InternalError("internal error; the server log has the details");
  }
  rpc.Finish(status);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* AsyncUnary(
    grpc::CallbackServerContext* context, Authenticator& auth,
    const std::function<void(const application::Actor&, Finish)>& start) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto rpc = std::make_shared<RpcObservation>(*context, "");
  auto finish = [reactor, rpc](const absl::Status& status) {
    rpc->Finish(status);
    reactor->Finish(ToGrpcStatus(status));
  };
  try {
    auto actor = auth.Authenticate(*context);
    if (actor.ok()) rpc->Enter(*actor);
    if (!actor.ok()) {
      finish(actor.status());
    } else {
      start(*actor, finish);
    }
  } catch (const std::exception& e) {
    spdlog::error("internal error in RPC: {}", e.what());
    finish(absl::InternalError("internal error; the server log has the details"));
  }
  rpc->Leave();
  return reactor;
}

}  // namespace oms::api
