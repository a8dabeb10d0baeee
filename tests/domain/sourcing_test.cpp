#include <gtest/gtest.h>

#include "server/domain/sourcing.h"

namespace oms::domain {
namespace {

FulfillmentNode Node(std::string id, std::string region, int64_t cost = 500,
                     uint32_t caps = kCanShip) {
  FulfillmentNode n;
  n.node_id = std::move(id);
  n.region = std::move(region);
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

SourcingRequest Request(std::vector<SourcingRequest::Line> lines) {
  SourcingRequest r;
  r.lines = std::move(lines);
  r.region = "EU1";
  return r;
}

TEST(SourcingTest, OneNodeThatHoldsEverythingServesTheWholeOrder) {
  auto plan = PlanSourcing(Request({{1, "A", 2}, {2, "B", 1}}),
                           {Stock("A", "WH1", 5), Stock("A", "WH2", 5), Stock("B", "WH2", 1)},
                           {Node("WH1", "EU1"), Node("WH2", "EU1")}, Products({"A", "B"}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->NodeCount(), 1);
  for (const auto& r : plan->reservations) EXPECT_EQ(r.node_id, "WH2");
  EXPECT_NE(plan->reservations[0].reason.find("holds all 3 units"), std::string::npos);
}

TEST(SourcingTest, NodesInTheOrdersRegionArePreferredThenCheaperOnes) {
  auto products = Products({"A"});
  auto plan = PlanSourcing(Request({{1, "A", 1}}),
                           {Stock("A", "US", 5), Stock("A", "EU-dear", 5), Stock("A", "EU-cheap", 5)},
                           {Node("US", "US1", 1), Node("EU-dear", "EU1", 900),
                            Node("EU-cheap", "EU1", 300)},
                           products);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "EU-cheap");
}

TEST(SourcingTest, WhenNoNodeHoldsAllTheFewestNodesAreUsed) {
  // WH1 has A and B, WH2 only C, WH3 only A: two nodes suffice (WH1 + WH2).
  auto plan = PlanSourcing(
      Request({{1, "A", 1}, {2, "B", 1}, {3, "C", 1}}),
      {Stock("A", "WH1", 1), Stock("B", "WH1", 1), Stock("C", "WH2", 1), Stock("A", "WH3", 1)},
      {Node("WH1", "EU1"), Node("WH2", "EU1"), Node("WH3", "EU1")}, Products({"A", "B", "C"}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->NodeCount(), 2);
  EXPECT_NE(plan->reservations[0].reason.find("fewest nodes"), std::string::npos);
}

TEST(SourcingTest, ALineMaySpanNodesWhenNoNodeHasEnough) {
  auto plan = PlanSourcing(Request({{1, "A", 5}}), {Stock("A", "WH1", 3), Stock("A", "WH2", 2)},
                           {Node("WH1", "EU1"), Node("WH2", "EU1")}, Products({"A"}));
  ASSERT_TRUE(plan.ok());
  int64_t total = 0;
  for (const auto& r : plan->reservations) total += r.quantity;
  EXPECT_EQ(total, 5);
  EXPECT_EQ(plan->NodeCount(), 2);
}

TEST(SourcingTest, ReservedUnitsAndSafetyStockAreNotAvailable) {
  auto plan = PlanSourcing(Request({{1, "A", 2}}), {Stock("A", "WH1", 5, 2, 2)},
                           {Node("WH1", "EU1")}, Products({"A"}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(plan.status().message().find("A needs 2, 1 available"), std::string::npos)
      << plan.status();
}

TEST(SourcingTest, MissingUnitsAreBackorderedWhenTheProductAllowsIt) {
  auto products = Products({"A"});
  products["A"].backorder_allowed = true;
  auto plan = PlanSourcing(Request({{1, "A", 4}}), {Stock("A", "WH1", 1)}, {Node("WH1", "EU1")},
                           products);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->backordered.at(1), 3);
  EXPECT_EQ(plan->reservations.at(0).quantity, 1);
}

TEST(SourcingTest, PreordersAreAcceptedUpToTheCap) {
  auto products = Products({"P"});
  products["P"].preorder = true;
  products["P"].preorder_cap = 10;
  products["P"].preorder_sold = 8;
  auto ok = PlanSourcing(Request({{1, "P", 2}}), {}, {Node("WH1", "EU1")}, products);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->preordered.at(1), 2);
  auto over = PlanSourcing(Request({{1, "P", 3}}), {}, {Node("WH1", "EU1")}, products);
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SourcingTest, PickupIsServedOnlyByThePickupStore) {
  SourcingRequest r = Request({{1, "A", 1}});
  r.mode = DeliveryMode::kPickup;
  r.pickup_node_id = "STORE";
  auto plan = PlanSourcing(r, {Stock("A", "WH1", 5), Stock("A", "STORE", 1)},
                           {Node("WH1", "EU1"), Node("STORE", "EU1", 0, kCanShip | kCanPickup)},
                           Products({"A"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->reservations[0].node_id, "STORE");
}

TEST(SourcingTest, NodesThatCannotShipAreNotUsedForShipping) {
  auto plan = PlanSourcing(Request({{1, "A", 1}}), {Stock("A", "STORE", 5)},
                           {Node("STORE", "EU1", 0, kCanPickup)}, Products({"A"}));
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace oms::domain
