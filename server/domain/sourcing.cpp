#include "server/domain/sourcing.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/sourcing_search.h"

namespace oms::domain {
namespace {

using sourcing_internal::NodeFacts;
using sourcing_internal::RoutedLine;
using sourcing_internal::Trial;

// Half the Earth's circumference: a node without a location is never
// preferred by kNearest over one with a location.
constexpr double kFarthestKm = 3.14159265358979323846 * kEarthRadiusKm;

bool ServesMode(const FulfillmentNode& node, const SourcingRequest& request) {
  switch (request.mode) {
    case DeliveryMode::kShip:
      return node.Can(kCanShip);
    case DeliveryMode::kPickup:
      return node.node_id == request.pickup_node_id && node.Can(kCanPickup);
    case DeliveryMode::kCarryOut:
      return node.node_id == request.pickup_node_id && node.Can(kCanCarryOut);
  }
  return false;
}

bool AtCapacity(const FulfillmentNode& node, const SourcingRequest& request) {
  if (node.daily_capacity <= 0) return false;
  auto it = request.node_orders_today.find(node.node_id);
  return it != request.node_orders_today.end() && it->second >= node.daily_capacity;
}

bool Excluded(const SourcingRequest& request, int line_no, const std::string& node_id) {
  auto it = request.excluded_nodes.find(line_no);
  return it != request.excluded_nodes.end() && it->second.count(node_id) > 0;
}

std::string Units(int64_t n) { return absl::StrCat(n, n == 1 ? " unit" : " units"); }

std::string Km(double km) {
  if (km < 0) return "";
  if (km < 1) return ", under 1 km";
  return absl::StrFormat(", %.0f km", km);
}

// Why the best plan won: the first score entry where it beat the runner-up.
struct Decision {
  enum Kind { kOnlyPlan, kCoverage, kRule, kNodeId } kind = kOnlyPlan;
  SourcingRule rule = SourcingRule::kWholeOrder;
};

Decision Decide(const Trial& best, const std::optional<Trial>& runner_up,
                const SourcingPolicy& policy) {
  if (!runner_up) return {};
  for (size_t i = 0; i < best.score.size(); ++i) {
    if (best.score[i] == runner_up->score[i]) continue;
    if (i == 0) return {Decision::kCoverage};
    return {Decision::kRule, policy.rules[i - 1]};
  }
  return {Decision::kNodeId};
}

// "nearest node holding all 3 units": the plan is one node serving everything.
std::string WholeOrderReason(const Decision& d, const SourcingRequest& request, int64_t units) {
  const std::string all = units == 1 ? "the unit" : absl::StrCat("all ", Units(units));
  if (request.mode == DeliveryMode::kPickup) return absl::StrCat("pickup store holding ", all);
  if (request.mode == DeliveryMode::kCarryOut) {
    return absl::StrCat("carry-out store holding ", all);
  }
  if (d.kind == Decision::kNodeId) {
    return absl::StrCat("node holding ", all, " (tie broken by node id)");
  }
  if (d.kind != Decision::kRule) return absl::StrCat("only node holding ", all);
  switch (d.rule) {
    case SourcingRule::kWholeOrder: return absl::StrCat("only node holding ", all);
    case SourcingRule::kCustomerRegion:
      return absl::StrCat("node in the customer's region holding ", all);
    case SourcingRule::kNearest: return absl::StrCat("nearest node holding ", all);
    case SourcingRule::kLowestCost: return absl::StrCat("cheapest node holding ", all);
    case SourcingRule::kPriority: return absl::StrCat("highest-priority node holding ", all);
  }
  return absl::StrCat("node holding ", all);
}

// "(fewest nodes)": why a plan with several nodes or backorders won.
std::string SplitPhrase(const Decision& d, const SourcingRequest& request, bool backorders) {
  if (request.mode == DeliveryMode::kPickup) return "pickup store";
  if (request.mode == DeliveryMode::kCarryOut) return "carry-out store";
  if (request.policy.ship_complete && backorders) return "ship-complete, the rest backordered";
  switch (d.kind) {
    case Decision::kOnlyPlan: return "only option";
    case Decision::kCoverage: return "most units in stock";
    case Decision::kNodeId: return "tie broken by node id";
    case Decision::kRule: break;
  }
  switch (d.rule) {
    case SourcingRule::kWholeOrder: return "fewest nodes";
    case SourcingRule::kCustomerRegion: return "customer's region";
    case SourcingRule::kNearest: return "nearest";
    case SourcingRule::kLowestCost: return "lowest cost";
    case SourcingRule::kPriority: return "highest priority";
  }
  return "";
}

// "EU1-WH-BER holds 2 of 3 units of A (fewest nodes)": one node's share of a
// line in a plan with several nodes or backorders.
std::string SplitReason(const Decision& d, const SourcingRequest& request, const NodeFacts& f,
                        const RoutedLine& line, int64_t take, bool backorders) {
  const std::string share = take < line.need ? absl::StrCat(take, " of ", Units(line.need))
                            : take == 1      ? "1 unit"
                                             : absl::StrCat("all ", Units(take));
  return absl::StrCat(f.node->node_id, " holds ", share, " of ", line.sku, " (",
                      SplitPhrase(d, request, backorders), ")");
}

// "; skipped EU1-ST-PAR: at daily capacity (300 orders)" for nodes that hold
// the line's units and rank before the chosen one but could not be used.
std::string SkippedNotes(size_t line, int line_no, const NodeFacts& chosen,
                         const std::vector<NodeFacts>& facts, const SourcingRequest& request) {
  std::string notes;
  for (const NodeFacts& f : facts) {
    if (f.node == chosen.node || f.held[line] == 0) continue;
    if (!sourcing_internal::StrictlyRanksBefore(f, chosen, request.policy)) continue;
    if (f.at_capacity) {
      absl::StrAppend(&notes, "; skipped ", f.node->node_id, ": at daily capacity (",
                      f.node->daily_capacity, " orders)");
    } else if (Excluded(request, line_no, f.node->node_id)) {
      absl::StrAppend(&notes, "; skipped ", f.node->node_id,
                      ": rejected or short-picked these units before");
    }
  }
  return notes;
}

// What the rules know about every node that serves the request's mode.
std::vector<NodeFacts> FactsOf(const SourcingRequest& request,
                               const std::vector<RoutedLine>& lines,
                               const std::vector<StockLevel>& stock,
                               const std::vector<FulfillmentNode>& nodes) {
  std::map<std::pair<std::string, std::string>, int64_t> available;  // (node, sku)
  for (const auto& s : stock) available[{s.node_id, s.sku}] += s.available();
  int32_t top_priority = nodes.empty() ? 0 : nodes.front().priority;
  for (const auto& n : nodes) top_priority = std::max(top_priority, n.priority);

  std::vector<NodeFacts> facts;
  for (const auto& n : nodes) {
    if (!ServesMode(n, request)) continue;
    NodeFacts f;
    f.node = &n;
    f.at_capacity = AtCapacity(n, request);
    f.out_of_region = !request.region.empty() && n.region != request.region;
    if (request.destination) {
      const bool located = n.latitude != 0 || n.longitude != 0;
      f.km = located ? GreatCircleKm({n.latitude, n.longitude}, *request.destination) : -1;
      f.distance_m = std::llround((located ? f.km : kFarthestKm) * 1000);
    }
    f.priority_gap = top_priority - n.priority;
    for (const auto& l : lines) {
      auto it = available.find({n.node_id, l.sku});
      const int64_t held = it == available.end() ? 0 : it->second;
      f.held.push_back(held);
      const int64_t supply =
          f.at_capacity || Excluded(request, l.line_no, n.node_id) ? 0 : held;
      f.supply.push_back(supply);
      f.total_supply += supply;
    }
    facts.push_back(std::move(f));
  }
  return facts;
}

absl::Status NoPlanError(const std::vector<RoutedLine>& lines,
                         const std::vector<NodeFacts>& facts, const SourcingRequest& request,
                         int max_nodes) {
  int64_t must_serve = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].backorderable) continue;
    must_serve += lines[i].need;
    int64_t total = 0;
    for (const NodeFacts& f : facts) total += f.supply[i];
    if (total < lines[i].need) {
      std::string why;
      for (const NodeFacts& f : facts) {
        if (f.held[i] == 0 || f.supply[i] > 0) continue;
        absl::StrAppend(&why, "; ", f.node->node_id, " holds ", f.held[i], " but ",
                        f.at_capacity ? absl::StrCat("is at daily capacity (",
                                                     f.node->daily_capacity, " orders)")
                                      : std::string("rejected or short-picked them before"));
      }
      return absl::FailedPreconditionError(absl::StrFormat(
          "out of stock: %s needs %d, %d available at the nodes that can serve this order%s",
          lines[i].sku, lines[i].need, total, why));
    }
  }
  const bool all_must = std::none_of(lines.begin(), lines.end(),
                                     [](const RoutedLine& l) { return l.backorderable; });
  const std::string what =
      all_must ? absl::StrCat(Units(must_serve), " of the order")
               : absl::StrCat(Units(must_serve), " that cannot be backordered");
  if (request.policy.ship_complete) {
    const NodeFacts* most = nullptr;
    int64_t most_units = -1;
    for (const NodeFacts& f : facts) {
      int64_t units = 0;
      for (size_t i = 0; i < lines.size(); ++i) {
        if (!lines[i].backorderable) units += std::min(lines[i].need, f.supply[i]);
      }
      if (units > most_units) most = &f, most_units = units;
    }
    const std::string best_node =
        most_units > 0 ? absl::StrCat(" (", most->node->node_id, " holds ", most_units, ")") : "";
    return absl::FailedPreconditionError(
        absl::StrCat("ship-complete: no single node holds all ", what, best_node));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("split limit: no plan with at most ", max_nodes, " nodes serves all ", what,
                   " (max_splits ", request.policy.max_splits, ")"));
}

}  // namespace

