#include "server/api/authenticator.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "server/observability/trace_context.h"

namespace oms::api {
namespace {

std::string Metadata(const grpc::ServerContextBase& context, const char* key) {
  const auto& md = context.client_metadata();
  auto it = md.find(key);
  if (it == md.end()) return {};
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

Authenticator::Authenticator(application::ReadModel& reads) : reads_(reads) {}

absl::StatusOr<application::Principal> Authenticator::PrincipalOf(
    const grpc::ServerContextBase& context) {
  const std::string header = Metadata(context, "authorization");
  constexpr absl::string_view kBearer = "Bearer ";
  if (!absl::StartsWith(header, kBearer) || header.size() == kBearer.size()) {
    return absl::UnauthenticatedError(
        "no bearer token: send metadata 'authorization: Bearer <token>' (omsctl --token, or "
        "OMS_TOKEN)");
  }
  const std::string token = header.substr(kBearer.size());
  const absl::Time now = absl::Now();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(token);
    if (it != cache_.end() && it->second.expires > now) return it->second.principal;
  }
  auto principal = reads_.PrincipalForToken(token);
  if (absl::IsNotFound(principal.status())) {
    return absl::UnauthenticatedError("the bearer token is not known to this server");
  }
  if (!principal.ok()) return principal.status();
  std::lock_guard lock(mu_);
  if (cache_.size() > 10'000) cache_.clear();
  cache_[token] = {*principal, now + absl::Minutes(1)};
  return *principal;
}

absl::StatusOr<application::Actor> Authenticator::Authenticate(
    const grpc::ServerContextBase& context) {
  auto principal = PrincipalOf(context);
  if (!principal.ok()) return principal.status();
  return application::Actor{principal->principal_id, principal->role, TraceIdFrom(context),
                           principal->scopes};
}

std::string TraceIdFrom(const grpc::ServerContextBase& context) {
  // W3C trace context; a missing or malformed traceparent starts a new trace.
  auto caller = observability::ParseTraceparent(Metadata(context, "traceparent"));
  return caller.has_value() ? caller->trace_id : observability::NewTraceId();
}

}  // namespace oms::api
