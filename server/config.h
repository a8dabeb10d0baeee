#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace oms {

// One card gateway omsd talks to (oms-partners plays it in development).
struct GatewaySettings {
  std::string name = "gw-sim";
  std::string base_url = "http://127.0.0.1:8480";
  std::string secret = "partners-dev-secret";
  std::vector<std::string> currencies = {"EUR", "USD", "GBP"};
  std::vector<std::string> regions;  // empty: any region
  absl::Duration timeout = absl::Seconds(5);
};

// Everything omsd reads at start. Defaults run a development server on
// loopback with no file at all; a TOML file (--config) overrides any key:
//
//   region = "EU1"
//   listen = "127.0.0.1:50051"
//   data_dir = "var/omsd"
//   saga_timeout_seconds = 900
//   max_lines_per_order = 100
//   [[gateway]]
//   name = "gw-eu"  base_url = "http://..."  secret = "..."
//   currencies = ["EUR"]  regions = ["EU1"]  timeout_ms = 5000
struct ServerConfig {
  std::string region = "EU1";
  std::string listen = "127.0.0.1:50051";
  std::string data_dir = "var/omsd";
  std::string resources_dir;  // empty: found next to the binary or the working folder
  std::vector<GatewaySettings> gateways = {GatewaySettings{}};
  absl::Duration saga_timeout = absl::Minutes(15);
  // How long a request_id is remembered; DESIGN.md asks for at least 24 hours.
  absl::Duration idempotency_retention = absl::Hours(48);
  int max_lines_per_order = 100;
  int read_connections = 4;
  bool synchronous_full = true;
};

// Reads a TOML file over the defaults. INVALID_ARGUMENT naming the key for a
// bad value; NOT_FOUND when the file does not exist.
absl::StatusOr<ServerConfig> LoadConfig(const std::string& path);

// INVALID_ARGUMENT when the region code is not 2-5 upper-case letters or
// digits, or a gateway lacks a name or URL.
absl::Status ValidateConfig(const ServerConfig& config);

}  // namespace oms
