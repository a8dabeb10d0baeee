#include <gtest/gtest.h>

#include "server/domain/order.h"
#include "tests/domain/order_fixtures.h"

namespace oms::domain {
namespace {

using testing::T0;
using testing::TwoLineDraft;
using testing::WholeAt;

std::vector<std::string> Types(const std::vector<DomainEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.type);
  return out;
}

TEST(OrderTest, PlacingRecordsOrderPlacedAndIsPending) {
  auto order = Order::Place(TwoLineDraft(), WholeAt("WH1"));
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->status(), OrderStatus::kPending);
  EXPECT_EQ(order->state().totals.total_minor, 2990);
  EXPECT_EQ(order->state().lines[0].reserved, 2);
  EXPECT_EQ(Types(order->TakeEvents()), std::vector<std::string>{"OrderPlaced"});
}

TEST(OrderTest, TendersThatDoNotCoverTheTotalAreInvalidArgument) {
  auto order = Order::Place(TwoLineDraft({{TenderType::kCard, 2000, "tok_visa"}}), WholeAt("WH1"));
  EXPECT_EQ(order.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(order.status().message().find("29.90 EUR"), std::string::npos);
}

TEST(OrderTest, APlanThatMissesUnitsIsInvalidArgument) {
  SourcingPlan partial;
  partial.reservations = {{1, "SKU-A", "WH1", 1, "test"}};
  auto order = Order::Place(TwoLineDraft(), partial);
  EXPECT_EQ(order.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(OrderTest, AuthorizingTheOnlyCardLetsTheOrderConfirm) {
  auto order = *Order::Place(TwoLineDraft(), WholeAt("WH1"));
  order.TakeEvents();
  ASSERT_TRUE(order.RecordAuthorization("T1", "gw", "pay_1", 2990, "4242", T0()).ok());
  ASSERT_TRUE(order.Confirm(T0()).ok());
  EXPECT_EQ(order.status(), OrderStatus::kConfirmed);
  EXPECT_EQ(order.payment_status(), PaymentStatus::kAuthorized);
  EXPECT_EQ(Types(order.TakeEvents()),
            (std::vector<std::string>{"TenderAuthorized", "PaymentStatusChanged",
                                      "OrderStatusChanged"}));
}

TEST(OrderTest, ConfirmingWithAnUnansweredCardIsFailedPrecondition) {
  auto order = *Order::Place(TwoLineDraft(), WholeAt("WH1"));
  order.TakeEvents();
  EXPECT_EQ(order.Confirm(T0()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(order.TakeEvents().empty());
  EXPECT_EQ(order.status(), OrderStatus::kPending);
}

TEST(OrderTest, RejectingCancelsEveryOpenUnitAndReleasesReservations) {
  auto order = *Order::Place(TwoLineDraft(), WholeAt("WH1"));
  ASSERT_TRUE(order.RecordDecline("T1", "gw", "card_declined", T0()).ok());
  ASSERT_TRUE(order.Reject("payment declined: card_declined", T0()).ok());
  EXPECT_EQ(order.status(), OrderStatus::kRejected);
  for (const auto& line : order.state().lines) {
    EXPECT_EQ(line.reserved, 0);
    EXPECT_EQ(line.cancelled, line.ordered);
    EXPECT_TRUE(CheckLineInvariants(line).ok());
  }
  EXPECT_EQ(order.state().rejection_reason, "payment declined: card_declined");
}

TEST(OrderTest, ARejectedOrderCannotBeConfirmed) {
  auto order = *Order::Place(TwoLineDraft(), WholeAt("WH1"));
  ASSERT_TRUE(order.Reject("test", T0()).ok());
  order.TakeEvents();
  EXPECT_EQ(order.Confirm(T0()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(order.TakeEvents().empty());
}

TEST(OrderTest, StoreCreditIsCapturedAtPlacementAndGivenBackOnReversal) {
  auto order = *Order::Place(TwoLineDraft({{TenderType::kCard, 1990, "tok_visa"},
                                           {TenderType::kStoreCredit, 1000, ""}}),
                             WholeAt("WH1"));
  ASSERT_TRUE(order.RecordImmediateCapture("T2", T0()).ok());
  EXPECT_EQ(order.payment_status(), PaymentStatus::kPartiallyCaptured);
  ASSERT_TRUE(order.RecordDebitReversed("T2", T0()).ok());
  EXPECT_EQ(order.FindTender("T2")->refunded_minor, 1000);
  EXPECT_EQ(order.RecordDebitReversed("T2", T0()).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(OrderTest, ACardIsNeverCapturedAtPlacement) {
  auto order = *Order::Place(TwoLineDraft(), WholeAt("WH1"));
  EXPECT_EQ(order.RecordImmediateCapture("T1", T0()).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderTest, HoldsArePlacedOnceAndReleasedByReason) {
  auto order = *Order::Place(TwoLineDraft(), WholeAt("WH1"));
  ASSERT_TRUE(order.PlaceHold(HoldReason::kAwaitingPayment, "gateway down", T0()).ok());
  EXPECT_EQ(order.PlaceHold(HoldReason::kAwaitingPayment, "again", T0()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(order.ReleaseHold(HoldReason::kFraudReview, T0()).code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(order.ReleaseHold(HoldReason::kAwaitingPayment, T0()).ok());
  EXPECT_FALSE(order.HasHold(HoldReason::kAwaitingPayment));
}

TEST(OrderTest, AnAuthorizationForAnotherAmountIsRefused) {
  auto order = *Order::Place(TwoLineDraft(), WholeAt("WH1"));
  EXPECT_EQ(order.RecordAuthorization("T1", "gw", "pay_1", 100, "4242", T0()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(order.FindTender("T1")->status, TenderStatus::kPending);
}

TEST(OrderTest, BackorderedUnitsMakeTheFulfillmentStatusBackordered) {
  SourcingPlan plan;
  plan.reservations = {{1, "SKU-A", "WH1", 2, "test"}};
  plan.backordered = {{2, 1}};
  auto order = Order::Place(TwoLineDraft(), plan);
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->fulfillment_status(), FulfillmentStatus::kBackordered);
}

TEST(OrderTest, PaymentStatusIsDerivedFromTenders) {
  Tender card{"T1", TenderType::kCard, 1000, TenderStatus::kAuthorized, 1000, 0, 0, 0};
  EXPECT_EQ(DerivePaymentStatus({card}), PaymentStatus::kAuthorized);
  card.captured_minor = 400;
  EXPECT_EQ(DerivePaymentStatus({card}), PaymentStatus::kPartiallyCaptured);
  card.captured_minor = 1000;
  EXPECT_EQ(DerivePaymentStatus({card}), PaymentStatus::kCaptured);
  card.refunded_minor = 300;
  EXPECT_EQ(DerivePaymentStatus({card}), PaymentStatus::kPartiallyRefunded);
  card.refunded_minor = 1000;
  EXPECT_EQ(DerivePaymentStatus({card}), PaymentStatus::kRefunded);
  Tender voided{"T2", TenderType::kCard, 1000, TenderStatus::kVoided, 1000, 0, 0, 1000};
  EXPECT_EQ(DerivePaymentStatus({voided}), PaymentStatus::kVoided);
  EXPECT_EQ(DerivePaymentStatus({}), PaymentStatus::kUnpaid);
}

}  // namespace
}  // namespace oms::domain
