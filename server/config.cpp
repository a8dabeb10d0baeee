#include "server/config.h"

#include <filesystem>
#include <toml.hpp>

#include "absl/strings/str_cat.h"

namespace oms {
namespace {

// toml::find_or wants its fallback as an rvalue of exactly T.
template <typename T>
T Or(const toml::value& table, const char* key, T fallback) {
  return toml::find_or<T>(table, key, std::move(fallback));
}

}  // namespace

absl::StatusOr<ServerConfig> LoadConfig(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return absl::NotFoundError(absl::StrCat("config file ", path, " does not exist"));
  }
  ServerConfig config;
  try {
    const auto data = toml::parse(path);
    config.region = Or<std::string>(data, "region", config.region);
    config.listen = Or<std::string>(data, "listen", config.listen);
    config.data_dir = Or<std::string>(data, "data_dir", config.data_dir);
    config.resources_dir = Or<std::string>(data, "resources_dir", config.resources_dir);
    config.saga_timeout = absl::Seconds(Or<int64_t>(
        data, "saga_timeout_seconds", absl::ToInt64Seconds(config.saga_timeout)));
    config.idempotency_retention = absl::Hours(Or<int64_t>(
        data, "idempotency_retention_hours", absl::ToInt64Hours(config.idempotency_retention)));
    config.max_lines_per_order =
        Or<int>(data, "max_lines_per_order", config.max_lines_per_order);
    config.read_connections = Or<int>(data, "read_connections", config.read_connections);
    config.synchronous_full = Or<bool>(data, "synchronous_full", true);
    if (data.contains("gateway")) {
      config.gateways.clear();
      for (const auto& g : toml::find<toml::array>(data, "gateway")) {
        GatewaySettings s;
        s.name = toml::find<std::string>(g, "name");
        s.base_url = toml::find<std::string>(g, "base_url");
        s.secret = Or<std::string>(g, "secret", "");
        s.currencies = Or<std::vector<std::string>>(g, "currencies", s.currencies);
        s.regions = Or<std::vector<std::string>>(g, "regions", {});
        s.timeout = absl::Milliseconds(Or<int64_t>(g, "timeout_ms", 5000));
        config.gateways.push_back(std::move(s));
      }
    }
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("config file ", path, ": ", e.what()));
  }
  if (absl::Status s = ValidateConfig(config); !s.ok()) return s;
  return config;
}

absl::Status ValidateConfig(const ServerConfig& config) {
  const std::string& r = config.region;
  bool region_ok = r.size() >= 2 && r.size() <= 5;
  for (char c : r) region_ok = region_ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  if (!region_ok) {
    return absl::InvalidArgumentError(
        absl::StrCat("region: 2-5 upper-case letters or digits, e.g. EU1; got '", r, "'"));
  }
  for (const auto& g : config.gateways) {
    if (g.name.empty() || g.base_url.empty()) {
      return absl::InvalidArgumentError("gateway: every gateway needs a name and a base_url");
    }
  }
  if (config.idempotency_retention < absl::Hours(24)) {
    return absl::InvalidArgumentError(
        "idempotency_retention_hours: keys must be kept at least 24 hours");
  }
  if (config.max_lines_per_order < 1) {
    return absl::InvalidArgumentError("max_lines_per_order: must be at least 1");
  }
  return absl::OkStatus();
}

}  // namespace oms
