#pragma once

// Internal to PlanSourcing (sourcing.cpp): the search over sets of nodes.
// Not part of the domain's API; see sourcing.h for the contract.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/sourcing.h"

namespace oms::domain::sourcing_internal {

// A line whose units go to nodes (preorder lines are not routed).
struct RoutedLine {
  int line_no = 0;
  std::string sku;
  int64_t need = 0;
  bool backorderable = false;
};

// What the rules know about one node that serves the request's mode.
struct NodeFacts {
  const FulfillmentNode* node = nullptr;
  bool at_capacity = false;
  bool out_of_region = false;
  double km = -1;                // to the destination; -1 when unknown
  int64_t distance_m = 0;        // kNearest's cost; 0 when the destination is unknown
  int64_t priority_gap = 0;      // kPriority's cost
  std::vector<int64_t> held;     // per routed line: available units of its SKU here
  std::vector<int64_t> supply;   // per routed line: what it may take here (0 if excluded)
  int64_t total_supply = 0;
};

// A node's cost under one rule, as if it were the whole plan.
int64_t NodeCost(SourcingRule rule, const NodeFacts& f);

// How the policy's rules rank two nodes on their own; StrictlyRanksBefore
// ignores the node id, RanksBefore breaks ties by it.
bool StrictlyRanksBefore(const NodeFacts& a, const NodeFacts& b, const SourcingPolicy& policy);
bool RanksBefore(const NodeFacts& a, const NodeFacts& b, const SourcingPolicy& policy);

// The units each line takes from each node of `set` (indices into
// candidates), filled in set order: takes[line * set.size() + k].
struct Fill {
  std::vector<int64_t> takes;
  int64_t backordered = 0;
  int64_t outside_region = 0;
  bool feasible = true;  // every unit that cannot be backordered is served
  bool all_used = true;  // every node of the set takes some units
};
Fill FillSet(const std::vector<int>& set, const std::vector<RoutedLine>& lines,
             const std::vector<NodeFacts>& candidates);

// One set of nodes and its score: score[0] is the units backordered,
// score[1 + i] the cost under policy.rules[i]; ids (sorted) break ties.
struct Trial {
  std::vector<int> set;  // indices into the candidates, in fill order
  std::vector<int64_t> score;
  std::vector<std::string> ids;
};

struct SearchResult {
  std::optional<Trial> best;       // nullopt: no set serves what must be served
  std::optional<Trial> runner_up;  // the next best set, for the reason text
};

// Tries every set of at most max_nodes candidates (all of which hold some
// units). When that would be more than kMaxSetsTried sets, first keeps only
// the candidates that can serve the most units (then the best ranked). Then
// orders the candidates for filling: in the request's region first, then by
// the rules. `candidates` is pruned and reordered in place; the trials index
// into it.
inline constexpr int kMaxSetsTried = 5000;
SearchResult SearchPlans(std::vector<NodeFacts>& candidates, const std::vector<RoutedLine>& lines,
                         const SourcingRequest& request, int max_nodes);

}  // namespace oms::domain::sourcing_internal
