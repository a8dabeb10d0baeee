#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/application/payment_gateway.h"
#include "server/integrations/gateway_config.h"
#include "server/integrations/http_client.h"

namespace oms::integrations {

// The card gateways from configuration, in configured order.
// ForCurrency chooses the first gateway whose currencies contain the
// currency and whose regions contain the region or are empty (an empty
// region asked for matches only gateways serving any region). ByName finds
// a gateway by its configured name.
//
// Immutable after creation, so thread-safe. Owns its gateways.
class ConfiguredGatewayDirectory final : public application::GatewayDirectory {
 public:
  // A gateway with the configuration it was chosen by.
  struct Entry {
    GatewayConfig config;
    std::unique_ptr<application::PaymentGateway> gateway;
  };

  // One HttpPaymentGateway per config, all sending through `client`.
  // INVALID_ARGUMENT for an invalid config or a name used twice.
  // `client` and `clock` must outlive the directory.
  static absl::StatusOr<std::unique_ptr<ConfiguredGatewayDirectory>> Create(
      std::vector<GatewayConfig> configs, HttpClient* client, const Clock* clock);

  // Around gateways built elsewhere (fakes in tests); only names,
  // currencies and regions of the configs are used. INVALID_ARGUMENT for a
  // missing gateway, a missing name or a name used twice.
  static absl::StatusOr<std::unique_ptr<ConfiguredGatewayDirectory>> FromGateways(
      std::vector<Entry> entries);

  application::PaymentGateway* ForCurrency(const std::string& currency,
                                           const std::string& region) override;
  application::PaymentGateway* ByName(const std::string& name) override;

 private:
  explicit ConfiguredGatewayDirectory(std::vector<Entry> entries);

  const std::vector<Entry> entries_;
};

}  // namespace oms::integrations
