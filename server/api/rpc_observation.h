#pragma once

#include <grpcpp/server_context.h>

#include <chrono>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "server/application/actor.h"
#include "server/observability/span.h"

namespace oms::api {

// One unary RPC as traces and metrics see it: a server span named for the
// method, child of the caller's `traceparent` (a new trace without one),
// and, at Finish, oms_rpc_requests_total / oms_rpc_duration_seconds by
// method and code, and a debug log line. While it is current on a thread (from construction, or
// Enter, until Leave or destruction) that thread's work, log lines and
// writer units are in the RPC's trace.
//
// Construct and Enter/Leave on the handler's thread; Finish (once) from
// any thread.
class RpcObservation {
 public:
  RpcObservation(const grpc::ServerContextBase& context, std::string method);
  ~RpcObservation();

  // The RPC's trace id goes on the actor (so its events carry it), and
  // the principal joins the trace on this thread.
  void Enter(application::Actor& actor);
  // Ends the trace on this thread; the RPC may still be under way.
  void Leave();
  void Finish(const absl::Status& status);

 private:
  const std::string method_;
  const std::chrono::steady_clock::time_point started_;
  observability::Span span_;
  std::optional<observability::TraceScope> scope_;
  bool finished_ = false;
};

}  // namespace oms::api
