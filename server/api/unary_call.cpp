#include "server/api/unary_call.h"

#include <exception>
#include <iostream>

#include "server/api/grpc_status.h"

namespace oms::api {

grpc::ServerUnaryReactor* Unary(
    grpc::CallbackServerContext* context, Authenticator& auth,
    const std::function<absl::Status(const application::Actor&)>& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status;
  try {
    auto actor = auth.Authenticate(*context);
    status = actor.ok() ? body(*actor) : actor.status();
  } catch (const std::exception& e) {
    std::cerr << "omsd: internal error in RPC: " << e.what() << std::endl;
    status = absl::InternalError("internal error; the server log has the details");
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* AsyncUnary(
    grpc::CallbackServerContext* context, Authenticator& auth,
    const std::function<void(const application::Actor&, Finish)>& start) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto finish = [reactor](const absl::Status& status) { reactor->Finish(ToGrpcStatus(status)); };
  try {
    auto actor = auth.Authenticate(*context);
    if (!actor.ok()) {
      finish(actor.status());
    } else {
      start(*actor, finish);
    }
  } catch (const std::exception& e) {
    std::cerr << "omsd: internal error in RPC: " << e.what() << std::endl;
    finish(absl::InternalError("internal error; the server log has the details"));
  }
  return reactor;
}

}  // namespace oms::api
