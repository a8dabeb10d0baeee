// Returns and exchanges through the real server: ReturnService, the stock
// they restock, the store credit they post, the replacement orders they
// place (docs/RETURNS.md).
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "oms/v1/payment_service.grpc.pb.h"
#include "oms/v1/return_service.grpc.pb.h"
#include "tests/server/order_steps.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

using partners::GatewayOperation;

constexpr char kCustomer[] = "C-EU1-0001";
constexpr char kAgent[] = "demo-agent-token";
constexpr char kWarehouse[] = "demo-warehouse-token";
constexpr char kBerlin[] = "EU1-WH-BER";

class ReturnDesk {
 public:
  explicit ReturnDesk(TestRegion& region) : region_(region) {
    stub_ = v1::ReturnService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", region.server().port()), grpc::InsecureChannelCredentials()));
  }
  absl::StatusOr<v1::ReturnResponse> Create(const v1::CreateReturnRequest& request,
                                            const std::string& token = kAgent) {
    v1::ReturnResponse response;
    auto context = region_.Context(token);
    grpc::Status s = stub_->CreateReturn(context.get(), request, &response);
    if (!s.ok()) return ToStatus(s);
    return response;
  }
  absl::StatusOr<v1::ReturnResponse> Receive(const v1::ReceiveReturnRequest& request,
                                             const std::string& token = kWarehouse) {
    v1::ReturnResponse response;
    auto context = region_.Context(token);
    grpc::Status s = stub_->ReceiveReturn(context.get(), request, &response);
    if (!s.ok()) return ToStatus(s);
    return response;
  }
  absl::StatusOr<v1::ReturnResponse> Cancel(const std::string& return_id) {
    v1::CancelReturnRequest request;
    request.set_return_id(return_id);
    request.set_reason("customer kept it");
    v1::ReturnResponse response;
    auto context = region_.Context(kAgent);
    grpc::Status s = stub_->CancelReturn(context.get(), request, &response);
    if (!s.ok()) return ToStatus(s);
    return response;
  }

 private:
  TestRegion& region_;
  std::unique_ptr<v1::ReturnService::Stub> stub_;
};

v1::CreateReturnRequest ReturnOf(const std::string& order_id, int64_t quantity,
                                 v1::ReturnReason reason = v1::RETURN_REASON_SIZE_OR_FIT) {
  v1::CreateReturnRequest r;
  r.set_order_id(order_id);
  auto* line = r.add_lines();
  line->set_line_no(1);
  line->set_quantity(quantity);
  line->set_reason(reason);
  return r;
}

v1::ReceiveReturnRequest AllRestocked(const std::string& return_id, int64_t quantity,
                                      const std::string& node = kBerlin) {
  v1::ReceiveReturnRequest r;
  r.set_return_id(return_id);
  auto* line = r.add_lines();
  line->set_line_no(1);
  line->set_restocked(quantity);
  line->set_restock_node_id(node);
  return r;
}

const v1::Return* FindReturn(const v1::Order& order, const std::string& return_id) {
  for (const auto& r : order.returns()) {
    if (r.return_id() == return_id) return &r;
  }
  return nullptr;
}

bool HasHold(const v1::Order& order, v1::HoldReason reason) {
  for (const auto& h : order.holds()) {
    if (h.reason() == reason) return true;
  }
  return false;
}

