// PlanSourcing against an oracle that tries every assignment of units to
// nodes on small random cases (up to 4 lines, 5 nodes) and ranks them by the
// contract in sourcing.h, written here again independently of the planner.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <cmath>
#include <random>
#include <sstream>

#include "server/domain/sourcing.h"

namespace oms::domain {
namespace {

struct Case {
  SourcingRequest request;
  std::vector<StockLevel> stock;
  std::vector<FulfillmentNode> nodes;
  std::map<std::string, Product> products;
};

Case RandomCase(std::mt19937& rng) {
  auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(rng); };
  Case c;
  const int node_count = pick(1, 5);
  for (int i = 0; i < node_count; ++i) {
    FulfillmentNode n;
    n.node_id = "N" + std::to_string(i);
    n.region = chance(0.7) ? "EU1" : "US1";
    if (i > 0 && chance(0.2)) {  // same place as another node: distance ties
      n.latitude = c.nodes[pick(0, i - 1)].latitude;
      n.longitude = c.nodes[pick(0, i - 1)].longitude;
    } else if (!chance(0.15)) {  // else unknown location (0, 0)
      n.latitude = std::uniform_real_distribution<>(36, 56)(rng);
      n.longitude = std::uniform_real_distribution<>(-5, 20)(rng);
    }
    n.cost_per_shipment_minor = std::vector<int64_t>{300, 450, 450, 600}[pick(0, 3)];
    n.priority = pick(-2, 3);
    n.capabilities = chance(0.9) ? kCanShip : kCanPickup;
    if (chance(0.3)) {
      n.daily_capacity = 10;
      c.request.node_orders_today[n.node_id] = pick(9, 11);
    }
    c.nodes.push_back(n);
  }
  const int line_count = pick(1, 4);
  for (int l = 0; l < line_count; ++l) {
    const std::string sku = "S" + std::to_string(l);
    c.request.lines.push_back({l + 1, sku, pick(1, 3)});
    Product p{sku, sku, 1000, "EUR"};
    p.backorder_allowed = chance(0.4);
    c.products[sku] = p;
    for (const auto& n : c.nodes) {
      if (chance(0.6)) {
        c.stock.push_back({sku, n.node_id, "", pick(0, 4), pick(0, 1), pick(0, 1), 1});
      }
      if (chance(0.15)) c.request.excluded_nodes[l + 1].insert(n.node_id);
    }
  }
  c.request.region = chance(0.85) ? "EU1" : "";
  if (chance(0.75)) {
    c.request.destination = GeoPoint{std::uniform_real_distribution<>(36, 56)(rng),
                                     std::uniform_real_distribution<>(-5, 20)(rng)};
  }
  c.request.policy.rules.clear();
  for (SourcingRule r : {SourcingRule::kWholeOrder, SourcingRule::kCustomerRegion,
                         SourcingRule::kNearest, SourcingRule::kLowestCost,
                         SourcingRule::kPriority}) {
    if (chance(0.7)) c.request.policy.rules.push_back(r);
  }
  std::shuffle(c.request.policy.rules.begin(), c.request.policy.rules.end(), rng);
  c.request.policy.max_splits = pick(1, 4);
  c.request.policy.ship_complete = chance(0.2);
  return c;
}

// The contract of PlanSourcing, written as a score over a full assignment
// units[line][node]: nullopt when the assignment is not allowed.
class Oracle {
 public:
  explicit Oracle(const Case& c) : c_(c) {
    const auto& r = c.request;
    top_priority_ = c.nodes.front().priority;
    for (const auto& n : c.nodes) top_priority_ = std::max(top_priority_, n.priority);
    for (const auto& line : r.lines) {
      std::vector<int64_t> row;
      for (const auto& n : c.nodes) {
        int64_t avail = 0;
        for (const auto& s : c.stock) {
          if (s.node_id == n.node_id && s.sku == line.sku) avail += s.available();
        }
        const bool full = n.daily_capacity > 0 && r.node_orders_today.count(n.node_id) &&
                          r.node_orders_today.at(n.node_id) >= n.daily_capacity;
        const bool excluded = r.excluded_nodes.count(line.line_no) &&
                              r.excluded_nodes.at(line.line_no).count(n.node_id);
        row.push_back(n.Can(kCanShip) && !full && !excluded ? avail : 0);
      }
      avail_.push_back(row);
    }
  }

