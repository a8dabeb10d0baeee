#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/fulfillment_node.h"
#include "server/domain/stock.h"

namespace oms::domain {

enum class DeliveryMode { kShip, kPickup, kCarryOut };

struct SourcingRequest {
  struct Line {
    int line_no = 0;
    std::string sku;
    int64_t quantity = 0;
  };
  std::vector<Line> lines;
  std::string region;          // the order's home region: preferred nodes
  DeliveryMode mode = DeliveryMode::kShip;
  std::string pickup_node_id;  // kPickup and kCarryOut: the only node allowed
};

struct SourcingPlan {
  struct Reservation {
    int line_no = 0;
    std::string sku;
    std::string node_id;
    int64_t quantity = 0;
    std::string reason;  // for people: why this node
  };
  std::vector<Reservation> reservations;
  std::map<int, int64_t> backordered;  // line_no -> units
  std::map<int, int64_t> preordered;   // line_no -> units
  int NodeCount() const;
};

// Assigns every unit of the request to a node, or to backorder or preorder
// where the product allows. Issue-2 rules, in order: units of preorder
// products are preordered (up to the product's remaining cap); one node that
// can serve every other unit is preferred (in the order's region first, then
// lower cost, higher priority, node id); otherwise the fewest nodes, chosen
// greedily by units covered; units no node can serve are backordered when
// the product allows it. `stock` holds the levels of the request's SKUs;
// `products` is keyed by SKU and must contain every SKU of the request.
// FAILED_PRECONDITION naming the SKU when units cannot be served.
absl::StatusOr<SourcingPlan> PlanSourcing(const SourcingRequest& request,
                                          const std::vector<StockLevel>& stock,
                                          const std::vector<FulfillmentNode>& nodes,
                                          const std::map<std::string, Product>& products);

}  // namespace oms::domain
