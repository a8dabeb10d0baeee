// The audit log through the real server: every change names the person or
// service, the RPC and the request that made it, in the same transaction as
// the change (the outbox), and OpsService.ListAuditLog finds it by order,
// principal and time.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "oms/v1/ops_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "oms/v1/payment_service.grpc.pb.h"
#include "oms/v1/return_service.grpc.pb.h"
#include "server/api/proto_mapping.h"
#include "tests/server/order_steps.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

constexpr char kAgent[] = "demo-agent-token";
constexpr char kSupervisor[] = "demo-supervisor-token";
constexpr char kWarehouse[] = "demo-warehouse-token";
constexpr char kTrace[] = "4bf92f3577b34da6a3ce929d0e0e4736";

absl::StatusOr<v1::ListAuditLogResponse> Audit(TestRegion& region,
                                               const v1::ListAuditLogRequest& request,
                                               const std::string& token = kSupervisor) {
  v1::ListAuditLogResponse response;
  auto context = region.Context(token);
  grpc::Status s = region.ops().ListAuditLog(context.get(), request, &response);
  if (!s.ok()) return ToStatus(s);
  return response;
}

// (method, principal, request id) of each entry.
std::set<std::tuple<std::string, std::string, std::string>> Trail(
    const v1::ListAuditLogResponse& log) {
  std::set<std::tuple<std::string, std::string, std::string>> trail;
  for (const v1::OrderEvent& e : log.entries()) {
    trail.insert({e.method(), e.principal(), e.request_id()});
  }
  return trail;
}

