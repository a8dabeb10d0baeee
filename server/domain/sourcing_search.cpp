#include "server/domain/sourcing_search.h"

#include <algorithm>
#include <tuple>

namespace oms::domain::sourcing_internal {
namespace {

bool Better(const Trial& a, const Trial& b) {
  return std::tie(a.score, a.ids) < std::tie(b.score, b.ids);
}

// nullopt when the set cannot serve what must be served, or when one of its
// nodes would take nothing: the smaller set without it is tried on its own
// and scores no worse, and skipping it keeps the runner-up meaningful.
std::optional<Trial> TrySet(const std::vector<int>& set, const std::vector<RoutedLine>& lines,
                            const std::vector<NodeFacts>& candidates,
                            const SourcingRequest& request) {
  const Fill fill = FillSet(set, lines, candidates);
  if (!fill.feasible || !fill.all_used) return std::nullopt;
  Trial t;
  t.set = set;
  t.score.push_back(fill.backordered);
  for (SourcingRule rule : request.policy.rules) {
    int64_t cost = 0;
    if (rule == SourcingRule::kCustomerRegion) {
      cost = fill.outside_region;
    } else {
      for (int c : set) cost += NodeCost(rule, candidates[c]);
    }
    t.score.push_back(cost);
  }
  for (int c : set) t.ids.push_back(candidates[c].node->node_id);
  std::sort(t.ids.begin(), t.ids.end());
  return t;
}

// Sum of C(n, k) for k <= max_size, or something above kMaxSetsTried.
int64_t SetsUpTo(int n, int max_size) {
  int64_t total = 0, choose = 1;  // C(n, k)
  for (int k = 0; k <= std::min(n, max_size) && total <= kMaxSetsTried; ++k) {
    total += choose;
    choose = choose * (n - k) / (k + 1);  // stays small: the loop stops past the budget
  }
  return total;
}

// Calls visit(set) for every subset of 0..n-1 of at most max_size elements,
// each in increasing order, the empty set first.
template <typename Visit>
void ForEachSet(int n, int max_size, Visit visit) {
  std::vector<int> set;
  auto rec = [&](auto&& self, int from) -> void {
    visit(set);
    if (static_cast<int>(set.size()) == max_size) return;
    for (int i = from; i < n; ++i) {
      set.push_back(i);
      self(self, i + 1);
      set.pop_back();
    }
  };
  rec(rec, 0);
}

}  // namespace

int64_t NodeCost(SourcingRule rule, const NodeFacts& f) {
  switch (rule) {
    case SourcingRule::kWholeOrder: return 1;
    case SourcingRule::kCustomerRegion: return f.out_of_region ? 1 : 0;
    case SourcingRule::kNearest: return f.distance_m;
    case SourcingRule::kLowestCost: return f.node->cost_per_shipment_minor;
    case SourcingRule::kPriority: return f.priority_gap;
  }
  return 0;
}

bool StrictlyRanksBefore(const NodeFacts& a, const NodeFacts& b, const SourcingPolicy& policy) {
  for (SourcingRule rule : policy.rules) {
    const int64_t ca = NodeCost(rule, a), cb = NodeCost(rule, b);
    if (ca != cb) return ca < cb;
  }
  return false;
}

bool RanksBefore(const NodeFacts& a, const NodeFacts& b, const SourcingPolicy& policy) {
  if (StrictlyRanksBefore(a, b, policy)) return true;
  if (StrictlyRanksBefore(b, a, policy)) return false;
  return a.node->node_id < b.node->node_id;
}

Fill FillSet(const std::vector<int>& set, const std::vector<RoutedLine>& lines,
             const std::vector<NodeFacts>& candidates) {
  Fill fill;
  const size_t width = set.size();
  fill.takes.assign(lines.size() * width, 0);
  std::vector<bool> used(width, false);
  // Lines are independent (their SKUs are distinct), so taking from nodes in
  // the region first gives each set its fewest units abroad; nothing else
  // the rules measure depends on which node of the set takes which unit.
  for (size_t i = 0; i < lines.size(); ++i) {
    int64_t open = lines[i].need;
    for (size_t k = 0; k < width && open > 0; ++k) {
      const NodeFacts& f = candidates[set[k]];
      const int64_t take = std::min(open, f.supply[i]);
      if (take == 0) continue;
      fill.takes[i * width + k] = take;
      used[k] = true;
      open -= take;
      if (f.out_of_region) fill.outside_region += take;
    }
    if (open > 0 && !lines[i].backorderable) fill.feasible = false;
    fill.backordered += open;
  }
  fill.all_used = std::all_of(used.begin(), used.end(), [](bool u) { return u; });
  return fill;
}

SearchResult SearchPlans(std::vector<NodeFacts>& candidates, const std::vector<RoutedLine>& lines,
                         const SourcingRequest& request, int max_nodes) {
  const SourcingPolicy& policy = request.policy;
  if (SetsUpTo(static_cast<int>(candidates.size()), max_nodes) > kMaxSetsTried) {
    std::sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
      if (a.total_supply != b.total_supply) return a.total_supply > b.total_supply;
      return RanksBefore(a, b, policy);
    });
    while (SetsUpTo(static_cast<int>(candidates.size()), max_nodes) > kMaxSetsTried) {
      candidates.pop_back();
    }
  }
  std::sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
    if (a.out_of_region != b.out_of_region) return !a.out_of_region;
    return RanksBefore(a, b, policy);
  });

  SearchResult result;
  ForEachSet(static_cast<int>(candidates.size()), max_nodes, [&](const std::vector<int>& set) {
    std::optional<Trial> t = TrySet(set, lines, candidates, request);
    if (!t) return;
    if (!result.best || Better(*t, *result.best)) {
      result.runner_up = std::move(result.best);
      result.best = std::move(t);
    } else if (!result.runner_up || Better(*t, *result.runner_up)) {
      result.runner_up = std::move(t);
    }
  });
  return result;
}

}  // namespace oms::domain::sourcing_internal