  std::optional<std::vector<int64_t>> Score(const std::vector<std::vector<int64_t>>& units) const {
    const auto& r = c_.request;
    const size_t nodes = c_.nodes.size();
    std::vector<bool> used(nodes, false);
    int64_t backordered = 0, outside = 0;
    for (size_t l = 0; l < r.lines.size(); ++l) {
      int64_t served = 0;
      for (size_t n = 0; n < nodes; ++n) {
        if (units[l][n] < 0 || units[l][n] > avail_[l][n]) return std::nullopt;
        if (units[l][n] == 0) continue;
        used[n] = true;
        served += units[l][n];
        if (c_.nodes[n].region != r.region) outside += units[l][n];
      }
      if (served > r.lines[l].quantity) return std::nullopt;
      const int64_t open = r.lines[l].quantity - served;
      if (open > 0 && !c_.products.at(r.lines[l].sku).backorder_allowed) return std::nullopt;
      backordered += open;
    }
    const int count = static_cast<int>(std::count(used.begin(), used.end(), true));
    if (count > (r.policy.ship_complete ? 1 : r.policy.max_splits)) return std::nullopt;
    std::vector<int64_t> score = {backordered};
    for (SourcingRule rule : r.policy.rules) {
      int64_t cost = 0;
      for (size_t n = 0; n < nodes; ++n) {
        if (!used[n]) continue;
        const FulfillmentNode& node = c_.nodes[n];
        switch (rule) {
          case SourcingRule::kWholeOrder: cost += 1; break;
          case SourcingRule::kCustomerRegion: break;
          case SourcingRule::kNearest:
            if (r.destination) {
              const bool located = node.latitude != 0 || node.longitude != 0;
              const double km = located ? GreatCircleKm({node.latitude, node.longitude},
                                                        *r.destination)
                                        : 3.14159265358979323846 * kEarthRadiusKm;
              cost += std::llround(km * 1000);
            }
            break;
          case SourcingRule::kLowestCost: cost += node.cost_per_shipment_minor; break;
          case SourcingRule::kPriority: cost += top_priority_ - node.priority; break;
        }
      }
      if (rule == SourcingRule::kCustomerRegion && !r.region.empty()) cost = outside;
      score.push_back(cost);
    }
    return score;
  }

  // The best score of every assignment; nullopt when none is allowed.
  std::optional<std::vector<int64_t>> Best() {
    units_.assign(c_.request.lines.size(), std::vector<int64_t>(c_.nodes.size(), 0));
    best_.reset();
    Line(0);
    return best_;
  }

  // Why no assignment is allowed, as the planner's error starts.
  std::string Refusal() const {
    const auto& r = c_.request;
    for (size_t l = 0; l < r.lines.size(); ++l) {
      int64_t total = 0;
      for (int64_t a : avail_[l]) total += a;
      if (total < r.lines[l].quantity && !c_.products.at(r.lines[l].sku).backorder_allowed) {
        return "out of stock: " + r.lines[l].sku;
      }
    }
    return r.policy.ship_complete ? "ship-complete: " : "split limit: ";
  }

 private:
  void Line(size_t l) {
    if (l == c_.request.lines.size()) {
      auto s = Score(units_);
      if (s && (!best_ || *s < *best_)) best_ = s;
      return;
    }
    Unit(l, 0, c_.request.lines[l].quantity);
  }
  // Every split of up to `left` units of line l over nodes n...
  void Unit(size_t l, size_t n, int64_t left) {
    if (n == c_.nodes.size()) return Line(l + 1);
    for (int64_t q = 0; q <= std::min(left, avail_[l][n]); ++q) {
      units_[l][n] = q;
      Unit(l, n + 1, left - q);
    }
    units_[l][n] = 0;
  }

