#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

namespace oms::domain {

enum class NodeType { kWarehouse, kStore, kThirdPartyLogistics, kDropShipper };

// Capabilities as bit flags.
enum NodeCapability : uint32_t {
  kCanShip = 1u << 0,
  kCanPickup = 1u << 1,
  kCanSameDay = 1u << 2,
  kCanCarryOut = 1u << 3,
};

// A place that can hand goods over: warehouse, store, 3PL or drop-shipper.
struct FulfillmentNode {
  std::string node_id;
  std::string name;
  NodeType type = NodeType::kWarehouse;
  std::string region;
  std::string city;
  std::string postal_code;
  std::string country;
  double latitude = 0;
  double longitude = 0;
  uint32_t capabilities = kCanShip;
  int64_t cost_per_shipment_minor = 0;
  int32_t daily_capacity = 0;  // orders per day; 0 = unlimited
  int32_t priority = 0;        // higher is preferred among equals

  bool Can(NodeCapability c) const { return (capabilities & c) != 0; }
};

absl::string_view Name(NodeType t);
std::optional<NodeType> ParseNodeType(absl::string_view name);

}  // namespace oms::domain
