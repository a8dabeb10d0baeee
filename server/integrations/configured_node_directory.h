#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/application/fulfillment_partner.h"
#include "server/integrations/http_client.h"
#include "server/integrations/node_endpoint_config.h"

namespace oms::integrations {

// The connectors of the nodes worked outside the OMS (3PLs, drop-shippers),
// from configuration: one per configured endpoint. ForNode answers nullptr
// for every node without one (warehouses and stores worked in the OMS).
//
// Immutable after creation, so thread-safe. Owns its connectors.
class ConfiguredNodeConnectorDirectory final : public application::NodeConnectorDirectory {
 public:
  // A connector with the configuration it was made from.
  struct Entry {
    NodeEndpointConfig config;
    std::unique_ptr<application::NodeConnector> connector;
  };

  // One HttpNodeConnector per config, all sending through `client`.
  // INVALID_ARGUMENT for an invalid config or a node configured twice.
  // `client` and `clock` must outlive the directory.
  static absl::StatusOr<std::unique_ptr<ConfiguredNodeConnectorDirectory>> Create(
      std::vector<NodeEndpointConfig> configs, HttpClient* client, const Clock* clock);

  // Around connectors built elsewhere (fakes in tests); only the node ids of
  // the configs are used. INVALID_ARGUMENT for a missing connector, a
  // missing node id or a node listed twice.
  static absl::StatusOr<std::unique_ptr<ConfiguredNodeConnectorDirectory>> FromConnectors(
      std::vector<Entry> entries);

  application::NodeConnector* ForNode(const std::string& node_id) override;

  // The configured endpoint of a node, nullptr when it has none.
  const NodeEndpointConfig* EndpointOf(const std::string& node_id) const;
  // The configured node ids, in configured order.
  std::vector<std::string> node_ids() const;

 private:
  explicit ConfiguredNodeConnectorDirectory(std::vector<Entry> entries);

  const std::vector<Entry> entries_;
  const absl::flat_hash_map<std::string, size_t> index_;  // node_id -> entries_ position
};

}  // namespace oms::integrations
