// The Order aggregate's fulfilment: shipments, units moving between nodes,
// and card money following the goods.
#include <gtest/gtest.h>

#include <random>

#include "server/domain/order.h"
#include "tests/domain/order_fixtures.h"

namespace oms::domain {
namespace {

using testing::T0;
using testing::TwoLineDraft;
using UnitMove = Order::UnitMove;

// SKU-A (2 x 10.00) at WH1, SKU-B (1 x 5.00) at WH2; one card of 29.90.
SourcingPlan SplitPlan() {
  SourcingPlan p;
  p.reservations = {{1, "SKU-A", "WH1", 2, "WH1 holds 2 units of SKU-A"},
                    {2, "SKU-B", "WH2", 1, "WH2 holds 1 unit of SKU-B"}};
  return p;
}

Order Confirmed(const OrderDraft& draft, const SourcingPlan& plan) {
  auto order = Order::Place(draft, plan);
  EXPECT_TRUE(order.ok()) << order.status();
  for (const auto& t : order->state().tenders) {
    if (t.type == TenderType::kCard) {
      EXPECT_TRUE(order->RecordAuthorization(t.tender_id, "gw", "pay_" + t.tender_id,
                                             t.amount_minor, "4242", T0())
                      .ok());
    } else {
      EXPECT_TRUE(order->RecordImmediateCapture(t.tender_id, T0()).ok());
    }
  }
  EXPECT_TRUE(order->Confirm(T0()).ok());
  order->TakeEvents();
  return std::move(*order);
}

void ExpectInvariants(const Order& order) {
  for (const auto& line : order.state().lines) {
    EXPECT_TRUE(CheckLineInvariants(line).ok()) << CheckLineInvariants(line);
  }
}

std::vector<std::string> Types(std::vector<DomainEvent> events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.type);
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

absl::StatusOr<std::vector<Order::StockMove>> PickPackShip(Order& order, const std::string& id,
                                                           const std::string& tracking) {
  if (absl::Status s = order.StartPicking(id, T0()); !s.ok()) return s;
  if (absl::Status s = order.PackShipment(id, T0()); !s.ok()) return s;
  return order.ShipShipment(id, "DHL", "parcel", tracking, T0());
}

TEST(OrderFulfilmentTest, ASplitOrderGetsOneShipmentPerNodeWithTheRoutingReason) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_EQ(ids.size(), 2u);
  const ShipmentState* first = order.FindShipment(ids[0]);
  const ShipmentState* second = order.FindShipment(ids[1]);
  EXPECT_EQ(first->shipment_id, order.id() + "-S1");
  EXPECT_EQ(first->node_id, "WH1");
  EXPECT_EQ(first->routing_reason, "WH1 holds 2 units of SKU-A");
  EXPECT_EQ(second->node_id, "WH2");
  EXPECT_EQ(second->lines.at(0).quantity, 1);
  EXPECT_EQ(order.state().lines[0].allocated, 2);
  // Nothing more to release a second time.
  EXPECT_TRUE(order.ReleaseToNodes(T0()).empty());
  ExpectInvariants(order);
  EXPECT_EQ(Types(order.TakeEvents()),
            (std::vector<std::string>{"ShipmentCreated", "ShipmentCreated"}));
}

TEST(OrderFulfilmentTest, ShippingOneShipmentAtATimeGoesPartiallyThenFulfilled) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  const auto ids = order.ReleaseToNodes(T0());
  auto moves = PickPackShip(order, ids[0], "JD-1");
  ASSERT_TRUE(moves.ok()) << moves.status();
  ASSERT_EQ(moves->size(), 1u);
  EXPECT_EQ((*moves)[0].node_id, "WH1");
  EXPECT_EQ((*moves)[0].quantity, 2);
  EXPECT_EQ(order.status(), OrderStatus::kPartiallyFulfilled);
  EXPECT_EQ(order.fulfillment_status(), FulfillmentStatus::kPartiallyShipped);
  ExpectInvariants(order);
  ASSERT_TRUE(PickPackShip(order, ids[1], "JD-2").ok());
  EXPECT_EQ(order.status(), OrderStatus::kFulfilled);
  EXPECT_EQ(order.fulfillment_status(), FulfillmentStatus::kShipped);
  ASSERT_TRUE(order.DeliverShipment(ids[0], T0()).ok());
  EXPECT_EQ(order.fulfillment_status(), FulfillmentStatus::kPartiallyDelivered);
  ExpectInvariants(order);
}

