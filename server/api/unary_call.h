#pragma once

#include <functional>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "absl/status/status.h"
#include "server/api/authenticator.h"

namespace oms::api {

// Runs a synchronous handler body for a unary callback RPC: authenticates,
// runs `body` with the caller's actor, and finishes the reactor with the
// body's status. This (and AsyncUnary) is the one catch-all of the server:
// an exception is logged and answered INTERNAL.
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context, Authenticator& auth,
                                const std::function<absl::Status(const application::Actor&)>& body);

// For handlers that finish later (whoever completes the work calls
// `finish`, exactly once, from any thread).
using Finish = std::function<void(const absl::Status&)>;
grpc::ServerUnaryReactor* AsyncUnary(
    grpc::CallbackServerContext* context, Authenticator& auth,
    const std::function<void(const application::Actor&, Finish)>& start);

}  // namespace oms::api