TEST(ReturnTest, PartOfADeliveredLineComesBackAsStoreCreditOnReceipt) {
  TestRegion region;
  ReturnDesk desk(region);
  auto order = PlacedAndDelivered(region, TestRegion::CardOrder("MUG-STN-BLU", 3));
  ASSERT_TRUE(order.ok()) << order.status();
  const std::string node = order->shipments(0).node_id();
  const int64_t credit_before = region.StoreCredit(kCustomer);
  const int64_t on_hand_before = region.StockAt("MUG-STN-BLU", node).on_hand();

  auto request = ReturnOf(order->order_number(), 1, v1::RETURN_REASON_DAMAGED);
  request.set_refund_policy(v1::REFUND_POLICY_STORE_CREDIT);
  auto created = desk.Create(request);
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string rma = created->return_id();
  EXPECT_EQ(rma, order->order_id() + "-RMA1");
  const v1::Return* r = FindReturn(created->order(), rma);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status(), v1::RETURN_STATUS_AWAITING_RECEIPT);
  EXPECT_EQ(r->value().amount_minor(), 1000);
  EXPECT_TRUE(r->refund_id().empty());  // the money waits for the goods
  EXPECT_EQ(region.StoreCredit(kCustomer), credit_before);

  // One unit is fine, the other damaged in transit.
  v1::ReceiveReturnRequest receipt = AllRestocked(rma, 1, node);
  auto received = desk.Receive(receipt);
  ASSERT_TRUE(received.ok()) << received.status();
  r = FindReturn(received->order(), rma);
  EXPECT_EQ(r->status(), v1::RETURN_STATUS_RECEIVED);
  ASSERT_FALSE(r->refund_id().empty());
  // Warehouse staff see no payment details; the agent sees the refund.
  EXPECT_EQ(received->order().refunds_size(), 0);
  EXPECT_EQ(received->order().tenders_size(), 0);
  auto seen = region.Get(order->order_id());
  ASSERT_TRUE(seen.ok()) << seen.status();
  const v1::Refund* refund = nullptr;
  for (const auto& f : seen->refunds()) {
    if (f.refund_id() == r->refund_id()) refund = &f;
  }
  ASSERT_NE(refund, nullptr);
  EXPECT_EQ(refund->status(), v1::REFUND_STATUS_SUCCEEDED);
  EXPECT_EQ(refund->amount().amount_minor(), 1000);
  ASSERT_EQ(refund->parts_size(), 1);
  EXPECT_EQ(refund->parts(0).kind(), v1::REFUND_PART_KIND_STORE_CREDIT);
  EXPECT_EQ(region.StoreCredit(kCustomer), credit_before + 1000);
  EXPECT_EQ(region.StockAt("MUG-STN-BLU", node).on_hand(), on_hand_before + 1);
  EXPECT_EQ(received->order().lines(0).returned(), 1);
  // Two units are still the customer's: the order is not refunded.
  EXPECT_EQ(received->order().status(), v1::ORDER_STATUS_FULFILLED);
  EXPECT_EQ(received->order().payment_status(), v1::PAYMENT_STATUS_PARTIALLY_REFUNDED);
  EXPECT_EQ(region.gateway().counters().calls_of(GatewayOperation::kRefund), 0);
  // Received once only.
  EXPECT_EQ(desk.Receive(receipt).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ReturnTest, UnitsNotDeliveredOrAlreadyComingBackCannotBeReturned) {
  TestRegion region;
  ReturnDesk desk(region);
  auto shipped = PlacedShippedCaptured(region, TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  auto early = desk.Create(ReturnOf(shipped->order_id(), 1));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition) << early.status();

  auto order = PlacedAndDelivered(region, TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_TRUE(desk.Create(ReturnOf(order->order_id(), 2)).ok());
  auto again = desk.Create(ReturnOf(order->order_id(), 1));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("already in returns"), std::string::npos)
      << again.status();
  // Nor refunded directly while they are on their way back.
  auto payments = v1::PaymentService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", region.server().port()), grpc::InsecureChannelCredentials()));
  v1::RefundOrderRequest refund;
  refund.set_order_id(order->order_id());
  auto* line = refund.add_lines();
  line->set_line_no(1);
  line->set_quantity(1);
  v1::RefundOrderResponse response;
  auto context = region.Context(kAgent);
  EXPECT_EQ(payments->RefundOrder(context.get(), refund, &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST(ReturnTest, RolesRequestIdsAndCancellation) {
  TestRegion region;
  ReturnDesk desk(region);
  auto order = PlacedAndDelivered(region, TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(order.ok()) << order.status();
  auto request = ReturnOf(order->order_id(), 1);
  EXPECT_EQ(desk.Create(request, kWarehouse).status().code(), absl::StatusCode::kPermissionDenied);
  request.set_request_id("rma-once");
  auto first = desk.Create(request);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = desk.Create(request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->replayed());
  EXPECT_EQ(second->return_id(), first->return_id());
  EXPECT_EQ(region.Get(order->order_id())->returns_size(), 1);
  request.mutable_lines(0)->set_quantity(2);
  EXPECT_EQ(desk.Create(request).status().code(), absl::StatusCode::kAlreadyExists);

  EXPECT_EQ(desk.Receive(AllRestocked(first->return_id(), 1), kAgent).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(desk.Receive(AllRestocked(first->return_id(), 1, "EU1-NOWHERE")).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto cancelled = desk.Cancel(first->return_id());
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(FindReturn(cancelled->order(), first->return_id())->status(),
            v1::RETURN_STATUS_CANCELLED);
  // The units are the customer's again: they may come back later.
  EXPECT_TRUE(desk.Create(ReturnOf(order->order_id(), 2)).ok());
}

TEST(ReturnTest, AnExchangeForDearerGoodsShipsWhenTheReturnArrives) {
  TestRegion region;
  ReturnDesk desk(region);
  auto order = PlacedAndDelivered(region, TestRegion::CardOrder("TEE-ORG-WHT-M", 1));
  ASSERT_TRUE(order.ok()) << order.status();
  const int64_t credit_before = region.StoreCredit(kCustomer);
  const auto [on_hand_l, reserved_l] = region.Stock("TEE-ORG-WHT-L");

  auto request = ReturnOf(order->order_id(), 1);
  auto* replacement = request.add_replacement();
  replacement->set_sku("TEE-ORG-WHT-L");  // 19.99 in the catalog
  replacement->set_quantity(1);
  // Without a way to pay the 9.99 more: refused, nothing written.
  auto unpaid = desk.Create(request);
  EXPECT_EQ(unpaid.status().code(), absl::StatusCode::kInvalidArgument) << unpaid.status();
  EXPECT_EQ(region.Get(order->order_id())->returns_size(), 0);

  request.mutable_difference_tender()->set_type(v1::TENDER_TYPE_CARD);
  request.mutable_difference_tender()->set_card_token("tok_visa");
  auto created = desk.Create(request);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_TRUE(created->has_replacement());
  const std::string replacement_id = created->replacement().order_id();
  const v1::Return* r = FindReturn(created->order(), created->return_id());
  EXPECT_EQ(r->replacement_order_id(), replacement_id);
  EXPECT_EQ(r->replacement_value().amount_minor(), 1999);
  EXPECT_FALSE(r->exchange_refund_id().empty());
  // Paid by the exchange credit (10.00 of store credit) and the card.
  const v1::Order& placed = created->replacement();
  ASSERT_EQ(placed.tenders_size(), 2);
  EXPECT_EQ(placed.tenders(0).type(), v1::TENDER_TYPE_STORE_CREDIT);
  EXPECT_EQ(placed.tenders(0).amount().amount_minor(), 1000);
  EXPECT_EQ(placed.tenders(1).type(), v1::TENDER_TYPE_CARD);
  EXPECT_EQ(placed.tenders(1).amount().amount_minor(), 999);
  EXPECT_EQ(placed.external_ref(), created->return_id());
  EXPECT_TRUE(HasHold(placed, v1::HOLD_REASON_AWAITING_RETURN));
  // The credit was posted and spent in the same transaction.
  EXPECT_EQ(region.StoreCredit(kCustomer), credit_before);
  ASSERT_TRUE(region.AwaitOrder(
      replacement_id, [](const v1::Order& o) { return o.status() == v1::ORDER_STATUS_CONFIRMED; }));
  auto waiting = region.Get(replacement_id);
  EXPECT_EQ(waiting->shipments_size(), 0);  // held until the goods are back
  EXPECT_EQ(region.Stock("TEE-ORG-WHT-L").second, reserved_l + 1);
  (void)on_hand_l;

  auto received = desk.Receive(AllRestocked(created->return_id(), 1));
  ASSERT_TRUE(received.ok()) << received.status();
  ASSERT_TRUE(received->has_replacement());
  EXPECT_FALSE(HasHold(received->replacement(), v1::HOLD_REASON_AWAITING_RETURN));
  EXPECT_EQ(received->replacement().shipments_size(), 1);
  // Nothing more to give back: the replacement cost more.
  EXPECT_TRUE(FindReturn(received->order(), created->return_id())->refund_id().empty());
}

TEST(ReturnTest, AnExchangeForCheaperGoodsRefundsTheDifferenceToTheCardOnReceipt) {
  TestRegion region;
  ReturnDesk desk(region);
  // Two tees at 10.00 each come back for one at 19.99: 0.01 goes back.
  auto order = PlacedAndDelivered(region, TestRegion::CardOrder("TEE-ORG-WHT-M", 2));
  ASSERT_TRUE(order.ok()) << order.status();
  auto request = ReturnOf(order->order_id(), 2);
  auto* replacement = request.add_replacement();
  replacement->set_sku("TEE-ORG-BLK-M");
  replacement->set_quantity(1);
  auto created = desk.Create(request);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->replacement().tenders_size(), 1);
  EXPECT_EQ(created->replacement().tenders(0).amount().amount_minor(), 1999);
  EXPECT_EQ(created->replacement().status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(region.gateway().counters().calls_of(GatewayOperation::kRefund), 0);

  auto received = desk.Receive(AllRestocked(created->return_id(), 2));
  ASSERT_TRUE(received.ok()) << received.status();
  const v1::Return* r = FindReturn(received->order(), created->return_id());
  ASSERT_FALSE(r->refund_id().empty());
  ASSERT_TRUE(region.AwaitOrder(order->order_id(), [&](const v1::Order& o) {
    for (const auto& f : o.refunds()) {
      if (f.refund_id() == r->refund_id()) return f.status() == v1::REFUND_STATUS_SUCCEEDED;
    }
    return false;
  }));
  auto settled = region.Get(order->order_id());
  int64_t refunded = 0;
  for (const auto& t : settled->tenders()) refunded += t.refunded_minor();
  EXPECT_EQ(refunded, 2000);  // 19.99 as exchange credit + 0.01 to the card
  EXPECT_EQ(region.gateway().counters().calls_of(GatewayOperation::kRefund), 1);
  // Every unit came back and every cent went out: the original is refunded.
  EXPECT_EQ(settled->status(), v1::ORDER_STATUS_REFUNDED);
}

// A goodwill refund gave back part of the price first: the return still
// arrives, and pays what the card has left.
TEST(ReturnTest, AfterAGoodwillRefundTheReturnIsReceivedAndPaysWhatIsLeft) {
  TestRegion region;
  ReturnDesk desk(region);
  auto order = PlacedAndDelivered(region, TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(order.ok()) << order.status();
  auto payments = v1::PaymentService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", region.server().port()), grpc::InsecureChannelCredentials()));
  v1::RefundOrderRequest goodwill;
  goodwill.set_order_id(order->order_id());
  goodwill.mutable_goodwill()->set_amount_minor(300);
  goodwill.mutable_goodwill()->set_currency("EUR");
  goodwill.set_reason("scratched box");
  v1::RefundOrderResponse refunded;
  auto context = region.Context(kAgent);
  grpc::Status s = payments->RefundOrder(context.get(), goodwill, &refunded);
  ASSERT_TRUE(s.ok()) << s.error_message();

  auto created = desk.Create(ReturnOf(order->order_id(), 1));
  ASSERT_TRUE(created.ok()) << created.status();
  auto received = desk.Receive(AllRestocked(created->return_id(), 1));
  ASSERT_TRUE(received.ok()) << received.status();
  const v1::Return* r = FindReturn(received->order(), created->return_id());
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status(), v1::RETURN_STATUS_RECEIVED);
  ASSERT_FALSE(r->refund_id().empty());
  // Both refunds (the goodwill and the return's) are paid at the gateway
  // asynchronously: wait for both before reading the card's total.
  ASSERT_TRUE(region.AwaitOrder(order->order_id(), [&](const v1::Order& o) {
    if (o.refunds_size() != 2) return false;
    for (const auto& f : o.refunds()) {
      if (f.status() != v1::REFUND_STATUS_SUCCEEDED) return false;
    }
    return true;
  }));
  auto settled = region.Get(order->order_id());
  ASSERT_TRUE(settled.ok());
  for (const auto& f : settled->refunds()) {
    if (f.refund_id() == r->refund_id()) {
      EXPECT_EQ(f.amount().amount_minor(), 700) << "10.00 less the 3.00 already given back";
    }
  }
  EXPECT_EQ(settled->tenders(0).refunded_minor(), 1000);
}

}  // namespace
}  // namespace oms::testing