TEST(AuditLogTest, EveryChangeToAnOrderNamesThePersonTheRpcAndTheRequest) {
  TestRegion region;
  auto order = PlacedShippedCaptured(region, TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(order.ok()) << order.status();

  v1::AddOrderNoteRequest note;
  note.set_request_id("note-1");
  note.set_order_id(order->order_id());
  note.set_text("customer called about the parcel");
  v1::Order out;
  {
    auto context = region.Context(kAgent);
    context->AddMetadata("traceparent", std::string("00-") + kTrace + "-00f067aa0ba902b7-01");
    ASSERT_TRUE(region.orders().AddOrderNote(context.get(), note, &out).ok());
  }
  v1::HoldOrderRequest hold;
  hold.set_request_id("hold-1");
  hold.set_order_id(order->order_number());
  hold.set_reason(v1::HOLD_REASON_CUSTOMER_REQUEST);
  {
    auto context = region.Context(kSupervisor);
    ASSERT_TRUE(region.orders().HoldOrder(context.get(), hold, &out).ok());
  }

  v1::ListAuditLogRequest by_order;
  by_order.set_order_id(order->order_number());  // a number works too
  auto log = Audit(region, by_order);
  ASSERT_TRUE(log.ok()) << log.status();
  const auto trail = Trail(*log);
  auto made = [&](const std::string& method, const std::string& principal) {
    return std::any_of(trail.begin(), trail.end(), [&](const auto& t) {
      return std::get<0>(t) == method && std::get<1>(t) == principal;
    });
  };
  EXPECT_TRUE(made("oms.v1.OrderService/PlaceOrder", "staff:alice"));
  for (const char* method :
       {"oms.v1.FulfillmentService/StartPicking", "oms.v1.FulfillmentService/PackShipment",
        "oms.v1.FulfillmentService/ShipShipment"}) {
    EXPECT_TRUE(made(method, "staff:wendy")) << method;
  }
  EXPECT_TRUE(trail.count({"oms.v1.OrderService/AddOrderNote", "staff:alice", "note-1"}));
  EXPECT_TRUE(trail.count({"oms.v1.OrderService/HoldOrder", "staff:sam", "hold-1"}));
  bool traced = false;
  for (const v1::OrderEvent& e : log->entries()) {
    EXPECT_EQ(e.aggregate_id(), order->order_id());
    if (!e.method().empty()) EXPECT_FALSE(e.trace_id().empty()) << e.method();
    EXPECT_TRUE(e.payload_json().empty()) << "the audit log leaves payloads out";
    EXPECT_FALSE(e.summary().empty());
    if (e.method() == "oms.v1.OrderService/AddOrderNote") traced = e.trace_id() == kTrace;
  }
  EXPECT_TRUE(traced) << "the caller's traceparent is the entry's trace id";

  // The same entries are the order's timeline.
  v1::ListOrderEventsRequest timeline;
  timeline.set_order_id(order->order_id());
  v1::ListOrderEventsResponse events;
  auto context = region.Context(kAgent);
  ASSERT_TRUE(region.orders().ListOrderEvents(context.get(), timeline, &events).ok());
  bool note_in_timeline = false;
  for (const v1::OrderEvent& e : events.events()) {
    note_in_timeline |= e.method() == "oms.v1.OrderService/AddOrderNote" &&
                        e.principal() == "staff:alice" && e.request_id() == "note-1";
  }
  EXPECT_TRUE(note_in_timeline);
}

// Every mutating RPC of an order's life, each made by a person: the log
// names that person, the RPC and the request id for each one.
TEST(AuditLogTest, EachStepOfAnOrdersLifeIsAuditedWithItsPersonAndRequest) {
  TestRegion region;
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", region.server().port()),
                                     grpc::InsecureChannelCredentials());
  auto payments = v1::PaymentService::NewStub(channel);
  auto returns = v1::ReturnService::NewStub(channel);

  // Two units; the customer cancels one before it ships.
  auto order = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(order.ok()) << order.status();
  v1::CancelOrderRequest cancel;
  cancel.set_request_id("cancel-1");
  cancel.set_order_id(order->order_id());
  cancel.set_reason(v1::CANCEL_REASON_CUSTOMER_REQUEST);
  cancel.set_initiator(v1::CANCEL_INITIATOR_CUSTOMER);
  auto* line = cancel.add_lines();
  line->set_line_no(1);
  line->set_quantity(1);
  v1::CancelOrderResponse cancelled;
  auto context = region.Context(kAgent);
  grpc::Status s = region.orders().CancelOrder(context.get(), cancel, &cancelled);
  ASSERT_TRUE(s.ok()) << s.error_message();

  // A delivered order of two: a goodwill refund, and one unit returned.
  auto delivered = PlacedAndDelivered(region, TestRegion::CardOrder("MUG-STN-WHT", 2));
  ASSERT_TRUE(delivered.ok()) << delivered.status();
  v1::RefundOrderRequest refund;
  refund.set_request_id("refund-1");
  refund.set_order_id(delivered->order_id());
  refund.mutable_goodwill()->set_amount_minor(100);
  refund.mutable_goodwill()->set_currency("EUR");
  refund.set_reason("parcel arrived late");
  v1::RefundOrderResponse refunded;
  context = region.Context(kAgent);
  s = payments->RefundOrder(context.get(), refund, &refunded);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::CreateReturnRequest create;
  create.set_request_id("return-1");
  create.set_order_id(delivered->order_id());
  auto* returned = create.add_lines();
  returned->set_line_no(1);
  returned->set_quantity(1);
  returned->set_reason(v1::RETURN_REASON_SIZE_OR_FIT);
  v1::ReturnResponse created;
  context = region.Context(kAgent);
  s = returns->CreateReturn(context.get(), create, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::ReceiveReturnRequest receive;
  receive.set_request_id("receipt-1");
  receive.set_return_id(created.return_id());
  auto* back = receive.add_lines();
  back->set_line_no(1);
  back->set_restocked(1);
  back->set_restock_node_id("EU1-WH-BER");
  v1::ReturnResponse received;
  context = region.Context(kWarehouse);
  s = returns->ReceiveReturn(context.get(), receive, &received);
  ASSERT_TRUE(s.ok()) << s.error_message();

  std::set<std::tuple<std::string, std::string, std::string>> trail;
  for (const std::string& id : {order->order_id(), delivered->order_id()}) {
    v1::ListAuditLogRequest request;
    request.set_order_id(id);
    request.mutable_page()->set_page_size(500);
    auto log = Audit(region, request);
    ASSERT_TRUE(log.ok()) << log.status();
    for (const auto& t : Trail(*log)) trail.insert(t);
  }
  EXPECT_TRUE(trail.count({"oms.v1.OrderService/CancelOrder", "staff:alice", "cancel-1"}));
  EXPECT_TRUE(trail.count({"oms.v1.PaymentService/RefundOrder", "staff:alice", "refund-1"}));
  EXPECT_TRUE(trail.count({"oms.v1.ReturnService/CreateReturn", "staff:alice", "return-1"}));
  EXPECT_TRUE(trail.count({"oms.v1.ReturnService/ReceiveReturn", "staff:wendy", "receipt-1"}));
  bool delivered_by_wendy = false;
  for (const auto& [method, principal, request_id] : trail) {
    delivered_by_wendy |=
        method == "oms.v1.FulfillmentService/DeliverShipment" && principal == "staff:wendy";
  }
  EXPECT_TRUE(delivered_by_wendy);
}

TEST(AuditLogTest, FindsAPrincipalsChangesInATimeWindowPageByPage) {
  TestRegion region;
  const absl::Time before = absl::Now();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(region.Count("MUG-STN-BLU", "EU1-WH-BER", 40 + i).ok());  // as staff:wendy
  }
  v1::ListAuditLogRequest request;
  request.set_principal("staff:wendy");
  api::SetTime(before, request.mutable_from());
  request.mutable_page()->set_page_size(2);
  auto first = Audit(region, request);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->entries_size(), 2);
  ASSERT_FALSE(first->next_page_token().empty());
  request.mutable_page()->set_page_token(first->next_page_token());
  auto rest = Audit(region, request);
  ASSERT_TRUE(rest.ok()) << rest.status();
  int adjustments = 0;
  for (const auto* page : {&*first, &*rest}) {
    for (const v1::OrderEvent& e : page->entries()) {
      EXPECT_EQ(e.principal(), "staff:wendy");
      EXPECT_EQ(e.method(), "oms.v1.InventoryService/AdjustStock");
      EXPECT_EQ(e.aggregate_id(), "MUG-STN-BLU@EU1-WH-BER");
      ++adjustments;
    }
  }
  EXPECT_EQ(adjustments, 3);

  // A window before the changes holds none of them; a token from another
  // query is refused; so is a query without any filter.
  v1::ListAuditLogRequest earlier;
  earlier.set_principal("staff:wendy");
  api::SetTime(before - absl::Hours(1), earlier.mutable_from());
  api::SetTime(before, earlier.mutable_to());
  auto none = Audit(region, earlier);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->entries_size(), 0);
  earlier.mutable_page()->set_page_token(first->next_page_token());
  EXPECT_EQ(Audit(region, earlier).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Audit(region, v1::ListAuditLogRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Audit(region, request, kAgent).status().code(), absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace oms::testing
