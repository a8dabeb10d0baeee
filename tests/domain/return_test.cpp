// Returns and exchanges on the Order aggregate (docs/RETURNS.md).
#include <gtest/gtest.h>

#include "server/domain/order.h"
#include "tests/domain/order_fixtures.h"

namespace oms::domain {
namespace {

using testing::T0;
using testing::TwoLineDraft;
using testing::WholeAt;
using ReturnMoney = Order::ReturnMoney;

// Two lines (2 x SKU-A at 10.00 + 1 x SKU-B at 5.00, shipping 4.90) on one
// card of 29.90, shipped whole from WH1, captured and, unless told
// otherwise, delivered.
Order Delivered(bool deliver = true, bool with_customer = true) {
  OrderDraft draft = TwoLineDraft();
  if (!with_customer) draft.customer.customer_id.clear();
  auto placed = Order::Place(draft, WholeAt("WH1"));
  EXPECT_TRUE(placed.ok()) << placed.status();
  Order order = std::move(*placed);
  EXPECT_TRUE(order.RecordAuthorization("T1", "gw", "pay", 2990, "4242", T0()).ok());
  EXPECT_TRUE(order.Confirm(T0()).ok());
  const auto ids = order.ReleaseToNodes(T0());
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_TRUE(order.StartPicking(ids[0], T0()).ok());
  EXPECT_TRUE(order.PackShipment(ids[0], T0()).ok());
  EXPECT_TRUE(order.ShipShipment(ids[0], "DHL", "parcel", "TRK", T0()).ok());
  EXPECT_TRUE(
      order.RecordShipmentCapture("T1", ids[0], order.FindShipment(ids[0])->charge_minor, T0())
          .ok());
  if (deliver) EXPECT_TRUE(order.DeliverShipment(ids[0], T0()).ok());
  order.TakeEvents();
  return order;
}

Order::ReturnRequest OneOfLineOne() {
  Order::ReturnRequest r;
  r.lines = {{1, 1, ReturnReason::kSizeOrFit, "too small"}};
  r.requested_by = "staff:alice";
  return r;
}

std::vector<std::string> Types(std::vector<DomainEvent> events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.type);
  return out;
}

TEST(OrderReturnTest, AReturnOfDeliveredUnitsWaitsForItsGoods) {
  Order order = Delivered();
  auto id = order.CreateReturn(OneOfLineOne(), T0());
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, order.id() + "-RMA1");
  const ReturnState* r = order.FindReturn(*id);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, ReturnStatus::kAwaitingReceipt);
  EXPECT_EQ(r->value_minor, 1000);
  EXPECT_EQ(r->lines[0].sku, "SKU-A");
  EXPECT_EQ(Types(order.TakeEvents()), std::vector<std::string>{"ReturnCreated"});
  // The unit is spoken for: it can be neither returned nor refunded twice.
  EXPECT_EQ(order.ReturnableUnits(1), 1);
  Order::RefundRequest refund;
  refund.lines = {{1, 2, false, 0}};
  EXPECT_EQ(order.PreviewRefund(refund).status().code(), absl::StatusCode::kFailedPrecondition);
  // ...but its own refund may take it.
  refund.for_return_id = *id;
  EXPECT_TRUE(order.PreviewRefund(refund).ok());
}

