#include <gtest/gtest.h>

#include <set>

#include "server/domain/shipment.h"

namespace oms::domain {
namespace {

using S = ShipmentStatus;

constexpr S kAll[] = {S::kCreated,        S::kPicking,  S::kPacked,    S::kShipped,
                      S::kDelivered,      S::kReadyForPickup, S::kPickedUp, S::kCancelled,
                      S::kRejected,       S::kException};

// Written from DESIGN.md's shipment status model, apart from shipment.cpp.
const std::set<std::pair<S, S>> kExpectedLegal = {
    {S::kCreated, S::kPicking},        {S::kCreated, S::kCancelled},
    {S::kCreated, S::kRejected},       {S::kPicking, S::kPacked},
    {S::kPicking, S::kCancelled},      {S::kPicking, S::kRejected},
    {S::kPicking, S::kException},      {S::kPacked, S::kShipped},
    {S::kPacked, S::kReadyForPickup},  {S::kPacked, S::kException},
    {S::kShipped, S::kDelivered},      {S::kShipped, S::kException},
    {S::kReadyForPickup, S::kPickedUp}, {S::kReadyForPickup, S::kCancelled},
    {S::kException, S::kCancelled},
};

absl::Time T0() { return absl::FromUnixSeconds(1'790'000'000); }

Shipment NewShipment() {
  ShipmentState s;
  s.shipment_id = "S-1";
  s.order_id = "EU1-01TEST";
  s.node_id = "EU1-WH-BER";
  s.lines = {{1, "TEE", 2}};
  s.routing_reason = "holds all 2 units";
  auto shipment = Shipment::Create(s, T0());
  EXPECT_TRUE(shipment.ok());
  shipment->TakeEvents();
  return *shipment;
}

TEST(ShipmentTest, TableAllowsExactlyTheExpectedMoves) {
  for (S from : kAll) {
    for (S to : kAll) {
      EXPECT_EQ(FindShipmentTransition(from, to) != nullptr, kExpectedLegal.count({from, to}) > 0)
          << Name(from) << " -> " << Name(to);
    }
  }
}

TEST(ShipmentTest, AShipmentGoesFromCreatedToDeliveredWithOneEventPerStep) {
  Shipment s = NewShipment();
  ASSERT_TRUE(s.StartPicking(T0()).ok());
  ASSERT_TRUE(s.Pack(T0()).ok());
  ASSERT_TRUE(s.Ship("DHL", "parcel", "JD0001", T0()).ok());
  ASSERT_TRUE(s.Deliver(T0()).ok());
  std::vector<std::string> types;
  for (const auto& e : s.TakeEvents()) types.push_back(e.type);
  EXPECT_EQ(types, (std::vector<std::string>{"ShipmentPickingStarted", "ShipmentPacked",
                                             "ShipmentShipped", "ShipmentDelivered"}));
  EXPECT_EQ(s.state().tracking_id, "JD0001");
}

TEST(ShipmentTest, ShippingWithoutTrackingIsInvalidArgumentAndChangesNothing) {
  Shipment s = NewShipment();
  ASSERT_TRUE(s.StartPicking(T0()).ok());
  ASSERT_TRUE(s.Pack(T0()).ok());
  s.TakeEvents();
  EXPECT_EQ(s.Ship("DHL", "", "", T0()).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status(), S::kPacked);
  EXPECT_TRUE(s.TakeEvents().empty());
}

TEST(ShipmentTest, AnIllegalMoveIsFailedPreconditionAndLeavesNoTrace) {
  Shipment s = NewShipment();
  EXPECT_EQ(s.Ship("DHL", "", "JD1", T0()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.state().carrier, "");
  EXPECT_EQ(s.Deliver(T0()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.Cancel("late", T0()).ok(), true);
  EXPECT_EQ(s.Reject("too late", T0()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.state().note, "late");
}

TEST(ShipmentTest, PickupsAreHandedOverOrCancelledWhenNotCollected) {
  Shipment collected = NewShipment();
  ASSERT_TRUE(collected.StartPicking(T0()).ok());
  ASSERT_TRUE(collected.Pack(T0()).ok());
  ASSERT_TRUE(collected.MarkReadyForPickup(T0()).ok());
  ASSERT_TRUE(collected.CompletePickup(T0()).ok());
  Shipment forgotten = NewShipment();
  ASSERT_TRUE(forgotten.StartPicking(T0()).ok());
  ASSERT_TRUE(forgotten.Pack(T0()).ok());
  ASSERT_TRUE(forgotten.MarkReadyForPickup(T0()).ok());
  ASSERT_TRUE(forgotten.Cancel("not collected within 7 days", T0()).ok());
}

TEST(ShipmentTest, AShipmentWithoutLinesIsInvalidArgument) {
  ShipmentState s;
  s.shipment_id = "S-2";
  EXPECT_EQ(Shipment::Create(s, T0()).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace oms::domain