  const Case& c_;
  int32_t top_priority_ = 0;
  std::vector<std::vector<int64_t>> avail_;  // [line][node], 0 where not allowed
  std::vector<std::vector<int64_t>> units_;
  std::optional<std::vector<int64_t>> best_;
};

std::string Describe(const Case& c) {
  std::ostringstream out;
  const auto& r = c.request;
  out << "rules:";
  for (SourcingRule rule : r.policy.rules) out << " " << Name(rule);
  out << "; max_splits " << r.policy.max_splits << (r.policy.ship_complete ? " ship_complete" : "")
      << "; region '" << r.region << "'";
  if (r.destination) out << "; to " << r.destination->lat << "," << r.destination->lon;
  out << "\n";
  for (const auto& n : c.nodes) {
    out << "  node " << n.node_id << " " << n.region << " at " << n.latitude << ","
        << n.longitude << " cost " << n.cost_per_shipment_minor << " prio " << n.priority
        << (n.Can(kCanShip) ? "" : " no-ship") << " cap " << n.daily_capacity << "\n";
  }
  for (const auto& l : r.lines) {
    out << "  line " << l.line_no << " " << l.sku << " x" << l.quantity
        << (c.products.at(l.sku).backorder_allowed ? " backorderable" : "") << " excl:";
    if (r.excluded_nodes.count(l.line_no)) {
      for (const auto& n : r.excluded_nodes.at(l.line_no)) out << " " << n;
    }
    out << "\n";
  }
  for (const auto& s : c.stock) {
    out << "  stock " << s.sku << "@" << s.node_id << " available " << s.available() << "\n";
  }
  return out.str();
}

std::string Describe(const SourcingPlan& plan) {
  std::ostringstream out;
  for (const auto& r : plan.reservations) {
    out << "  line " << r.line_no << " " << r.quantity << " @ " << r.node_id << ": " << r.reason
        << "\n";
  }
  for (const auto& [line, units] : plan.backordered) {
    out << "  line " << line << " " << units << " backordered\n";
  }
  return out.str();
}

TEST(SourcingBruteForceTest, ThePlanScoresAsWellAsTheBestOfEveryAssignment) {
  int feasible = 0, split = 0, backordered = 0, refused = 0;
  std::map<std::string, int> decided_by;
  for (uint32_t seed = 1; seed <= 20000; ++seed) {
    std::mt19937 rng(seed);
    const Case c = RandomCase(rng);
    Oracle oracle(c);
    const auto best = oracle.Best();
    auto plan = PlanSourcing(c.request, c.stock, c.nodes, c.products);
    if (!best) {
      ++refused;
      ASSERT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition)
          << "seed " << seed << ": no assignment is allowed but the planner answered "
          << plan.status() << "\n" << Describe(c) << (plan.ok() ? Describe(*plan) : "");
      ASSERT_EQ(plan.status().message().find(oracle.Refusal()), 0u)
          << "seed " << seed << ": " << plan.status() << "\n" << Describe(c);
      continue;
    }
    ASSERT_TRUE(plan.ok()) << "seed " << seed << ": " << plan.status() << "\n" << Describe(c);
    ++feasible;
    split += plan->NodeCount() > 1;
    backordered += !plan->backordered.empty();

    // The plan as an assignment: every unit reserved or backordered once.
    std::vector<std::vector<int64_t>> units(c.request.lines.size(),
                                            std::vector<int64_t>(c.nodes.size(), 0));
    for (const auto& r : plan->reservations) {
      ASSERT_GT(r.quantity, 0) << "seed " << seed;
      const size_t l = r.line_no - 1;
      const auto n = std::find_if(c.nodes.begin(), c.nodes.end(),
                                  [&](const auto& node) { return node.node_id == r.node_id; });
      ASSERT_NE(n, c.nodes.end()) << "seed " << seed;
      ASSERT_EQ(r.sku, c.request.lines[l].sku);
      ASSERT_FALSE(r.reason.empty());
      units[l][n - c.nodes.begin()] += r.quantity;
    }
    for (size_t l = 0; l < c.request.lines.size(); ++l) {
      int64_t total = 0;
      for (int64_t u : units[l]) total += u;
      const int line_no = static_cast<int>(l) + 1;
      const int64_t back = plan->backordered.count(line_no) ? plan->backordered.at(line_no) : 0;
      ASSERT_EQ(total + back, c.request.lines[l].quantity) << "seed " << seed << " line " << l;
    }
    const auto score = oracle.Score(units);
    ASSERT_TRUE(score.has_value()) << "seed " << seed << ": the plan breaks a constraint\n"
                                   << Describe(c) << Describe(*plan);
    ASSERT_EQ(*score, *best) << "seed " << seed << ": a better plan exists\n"
                             << Describe(c) << Describe(*plan);
    const std::string& reason = plan->reservations.empty() ? "" : plan->reservations[0].reason;
    for (const char* why : {"only", "nearest", "cheapest", "region", "priority", "node id",
                            "fewest nodes", "most units", "ship-complete"}) {
      if (reason.find(why) != std::string::npos) ++decided_by[why];
    }
  }
  // The random cases must reach every corner, or the comparison proves little.
  std::cout << feasible << " plans (" << split << " split, " << backordered
            << " with backorders), " << refused << " refused; first reasons:";
  for (const auto& [why, n] : decided_by) std::cout << " " << why << " " << n << ",";
  std::cout << "\n";
  EXPECT_GT(feasible, 6000);
  EXPECT_GT(refused, 2000);
  EXPECT_GT(split, 1000);
  EXPECT_GT(backordered, 1000);
  for (const char* why : {"only", "nearest", "cheapest", "region", "priority", "node id",
                          "fewest nodes", "most units", "ship-complete"}) {
    EXPECT_GT(decided_by[why], 10) << why;
  }
}

