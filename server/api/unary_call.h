#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <functional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/api/authenticator.h"

namespace google::protobuf {
class Message;
}

namespace oms::api {

// Runs a synchronous handler body for a unary callback RPC: authenticates
// the caller, checks `method` (e.g. "oms.v1.OrderService/GetOrder") against
// the policy table (application/policy.h), stamps the actor with the method
// and the request's `request_id` (for the audit log), runs `body`, and
// finishes the reactor with the body's status. This (and AsyncUnary) is the
// one catch-all of the server: an exception is logged and answered INTERNAL.
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context, Authenticator& auth,
                                absl::string_view method, const google::protobuf::Message& request,
                                const std::function<absl::Status(const application::Actor&)>& body);

// For handlers that finish later (whoever completes the work calls
// `finish`, exactly once, from any thread).
using Finish = std::function<void(const absl::Status&)>;
grpc::ServerUnaryReactor* AsyncUnary(
    grpc::CallbackServerContext* context, Authenticator& auth, absl::string_view method,
    const google::protobuf::Message& request,
    const std::function<void(const application::Actor&, Finish)>& start);

// Authenticates and authorizes a call to `method` (streams use it directly):
// the actor, stamped with the method, or UNAUTHENTICATED / PERMISSION_DENIED.
absl::StatusOr<application::Actor> Admit(grpc::CallbackServerContext* context, Authenticator& auth,
                                         absl::string_view method,
                                         const google::protobuf::Message* request);

}  // namespace oms::api
