// Cancellation: the rules table against expectations written apart from it,
// and what the Order does with a plan.
#include <gtest/gtest.h>

#include "server/domain/cancellation.h"
#include "server/domain/order.h"
#include "tests/domain/order_fixtures.h"

namespace oms::domain {
namespace {

using testing::T0;
using testing::TwoLineDraft;
using Request = Order::CancellationRequest;

// Written from the issue, not from cancellation.cpp: units not yet picked
// cancel; units being picked cancel at once at our own nodes and only when a
// partner accepts; packed or shipped units are returned instead, except a
// pickup nobody collected, which the system cancels.
CancelEffect Expected(UnitState state, NodeKind node, Initiator who) {
  switch (state) {
    case UnitState::kBackordered:
    case UnitState::kPreordered:
    case UnitState::kUnreleased:
      return CancelEffect::kCancel;
    case UnitState::kAtNode:
    case UnitState::kPicking:
      return node == NodeKind::kInternal ? CancelEffect::kCancel : CancelEffect::kAskNode;
    case UnitState::kPacked:
      return CancelEffect::kReturnInstead;
    case UnitState::kReadyForPickup:
      return who == Initiator::kSystem ? CancelEffect::kCancel : CancelEffect::kReturnInstead;
  }
  return CancelEffect::kReturnInstead;
}

TEST(CancellationTableTest, EveryStateNodeAndInitiatorHasExactlyTheExpectedRule) {
  const UnitState states[] = {UnitState::kBackordered, UnitState::kPreordered,
                              UnitState::kUnreleased,  UnitState::kAtNode,
                              UnitState::kPicking,     UnitState::kPacked,
                              UnitState::kReadyForPickup};
  int cases = 0;
  for (UnitState state : states) {
    for (NodeKind node : {NodeKind::kInternal, NodeKind::kPartner}) {
      for (Initiator who : {Initiator::kCustomer, Initiator::kStaff, Initiator::kSystem}) {
        int rules = 0;
        for (const auto& r : CancellationTable()) {
          rules += r.state == state && r.node == node && r.initiator == who;
        }
        EXPECT_EQ(rules, 1) << Name(state) << " " << Name(who);
        const CancelRule& rule = CancellationRuleFor(state, node, who);
        EXPECT_EQ(rule.effect, Expected(state, node, who))
            << Name(state) << (node == NodeKind::kInternal ? " internal " : " partner ")
            << Name(who);
        EXPECT_GT(std::string(rule.why).size(), 10u);
        ++cases;
      }
    }
  }
  EXPECT_EQ(static_cast<size_t>(cases), CancellationTable().size());
}

// SKU-A (2 x 10.00) at WH1, SKU-B (1 x 5.00) at WH2; one card of 29.90.
Order ConfirmedSplit(std::vector<OrderDraft::TenderInput> tenders = {}) {
  SourcingPlan plan;
  plan.reservations = {{1, "SKU-A", "WH1", 2, "r"}, {2, "SKU-B", "WH2", 1, "r"}};
  auto order = Order::Place(TwoLineDraft(tenders), plan);
  EXPECT_TRUE(order.ok()) << order.status();
  for (const auto& t : order->state().tenders) {
    if (t.type == TenderType::kCard) {
      EXPECT_TRUE(order->RecordAuthorization(t.tender_id, "gw", "pay", t.amount_minor, "4242", T0())
                      .ok());
    } else {
      EXPECT_TRUE(order->RecordImmediateCapture(t.tender_id, T0()).ok());
    }
  }
  EXPECT_TRUE(order->Confirm(T0()).ok());
  order->ReleaseToNodes(T0());
  order->TakeEvents();
  return std::move(*order);
}

NodeKind AllInternal(const std::string&) { return NodeKind::kInternal; }

TEST(OrderCancellationTest, CancellingAWholeConfirmedOrderReleasesEverythingAndVoidsTheCard) {
  Order order = ConfirmedSplit();
  Request request;
  request.reason = CancelReason::kCustomerRequest;
  auto plan = order.PlanCancellation(request, AllInternal);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_TRUE(plan->order_cancelled);
  EXPECT_EQ(plan->UnitsWith(CancelEffect::kCancel), 3);
  EXPECT_EQ(plan->value_minor, 2990);
  ASSERT_EQ(plan->money.size(), 1u);
  EXPECT_EQ(plan->money[0].void_minor, 2990);
  auto released = order.Cancel(*plan, request, T0());
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_EQ(released->size(), 2u);
  EXPECT_EQ(order.status(), OrderStatus::kCancelled);
  for (const auto& s : order.state().shipments) EXPECT_EQ(s.status, ShipmentStatus::kCancelled);
  EXPECT_EQ(order.state().tenders[0].voided_minor, 2990);
  EXPECT_EQ(order.payment_status(), PaymentStatus::kUnpaid);
}

TEST(OrderCancellationTest, CancellingTheRestAfterOneShipmentShippedKeepsItsMoney) {
  Order order = ConfirmedSplit();
  const std::string first = order.id() + "-S1";
  ASSERT_TRUE(order.StartPicking(first, T0()).ok());
  ASSERT_TRUE(order.PackShipment(first, T0()).ok());
  ASSERT_TRUE(order.ShipShipment(first, "DHL", "", "JD1", T0()).ok());
  const int64_t charge = order.FindShipment(first)->charge_minor;
  EXPECT_EQ(charge, 2392);
  Request request;
  request.lines = {{2, 1}};
  auto plan = order.PlanCancellation(request, AllInternal);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_FALSE(plan->order_cancelled);
  ASSERT_EQ(plan->money.size(), 1u);
  // What the card still holds beyond the shipped parcel's charge is released.
  EXPECT_EQ(plan->money[0].void_minor, 2990 - charge);
  ASSERT_TRUE(order.Cancel(*plan, request, T0()).ok());
  EXPECT_EQ(order.status(), OrderStatus::kFulfilled);
  EXPECT_EQ(order.FindShipment(order.id() + "-S2")->status, ShipmentStatus::kCancelled);
  // The capture of the shipped parcel still fits the authorization.
  EXPECT_TRUE(order.RecordShipmentCapture("T1", first, charge, T0()).ok());
  EXPECT_EQ(order.payment_status(), PaymentStatus::kCaptured);
}

TEST(OrderCancellationTest, TakenMoneyGoesBackLastTenderFirstAfterTheCardIsReleased) {
  Order order = ConfirmedSplit({{TenderType::kCard, 1000, "tok"},
                                {TenderType::kStoreCredit, 1990, ""}});
  Request request;
  auto plan = order.PlanCancellation(request, AllInternal);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->money.size(), 2u);
  EXPECT_EQ(plan->money[0].void_minor, 1000);
  EXPECT_EQ(plan->money[1].refund_minor, 1990);
  ASSERT_TRUE(order.Cancel(*plan, request, T0()).ok());
  EXPECT_EQ(order.state().tenders[1].status, TenderStatus::kRefunded);
}

TEST(OrderCancellationTest, PackedUnitsAreReturnedInsteadAndNothingChanges) {
  Order order = ConfirmedSplit();
  const std::string first = order.id() + "-S1";
  ASSERT_TRUE(order.StartPicking(first, T0()).ok());
  ASSERT_TRUE(order.PackShipment(first, T0()).ok());
  Request request;
  request.lines = {{1, 2}};
  auto plan = order.PlanCancellation(request, AllInternal);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->UnitsWith(CancelEffect::kReturnInstead), 2);
  EXPECT_EQ(plan->value_minor, 0);
  const OrderState before = order.state();
  auto refused = order.Cancel(*plan, request, T0());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("returned"), std::string::npos) << refused.status();
  EXPECT_EQ(order.state().lines[0].cancelled, before.lines[0].cancelled);
}