// Many nodes and lines: the planner stays fast and within its limits.
TEST(SourcingBruteForceTest, ALargeOrderIsPlannedQuicklyWithinMaxSplits) {
  std::mt19937 rng(7);
  Case c;
  for (int i = 0; i < 40; ++i) {
    FulfillmentNode n;
    n.node_id = "N" + std::to_string(i);
    n.region = i % 3 ? "EU1" : "US1";
    n.latitude = std::uniform_real_distribution<>(36, 56)(rng);
    n.longitude = std::uniform_real_distribution<>(-5, 20)(rng);
    n.cost_per_shipment_minor = 300 + i;
    c.nodes.push_back(n);
  }
  for (int l = 0; l < 100; ++l) {
    const std::string sku = "S" + std::to_string(l);
    c.request.lines.push_back({l + 1, sku, 2});
    c.products[sku] = Product{sku, sku, 1000, "EUR", /*backorder_allowed=*/true};
    for (const auto& n : c.nodes) {
      if (std::uniform_int_distribution<>(0, 3)(rng) == 0) {
        c.stock.push_back({sku, n.node_id, "", 3, 0, 0, 1});
      }
    }
  }
  c.request.region = "EU1";
  c.request.destination = GeoPoint{52.52, 13.405};
  c.request.policy.max_splits = 5;
  const auto start = std::chrono::steady_clock::now();
  auto plan = PlanSourcing(c.request, c.stock, c.nodes, c.products);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_LE(plan->NodeCount(), 5);
  EXPECT_LT(took, std::chrono::seconds(1));
}

}  // namespace
}  // namespace oms::domain
