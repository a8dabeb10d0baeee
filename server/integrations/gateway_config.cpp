#include "server/integrations/gateway_config.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace oms::integrations {

absl::Status ValidateGatewayConfig(const GatewayConfig& c) {
  auto bad = [&c](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("payment gateway '", c.name, "' is misconfigured: ", what));
  };
  if (c.name.empty()) return bad("it needs a name");
  if (!absl::StartsWith(c.base_url, "http://") && !absl::StartsWith(c.base_url, "https://")) {
    return bad(absl::StrCat("base_url must start with http:// or https://, got '", c.base_url,
                            "'"));
  }
  if (c.secret.empty()) return bad("secret is empty; requests could not be signed");
  if (c.currencies.empty()) return bad("it lists no currencies, so it would never be chosen");
  if (c.timeout <= absl::ZeroDuration()) return bad("timeout must be positive");
  if (c.breaker.failure_threshold < 0 || c.breaker.cool_down < absl::ZeroDuration()) {
    return bad("circuit breaker threshold and cool-down must not be negative");
  }
  return absl::OkStatus();
}

}  // namespace oms::integrations
