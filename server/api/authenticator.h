#pragma once

#include <grpcpp/server_context.h>

#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/api/rate_limiter.h"
#include "common/clock.h"
#include "server/application/accounts.h"
#include "server/application/actor.h"
#include "server/application/queries.h"

namespace oms::api {

// Turns the `authorization: Bearer <token>` metadata of a call into the
// acting principal, and the W3C `traceparent` (if any) into its trace id.
// Every RPC but health, Login and Refresh passes through Authenticate.
// Resolves demo, access and service tokens (never refresh tokens); refuses
// revoked and expired ones and those of disabled accounts.
// Thread-safe; caches principals for at most a minute and never past the
// token's expiry, so a token lookup is not a database read per call.
// CredentialsChanged (a revoke, disable, reset, logout in this process)
// empties the cache at once.
class Authenticator : public application::CredentialsListener {
 public:
  // `clock` (not owned) decides expiry; nullptr: the system clock.
  explicit Authenticator(application::ReadModel& reads, const Clock* clock = nullptr);

  // UNAUTHENTICATED when the token is missing, unknown, revoked or expired.
  absl::StatusOr<application::Actor> Authenticate(const grpc::ServerContextBase& context);
  absl::StatusOr<application::Principal> PrincipalOf(const grpc::ServerContextBase& context);

  // The per-principal rate limit Admit applies (unary_call.h); none when null.
  void set_rate_limiter(RateLimiter* limiter) { rate_limiter_ = limiter; }

  // Admits the regions in `peers` by the credential each derives from the
  // regions' shared `secret` (application::RegionCredential) as
  // principal "region:<CODE>" with role "region". Call before serving.
  void AcceptRegions(std::string secret, std::vector<std::string> peers);
  RateLimiter* rate_limiter() const { return rate_limiter_; }
  void CredentialsChanged() override;

 private:
  struct Cached {
    application::Principal principal;
    absl::Time expires;
  };
  application::ReadModel& reads_;
  RateLimiter* rate_limiter_ = nullptr;
  std::string region_secret_;         // set before serving, then only read
  std::vector<std::string> peers_;    // likewise
  SystemClock system_clock_;
  const Clock& clock_;
  std::mutex mu_;
  absl::flat_hash_map<std::string, Cached> cache_;  // guarded by mu_
};

// The trace id of a `traceparent` header value, or a new random one.
std::string TraceIdFrom(const grpc::ServerContextBase& context);

// The token of the call's `authorization: Bearer` metadata; empty if none.
std::string BearerTokenOf(const grpc::ServerContextBase& context);

}  // namespace oms::api