absl::string_view Name(SourcingRule rule) {
  switch (rule) {
    case SourcingRule::kWholeOrder: return "whole_order";
    case SourcingRule::kCustomerRegion: return "customer_region";
    case SourcingRule::kNearest: return "nearest";
    case SourcingRule::kLowestCost: return "lowest_cost";
    case SourcingRule::kPriority: return "priority";
  }
  return "unknown";
}

std::optional<SourcingRule> ParseSourcingRule(absl::string_view name) {
  for (SourcingRule r : {SourcingRule::kWholeOrder, SourcingRule::kCustomerRegion,
                         SourcingRule::kNearest, SourcingRule::kLowestCost,
                         SourcingRule::kPriority}) {
    if (Name(r) == name) return r;
  }
  return std::nullopt;
}

absl::Status SourcingPolicy::Validate() const {
  if (max_splits < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("sourcing max_splits must be at least 1, not ", max_splits));
  }
  std::set<SourcingRule> seen;
  for (SourcingRule r : rules) {
    if (!seen.insert(r).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("sourcing rule ", std::string(Name(r)), " is listed twice"));
    }
  }
  return absl::OkStatus();
}

int SourcingPlan::NodeCount() const {
  std::set<std::string> nodes;
  for (const auto& r : reservations) nodes.insert(r.node_id);
  return static_cast<int>(nodes.size());
}

