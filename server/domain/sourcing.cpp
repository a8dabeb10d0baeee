#include "server/domain/sourcing.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace oms::domain {
namespace {

bool Eligible(const FulfillmentNode& node, const SourcingRequest& request) {
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

// Lower is better: in the order's region, cheaper, higher priority, then id
// so that equal nodes are always chosen the same way.
auto Rank(const FulfillmentNode& node, const std::string& region) {
  return std::make_tuple(node.region == region ? 0 : 1, node.cost_per_shipment_minor,
                         -node.priority, node.node_id);
}

std::string Units(int64_t n) { return absl::StrCat(n, n == 1 ? " unit" : " units"); }

}  // namespace

int SourcingPlan::NodeCount() const {
  std::set<std::string> nodes;
  for (const auto& r : reservations) nodes.insert(r.node_id);
  return static_cast<int>(nodes.size());
}

absl::StatusOr<SourcingPlan> PlanSourcing(const SourcingRequest& request,
                                          const std::vector<StockLevel>& stock,
                                          const std::vector<FulfillmentNode>& nodes,
                                          const std::map<std::string, Product>& products) {
  SourcingPlan plan;
  // Units each line still needs from a node.
  std::map<int, int64_t> need;
  std::map<std::string, int64_t> preorder_requested;
  for (const auto& line : request.lines) {
    auto p = products.find(line.sku);
    if (p == products.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown SKU ", line.sku));
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
    } else {
      need[line.line_no] = line.quantity;
    }
  }

  std::vector<const FulfillmentNode*> eligible;
  for (const auto& n : nodes) {
    if (Eligible(n, request)) eligible.push_back(&n);
  }
  std::sort(eligible.begin(), eligible.end(), [&](const auto* a, const auto* b) {
    return Rank(*a, request.region) < Rank(*b, request.region);
  });

  // available[node][sku]
  std::map<std::string, std::map<std::string, int64_t>> available;
  for (const auto& s : stock) available[s.node_id][s.sku] = s.available();

  auto sku_of = [&](int line_no) -> const std::string& {
    for (const auto& l : request.lines) {
      if (l.line_no == line_no) return l.sku;
    }
    static const std::string kNone;
    return kNone;
  };
  int64_t total_needed = 0;
  for (const auto& [line_no, qty] : need) total_needed += qty;

  // Rule 1: keep the order whole at one node.
  if (total_needed > 0) {
    for (const auto* node : eligible) {
      auto& avail = available[node->node_id];
      bool covers = std::all_of(need.begin(), need.end(), [&](const auto& entry) {
        return avail[sku_of(entry.first)] >= entry.second;
      });
      if (!covers) continue;
      const std::string reason =
          absl::StrCat(node->node_id, " holds all ", Units(total_needed), " of the order",
                       node->region == request.region ? "" : " (outside the order's region)");
      for (auto& [line_no, qty] : need) {
        plan.reservations.push_back({line_no, sku_of(line_no), node->node_id, qty, reason});
        qty = 0;
      }
      total_needed = 0;
      break;
    }
  }

  // Rule 2: fewest nodes, greedily by units covered.
  std::set<std::string> used;
  while (total_needed > 0) {
    const FulfillmentNode* best = nullptr;
    int64_t best_cover = 0;
    for (const auto* node : eligible) {
      if (used.count(node->node_id)) continue;
      int64_t cover = 0;
      for (const auto& [line_no, qty] : need) {
        cover += std::min(qty, available[node->node_id][sku_of(line_no)]);
      }
      if (cover > best_cover) {  // eligible is ranked, so ties keep the better node
        best = node;
        best_cover = cover;
      }
    }
    if (best == nullptr) break;
    used.insert(best->node_id);
    const std::string reason = absl::StrCat(best->node_id, " covers ", Units(best_cover), " of ",
                                            total_needed, " still open (fewest nodes)");
    for (auto& [line_no, qty] : need) {
      int64_t& avail = available[best->node_id][sku_of(line_no)];
      const int64_t take = std::min(qty, avail);
      if (take == 0) continue;
      plan.reservations.push_back({line_no, sku_of(line_no), best->node_id, take, reason});
      qty -= take;
      avail -= take;
      total_needed -= take;
    }
  }

  // Rule 3: what no node holds is backordered where the product allows it.
  for (const auto& [line_no, qty] : need) {
    if (qty == 0) continue;
    const std::string& sku = sku_of(line_no);
    const Product& product = products.at(sku);
    if (product.backorder_allowed && request.mode != DeliveryMode::kCarryOut) {
      plan.backordered[line_no] = qty;
      continue;
    }
    int64_t total_available = 0;
    for (const auto* node : eligible) {
      for (const auto& s : stock) {
        if (s.node_id == node->node_id && s.sku == sku) total_available += s.available();
      }
    }
    int64_t requested = 0;
    for (const auto& l : request.lines) {
      if (l.line_no == line_no) requested = l.quantity;
    }
    return absl::FailedPreconditionError(absl::StrFormat(
        "out of stock: %s needs %d, %d available at the nodes that can serve this order", sku,
        requested, total_available));
  }
  return plan;
}

}  // namespace oms::domain