TEST(OrderCancellationTest, AtAPartnerNodeTheNodeMustBeAsked) {
  Order order = ConfirmedSplit();
  Request request;
  request.lines = {{1, 1}};
  auto plan = order.PlanCancellation(request, [](const std::string& node) {
    return node == "WH1" ? NodeKind::kPartner : NodeKind::kInternal;
  });
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->parts.size(), 1u);
  EXPECT_EQ(plan->parts[0].effect, CancelEffect::kAskNode);
  EXPECT_EQ(plan->parts[0].shipment_id, order.id() + "-S1");
}

TEST(OrderCancellationTest, WaitingUnitsGoFirstAndTooManyIsInvalid) {
  SourcingPlan plan;
  plan.reservations = {{2, "SKU-B", "WH2", 1, "r"}};
  plan.backordered = {{1, 2}};
  auto order = Order::Place(TwoLineDraft(), plan);
  ASSERT_TRUE(order.ok());
  ASSERT_TRUE(order->RecordAuthorization("T1", "gw", "pay", 2990, "4242", T0()).ok());
  ASSERT_TRUE(order->Confirm(T0()).ok());
  Request request;
  request.lines = {{1, 3}};
  EXPECT_EQ(order->PlanCancellation(request, AllInternal).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.lines = {{1, 1}};
  auto p = order->PlanCancellation(request, AllInternal);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->parts.size(), 1u);
  EXPECT_EQ(p->parts[0].state, UnitState::kBackordered);
  auto released = order->Cancel(*p, request, T0());
  ASSERT_TRUE(released.ok());
  EXPECT_TRUE(released->empty());  // nothing was reserved for them
  EXPECT_EQ(order->state().lines[0].backordered, 1);
  EXPECT_EQ(order->state().lines[0].cancelled, 1);
}

