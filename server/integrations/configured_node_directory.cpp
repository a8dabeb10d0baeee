#include "server/integrations/configured_node_directory.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/integrations/http_node_connector.h"

namespace oms::integrations {
namespace {

absl::flat_hash_map<std::string, size_t> IndexByNode(
    const std::vector<ConfiguredNodeConnectorDirectory::Entry>& entries) {
  absl::flat_hash_map<std::string, size_t> index;
  for (size_t i = 0; i < entries.size(); ++i) index.emplace(entries[i].config.node_id, i);
  return index;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ConfiguredNodeConnectorDirectory>>
ConfiguredNodeConnectorDirectory::Create(std::vector<NodeEndpointConfig> configs,
                                         HttpClient* client, const Clock* clock) {
  std::vector<Entry> entries;
  for (NodeEndpointConfig& config : configs) {
    if (absl::Status s = ValidateNodeEndpointConfig(config); !s.ok()) return s;
    Entry entry;
    entry.config = config;
    entry.connector = std::make_unique<HttpNodeConnector>(std::move(config), client, clock);
    entries.push_back(std::move(entry));
  }
  return FromConnectors(std::move(entries));
}

absl::StatusOr<std::unique_ptr<ConfiguredNodeConnectorDirectory>>
ConfiguredNodeConnectorDirectory::FromConnectors(std::vector<Entry> entries) {
  absl::flat_hash_map<std::string, size_t> seen;
  for (const Entry& e : entries) {
    if (e.config.node_id.empty()) {
      return absl::InvalidArgumentError("every node endpoint needs the node_id it serves");
    }
    if (e.connector == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("the endpoint of node '", e.config.node_id, "' has no implementation"));
    }
    if (!seen.emplace(e.config.node_id, 0).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("node '", e.config.node_id,
                       "' has two endpoints; shipments could not tell which partner to ask"));
    }
  }
  return std::unique_ptr<ConfiguredNodeConnectorDirectory>(
      new ConfiguredNodeConnectorDirectory(std::move(entries)));
}

ConfiguredNodeConnectorDirectory::ConfiguredNodeConnectorDirectory(std::vector<Entry> entries)
    : entries_(std::move(entries)), index_(IndexByNode(entries_)) {}

application::NodeConnector* ConfiguredNodeConnectorDirectory::ForNode(const std::string& node_id) {
  auto it = index_.find(node_id);
  return it == index_.end() ? nullptr : entries_[it->second].connector.get();
}

const NodeEndpointConfig* ConfiguredNodeConnectorDirectory::EndpointOf(
    const std::string& node_id) const {
  auto it = index_.find(node_id);
  return it == index_.end() ? nullptr : &entries_[it->second].config;
}

std::vector<std::string> ConfiguredNodeConnectorDirectory::node_ids() const {
  std::vector<std::string> ids;
  ids.reserve(entries_.size());
  for (const Entry& e : entries_) ids.push_back(e.config.node_id);
  return ids;
}

}  // namespace oms::integrations
