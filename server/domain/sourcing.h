#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/fulfillment_node.h"
#include "server/domain/geo.h"
#include "server/domain/stock.h"

namespace oms::domain {

enum class DeliveryMode { kShip, kPickup, kCarryOut };

// The routing rules a channel ranks plans by. Each gives a plan a cost; lower
// is better. See docs/ROUTING.md.
enum class SourcingRule {
  kWholeOrder,      // "whole_order": number of nodes used (fewest shipments)
  kCustomerRegion,  // "customer_region": units at nodes outside the request's region
  kNearest,         // "nearest": sum over nodes used of the km to the destination
  kLowestCost,      // "lowest_cost": sum over nodes used of cost_per_shipment_minor
  kPriority,        // "priority": sum over nodes used of (top priority - node priority)
};

absl::string_view Name(SourcingRule rule);
std::optional<SourcingRule> ParseSourcingRule(absl::string_view name);

// How one channel wants its orders routed (config `[sourcing]` and
// `[sourcing.channel.<id>]`, keys `rules`, `max_splits`, `ship_complete`).
struct SourcingPolicy {
  // Plans are compared by these rules in this order; the first that differs
  // decides. Rules left out are ignored.
  std::vector<SourcingRule> rules = {SourcingRule::kWholeOrder, SourcingRule::kCustomerRegion,
                                     SourcingRule::kNearest, SourcingRule::kLowestCost};
  int max_splits = 3;          // at most this many nodes per order, >= 1
  bool ship_complete = false;  // one node ships everything (max_splits 1)

  // INVALID_ARGUMENT for max_splits < 1 or a rule listed twice.
  absl::Status Validate() const;
};

struct SourcingRequest {
  struct Line {
    int line_no = 0;
    std::string sku;
    int64_t quantity = 0;
  };
  std::vector<Line> lines;     // SKUs must be distinct
  std::string region;          // the order's home region: kCustomerRegion
  DeliveryMode mode = DeliveryMode::kShip;
  std::string pickup_node_id;  // kPickup and kCarryOut: the only node allowed
  SourcingPolicy policy;
  std::optional<GeoPoint> destination;  // the shipping address; unknown: kNearest is ignored
  std::map<std::string, int> node_orders_today;  // node_id -> orders routed today (capacity)
  std::map<int, std::set<std::string>> excluded_nodes;  // line_no -> nodes that rejected or
                                                        // short-picked it: never used for it
};

struct SourcingPlan {
  struct Reservation {
    int line_no = 0;
    std::string sku;
    std::string node_id;
    int64_t quantity = 0;
    std::string reason;        // for people: why this node, e.g. "nearest node holding all 3
                               // units, 12 km"
    double distance_km = -1;   // node to destination; -1 when either is unknown
  };
  std::vector<Reservation> reservations;  // by line_no, then in the order the node was filled
  std::map<int, int64_t> backordered;     // line_no -> units
  std::map<int, int64_t> preordered;      // line_no -> units
  int NodeCount() const;
};

// Assigns every unit of the request to a node, or to backorder or preorder
// where the product allows.
//
// Units of preorder products are preordered (up to the product's remaining
// cap) and not routed. The other units go to nodes that can serve the mode
// (kShip: nodes that ship; kPickup/kCarryOut: only pickup_node_id), that are
// under their daily capacity (node_orders_today < daily_capacity; 0 is
// unlimited) and that the line does not exclude; a node offers a line
// StockLevel::available() units of its SKU (net of reservations and safety
// stock). A node whose location is unknown (latitude and longitude 0) counts
// as the farthest possible for kNearest.
//
// Plans are compared by, in order:
//   1. every unit that cannot be backordered is served (else no plan);
//   2. fewest units backordered;
//   3. the policy's rules in order (see SourcingRule);
//   4. the node ids used, compared as sorted lists (deterministic ties).
// At most policy.max_splits nodes are used (1 with ship_complete). Units no
// allowed plan serves are backordered when the product allows it (never for
// kCarryOut); so with ship_complete, when no node holds everything but the
// short units can wait, the best single node reserves what it holds and the
// rest is backordered (the order ships once, complete).
//
// Every reservation carries a reason naming what decided it (the first
// comparison where the plan beat the next best one), its distance when known,
// and better-ranked nodes skipped for capacity or exclusion, e.g. "nearest
// node holding all 3 units, 12 km", "EU1-WH-BER holds 2 of 3 units of A
// (fewest nodes), 540 km; skipped EU1-ST-PAR: at daily capacity (300
// orders)". Pure function; safe to call from any thread.
//
// Algorithm (sourcing_search.cpp): nodes holding none of the order's units
// are dropped; every set of at most max_splits of the remaining nodes is
// tried, and in each set every line takes its units from nodes in the
// order's region first. Lines are independent (their SKUs are distinct) and
// every rule but kCustomerRegion depends only on the set, so this finds the
// same best score as trying every assignment of units to nodes (checked by
// tests/domain/sourcing_bruteforce_test.cpp). Cost O(C(n, <=max_splits) *
// lines * max_splits): 576 sets for 15 nodes and 3 splits. If more than
// 5000 sets would be tried, only the nodes that can serve the most units
// (then the best ranked by the rules) are kept so that at most 5000 are: the
// plan is then the best among those nodes. See docs/ROUTING.md.
//
// `stock` holds the levels of the request's SKUs; `products` is keyed by SKU
// and must contain every SKU of the request. Errors: INVALID_ARGUMENT for an
// unknown or repeated SKU or an invalid policy; FAILED_PRECONDITION for a
// preorder over its cap, "out of stock: SKU needs N, M available at the nodes
// that can serve this order", "ship-complete: no single node holds all N
// units ...", or "split limit: ..." when max_splits nodes cannot serve them.
absl::StatusOr<SourcingPlan> PlanSourcing(const SourcingRequest& request,
                                          const std::vector<StockLevel>& stock,
                                          const std::vector<FulfillmentNode>& nodes,
                                          const std::map<std::string, Product>& products);

}  // namespace oms::domain
