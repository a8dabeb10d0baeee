#include "server/domain/sourcing.h"

#include <gtest/gtest.h>

namespace oms::domain {
namespace {

::testing::AssertionResult Contains(absl::string_view text, absl::string_view part) {
  if (text.find(part) != absl::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

// Demo node locations and a shipping address in Berlin 10119: Berlin is
// 7 km away, Wroclaw 296, Munich 505, Rotterdam 614, Paris 878.
constexpr GeoPoint kBerlin{52.4763, 13.453}, kWroclaw{51.1079, 17.0385},
    kMunich{48.1374, 11.5755}, kRotterdam{51.885, 4.442}, kParis{48.8606, 2.3376},
    kNewYork{40.7209, -74.0007};
constexpr GeoPoint kBerlin10119{52.5297, 13.4015};

FulfillmentNode Node(std::string id, std::string region = "EU1", GeoPoint at = {},
                     int64_t cost = 500, uint32_t caps = kCanShip) {
  FulfillmentNode n;
  n.node_id = std::move(id);
  n.region = std::move(region);
  n.latitude = at.lat;
  n.longitude = at.lon;
  n.cost_per_shipment_minor = cost;
  n.capabilities = caps;
  return n;
}

StockLevel Stock(std::string sku, std::string node, int64_t on_hand, int64_t reserved = 0,
                 int64_t safety = 0) {
  return {std::move(sku), std::move(node), "", on_hand, reserved, safety, 1};
}

std::map<std::string, Product> Products(std::initializer_list<std::string> skus) {
  std::map<std::string, Product> out;
  for (const auto& s : skus) out[s] = Product{s, s, 1000, "EUR"};
  return out;
}

SourcingRequest Request(std::vector<SourcingRequest::Line> lines,
                        std::optional<GeoPoint> to = std::nullopt) {
  SourcingRequest r;
  r.lines = std::move(lines);
  r.region = "EU1";
  r.destination = to;
  return r;
}

std::set<std::string> NodesOf(const SourcingPlan& plan) {
  std::set<std::string> out;
  for (const auto& r : plan.reservations) out.insert(r.node_id);
  return out;
}

int64_t UnitsAt(const SourcingPlan& plan, const std::string& node, int line_no) {
  int64_t units = 0;
  for (const auto& r : plan.reservations) {
    if (r.node_id == node && r.line_no == line_no) units += r.quantity;
  }
  return units;
}

// --- rule names and policy ---

TEST(SourcingRuleTest, NamesRoundTrip) {
  for (SourcingRule r : {SourcingRule::kWholeOrder, SourcingRule::kCustomerRegion,
                         SourcingRule::kNearest, SourcingRule::kLowestCost,
                         SourcingRule::kPriority}) {
    EXPECT_EQ(ParseSourcingRule(Name(r)), r) << Name(r);
  }
  EXPECT_EQ(ParseSourcingRule("whole_order"), SourcingRule::kWholeOrder);
  EXPECT_EQ(ParseSourcingRule("Nearest"), std::nullopt);
  EXPECT_EQ(ParseSourcingRule("cheapest"), std::nullopt);
}

TEST(SourcingPolicyTest, DefaultIsWholeOrderRegionNearestCost) {
  SourcingPolicy p;
  EXPECT_EQ(p.rules, (std::vector<SourcingRule>{SourcingRule::kWholeOrder,
                                                SourcingRule::kCustomerRegion,
                                                SourcingRule::kNearest,
                                                SourcingRule::kLowestCost}));
  EXPECT_EQ(p.max_splits, 3);
  EXPECT_FALSE(p.ship_complete);
  EXPECT_TRUE(p.Validate().ok());
}

TEST(SourcingPolicyTest, ZeroSplitsOrARepeatedRuleIsInvalid) {
  SourcingPolicy p;
  p.max_splits = 0;
  EXPECT_EQ(p.Validate().code(), absl::StatusCode::kInvalidArgument);
  p.max_splits = 1;
  p.rules = {SourcingRule::kNearest, SourcingRule::kNearest};
  EXPECT_TRUE(Contains(p.Validate().message(), "nearest is listed twice"));
  SourcingRequest r = Request({{1, "A", 1}});
  r.policy = p;
  EXPECT_EQ(PlanSourcing(r, {}, {}, Products({"A"})).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// --- whole order ---

TEST(SourcingTest, OneNodeThatHoldsEverythingServesTheWholeOrder) {
  auto plan = PlanSourcing(Request({{1, "A", 2}, {2, "B", 1}}),
                           {Stock("A", "WH1", 5), Stock("A", "WH2", 5), Stock("B", "WH2", 1)},
                           {Node("WH1"), Node("WH2")}, Products({"A", "B"}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(NodesOf(*plan), std::set<std::string>{"WH2"});
  EXPECT_EQ(plan->reservations[0].reason, "only node holding all 3 units");
  EXPECT_EQ(plan->reservations[0].distance_km, -1);
}

TEST(SourcingTest, WholeOrderBeatsANearerSplit) {
  auto plan = PlanSourcing(
      Request({{1, "A", 1}, {2, "B", 1}}, kBerlin10119),
      {Stock("A", "BER", 1), Stock("A", "PAR", 1), Stock("B", "PAR", 1)},
      {Node("BER", "EU1", kBerlin), Node("PAR", "EU1", kParis)}, Products({"A", "B"}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(NodesOf(*plan), std::set<std::string>{"PAR"});
  EXPECT_EQ(plan->reservations[0].reason, "only node holding all 2 units, 878 km");
  EXPECT_NEAR(plan->reservations[0].distance_km, 878.3, 0.1);
}

TEST(SourcingTest, WhenNoNodeHoldsAllTheFewestNodesAreUsed) {
  // WH1 has A and B, WH2 only C, WH3 only A, WH4 only B: two nodes suffice
  // (WH1 + WH2), the next best plan needs three (WH2 + WH3 + WH4).
  auto plan = PlanSourcing(Request({{1, "A", 1}, {2, "B", 1}, {3, "C", 1}}),
                           {Stock("A", "WH1", 1), Stock("B", "WH1", 1), Stock("C", "WH2", 1),
                            Stock("A", "WH3", 1), Stock("B", "WH4", 1)},
                           {Node("WH1"), Node("WH2"), Node("WH3"), Node("WH4")},
                           Products({"A", "B", "C"}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(NodesOf(*plan), (std::set<std::string>{"WH1", "WH2"}));
  EXPECT_EQ(plan->reservations[0].reason, "WH1 holds 1 unit of A (fewest nodes)");
}

TEST(SourcingTest, ALineMaySpanNodesWhenNoNodeHasEnough) {
  auto plan = PlanSourcing(Request({{1, "A", 5}}), {Stock("A", "WH1", 3), Stock("A", "WH2", 2)},
                           {Node("WH1"), Node("WH2")}, Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(UnitsAt(*plan, "WH1", 1), 3);
  EXPECT_EQ(UnitsAt(*plan, "WH2", 1), 2);
  EXPECT_EQ(plan->reservations[0].reason, "WH1 holds 3 of 5 units of A (only option)");
}

// --- customer region ---

TEST(SourcingTest, NodesInTheOrdersRegionArePreferredThenCheaperOnes) {
  auto plan = PlanSourcing(Request({{1, "A", 1}}),
                           {Stock("A", "US", 5), Stock("A", "EU-dear", 5),
                            Stock("A", "EU-cheap", 5)},
                           {Node("US", "US1", {}, 1), Node("EU-dear", "EU1", {}, 900),
                            Node("EU-cheap", "EU1", {}, 300)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "EU-cheap");
  EXPECT_EQ(plan->reservations[0].reason, "cheapest node holding the unit");
}

TEST(SourcingTest, TheCustomersRegionBeatsANearerNodeAbroad) {
  auto plan = PlanSourcing(Request({{1, "A", 2}}, kBerlin10119),
                           {Stock("A", "US-BER", 2), Stock("A", "EU-PAR", 2)},
                           {Node("US-BER", "US1", kBerlin), Node("EU-PAR", "EU1", kParis)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "EU-PAR");
  EXPECT_EQ(plan->reservations[0].reason,
            "node in the customer's region holding all 2 units, 878 km");
}

TEST(SourcingTest, RegionCountsUnitsSoASplitCanKeepMoreAtHome) {
  // EU holds 2 of 3, US all 3. Whole order first: US alone. Region first: as
  // few units abroad as possible, so EU ships 2 and US 1.
  const std::vector<StockLevel> stock = {Stock("A", "EU", 2), Stock("A", "US", 3)};
  const std::vector<FulfillmentNode> nodes = {Node("EU", "EU1"), Node("US", "US1")};
  auto whole = PlanSourcing(Request({{1, "A", 3}}), stock, nodes, Products({"A"}));
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(NodesOf(*whole), std::set<std::string>{"US"});

  SourcingRequest r = Request({{1, "A", 3}});
  r.policy.rules = {SourcingRule::kCustomerRegion, SourcingRule::kWholeOrder};
  auto home = PlanSourcing(r, stock, nodes, Products({"A"}));
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(UnitsAt(*home, "EU", 1), 2);
  EXPECT_EQ(UnitsAt(*home, "US", 1), 1);
  EXPECT_EQ(home->reservations[0].reason, "EU holds 2 of 3 units of A (customer's region)");
}

TEST(SourcingTest, WithoutARegionTheRegionRuleIsIgnored) {
  SourcingRequest r = Request({{1, "A", 1}});
  r.region = "";
  auto plan = PlanSourcing(r, {Stock("A", "EU", 1), Stock("A", "US", 1)},
                           {Node("EU", "EU1", {}, 600), Node("US", "US1", {}, 400)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "US");
}

// --- nearest ---

TEST(SourcingTest, TheNearestNodeHoldingAllUnitsWins) {
  auto plan = PlanSourcing(Request({{1, "A", 2}, {2, "B", 1}}, kBerlin10119),
                           {Stock("A", "PAR", 9), Stock("B", "PAR", 9), Stock("A", "BER", 2),
                            Stock("B", "BER", 1), Stock("A", "MUC", 5), Stock("B", "MUC", 5)},
                           {Node("PAR", "EU1", kParis, 100), Node("BER", "EU1", kBerlin, 900),
                            Node("MUC", "EU1", kMunich)},
                           Products({"A", "B"}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(NodesOf(*plan), std::set<std::string>{"BER"});
  EXPECT_EQ(plan->reservations[0].reason, "nearest node holding all 3 units, 7 km");
  EXPECT_NEAR(plan->reservations[0].distance_km, 6.9, 0.1);
}

TEST(SourcingTest, NearestSumsTheDistanceOfEveryNodeUsed) {
  // No node holds both: WRO+BER (296 + 7) is nearer than MUC+BER (505 + 7).
  auto plan = PlanSourcing(Request({{1, "A", 1}, {2, "B", 1}}, kBerlin10119),
                           {Stock("A", "BER", 1), Stock("B", "MUC", 1), Stock("B", "WRO", 1)},
                           {Node("BER", "EU1", kBerlin), Node("MUC", "EU1", kMunich),
                            Node("WRO", "EU1", kWroclaw)},
                           Products({"A", "B"}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(NodesOf(*plan), (std::set<std::string>{"BER", "WRO"}));
  EXPECT_EQ(plan->reservations[1].reason, "WRO holds 1 unit of B (nearest), 296 km");
}

TEST(SourcingTest, NearestFirstPrefersASplitOfNearNodesOverOneFarNode) {
  const std::vector<StockLevel> stock = {Stock("A", "BER", 1), Stock("B", "WRO", 1),
                                         Stock("A", "PAR", 1), Stock("B", "PAR", 1)};
  const std::vector<FulfillmentNode> nodes = {Node("BER", "EU1", kBerlin),
                                              Node("WRO", "EU1", kWroclaw),
                                              Node("PAR", "EU1", kParis)};
  SourcingRequest r = Request({{1, "A", 1}, {2, "B", 1}}, kBerlin10119);
  r.policy.rules = {SourcingRule::kNearest, SourcingRule::kWholeOrder};
  auto plan = PlanSourcing(r, stock, nodes, Products({"A", "B"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(NodesOf(*plan), (std::set<std::string>{"BER", "WRO"}));

  r.policy.rules = {SourcingRule::kWholeOrder, SourcingRule::kNearest};
  auto whole = PlanSourcing(r, stock, nodes, Products({"A", "B"}));
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(NodesOf(*whole), std::set<std::string>{"PAR"});
}

TEST(SourcingTest, WithoutADestinationDistanceIsIgnored) {
  auto plan = PlanSourcing(Request({{1, "A", 1}}), {Stock("A", "BER", 1), Stock("A", "RTM", 1)},
                           {Node("BER", "EU1", kBerlin, 450), Node("RTM", "EU1", kRotterdam, 420)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "RTM");
  EXPECT_EQ(plan->reservations[0].reason, "cheapest node holding the unit");
  EXPECT_EQ(plan->reservations[0].distance_km, -1);
}

TEST(SourcingTest, ANodeWithoutALocationCountsAsFarthest) {
  auto plan = PlanSourcing(Request({{1, "A", 1}}, kBerlin10119),
                           {Stock("A", "NOWHERE", 1), Stock("A", "NYC", 1)},
                           {Node("NOWHERE", "EU1", {}, 1), Node("NYC", "EU1", kNewYork, 900)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "NYC");
  EXPECT_EQ(plan->reservations[0].reason, "nearest node holding the unit, 6383 km");
}

// --- lowest cost, priority, ties ---

TEST(SourcingTest, LowestCostDecidesBetweenEquallyNearNodes) {
  auto plan = PlanSourcing(Request({{1, "A", 1}}, kBerlin10119),
                           {Stock("A", "BER-1", 1), Stock("A", "BER-2", 1)},
                           {Node("BER-1", "EU1", kBerlin, 450), Node("BER-2", "EU1", kBerlin, 380)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "BER-2");
  EXPECT_EQ(plan->reservations[0].reason, "cheapest node holding the unit, 7 km");
}

TEST(SourcingTest, PriorityRuleChoosesTheHigherPriorityNode) {
  std::vector<FulfillmentNode> nodes = {Node("LOW", "EU1", {}, 100),
                                        Node("HIGH", "EU1", {}, 900)};
  nodes[0].priority = 2;
  nodes[1].priority = 10;
  SourcingRequest r = Request({{1, "A", 1}});
  r.policy.rules = {SourcingRule::kPriority, SourcingRule::kLowestCost};
  auto plan = PlanSourcing(r, {Stock("A", "LOW", 1), Stock("A", "HIGH", 1)}, nodes,
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "HIGH");
  EXPECT_EQ(plan->reservations[0].reason, "highest-priority node holding the unit");
}

TEST(SourcingTest, RulesLeftOutOfThePolicyAreIgnored) {
  std::vector<FulfillmentNode> nodes = {Node("LOW", "EU1", {}, 100),
                                        Node("HIGH", "EU1", {}, 900)};
  nodes[1].priority = 10;  // priority is not in the default rules
  auto plan = PlanSourcing(Request({{1, "A", 1}}), {Stock("A", "LOW", 1), Stock("A", "HIGH", 1)},
                           nodes, Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "LOW");
}

TEST(SourcingTest, EqualNodesAreChosenByNodeId) {
  auto plan = PlanSourcing(Request({{1, "A", 3}}), {Stock("A", "WH-B", 3), Stock("A", "WH-A", 3)},
                           {Node("WH-B"), Node("WH-A")}, Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "WH-A");
  EXPECT_EQ(plan->reservations[0].reason, "node holding all 3 units (tie broken by node id)");
}

// --- capacity and safety stock ---

TEST(SourcingTest, ANodeAtDailyCapacityIsSkipped) {
  std::vector<FulfillmentNode> nodes = {Node("EU1-ST-PAR", "EU1", kParis, 650),
                                        Node("EU1-WH-RTM", "EU1", kRotterdam, 420)};
  nodes[0].daily_capacity = 300;
  SourcingRequest r = Request({{1, "A", 1}}, GeoPoint{48.877, 2.337});  // Paris 9e
  r.node_orders_today = {{"EU1-ST-PAR", 300}};
  auto plan = PlanSourcing(r, {Stock("A", "EU1-ST-PAR", 4), Stock("A", "EU1-WH-RTM", 4)}, nodes,
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "EU1-WH-RTM");
  EXPECT_EQ(plan->reservations[0].reason,
            "only node holding the unit, 366 km; skipped EU1-ST-PAR: at daily capacity (300 "
            "orders)");
}

TEST(SourcingTest, ANodeBelowCapacityOrWithoutALimitIsUsed) {
  std::vector<FulfillmentNode> nodes = {Node("STORE", "EU1", {}, 100),
                                        Node("WH", "EU1", {}, 900)};
  nodes[0].daily_capacity = 300;
  SourcingRequest r = Request({{1, "A", 1}});
  r.node_orders_today = {{"STORE", 299}, {"WH", 100000}};
  auto plan = PlanSourcing(r, {Stock("A", "STORE", 1), Stock("A", "WH", 1)}, nodes,
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "STORE");
  r.node_orders_today["STORE"] = 300;
  plan = PlanSourcing(r, {Stock("A", "STORE", 1), Stock("A", "WH", 1)}, nodes, Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "WH");  // daily_capacity 0: unlimited
}

TEST(SourcingTest, OutOfStockNamesTheNodeAtCapacity) {
  std::vector<FulfillmentNode> nodes = {Node("STORE")};
  nodes[0].daily_capacity = 5;
  SourcingRequest r = Request({{1, "A", 1}});
  r.node_orders_today = {{"STORE", 7}};
  auto plan = PlanSourcing(r, {Stock("A", "STORE", 1)}, nodes, Products({"A"}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(plan.status().message(),
            "out of stock: A needs 1, 0 available at the nodes that can serve this order; "
            "STORE holds 1 but is at daily capacity (5 orders)");
}

TEST(SourcingTest, ReservedUnitsAndSafetyStockAreNotAvailable) {
  auto plan = PlanSourcing(Request({{1, "A", 2}}), {Stock("A", "WH1", 5, 2, 2)}, {Node("WH1")},
                           Products({"A"}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(plan.status().message(), "A needs 2, 1 available"));
}

TEST(SourcingTest, SafetyStockSendsTheOrderToAnotherNode) {
  auto plan = PlanSourcing(Request({{1, "A", 2}}, kBerlin10119),
                           {Stock("A", "BER", 3, 0, 2), Stock("A", "MUC", 2)},
                           {Node("BER", "EU1", kBerlin), Node("MUC", "EU1", kMunich)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(NodesOf(*plan), std::set<std::string>{"MUC"});
}

// --- max splits ---

TEST(SourcingTest, NoMoreNodesThanMaxSplits) {
  SourcingRequest r = Request({{1, "A", 1}, {2, "B", 1}, {3, "C", 1}});
  r.policy.max_splits = 2;
  auto plan = PlanSourcing(r, {Stock("A", "WH1", 1), Stock("B", "WH2", 1), Stock("C", "WH3", 1)},
                           {Node("WH1"), Node("WH2"), Node("WH3")}, Products({"A", "B", "C"}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(plan.status().message(),
            "split limit: no plan with at most 2 nodes serves all 3 units of the order "
            "(max_splits 2)");
}

TEST(SourcingTest, BeyondMaxSplitsUnitsAreBackorderedWhenAllowed) {
  auto products = Products({"A", "B", "C"});
  products["C"].backorder_allowed = true;
  SourcingRequest r = Request({{1, "A", 1}, {2, "B", 1}, {3, "C", 2}});
  r.policy.max_splits = 2;
  auto plan = PlanSourcing(r, {Stock("A", "WH1", 1), Stock("B", "WH2", 1), Stock("C", "WH3", 2)},
                           {Node("WH1"), Node("WH2"), Node("WH3")}, products);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(NodesOf(*plan), (std::set<std::string>{"WH1", "WH2"}));
  EXPECT_EQ(plan->backordered.at(3), 2);
}

TEST(SourcingTest, WithinMaxSplitsTheNodesServingMostUnitsAreChosen) {
  auto products = Products({"A", "B"});
  products["A"].backorder_allowed = true;
  products["B"].backorder_allowed = true;
  SourcingRequest r = Request({{1, "A", 3}, {2, "B", 3}});
  r.policy.max_splits = 1;
  auto plan = PlanSourcing(r, {Stock("A", "SMALL", 1), Stock("B", "SMALL", 1), Stock("A", "BIG", 3),
                               Stock("B", "BIG", 1)},
                           {Node("SMALL", "EU1", {}, 1), Node("BIG", "EU1", {}, 999)}, products);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(NodesOf(*plan), std::set<std::string>{"BIG"});
  EXPECT_EQ(plan->backordered.at(2), 2);
  EXPECT_EQ(plan->reservations[0].reason, "BIG holds all 3 units of A (most units in stock)");
  EXPECT_EQ(plan->reservations[1].reason, "BIG holds 1 of 3 units of B (most units in stock)");
}

// --- ship complete ---

TEST(SourcingTest, ShipCompleteUsesOneNodeEvenWhenASplitIsNearer) {
  SourcingRequest r = Request({{1, "A", 1}, {2, "B", 1}}, kBerlin10119);
  r.policy.rules = {SourcingRule::kNearest};
  r.policy.ship_complete = true;
  auto plan = PlanSourcing(r, {Stock("A", "BER", 1), Stock("B", "WRO", 1), Stock("A", "PAR", 1),
                               Stock("B", "PAR", 1)},
                           {Node("BER", "EU1", kBerlin), Node("WRO", "EU1", kWroclaw),
                            Node("PAR", "EU1", kParis)},
                           Products({"A", "B"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(NodesOf(*plan), std::set<std::string>{"PAR"});
}

TEST(SourcingTest, ShipCompleteFailsWhenNoSingleNodeHoldsEverything) {
  SourcingRequest r = Request({{1, "A", 2}, {2, "B", 1}});
  r.policy.ship_complete = true;
  auto plan = PlanSourcing(r, {Stock("A", "WH1", 2), Stock("B", "WH2", 1)},
                           {Node("WH1"), Node("WH2")}, Products({"A", "B"}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(plan.status().message(),
            "ship-complete: no single node holds all 3 units of the order (WH1 holds 2)");
}

TEST(SourcingTest, ShipCompleteBackordersTheRestAtTheBestSingleNode) {
  auto products = Products({"A", "B"});
  products["B"].backorder_allowed = true;
  SourcingRequest r = Request({{1, "A", 2}, {2, "B", 2}});
  r.policy.ship_complete = true;
  auto plan = PlanSourcing(r, {Stock("A", "WH1", 2), Stock("B", "WH1", 1), Stock("B", "WH2", 2)},
                           {Node("WH1"), Node("WH2")}, products);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(NodesOf(*plan), std::set<std::string>{"WH1"});
  EXPECT_EQ(plan->backordered.at(2), 1);
  EXPECT_EQ(plan->reservations[1].reason,
            "WH1 holds 1 of 2 units of B (ship-complete, the rest backordered)");
}

// --- re-routing: excluded nodes ---

TEST(SourcingTest, ANodeThatRejectedALineIsNeverChosenForIt) {
  SourcingRequest r = Request({{1, "A", 2}, {2, "B", 1}}, kBerlin10119);
  r.excluded_nodes = {{1, {"BER"}}};
  auto plan = PlanSourcing(r, {Stock("A", "BER", 5), Stock("B", "BER", 5), Stock("A", "MUC", 5)},
                           {Node("BER", "EU1", kBerlin), Node("MUC", "EU1", kMunich)},
                           Products({"A", "B"}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(UnitsAt(*plan, "MUC", 1), 2);
  EXPECT_EQ(UnitsAt(*plan, "BER", 1), 0);
  EXPECT_EQ(UnitsAt(*plan, "BER", 2), 1);  // only line 1 excludes BER
  EXPECT_EQ(plan->reservations[0].reason,
            "MUC holds all 2 units of A (only option), 505 km; skipped BER: rejected or "
            "short-picked these units before");
}

TEST(SourcingTest, ExcludedNodesDoNotCountAsHoldingTheUnits) {
  SourcingRequest r = Request({{1, "A", 2}});
  r.excluded_nodes = {{1, {"WH1"}}};
  auto plan = PlanSourcing(r, {Stock("A", "WH1", 5), Stock("A", "WH2", 1)},
                           {Node("WH1"), Node("WH2")}, Products({"A"}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(plan.status().message(),
            "out of stock: A needs 2, 1 available at the nodes that can serve this order; "
            "WH1 holds 5 but rejected or short-picked them before");
}

// --- backorder, preorder, delivery modes ---

TEST(SourcingTest, MissingUnitsAreBackorderedWhenTheProductAllowsIt) {
  auto products = Products({"A"});
  products["A"].backorder_allowed = true;
  auto plan = PlanSourcing(Request({{1, "A", 4}}), {Stock("A", "WH1", 1)}, {Node("WH1")}, products);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->backordered.at(1), 3);
  EXPECT_EQ(plan->reservations.at(0).quantity, 1);
}

TEST(SourcingTest, AnOrderNoNodeCanServeIsBackorderedWhole) {
  auto products = Products({"A"});
  products["A"].backorder_allowed = true;
  auto plan = PlanSourcing(Request({{1, "A", 4}}), {}, {Node("WH1")}, products);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->reservations.empty());
  EXPECT_EQ(plan->backordered.at(1), 4);
}

TEST(SourcingTest, PreordersAreAcceptedUpToTheCap) {
  auto products = Products({"P"});
  products["P"].preorder = true;
  products["P"].preorder_cap = 10;
  products["P"].preorder_sold = 8;
  auto ok = PlanSourcing(Request({{1, "P", 2}}), {}, {Node("WH1")}, products);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->preordered.at(1), 2);
  auto over = PlanSourcing(Request({{1, "P", 3}}), {}, {Node("WH1")}, products);
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SourcingTest, ShipCompleteIgnoresPreorderedUnits) {
  auto products = Products({"A", "P"});
  products["P"].preorder = true;
  products["P"].preorder_cap = 10;
  SourcingRequest r = Request({{1, "A", 1}, {2, "P", 1}});
  r.policy.ship_complete = true;
  auto plan = PlanSourcing(r, {Stock("A", "WH1", 1)}, {Node("WH1")}, products);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->preordered.at(2), 1);
  EXPECT_EQ(plan->reservations[0].reason, "only node holding the unit");
}

TEST(SourcingTest, PickupIsServedOnlyByThePickupStore) {
  SourcingRequest r = Request({{1, "A", 1}});
  r.mode = DeliveryMode::kPickup;
  r.pickup_node_id = "STORE";
  auto plan = PlanSourcing(r, {Stock("A", "WH1", 5), Stock("A", "STORE", 1)},
                           {Node("WH1"), Node("STORE", "EU1", {}, 0, kCanShip | kCanPickup)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "STORE");
  EXPECT_EQ(plan->reservations[0].reason, "pickup store holding the unit");
}

TEST(SourcingTest, CarryOutNeverBackorders) {
  auto products = Products({"A"});
  products["A"].backorder_allowed = true;
  SourcingRequest r = Request({{1, "A", 2}});
  r.mode = DeliveryMode::kCarryOut;
  r.pickup_node_id = "STORE";
  auto plan = PlanSourcing(r, {Stock("A", "STORE", 1)},
                           {Node("STORE", "EU1", {}, 0, kCanCarryOut)}, products);
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SourcingTest, NodesThatCannotShipAreNotUsedForShipping) {
  auto plan = PlanSourcing(Request({{1, "A", 1}}), {Stock("A", "STORE", 5)},
                           {Node("STORE", "EU1", {}, 0, kCanPickup)}, Products({"A"}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SourcingTest, UnknownOrRepeatedSkusAreInvalid) {
  auto unknown = PlanSourcing(Request({{1, "X", 1}}), {}, {Node("WH1")}, Products({"A"}));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  auto repeated = PlanSourcing(Request({{1, "A", 1}, {2, "A", 1}}), {Stock("A", "WH1", 5)},
                               {Node("WH1")}, Products({"A"}));
  EXPECT_EQ(repeated.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repeated.status().message(), "line 2 repeats SKU A of line 1");
}

}  // namespace
}  // namespace oms::domain
