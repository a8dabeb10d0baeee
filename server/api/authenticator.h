#pragma once

#include <mutex>
#include <string>

#include <grpcpp/server_context.h>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/api/rate_limiter.h"
#include "server/application/actor.h"
#include "server/application/queries.h"

namespace oms::api {

// Turns the `authorization: Bearer <token>` metadata of a call into the
// acting principal, and the W3C `traceparent` (if any) into its trace id.
// This is the slot where scopes, staff sign-in and the permission matrix
// plug in: every RPC but health passes through Authenticate.
// Thread-safe; caches principals for a minute so a token lookup is not a
// database read per call.
class Authenticator {
 public:
  explicit Authenticator(application::ReadModel& reads);

  // UNAUTHENTICATED when the token is missing or unknown.
  absl::StatusOr<application::Actor> Authenticate(const grpc::ServerContextBase& context);
  absl::StatusOr<application::Principal> PrincipalOf(const grpc::ServerContextBase& context);

  // The per-principal rate limit Admit applies (unary_call.h); none when null.
  void set_rate_limiter(RateLimiter* limiter) { rate_limiter_ = limiter; }
  RateLimiter* rate_limiter() const { return rate_limiter_; }

 private:
  struct Cached {
    application::Principal principal;
    absl::Time expires;
  };
  application::ReadModel& reads_;
  RateLimiter* rate_limiter_ = nullptr;
  std::mutex mu_;
  absl::flat_hash_map<std::string, Cached> cache_;  // guarded by mu_
};

// The trace id of a `traceparent` header value, or a new random one.
std::string TraceIdFrom(const grpc::ServerContextBase& context);

}  // namespace oms::api