TEST(OrderReturnTest, OnlyDeliveredUnitsCanBeReturned) {
  Order shipped = Delivered(/*deliver=*/false);
  auto id = shipped.CreateReturn(OneOfLineOne(), T0());
  EXPECT_EQ(id.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(id.status().message().find("0 delivered"), std::string::npos) << id.status();
  EXPECT_TRUE(shipped.TakeEvents().empty());

  Order order = Delivered();
  Order::ReturnRequest r = OneOfLineOne();
  r.lines[0].quantity = 3;
  EXPECT_EQ(order.CreateReturn(r, T0()).status().code(), absl::StatusCode::kFailedPrecondition);
  r.lines = {{9, 1, ReturnReason::kOther, ""}};
  EXPECT_EQ(order.CreateReturn(r, T0()).status().code(), absl::StatusCode::kInvalidArgument);
  r.lines = {{1, 1, ReturnReason::kOther, ""}, {1, 1, ReturnReason::kOther, ""}};
  EXPECT_EQ(order.CreateReturn(r, T0()).status().code(), absl::StatusCode::kInvalidArgument);
  r.lines = {};
  EXPECT_EQ(order.CreateReturn(r, T0()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(order.state().returns.empty());
  EXPECT_TRUE(order.TakeEvents().empty());
}

TEST(OrderReturnTest, ReceiptNeedsADispositionForEveryUnit) {
  Order order = Delivered();
  Order::ReturnRequest req;
  req.lines = {{1, 2, ReturnReason::kDamaged, ""}, {2, 1, ReturnReason::kWrongItem, ""}};
  auto id = order.CreateReturn(req, T0());
  ASSERT_TRUE(id.ok());
  order.TakeEvents();
  // Counts that do not add up, a missing line, a restock without a node.
  EXPECT_EQ(
      order.ReceiveReturn(*id, {{1, 1, "WH1", 0}, {2, 1, "WH1", 0}}, "wh", T0()).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(order.ReceiveReturn(*id, {{1, 2, "WH1", 0}}, "wh", T0()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(order.ReceiveReturn(*id, {{1, 2, "", 0}, {2, 1, "WH1", 0}}, "wh", T0()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(order.FindReturn(*id)->status, ReturnStatus::kAwaitingReceipt);
  EXPECT_TRUE(order.TakeEvents().empty());

  auto moves = order.ReceiveReturn(*id, {{1, 1, "STORE-1", 1}, {2, 0, "", 1}}, "wh", T0());
  ASSERT_TRUE(moves.ok()) << moves.status();
  ASSERT_EQ(moves->size(), 1u);
  EXPECT_EQ((*moves)[0].sku, "SKU-A");
  EXPECT_EQ((*moves)[0].node_id, "STORE-1");
  EXPECT_EQ((*moves)[0].quantity, 1);
  const ReturnState* r = order.FindReturn(*id);
  EXPECT_EQ(r->status, ReturnStatus::kReceived);
  EXPECT_EQ(r->lines[0].damaged, 1);
  EXPECT_EQ(r->lines[1].damaged, 1);
  EXPECT_EQ(Types(order.TakeEvents()), std::vector<std::string>{"ReturnReceived"});
  // Received once only.
  EXPECT_EQ(
      order.ReceiveReturn(*id, {{1, 2, "WH1", 0}, {2, 1, "WH1", 0}}, "wh", T0()).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(OrderReturnTest, TheMoneyBackOfAReturnRefundsItsUnitsByItsPolicy) {
  Order order = Delivered();
  Order::ReturnRequest req = OneOfLineOne();
  req.refund_policy = RefundPolicy::kStoreCredit;
  auto id = order.CreateReturn(req, T0());
  ASSERT_TRUE(id.ok());
  EXPECT_FALSE(order.ReturnRefundRequest(*id, ReturnMoney::kExchangeCredit).has_value());
  auto request = order.ReturnRefundRequest(*id, ReturnMoney::kMoneyBack);
  ASSERT_TRUE(request.has_value());
  auto refund_id = order.RequestRefund(*request, false, T0());
  ASSERT_TRUE(refund_id.ok()) << refund_id.status();
  ASSERT_TRUE(order.RecordReturnRefund(*id, ReturnMoney::kMoneyBack, *refund_id, T0()).ok());
  const RefundState* refund = order.FindRefund(*refund_id);
  EXPECT_EQ(refund->return_id, *id);
  EXPECT_EQ(refund->amount_minor, 1000);
  ASSERT_EQ(refund->parts.size(), 1u);
  EXPECT_EQ(refund->parts[0].kind, RefundPartKind::kStoreCredit);
  // The refund does not restock: the return's receipt does.
  EXPECT_TRUE(order.RestockMoves(*refund).empty());
  EXPECT_EQ(order.state().lines[0].returned, 1);
  // Paid for: it can no longer be cancelled, and not paid twice.
  EXPECT_EQ(order.CancelReturn(*id, "staff:alice", "", T0()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(order.RecordReturnRefund(*id, ReturnMoney::kMoneyBack, "x", T0()).code(),
            absl::StatusCode::kFailedPrecondition);
  for (const auto& line : order.state().lines) EXPECT_TRUE(CheckLineInvariants(line).ok());
}

TEST(OrderReturnTest, ACancelledReturnFreesItsUnits) {
  Order order = Delivered();
  auto id = order.CreateReturn(OneOfLineOne(), T0());
  ASSERT_TRUE(id.ok());
  order.TakeEvents();
  ASSERT_TRUE(order.CancelReturn(*id, "staff:alice", "customer kept it", T0()).ok());
  EXPECT_EQ(order.FindReturn(*id)->status, ReturnStatus::kCancelled);
  EXPECT_EQ(order.ReturnableUnits(1), 2);
  EXPECT_EQ(Types(order.TakeEvents()), std::vector<std::string>{"ReturnCancelled"});
  EXPECT_EQ(order.ReceiveReturn(*id, {{1, 1, "WH1", 0}}, "wh", T0()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(OrderReturnTest, AnExchangeForLessGivesTheDifferenceBack) {
  Order order = Delivered();
  Order::ReturnRequest req;
  req.lines = {{1, 2, ReturnReason::kSizeOrFit, ""}};  // worth 20.00
  req.replacement = {{"SKU-C", 1, 1500}};              // worth 15.00
  req.requested_by = "staff:alice";
  auto id = order.CreateReturn(req, T0());
  ASSERT_TRUE(id.ok()) << id.status();
  const ReturnState* r = order.FindReturn(*id);
  EXPECT_TRUE(r->is_exchange());
  EXPECT_EQ(r->exchange_credit_minor(), 1500);
  EXPECT_EQ(r->money_back_minor(), 500);

  auto credit = order.ReturnRefundRequest(*id, ReturnMoney::kExchangeCredit);
  ASSERT_TRUE(credit.has_value());
  auto credit_id = order.RequestRefund(*credit, false, T0());
  ASSERT_TRUE(credit_id.ok()) << credit_id.status();
  EXPECT_EQ(order.FindRefund(*credit_id)->amount_minor, 1500);
  EXPECT_EQ(order.FindRefund(*credit_id)->parts[0].kind, RefundPartKind::kStoreCredit);
  ASSERT_TRUE(order.RecordReturnRefund(*id, ReturnMoney::kExchangeCredit, *credit_id, T0()).ok());

  auto back = order.ReturnRefundRequest(*id, ReturnMoney::kMoneyBack);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->lines.empty());
  EXPECT_EQ(back->goodwill_minor, 500);
  auto back_id = order.RequestRefund(*back, false, T0());
  ASSERT_TRUE(back_id.ok()) << back_id.status();
  EXPECT_EQ(order.FindRefund(*back_id)->amount_minor, 500);
  // Together never more than the returned goods are worth.
  EXPECT_EQ(order.FindRefund(*credit_id)->amount_minor + order.FindRefund(*back_id)->amount_minor,
            r->value_minor);
  ASSERT_TRUE(order.RecordReplacementOrder(*id, "EU1-REPL", "EU1-AAAA-BBBB", T0()).ok());
  EXPECT_EQ(order.FindReturn(*id)->replacement_order_id, "EU1-REPL");
}

TEST(OrderReturnTest, AnExchangeForMoreGivesNoMoneyBack) {
  Order order = Delivered();
  Order::ReturnRequest req;
  req.lines = {{2, 1, ReturnReason::kDefective, ""}};  // worth 5.00
  req.replacement = {{"SKU-C", 1, 1500}};
  req.requested_by = "staff:alice";
  auto id = order.CreateReturn(req, T0());
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(order.FindReturn(*id)->exchange_credit_minor(), 500);
  EXPECT_FALSE(order.ReturnRefundRequest(*id, ReturnMoney::kMoneyBack).has_value());
}

TEST(OrderReturnTest, ARefusedRefundLeavesTheReceivedReturnUnpaidAndItsUnitsSpokenFor) {
  Order order = Delivered();
  auto id = order.CreateReturn(OneOfLineOne(), T0());
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(order.ReceiveReturn(*id, {{1, 1, "WH1", 0}}, "wh", T0()).ok());
  auto request = order.ReturnRefundRequest(*id, ReturnMoney::kMoneyBack);
  ASSERT_TRUE(request.has_value());
  auto refund_id = order.RequestRefund(*request, /*needs_approval=*/true, T0());
  ASSERT_TRUE(refund_id.ok()) << refund_id.status();
  ASSERT_TRUE(order.RecordReturnRefund(*id, ReturnMoney::kMoneyBack, *refund_id, T0()).ok());
  ASSERT_TRUE(order.RejectRefund(*refund_id, "staff:boss", "no proof of postage", T0()).ok());
  // The unit came back: it cannot be returned again...
  EXPECT_EQ(order.ReturnableUnits(1), 1);
  // ...and the return can be paid by a new refund.
  EXPECT_TRUE(order.FindReturn(*id)->refund_id.empty());
  auto again = order.RequestRefund(*request, false, T0());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(order.RecordReturnRefund(*id, ReturnMoney::kMoneyBack, *again, T0()).ok());
}

TEST(OrderReturnTest, AnExchangeNeedsACustomerAccount) {
  Order order = Delivered(/*deliver=*/true, /*with_customer=*/false);
  Order::ReturnRequest req;
  req.lines = {{1, 1, ReturnReason::kOther, ""}};
  req.replacement = {{"SKU-C", 1, 100}};
  auto id = order.CreateReturn(req, T0());
  EXPECT_EQ(id.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(id.status().message().find("no customer account"), std::string::npos) << id.status();
  // A plain return of the same units is fine.
  req.replacement.clear();
  EXPECT_TRUE(order.CreateReturn(req, T0()).ok());
}

}  // namespace
}  // namespace oms::domain
