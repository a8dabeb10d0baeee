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
    {S::kCreated, S::kPickedUp},
};

absl::Time T0() { return absl::FromUnixSeconds(1'790'000'000); }

Shipment NewShipment(ShipmentKind kind = ShipmentKind::kShip) {
  ShipmentState s;
  s.shipment_id = "S-1";
  s.order_id = "EU1-01TEST";
  s.node_id = "EU1-WH-BER";
  s.kind = kind;
  s.lines = {{1, "TEE", "T-shirt", 2}};
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
  const absl::Time until = T0() + absl::Hours(72);
  Shipment collected = NewShipment(ShipmentKind::kPickup);
  ASSERT_TRUE(collected.StartPicking(T0()).ok());
  ASSERT_TRUE(collected.Pack(T0()).ok());
  ASSERT_TRUE(collected.MarkReadyForPickup(T0(), until).ok());
  EXPECT_EQ(collected.state().pickup_expires_at, until);
  ASSERT_TRUE(collected.CompletePickup(T0()).ok());
  Shipment forgotten = NewShipment(ShipmentKind::kPickup);
  ASSERT_TRUE(forgotten.StartPicking(T0()).ok());
  ASSERT_TRUE(forgotten.Pack(T0()).ok());
  ASSERT_TRUE(forgotten.MarkReadyForPickup(T0(), until).ok());
  ASSERT_TRUE(forgotten.Cancel("not collected within 7 days", T0()).ok());
}

TEST(ShipmentTest, KindDecidesHowUnitsLeave) {
  Shipment parcel = NewShipment(ShipmentKind::kShip);
  ASSERT_TRUE(parcel.StartPicking(T0()).ok());
  ASSERT_TRUE(parcel.Pack(T0()).ok());
  EXPECT_EQ(parcel.MarkReadyForPickup(T0(), T0()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(parcel.HandOver(T0()).code(), absl::StatusCode::kFailedPrecondition);

  Shipment pickup = NewShipment(ShipmentKind::kPickup);
  ASSERT_TRUE(pickup.StartPicking(T0()).ok());
  ASSERT_TRUE(pickup.Pack(T0()).ok());
  EXPECT_EQ(pickup.Ship("DHL", "", "JD1", T0()).code(), absl::StatusCode::kFailedPrecondition);

  Shipment till = NewShipment(ShipmentKind::kCarryOut);
  ASSERT_TRUE(till.HandOver(T0()).ok());
  EXPECT_EQ(till.status(), S::kPickedUp);
  EXPECT_EQ(till.TakeEvents().back().type, "ShipmentCarriedOut");
}

TEST(ShipmentTest, AHeldShipmentIsNotWorkedUntilReleased) {
  Shipment s = NewShipment();
  ASSERT_TRUE(s.PlaceHold(HoldReason::kAddressCheck, "street missing", T0()).ok());
  EXPECT_EQ(s.PlaceHold(HoldReason::kAddressCheck, "", T0()).code(),
            absl::StatusCode::kFailedPrecondition);
  const absl::Status refused = s.StartPicking(T0());
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("ADDRESS_CHECK"), std::string::npos) << refused;
  EXPECT_EQ(s.ReleaseHold(HoldReason::kFraudReview, T0()).code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(s.ReleaseHold(HoldReason::kAddressCheck, T0()).ok());
  EXPECT_TRUE(s.StartPicking(T0()).ok());
}

TEST(ShipmentTest, EveryMoveIsInTheTimelineWithItsNote) {
  Shipment s = NewShipment();
  ASSERT_TRUE(s.StartPicking(T0() + absl::Minutes(1)).ok());
  ASSERT_TRUE(s.Pack(T0() + absl::Minutes(2)).ok());
  ASSERT_TRUE(s.Ship("UPS", "express", "1Z999", T0() + absl::Minutes(3)).ok());
  const auto& history = s.state().history;
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[0].status, S::kCreated);
  EXPECT_EQ(history[0].note, "holds all 2 units");
  EXPECT_EQ(history[3].status, S::kShipped);
  EXPECT_EQ(history[3].note, "UPS 1Z999");
  EXPECT_EQ(history[3].at, T0() + absl::Minutes(3));
}

TEST(ShipmentTest, UnitsLeaveOnlyBeforePacking) {
  Shipment s = NewShipment();
  EXPECT_EQ(s.RemoveUnits(1, 3).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(s.RemoveUnits(1, 1).ok());
  EXPECT_EQ(s.TotalUnits(), 1);
  ASSERT_TRUE(s.StartPicking(T0()).ok());
  ASSERT_TRUE(s.Pack(T0()).ok());
  ASSERT_TRUE(s.Ship("DHL", "", "JD2", T0()).ok());
  EXPECT_EQ(s.RemoveUnits(1, 1).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ShipmentTest, AShipmentWithoutLinesIsInvalidArgument) {
  ShipmentState s;
  s.shipment_id = "S-2";
  EXPECT_EQ(Shipment::Create(s, T0()).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace oms::domain