TEST(OrderFulfilmentTest, CardMoneyFollowsTheGoodsAndTheLastShipmentTakesTheRest) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_TRUE(PickPackShip(order, ids[0], "JD-1").ok());
  // 29.90 on the card; the first parcel carries 20.00 of the 25.00 goods.
  EXPECT_EQ(order.FindShipment(ids[0])->charge_minor, 2392);
  ASSERT_TRUE(PickPackShip(order, ids[1], "JD-2").ok());
  EXPECT_EQ(order.FindShipment(ids[1])->charge_minor, 2990 - 2392);
  ASSERT_TRUE(order.RecordShipmentCapture("T1", ids[0], 2392, T0()).ok());
  EXPECT_EQ(order.payment_status(), PaymentStatus::kPartiallyCaptured);
  // Never more than the shipment owes.
  EXPECT_EQ(order.RecordShipmentCapture("T1", ids[1], 599, T0()).code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(order.RecordShipmentCapture("T1", ids[1], 598, T0()).ok());
  EXPECT_EQ(order.state().tenders[0].captured_minor, 2990);
  EXPECT_EQ(order.payment_status(), PaymentStatus::kCaptured);
}

TEST(OrderFulfilmentTest, CapturesOverRandomSplitsSumExactlyToTheCardAndNeverExceedIt) {
  std::mt19937 rng(20261124);
  for (int round = 0; round < 300; ++round) {
    OrderDraft draft = TwoLineDraft();
    draft.lines.clear();
    const int lines = 1 + static_cast<int>(rng() % 4);
    SourcingPlan plan;
    int64_t subtotal = 0;
    for (int i = 0; i < lines; ++i) {
      const int64_t qty = 1 + rng() % 5;
      const int64_t price = 1 + rng() % 9999;
      draft.lines.push_back({"SKU-" + std::to_string(i), "x", qty, price});
      subtotal += qty * price;
      // Each unit at one of three nodes.
      std::map<std::string, int64_t> at;
      for (int64_t u = 0; u < qty; ++u) at["WH" + std::to_string(rng() % 3)] += 1;
      for (const auto& [node, n] : at) {
        plan.reservations.push_back({i + 1, "SKU-" + std::to_string(i), node, n, "r"});
      }
    }
    draft.shipping_minor = rng() % 1000;
    draft.tax_minor = rng() % 2000;
    draft.discount_minor = std::min<int64_t>(rng() % 500, subtotal);
    const int64_t total = subtotal + draft.shipping_minor + draft.tax_minor - draft.discount_minor;
    // Sometimes part of it on store credit, the rest on one or two cards.
    const int64_t credit = rng() % 2 ? total / 3 : 0;
    const int64_t card1 = (total - credit) / 2;
    draft.tenders = {{TenderType::kCard, card1, "tok"},
                     {TenderType::kCard, total - credit - card1, "tok"}};
    if (credit > 0) draft.tenders.push_back({TenderType::kStoreCredit, credit, ""});
    Order order = Confirmed(draft, plan);
    std::vector<std::string> ids = order.ReleaseToNodes(T0());
    std::shuffle(ids.begin(), ids.end(), rng);
    int64_t charged = 0;
    for (const auto& id : ids) {
      ASSERT_TRUE(PickPackShip(order, id, "T-" + id).ok());
      const int64_t charge = order.FindShipment(id)->charge_minor;
      ASSERT_GE(charge, 0);
      charged += charge;
      // Capture it over the cards in order, as the capture job does.
      int64_t due = charge;
      for (const auto& t : order.state().tenders) {
        if (t.type != TenderType::kCard || due == 0) continue;
        const int64_t take = std::min(due, t.authorized_minor - t.captured_minor);
        if (take == 0) continue;
        ASSERT_TRUE(order.RecordShipmentCapture(t.tender_id, id, take, T0()).ok());
        due -= take;
      }
      ASSERT_EQ(due, 0);
      ASSERT_LE(charged, total - credit);
    }
    EXPECT_EQ(charged, total - credit) << "round " << round;
    EXPECT_EQ(order.status(), OrderStatus::kFulfilled);
    ExpectInvariants(order);
  }
}