absl::StatusOr<SourcingPlan> PlanSourcing(const SourcingRequest& request,
                                          const std::vector<StockLevel>& stock,
                                          const std::vector<FulfillmentNode>& nodes,
                                          const std::map<std::string, Product>& products) {
  if (absl::Status s = request.policy.Validate(); !s.ok()) return s;
  SourcingPlan plan;
  std::vector<RoutedLine> lines;
  std::map<std::string, int> line_of_sku;
  std::map<std::string, int64_t> preorder_requested;
  for (const auto& line : request.lines) {
    auto p = products.find(line.sku);
    if (p == products.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown SKU ", line.sku));
    }
    if (auto [it, fresh] = line_of_sku.emplace(line.sku, line.line_no); !fresh) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line.line_no, " repeats SKU ",
                                                     line.sku, " of line ", it->second));
    }
    if (p->second.preorder) {
      preorder_requested[line.sku] += line.quantity;
      const int64_t left = p->second.preorder_cap - p->second.preorder_sold;
      if (preorder_requested[line.sku] > left) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "preorder limit reached: %s has %d of %d preorder units left", line.sku,
            std::max<int64_t>(left, 0), p->second.preorder_cap));
      }
      plan.preordered[line.line_no] = line.quantity;
    } else if (line.quantity > 0) {
      lines.push_back({line.line_no, line.sku, line.quantity,
                       p->second.backorder_allowed && request.mode != DeliveryMode::kCarryOut});
    }
  }
  if (lines.empty()) return plan;

  const std::vector<NodeFacts> facts = FactsOf(request, lines, stock, nodes);
  std::vector<NodeFacts> candidates;
  for (const auto& f : facts) {
    if (f.total_supply > 0) candidates.push_back(f);
  }
  const int max_nodes = request.policy.ship_complete ? 1 : request.policy.max_splits;
  const auto [best, runner_up] =
      sourcing_internal::SearchPlans(candidates, lines, request, max_nodes);
  if (!best) return NoPlanError(lines, facts, request, max_nodes);

  const auto fill = sourcing_internal::FillSet(best->set, lines, candidates);
  const Decision decision = Decide(*best, runner_up, request.policy);
  const bool whole = best->set.size() == 1 && fill.backordered == 0;
  int64_t routed_units = 0;
  for (const auto& l : lines) routed_units += l.need;
  const size_t width = best->set.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    int64_t served = 0;
    for (size_t k = 0; k < width; ++k) {
      const int64_t take = fill.takes[i * width + k];
      if (take == 0) continue;
      served += take;
      const NodeFacts& f = candidates[best->set[k]];
      std::string reason =
          whole ? WholeOrderReason(decision, request, routed_units)
                : SplitReason(decision, request, f, lines[i], take, fill.backordered > 0);
      absl::StrAppend(&reason, Km(f.km), SkippedNotes(i, lines[i].line_no, f, facts, request));
      plan.reservations.push_back(
          {lines[i].line_no, lines[i].sku, f.node->node_id, take, std::move(reason), f.km});
    }
    if (served < lines[i].need) plan.backordered[lines[i].line_no] = lines[i].need - served;
  }
  return plan;
}

}  // namespace oms::domain
