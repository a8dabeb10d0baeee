#include "server/api/authenticator.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "server/application/replication.h"
#include "server/observability/trace_context.h"

namespace oms::api {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

std::string Metadata(const grpc::ServerContextBase& context, const char* key) {
  const auto& md = context.client_metadata();
  auto it = md.find(key);
  if (it == md.end()) return {};
  return std::string(it->second.data(), it->second.size());
}

// Compares without stopping at the first difference, so the time taken
// does not tell a caller how much of a guessed credential was right.
bool SameSecret(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  }
  return diff == 0;
}

absl::Status Expired() {
  return absl::UnauthenticatedError(
      "the bearer token has expired; refresh it (SessionService.Refresh) or sign in again");
}

}  // namespace

Authenticator::Authenticator(application::ReadModel& reads, const Clock* clock)
    : reads_(reads), clock_(clock != nullptr ? *clock : system_clock_) {}

std::string BearerTokenOf(const grpc::ServerContextBase& context) {
  const std::string header = Metadata(context, "authorization");
  if (!absl::StartsWith(header, kBearer)) return {};
  return header.substr(kBearer.size());
}

void Authenticator::AcceptRegions(std::string secret, std::vector<std::string> peers) {
  region_secret_ = std::move(secret);
  peers_ = std::move(peers);
}

void Authenticator::CredentialsChanged() {
  std::lock_guard lock(mu_);
  cache_.clear();
}

absl::StatusOr<application::Principal> Authenticator::PrincipalOf(
    const grpc::ServerContextBase& context) {
  const std::string token = BearerTokenOf(context);
  if (token.empty()) {
    return absl::UnauthenticatedError(
        "no bearer token: send metadata 'authorization: Bearer <token>' (omsctl login, "
        "--token or OMS_TOKEN)");
  }
  if (absl::StartsWith(token, "region.") && !region_secret_.empty()) {
    for (const std::string& region : peers_) {
      if (SameSecret(token, application::RegionCredential(region_secret_, region))) {
        application::Principal peer;
        peer.principal_id = absl::StrCat("region:", region);
        peer.display_name = absl::StrCat("region ", region);
        peer.role = "region";
        return peer;
      }
    }
    return absl::UnauthenticatedError(
        "the region credential is not one this region accepts: check that both regions list "
        "each other as [[peer]] and share [federation] secret");
  }
  const absl::Time now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(token);
    if (it != cache_.end() && it->second.expires > now) return it->second.principal;
  }
  auto principal = reads_.PrincipalForToken(token);
  if (absl::IsNotFound(principal.status())) {
    return absl::UnauthenticatedError(
        "the bearer token is not known to this server, was revoked, or its account is "
        "disabled; sign in again");
  }
  if (!principal.ok()) return principal.status();
  if (principal->expires_at.has_value() && *principal->expires_at <= now) return Expired();
  absl::Time keep = now + absl::Minutes(1);
  if (principal->expires_at.has_value()) keep = std::min(keep, *principal->expires_at);
  std::lock_guard lock(mu_);
  if (cache_.size() > 10'000) cache_.clear();
  cache_[token] = {*principal, keep};
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