TEST(OrderCancellationTest, APendingOrFinishedOrderCannotBeCancelled) {
  auto pending = Order::Place(TwoLineDraft(), testing::WholeAt("WH1"));
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->PlanCancellation({}, AllInternal).status().code(),
            absl::StatusCode::kFailedPrecondition);
  Order order = ConfirmedSplit();
  Request request;
  auto plan = order.PlanCancellation(request, AllInternal);
  ASSERT_TRUE(order.Cancel(*plan, request, T0()).ok());
  EXPECT_EQ(order.PlanCancellation(request, AllInternal).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderCancellationTest, APreorderDropTakesOnlyPreorderedUnitsThoughBackordersGoFirstOtherwise) {
  SourcingPlan plan;
  plan.reservations = {{2, "SKU-B", "WH2", 1, "r"}};
  plan.backordered = {{1, 1}};
  plan.preordered = {{1, 1}};
  auto order = Order::Place(TwoLineDraft(), plan);
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_TRUE(order->RecordAuthorization("T1", "gw", "pay", 2990, "4242", T0()).ok());
  ASSERT_TRUE(order->Confirm(T0()).ok());
  Request request;
  request.lines = {{1, 1}};
  request.reason = CancelReason::kOutOfStock;
  request.initiator = Initiator::kSystem;
  request.preordered_only = true;
  auto p = order->PlanCancellation(request, AllInternal);
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->parts.size(), 1u);
  EXPECT_EQ(p->parts[0].state, UnitState::kPreordered);
  ASSERT_TRUE(order->Cancel(*p, request, T0()).ok());
  EXPECT_EQ(order->state().lines[0].preordered, 0);
  EXPECT_EQ(order->state().lines[0].backordered, 1);
  EXPECT_EQ(order->state().lines[1].reserved, 1);
  // Nothing preordered is left on the reserved line: nothing to drop there.
  request.lines = {{2, 1}};
  auto none = order->PlanCancellation(request, AllInternal);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->parts.empty());
  EXPECT_EQ(order->Cancel(*none, request, T0()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderCancellationTest, OnlyAFraudReviewHoldCanBeRejectedAndTheDecisionIsRecorded) {
  Order order = ConfirmedSplit();
  EXPECT_EQ(order.RejectHold(HoldReason::kFraudReview, "", T0()).code(),
            absl::StatusCode::kFailedPrecondition);  // no such hold
  ASSERT_TRUE(order.PlaceHold(HoldReason::kAddressCheck, "", T0()).ok());
  const absl::Status other = order.RejectHold(HoldReason::kAddressCheck, "", T0());
  EXPECT_EQ(other.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(other.message().find("ReleaseOrder"), std::string::npos) << other;
  ASSERT_TRUE(order.PlaceHold(HoldReason::kFraudReview, "score 91", T0()).ok());
  order.TakeEvents();
  ASSERT_TRUE(order.RejectHold(HoldReason::kFraudReview, "stolen card", T0()).ok());
  const auto events = order.TakeEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "HoldRejected");
  EXPECT_NE(events[0].summary.find("stolen card"), std::string::npos);
  // The hold stays until the caller has cancelled what it can.
  EXPECT_TRUE(order.HasHold(HoldReason::kFraudReview));
}

}  // namespace
}  // namespace oms::domain
