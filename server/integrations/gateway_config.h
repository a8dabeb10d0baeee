#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/integrations/circuit_breaker.h"

namespace oms::integrations {

// One configured card gateway.
struct GatewayConfig {
  std::string name;      // kept on tenders, "gw-eu"
  std::string base_url;  // "http://127.0.0.1:8091"; the API lives under /gateway/v1
  std::string secret;    // signs requests: X-Signature = hex(HMAC-SHA256(secret, body))
  std::vector<std::string> currencies;  // ISO codes it takes, "EUR"
  std::vector<std::string> regions;     // region codes it serves; empty = any
  absl::Duration timeout = absl::Seconds(5);  // per call
  CircuitBreakerOptions breaker;
};

// OK, or INVALID_ARGUMENT naming the gateway and what to fix.
absl::Status ValidateGatewayConfig(const GatewayConfig& config);

}  // namespace oms::integrations
