#include "server/integrations/node_endpoint_config.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace oms::integrations {

absl::Status ValidateNodeEndpointConfig(const NodeEndpointConfig& c) {
  auto bad = [&c](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("endpoint of node '", c.node_id, "' is misconfigured: ", what));
  };
  if (c.node_id.empty()) return bad("it needs the node_id it serves");
  if (!absl::StartsWith(c.base_url, "http://") && !absl::StartsWith(c.base_url, "https://")) {
    return bad(
        absl::StrCat("base_url must start with http:// or https://, got '", c.base_url, "'"));
  }
  if (c.secret.empty()) {
    return bad("secret is empty; requests could not be signed nor confirmations verified");
  }
  if (c.timeout <= absl::ZeroDuration()) return bad("timeout must be positive");
  if (c.breaker.failure_threshold < 0 || c.breaker.cool_down < absl::ZeroDuration()) {
    return bad("circuit breaker threshold and cool-down must not be negative");
  }
  return absl::OkStatus();
}

absl::flat_hash_map<std::string, std::string> SecretsByNode(
    const std::vector<NodeEndpointConfig>& configs) {
  absl::flat_hash_map<std::string, std::string> secrets;
  for (const NodeEndpointConfig& c : configs) secrets[c.node_id] = c.secret;
  return secrets;
}

}  // namespace oms::integrations