TEST(OrderFulfilmentTest, AShortPickReroutesTheMissingUnitsAndNeverBackToThatNode) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_TRUE(order.StartPicking(ids[0], T0()).ok());
  order.TakeEvents();
  // Moving them back to WH1 is refused.
  EXPECT_EQ(order.ShortPick(ids[0], 1, 1, {{UnitMove::Kind::kNode, "WH1", 1, "x"}}, "", T0())
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(order
                  .ShortPick(ids[0], 1, 1, {{UnitMove::Kind::kNode, "WH3", 1, "WH3 holds it"}},
                             "bin empty", T0())
                  .ok());
  const OrderLine& line = order.state().lines[0];
  EXPECT_EQ(line.excluded_nodes, std::vector<std::string>{"WH1"});
  EXPECT_EQ(line.reserved, 2);
  EXPECT_EQ(order.FindShipment(ids[0])->lines.at(0).quantity, 1);
  const auto more = order.ReleaseToNodes(T0());
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(order.FindShipment(more[0])->node_id, "WH3");
  ExpectInvariants(order);
  const auto types = Types(order.TakeEvents());
  EXPECT_TRUE(Has(types, "ShortPickReported"));
  EXPECT_TRUE(Has(types, "UnitsRerouted"));
  // Waiting units of that line never go to WH1 either.
  EXPECT_EQ(order.AllocateWaitingUnits(1, Order::Waiting::kBackordered, "WH1", 1, "", T0())
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderFulfilmentTest, AShortPickOfEverythingCancelsTheShipmentAndCanBackorderOrCancel) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_TRUE(order
                  .ShortPick(ids[0], 1, 2,
                             {{UnitMove::Kind::kBackorder, "", 1, "none left"},
                              {UnitMove::Kind::kCancel, "", 1, "none left"}},
                             "", T0())
                  .ok());
  EXPECT_EQ(order.FindShipment(ids[0])->status, ShipmentStatus::kCancelled);
  EXPECT_EQ(order.state().lines[0].backordered, 1);
  EXPECT_EQ(order.state().lines[0].cancelled, 1);
  ExpectInvariants(order);
  // Moves must add up to the missing units; a failed call changes nothing.
  const OrderState before = order.state();
  EXPECT_EQ(order.ShortPick(ids[1], 2, 1, {}, "", T0()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(order.state().lines[1].reserved, before.lines[1].reserved);
  EXPECT_EQ(order.FindShipment(ids[1])->status, ShipmentStatus::kCreated);
}

TEST(OrderFulfilmentTest, ARejectedShipmentMovesAllItsUnits) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  const auto ids = order.ReleaseToNodes(T0());
  std::map<int, std::vector<UnitMove>> moves{{2, {{UnitMove::Kind::kCancel, "", 1, "nowhere"}}}};
  ASSERT_TRUE(order.RejectShipment(ids[1], "address not served", moves, T0()).ok());
  EXPECT_EQ(order.FindShipment(ids[1])->status, ShipmentStatus::kRejected);
  EXPECT_EQ(order.FindShipment(ids[1])->note, "address not served");
  EXPECT_EQ(order.state().lines[1].cancelled, 1);
  EXPECT_EQ(order.state().lines[1].excluded_nodes, std::vector<std::string>{"WH2"});
  ASSERT_TRUE(PickPackShip(order, ids[0], "JD").ok());
  // Every unit not cancelled has shipped.
  EXPECT_EQ(order.status(), OrderStatus::kFulfilled);
  // The last shipment takes what is left of the card: the cancelled goods
  // are the next issue's to refund or void.
  ExpectInvariants(order);
}

TEST(OrderFulfilmentTest, AHeldOrderIsNotReleasedUntilTheLastHoldGoes) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  ASSERT_TRUE(order.PlaceHold(HoldReason::kFraudReview, "velocity", T0()).ok());
  EXPECT_TRUE(order.ReleaseToNodes(T0()).empty());
  ASSERT_TRUE(order.ReleaseHold(HoldReason::kFraudReview, T0()).ok());
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_EQ(ids.size(), 2u);
  ASSERT_TRUE(order.PlaceHold(HoldReason::kCustomerRequest, "", T0()).ok());
  EXPECT_EQ(order.StartPicking(ids[0], T0()).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(order.ReleaseHold(HoldReason::kCustomerRequest, T0()).ok());
  ASSERT_TRUE(order.PlaceShipmentHold(ids[0], HoldReason::kAddressCheck, "", T0()).ok());
  EXPECT_EQ(order.StartPicking(ids[0], T0()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(order.StartPicking(ids[1], T0()).ok());
}

TEST(OrderFulfilmentTest, APickupNotCollectedIsCancelledAndTheOrderWithIt) {
  OrderDraft draft = TwoLineDraft();
  draft.shipping_option = "pickup";
  draft.pickup_node_id = "ST1";
  Order order = Confirmed(draft, testing::WholeAt("ST1"));
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(order.FindShipment(ids[0])->kind, ShipmentKind::kPickup);
  ASSERT_TRUE(order.StartPicking(ids[0], T0()).ok());
  ASSERT_TRUE(order.PackShipment(ids[0], T0()).ok());
  ASSERT_TRUE(order.MarkReadyForPickup(ids[0], T0(), T0() + absl::Hours(72)).ok());
  auto released = order.ExpirePickup(ids[0], T0() + absl::Hours(73));
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_EQ(released->size(), 2u);
  EXPECT_EQ(order.status(), OrderStatus::kCancelled);
  EXPECT_EQ(order.state().lines[0].cancelled, 2);
  ExpectInvariants(order);
}

TEST(OrderFulfilmentTest, ACollectedPickupIsShippedAndDelivered) {
  OrderDraft draft = TwoLineDraft();
  draft.shipping_option = "pickup";
  draft.pickup_node_id = "ST1";
  Order order = Confirmed(draft, testing::WholeAt("ST1"));
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_TRUE(order.StartPicking(ids[0], T0()).ok());
  ASSERT_TRUE(order.PackShipment(ids[0], T0()).ok());
  ASSERT_TRUE(order.MarkReadyForPickup(ids[0], T0(), T0() + absl::Hours(72)).ok());
  ASSERT_TRUE(order.CompletePickup(ids[0], T0()).ok());
  EXPECT_EQ(order.status(), OrderStatus::kFulfilled);
  EXPECT_EQ(order.fulfillment_status(), FulfillmentStatus::kDelivered);
  EXPECT_EQ(order.FindShipment(ids[0])->charge_minor, 2990);
}

TEST(OrderFulfilmentTest, ACarryOutIsFulfilledAtOnce) {
  OrderDraft draft = TwoLineDraft({{TenderType::kCash, 2990, ""}});
  draft.shipping_option = "carry_out";
  draft.pickup_node_id = "ST1";
  Order order = Confirmed(draft, testing::WholeAt("ST1"));
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_EQ(ids.size(), 1u);
  auto moves = order.CarryOut(ids[0], T0());
  ASSERT_TRUE(moves.ok()) << moves.status();
  EXPECT_EQ(order.status(), OrderStatus::kFulfilled);
  EXPECT_EQ(order.FindShipment(ids[0])->status, ShipmentStatus::kPickedUp);
  EXPECT_EQ(order.FindShipment(ids[0])->charge_minor, 0);  // cash was taken at the till
  ExpectInvariants(order);
}

TEST(OrderFulfilmentTest, BackorderedUnitsGetStockThenShip) {
  SourcingPlan plan;
  plan.reservations = {{2, "SKU-B", "WH2", 1, "r"}};
  plan.backordered = {{1, 2}};
  Order order = Confirmed(TwoLineDraft(), plan);
  EXPECT_EQ(order.fulfillment_status(), FulfillmentStatus::kBackordered);
  ASSERT_EQ(order.ReleaseToNodes(T0()).size(), 1u);
  ASSERT_TRUE(
      order.AllocateWaitingUnits(1, Order::Waiting::kBackordered, "WH1", 2, "arrived", T0()).ok());
  EXPECT_EQ(order.state().lines[0].backordered, 0);
  EXPECT_EQ(order.state().lines[0].reserved, 2);
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(order.FindShipment(ids[0])->node_id, "WH1");
  EXPECT_EQ(order.AllocateWaitingUnits(1, Order::Waiting::kBackordered, "WH1", 1, "", T0())
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ExpectInvariants(order);
}

TEST(OrderFulfilmentTest, UnitsArrivingLaterAtTheSameNodeGoInTheirOwnShipment) {
  // 1 of SKU-A in stock at WH1, the other backordered; SKU-B at WH1 too.
  SourcingPlan plan;
  plan.reservations = {{1, "SKU-A", "WH1", 1, "r"}, {2, "SKU-B", "WH1", 1, "r"}};
  plan.backordered = {{1, 1}};
  Order order = Confirmed(TwoLineDraft(), plan);
  const auto now_ids = order.ReleaseToNodes(T0());
  ASSERT_EQ(now_ids.size(), 1u);
  EXPECT_EQ(Shipment::Restore(*order.FindShipment(now_ids[0])).TotalUnits(), 2);
  ASSERT_TRUE(order.StartPicking(now_ids[0], T0()).ok());
  // The backordered unit arrives at the same node a day later: it does not
  // join the shipment being picked, it gets its own.
  ASSERT_TRUE(order
                  .AllocateWaitingUnits(1, Order::Waiting::kBackordered, "WH1", 1, "arrived",
                                        T0() + absl::Hours(24))
                  .ok());
  const auto later_ids = order.ReleaseToNodes(T0() + absl::Hours(24));
  ASSERT_EQ(later_ids.size(), 1u);
  const ShipmentState* later = order.FindShipment(later_ids[0]);
  EXPECT_EQ(later->node_id, "WH1");
  EXPECT_EQ(later->lines.at(0).quantity, 1);
  EXPECT_EQ(Shipment::Restore(*order.FindShipment(now_ids[0])).TotalUnits(), 2);
  ExpectInvariants(order);
}

TEST(OrderFulfilmentTest, AShipCompleteOrderWaitsForItsBackorderedUnits) {
  SourcingPlan plan;
  plan.reservations = {{1, "SKU-A", "WH1", 1, "r"}, {2, "SKU-B", "WH1", 1, "r"}};
  plan.backordered = {{1, 1}};
  OrderDraft draft = TwoLineDraft();
  draft.ship_complete = true;
  Order order = Confirmed(draft, plan);
  EXPECT_TRUE(order.ReleaseToNodes(T0()).empty());
  ASSERT_TRUE(
      order.AllocateWaitingUnits(1, Order::Waiting::kBackordered, "WH1", 1, "arrived", T0()).ok());
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(Shipment::Restore(*order.FindShipment(ids[0])).TotalUnits(), 3);
}

TEST(OrderFulfilmentTest, PartnerConfirmationsAreAppliedInSequenceOnly) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_TRUE(order.RecordPartnerSequence(ids[0], 2).ok());
  EXPECT_EQ(order.RecordPartnerSequence(ids[0], 2).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(order.RecordPartnerSequence(ids[0], 1).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(order.RecordPartnerSequence(ids[0], 3).ok());
}

TEST(OrderFulfilmentTest, RenewingAnAuthorizationKeepsItsAmounts) {
  Order order = Confirmed(TwoLineDraft(), SplitPlan());
  ASSERT_TRUE(order.RecordReauthorization("T1", "pay_new", T0() + absl::Hours(150)).ok());
  const Tender& t = order.state().tenders[0];
  EXPECT_EQ(t.payment_ref, "pay_new");
  EXPECT_EQ(t.renewals, 1);
  EXPECT_EQ(t.authorized_at, T0() + absl::Hours(150));
  EXPECT_EQ(t.authorized_minor, 2990);
}

}  // namespace
}  // namespace oms::domain
