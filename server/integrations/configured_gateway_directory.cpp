#include "server/integrations/configured_gateway_directory.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/integrations/http_payment_gateway.h"

namespace oms::integrations {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ConfiguredGatewayDirectory>> ConfiguredGatewayDirectory::Create(
    std::vector<GatewayConfig> configs, HttpClient* client, const Clock* clock) {
  std::vector<Entry> entries;
  for (GatewayConfig& config : configs) {
    if (absl::Status s = ValidateGatewayConfig(config); !s.ok()) return s;
    Entry entry;
    entry.config = config;
    entry.gateway = std::make_unique<HttpPaymentGateway>(std::move(config), client, clock);
    entries.push_back(std::move(entry));
  }
  return FromGateways(std::move(entries));
}

absl::StatusOr<std::unique_ptr<ConfiguredGatewayDirectory>>
ConfiguredGatewayDirectory::FromGateways(std::vector<Entry> entries) {
  absl::flat_hash_set<std::string> names;
  for (const Entry& e : entries) {
    if (e.config.name.empty()) {
      return absl::InvalidArgumentError("every payment gateway needs a name");
    }
    if (e.gateway == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("payment gateway '", e.config.name, "' has no implementation"));
    }
    if (!names.insert(e.config.name).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "payment gateway name '", e.config.name,
          "' is configured twice; tenders name their gateway, so names must be unique"));
    }
  }
  return std::unique_ptr<ConfiguredGatewayDirectory>(
      new ConfiguredGatewayDirectory(std::move(entries)));
}

ConfiguredGatewayDirectory::ConfiguredGatewayDirectory(std::vector<Entry> entries)
    : entries_(std::move(entries)) {}

application::PaymentGateway* ConfiguredGatewayDirectory::ForCurrency(const std::string& currency,
                                                                     const std::string& region) {
  for (const Entry& e : entries_) {
    if (Contains(e.config.currencies, currency) &&
        (e.config.regions.empty() || Contains(e.config.regions, region))) {
      return e.gateway.get();
    }
  }
  return nullptr;
}

application::PaymentGateway* ConfiguredGatewayDirectory::ByName(const std::string& name) {
  for (const Entry& e : entries_) {
    if (e.config.name == name) return e.gateway.get();
  }
  return nullptr;
}

}  // namespace oms::integrations
