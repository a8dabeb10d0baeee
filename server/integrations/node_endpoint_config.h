#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/integrations/circuit_breaker.h"

namespace oms::integrations {

// Where and how omsd reaches one node that is worked outside the OMS (a 3PL
// or drop-shipper site), docs/PARTNERS.md "3PL API".
struct NodeEndpointConfig {
  std::string node_id;   // the fulfillment node it serves, "3PL-BER"
  std::string base_url;  // "http://127.0.0.1:8091"; the API lives under /3pl/v1
  // Shared with the partner, both ways: omsd signs its shipment requests with
  // it, and the partner signs the confirmations and snapshots it posts to
  // omsd's partner endpoint. X-Signature = hex(HMAC-SHA256(secret, body)).
  std::string secret;
  absl::Duration timeout = absl::Seconds(5);  // per call
  CircuitBreakerOptions breaker;
};

// OK, or INVALID_ARGUMENT naming the node and what to fix.
absl::Status ValidateNodeEndpointConfig(const NodeEndpointConfig& config);

// node_id -> secret, what the partner endpoint verifies inbound posts with.
// A node listed twice keeps its last secret (the directory refuses such a
// list anyway).
absl::flat_hash_map<std::string, std::string> SecretsByNode(
    const std::vector<NodeEndpointConfig>& configs);

}  // namespace oms::integrations
