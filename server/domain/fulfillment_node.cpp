#include "server/domain/fulfillment_node.h"

namespace oms::domain {

absl::string_view Name(NodeType t) {
  switch (t) {
    case NodeType::kWarehouse: return "WAREHOUSE";
    case NodeType::kStore: return "STORE";
    case NodeType::kThirdPartyLogistics: return "THIRD_PARTY_LOGISTICS";
    case NodeType::kDropShipper: return "DROP_SHIPPER";
  }
  return "UNKNOWN";
}

std::optional<NodeType> ParseNodeType(absl::string_view name) {
  for (NodeType t : {NodeType::kWarehouse, NodeType::kStore, NodeType::kThirdPartyLogistics,
                     NodeType::kDropShipper}) {
    if (Name(t) == name) return t;
  }
  return std::nullopt;
}

}  // namespace oms::domain
