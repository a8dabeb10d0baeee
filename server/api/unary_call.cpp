#include "server/api/unary_call.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <exception>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
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

// The caller's token bucket (rate_limiter.h): by principal, or by peer
// address for the calls that need no credentials (sign-in), so guessing
// passwords is slowed too. RESOURCE_EXHAUSTED says when to retry, in words
// and in the `retry-after-ms` trailer.
absl::Status WithinRateLimit(grpc::CallbackServerContext& context, Authenticator& auth,
                             const application::Actor& actor) {
  RateLimiter* limiter = auth.rate_limiter();
  if (limiter == nullptr) return absl::OkStatus();
  const std::string key =
      actor.principal_id == "anonymous" ? absl::StrCat("peer:", context.peer()) : actor.principal_id;
  const absl::Duration wait = limiter->Take(key, actor.role, absl::Now());
  if (wait == absl::ZeroDuration()) return absl::OkStatus();
  const int64_t wait_ms = std::max<int64_t>(1, absl::ToInt64Milliseconds(absl::Ceil(wait, absl::Milliseconds(1))));
  context.AddTrailingMetadata("retry-after-ms", absl::StrCat(wait_ms));
  return absl::ResourceExhaustedError(absl::StrCat(
      "rate limit: ", actor.principal_id == "anonymous" ? "this address" : actor.principal_id,
      " is making calls faster than this server allows; retry in ", wait_ms, " ms"));
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
  if (absl::Status admitted = WithinRateLimit(*context, auth, *actor); !admitted.ok()) {
    return admitted;
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
