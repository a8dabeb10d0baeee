// The refund split policy (a pure function) and refunds on the Order aggregate.
#include <gtest/gtest.h>

#include <random>

#include "server/domain/order.h"
#include "tests/domain/order_fixtures.h"

namespace oms::domain {
namespace {

using testing::T0;
using testing::TwoLineDraft;
using testing::WholeAt;

TenderRoom Room(std::string id, TenderType type, int64_t voidable, int64_t refundable) {
  return {std::move(id), type, voidable, refundable, type == TenderType::kCard ? 1 : 0};
}

std::string Describe(const std::vector<RefundPart>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += p.tender_id + ":" + std::string(Name(p.kind)) + ":" + std::to_string(p.amount_minor) +
           " ";
  }
  return out;
}

TEST(RefundSplitTest, VoidsUncapturedCardMoneyBeforeRefundingCapturedMoney) {
  auto parts = SplitRefund({Room("T1", TenderType::kCard, 500, 2000)}, 800,
                           RefundPolicy::kReverseCapture, "EUR");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(Describe(*parts), "T1:VOID:500 T1:REFUND:300 ");
  EXPECT_EQ(parts->at(0).part_no, 1);
  EXPECT_EQ(parts->at(1).part_no, 2);
}

TEST(RefundSplitTest, RefundsTheTenderCapturedLastFirst) {
  // Wallet and store credit were taken at placement, the card at shipment.
  auto parts = SplitRefund({Room("T1", TenderType::kWallet, 0, 1000),
                            Room("T2", TenderType::kStoreCredit, 0, 1000),
                            Room("T3", TenderType::kCard, 0, 1000)},
                           2500, RefundPolicy::kReverseCapture, "EUR");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(Describe(*parts), "T3:REFUND:1000 T2:REFUND:1000 T1:REFUND:500 ");
}

TEST(RefundSplitTest, StoreCreditPolicyGivesTheCapturedPartAsStoreCredit) {
  auto parts = SplitRefund({Room("T1", TenderType::kCard, 200, 1000)}, 700,
                           RefundPolicy::kStoreCredit, "EUR");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(Describe(*parts), "T1:VOID:200 T1:STORE_CREDIT:500 ");
}

TEST(RefundSplitTest, ProRataSplitsByWhatEachTenderHasLeftAndSumsExactly) {
  auto parts = SplitRefund({Room("T1", TenderType::kWallet, 0, 1000),
                            Room("T2", TenderType::kCard, 0, 2000)},
                           1001, RefundPolicy::kProRata, "EUR");
  ASSERT_TRUE(parts.ok()) << parts.status();
  // 1001 x 1/3 = 333.67 -> 333, 1001 x 2/3 = 667.33 -> 667; the cent left
  // goes to the tender captured last (the card).
  EXPECT_EQ(Describe(*parts), "T2:REFUND:668 T1:REFUND:333 ");
}

TEST(RefundSplitTest, MoreThanTheTendersHaveIsFailedPrecondition) {
  auto parts = SplitRefund({Room("T1", TenderType::kCard, 100, 900)}, 1001,
                           RefundPolicy::kReverseCapture, "EUR");
  EXPECT_EQ(parts.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(parts.status().message().find("10.00 EUR"), std::string::npos)
      << parts.status().message();
}

TEST(RefundSplitTest, AZeroAmountIsInvalidArgument) {
  EXPECT_EQ(SplitRefund({Room("T1", TenderType::kCard, 0, 900)}, 0,
                        RefundPolicy::kReverseCapture, "EUR")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RefundSplitTest, RandomSplitsNeverExceedATenderAndAlwaysSumToTheAmount) {
  std::mt19937 rng(7);
  for (int round = 0; round < 500; ++round) {
    std::vector<TenderRoom> tenders;
    const int n = 1 + static_cast<int>(rng() % 4);
    int64_t total = 0;
    for (int i = 0; i < n; ++i) {
      const auto type = static_cast<TenderType>(rng() % 3);
      const int64_t voidable = type == TenderType::kCard ? rng() % 3000 : 0;
      const int64_t refundable = rng() % 5000;
      tenders.push_back(Room("T" + std::to_string(i + 1), type, voidable, refundable));
      total += voidable + refundable;
    }
    if (total == 0) continue;
    const int64_t amount = 1 + static_cast<int64_t>(rng() % total);
    for (auto policy : {RefundPolicy::kReverseCapture, RefundPolicy::kStoreCredit,
                        RefundPolicy::kProRata}) {
      auto parts = SplitRefund(tenders, amount, policy, "EUR");
      ASSERT_TRUE(parts.ok()) << parts.status();
      int64_t sum = 0;
      for (const auto& t : tenders) {
        int64_t voids = 0, back = 0;
        for (const auto& p : *parts) {
          if (p.tender_id != t.tender_id) continue;
          EXPECT_GT(p.amount_minor, 0);
          (p.kind == RefundPartKind::kVoid ? voids : back) += p.amount_minor;
        }
        EXPECT_LE(voids, t.voidable_minor);
        EXPECT_LE(back, t.refundable_minor);
        sum += voids + back;
      }
      EXPECT_EQ(sum, amount) << Describe(*parts);
    }
  }
}

// ---- On the order ----

// Two lines (2 x 10.00 + 1 x 5.00, shipping 4.90) on one card of 29.90,
// shipped whole from WH1 and captured.
Order ShippedAndCaptured(std::vector<OrderDraft::TenderInput> tenders = {}) {
  auto placed = Order::Place(TwoLineDraft(std::move(tenders)), WholeAt("WH1"));
  EXPECT_TRUE(placed.ok()) << placed.status();
  Order order = std::move(*placed);
  for (const auto& t : order.state().tenders) {
    if (t.type == TenderType::kCard) {
      EXPECT_TRUE(order.RecordAuthorization(t.tender_id, "gw", "pay", t.amount_minor, "4242", T0())
                      .ok());
    } else {
      EXPECT_TRUE(order.RecordImmediateCapture(t.tender_id, T0()).ok());
    }
  }
  EXPECT_TRUE(order.Confirm(T0()).ok());
  const auto ids = order.ReleaseToNodes(T0());
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_TRUE(order.StartPicking(ids[0], T0()).ok());
  EXPECT_TRUE(order.PackShipment(ids[0], T0()).ok());
  EXPECT_TRUE(order.ShipShipment(ids[0], "DHL", "parcel", "TRK", T0()).ok());
  const ShipmentState* s = order.FindShipment(ids[0]);
  for (const auto& t : order.state().tenders) {
    if (t.type != TenderType::kCard) continue;
    EXPECT_TRUE(order.RecordShipmentCapture(t.tender_id, ids[0], s->charge_minor, T0()).ok());
  }
  order.TakeEvents();
  return order;
}

Order::RefundRequest Goodwill(int64_t minor) {
  Order::RefundRequest r;
  r.goodwill_minor = minor;
  r.reason = "late delivery";
  r.requested_by = "staff:alice";
  return r;
}

TEST(OrderRefundTest, AGoodwillRefundReservesTheCardMoneyUntilTheGatewayAnswers) {
  Order order = ShippedAndCaptured();
  auto id = order.RequestRefund(Goodwill(1000), false, T0());
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, order.id() + "-R1");
  const RefundState* r = order.FindRefund(*id);
  ASSERT_EQ(r->parts.size(), 1u);
  EXPECT_EQ(r->status, RefundStatus::kPending);
  EXPECT_EQ(r->parts[0].gateway_key, order.id() + ":T1:refund:" + *id);
  EXPECT_EQ(order.RefundRoom()[0].refundable_minor, 1990);
  EXPECT_EQ(order.state().tenders[0].refunded_minor, 0);

  ASSERT_TRUE(order.RecordRefundPartDone(*id, 1, T0()).ok());
  EXPECT_EQ(order.FindRefund(*id)->status, RefundStatus::kSucceeded);
  EXPECT_EQ(order.state().tenders[0].refunded_minor, 1000);
  EXPECT_EQ(order.payment_status(), PaymentStatus::kPartiallyRefunded);
  EXPECT_EQ(order.status(), OrderStatus::kFulfilled);  // a partial refund is a payment fact
  EXPECT_EQ(order.RecordRefundPartDone(*id, 1, T0()).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderRefundTest, RefundsCannotTogetherExceedWhatWasCaptured) {
  Order order = ShippedAndCaptured();
  int ok = 0;
  for (int i = 0; i < 5; ++i) ok += order.RequestRefund(Goodwill(1000), false, T0()).ok();
  EXPECT_EQ(ok, 2);  // 29.90 captured: two of 10.00, the third would need 30.00
  EXPECT_EQ(order.RequestRefund(Goodwill(990), false, T0()).status().code(), absl::StatusCode::kOk);
  EXPECT_EQ(order.RequestRefund(Goodwill(1), false, T0()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderRefundTest, ReturningEveryUnitAndTheShippingRefundsTheOrder) {
  Order order = ShippedAndCaptured();
  Order::RefundRequest r;
  r.lines = {{1, 2, true, 0}, {2, 1, false, 0}};
  r.shipping = true;
  r.requested_by = "staff:alice";
  auto id = order.RequestRefund(r, false, T0());
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(order.FindRefund(*id)->amount_minor, 2990);
  EXPECT_EQ(order.state().lines[0].returned, 2);
  const auto moves = order.RestockMoves(*order.FindRefund(*id));
  ASSERT_EQ(moves.size(), 1u);  // the written-off line is not restocked
  EXPECT_EQ(moves[0].node_id, "WH1");
  EXPECT_EQ(moves[0].quantity, 2);
  ASSERT_TRUE(order.RecordRefundPartDone(*id, 1, T0()).ok());
  EXPECT_EQ(order.status(), OrderStatus::kRefunded);
  EXPECT_EQ(order.payment_status(), PaymentStatus::kRefunded);
  for (const auto& line : order.state().lines) EXPECT_TRUE(CheckLineInvariants(line).ok());
}

TEST(OrderRefundTest, UnitsAndShippingAreRefundedOnlyOnce) {
  Order order = ShippedAndCaptured();
  Order::RefundRequest r;
  r.lines = {{1, 2, false, 0}};
  r.shipping = true;
  ASSERT_TRUE(order.RequestRefund(r, true, T0()).ok());
  Order::RefundRequest again;
  again.lines = {{1, 1, false, 0}};
  EXPECT_EQ(order.RequestRefund(again, false, T0()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  Order::RefundRequest shipping;
  shipping.shipping = true;
  EXPECT_EQ(order.RequestRefund(shipping, false, T0()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderRefundTest, ARejectedRefundReleasesItsUnitsAndMoney) {
  Order order = ShippedAndCaptured();
  Order::RefundRequest r;
  r.lines = {{1, 2, false, 0}};
  auto id = order.RequestRefund(r, true, T0());
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(order.FindRefund(*id)->status, RefundStatus::kPendingApproval);
  EXPECT_EQ(order.RefundRoom()[0].refundable_minor, 990);
  EXPECT_EQ(order.state().lines[0].returned, 0);
  ASSERT_TRUE(order.RejectRefund(*id, "staff:sam", "not returned", T0()).ok());
  EXPECT_EQ(order.RefundRoom()[0].refundable_minor, 2990);
  EXPECT_EQ(order.state().lines[0].refunded, 0);
  EXPECT_EQ(order.ApproveRefund(*id, "staff:sam", T0()).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderRefundTest, AnApprovedRefundReturnsItsUnitsAndPaysOut) {
  Order order = ShippedAndCaptured();
  Order::RefundRequest r;
  r.lines = {{1, 1, true, 0}};
  auto id = order.RequestRefund(r, true, T0());
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(order.ApproveRefund(*id, "staff:sam", T0()).ok());
  const RefundState* refund = order.FindRefund(*id);
  EXPECT_EQ(refund->status, RefundStatus::kPending);
  EXPECT_EQ(refund->approved_by, "staff:sam");
  EXPECT_EQ(order.state().lines[0].returned, 1);
  ASSERT_TRUE(order.RecordRefundPartDone(*id, 1, T0()).ok());
  EXPECT_EQ(order.state().tenders[0].refunded_minor, 1000);
}

TEST(OrderRefundTest, ARefundBeforeTheCaptureReleasesTheAuthorizationInstead) {
  auto placed = Order::Place(TwoLineDraft(), WholeAt("WH1"));
  ASSERT_TRUE(placed.ok());
  Order order = std::move(*placed);
  ASSERT_TRUE(order.RecordAuthorization("T1", "gw", "pay", 2990, "4242", T0()).ok());
  ASSERT_TRUE(order.Confirm(T0()).ok());
  auto id = order.RequestRefund(Goodwill(500), false, T0());
  ASSERT_TRUE(id.ok()) << id.status();
  const RefundState* r = order.FindRefund(*id);
  ASSERT_EQ(r->parts.size(), 1u);
  EXPECT_EQ(r->parts[0].kind, RefundPartKind::kVoid);
  EXPECT_EQ(r->status, RefundStatus::kSucceeded);
  EXPECT_EQ(order.state().tenders[0].voided_minor, 500);
  // The shipment now captures what is left: 24.90.
  const auto ids = order.ReleaseToNodes(T0());
  ASSERT_TRUE(order.StartPicking(ids[0], T0()).ok());
  ASSERT_TRUE(order.PackShipment(ids[0], T0()).ok());
  ASSERT_TRUE(order.ShipShipment(ids[0], "DHL", "parcel", "TRK", T0()).ok());
  EXPECT_EQ(order.FindShipment(ids[0])->charge_minor, 2490);
}

TEST(OrderRefundTest, ASplitOverCardWalletAndStoreCreditGoesBackInReverseOrderOfCapture) {
  Order order = ShippedAndCaptured({{TenderType::kWallet, 990, ""},
                                    {TenderType::kStoreCredit, 1000, ""},
                                    {TenderType::kCard, 1000, "tok_visa"}});
  auto id = order.RequestRefund(Goodwill(2500), false, T0());
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(Describe(order.FindRefund(*id)->parts), "T3:REFUND:1000 T2:REFUND:1000 T1:REFUND:500 ");
}

TEST(OrderRefundTest, AnUnpaidOrderCannotBeRefunded) {
  auto placed = Order::Place(TwoLineDraft(), WholeAt("WH1"));
  ASSERT_TRUE(placed.ok());
  EXPECT_EQ(placed->RequestRefund(Goodwill(100), false, T0()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace oms::domain
