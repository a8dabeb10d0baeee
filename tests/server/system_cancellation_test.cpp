// Cancellations omsd makes itself, through the real server: a fraud review
// rejected, a card authorization that expired and could not be renewed, a
// preorder dropped. Each goes through the cancellation table with initiator
// SYSTEM, releases stock and gives the money back.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/application/fulfilment.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

using partners::GatewayFaults;
using partners::GatewayOperation;
using v1::Order;

constexpr char kSupervisor[] = "demo-supervisor-token";
constexpr char kAgent[] = "demo-agent-token";

absl::Status ToAbsl(const grpc::Status& s) {
  return s.ok() ? absl::OkStatus()
                : absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

absl::Status Hold(TestRegion& region, const std::string& order, v1::HoldReason reason) {
  v1::HoldOrderRequest request;
  request.set_order_id(order);
  request.set_reason(reason);
  request.set_note("score 91");
  v1::Order response;
  auto context = region.Context(kSupervisor);
  return ToAbsl(region.orders().HoldOrder(context.get(), request, &response));
}

absl::StatusOr<v1::CancelOrderResponse> RejectHold(
    TestRegion& region, const std::string& order, const std::string& token = kSupervisor,
    v1::HoldReason reason = v1::HOLD_REASON_UNSPECIFIED) {
  v1::RejectOrderHoldRequest request;
  request.set_order_id(order);
  request.set_reason(reason);
  request.set_note("stolen card, confirmed by the bank");
  v1::CancelOrderResponse response;
  auto context = region.Context(token);
  if (absl::Status s = ToAbsl(region.orders().RejectOrderHold(context.get(), request, &response));
      !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<v1::DropPreorderResponse> DropPreorder(TestRegion& region, const std::string& sku,
                                                      const std::string& request_id = "",
                                                      const std::string& token = kSupervisor) {
  v1::DropPreorderRequest request;
  request.set_sku(sku);
  request.set_reason("the manufacturer cancelled the product");
  request.set_request_id(request_id);
  v1::DropPreorderResponse response;
  auto context = region.Context(token);
  if (absl::Status s = ToAbsl(region.inventory().DropPreorder(context.get(), request, &response));
      !s.ok()) {
    return s;
  }
  return response;
}

std::vector<v1::OrderEvent> Events(TestRegion& region, const std::string& order_id) {
  v1::ListOrderEventsRequest request;
  request.set_order_id(order_id);
  request.mutable_page()->set_page_size(500);
  v1::ListOrderEventsResponse response;
  auto context = region.Context();
  EXPECT_TRUE(region.orders().ListOrderEvents(context.get(), request, &response).ok());
  return {response.events().begin(), response.events().end()};
}

// The summary of the order's CancellationRequested events, joined.
std::string Cancellations(TestRegion& region, const std::string& order_id) {
  std::string out;
  for (const auto& e : Events(region, order_id)) {
    if (e.event_type() == "CancellationRequested") absl::StrAppend(&out, e.summary(), "\n");
  }
  return out;
}

std::string GatewayState(TestRegion& region, const std::string& key) {
  auto payment = region.gateway().book().FindByKey(key);
  return payment.ok() ? payment->State() : "";
}

void AddLine(v1::PlaceOrderRequest& request, const std::string& sku, int64_t quantity,
             int64_t unit_minor) {
  auto* line = request.add_lines();
  line->set_sku(sku);
  line->set_quantity(quantity);
  line->mutable_unit_price()->set_amount_minor(unit_minor);
  line->mutable_unit_price()->set_currency("EUR");
  auto* amount = request.mutable_tenders(0)->mutable_amount();
  amount->set_amount_minor(amount->amount_minor() + quantity * unit_minor);
}

TEST(SystemCancellationTest, RejectingAFraudHoldCancelsEveryUnitReleasesStockAndVoidsTheCard) {
  TestRegion region;
  const int64_t reserved_before = region.Stock("MUG-STN-BLU").second;
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_EQ(placed->status(), v1::ORDER_STATUS_CONFIRMED);
  ASSERT_EQ(region.Stock("MUG-STN-BLU").second, reserved_before + 2);
  ASSERT_TRUE(Hold(region, placed->order_id(), v1::HOLD_REASON_FRAUD_REVIEW).ok());

  auto rejected = RejectHold(region, placed->order_number());
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->order().status(), v1::ORDER_STATUS_CANCELLED);
  EXPECT_EQ(rejected->order().holds_size(), 0);
  EXPECT_EQ(rejected->order().lines(0).cancelled(), 2);
  EXPECT_TRUE(rejected->applied().order_cancelled());
  ASSERT_EQ(rejected->applied().money_size(), 1);
  EXPECT_EQ(rejected->applied().money(0).voided().amount_minor(), 2000);
  for (const auto& s : rejected->order().shipments()) {
    EXPECT_EQ(s.status(), v1::SHIPMENT_STATUS_CANCELLED);
  }
  EXPECT_EQ(region.Stock("MUG-STN-BLU").second, reserved_before);
  const std::string why = Cancellations(region, placed->order_id());
  EXPECT_TRUE(absl::StrContains(why, "FRAUD, by SYSTEM")) << why;
  EXPECT_TRUE(absl::StrContains(why, "stolen card")) << why;
  int rejections = 0;
  for (const auto& e : Events(region, placed->order_id())) {
    if (e.event_type() == "HoldRejected") {
      ++rejections;
      EXPECT_EQ(e.principal(), "staff:sam");
    }
  }
  EXPECT_EQ(rejections, 1);
  // The authorization is voided at the gateway after commit.
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.payment_status() == v1::PAYMENT_STATUS_VOIDED;
  }));
  EXPECT_EQ(GatewayState(region, absl::StrCat(placed->order_id(), ":T1:authorize")), "voided");
}

TEST(SystemCancellationTest,
     RejectingAHoldThatIsNotAFraudReviewIsFailedPreconditionAndChangesNothing) {
  TestRegion region;
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_TRUE(Hold(region, placed->order_id(), v1::HOLD_REASON_ADDRESS_CHECK).ok());

  auto no_fraud_hold = RejectHold(region, placed->order_id());
  EXPECT_EQ(no_fraud_hold.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(no_fraud_hold.status().message(), "no FRAUD_REVIEW hold"))
      << no_fraud_hold.status();
  auto other_kind =
      RejectHold(region, placed->order_id(), kSupervisor, v1::HOLD_REASON_ADDRESS_CHECK);
  EXPECT_EQ(other_kind.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(other_kind.status().message(), "ReleaseOrder"))
      << other_kind.status();

  auto order = region.Get(placed->order_id());
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  ASSERT_EQ(order->holds_size(), 1);
  EXPECT_EQ(order->lines(0).cancelled(), 0);
  EXPECT_EQ(Cancellations(region, placed->order_id()), "");
}

TEST(SystemCancellationTest, AnAgentMayNeitherRejectAFraudHoldNorDropAPreorder) {
  TestRegion region;
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_TRUE(Hold(region, placed->order_id(), v1::HOLD_REASON_FRAUD_REVIEW).ok());
  auto preorder = region.Place(TestRegion::CardOrder("CONSOLE-HND-X", 1));
  ASSERT_TRUE(preorder.ok()) << preorder.status();

  EXPECT_EQ(RejectHold(region, placed->order_id(), kAgent).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(DropPreorder(region, "CONSOLE-HND-X", "", kAgent).status().code(),
            absl::StatusCode::kPermissionDenied);

  auto order = region.Get(placed->order_id());
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(order->holds_size(), 1);
  auto waiting = region.Get(preorder->order_id());
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->lines(0).preordered(), 1);
  // The admin may.
  EXPECT_TRUE(DropPreorder(region, "CONSOLE-HND-X", "", "demo-admin-token").ok());
}

TEST(SystemCancellationTest,
     ARenewalDeclinedAfterExpiryCancelsTheUnshippedUnitsAndKeepsTheShipped) {
  ManualClock clock(absl::Now());
  TestRegionOptions options;
  options.clock = &clock;
  TestRegion region(options);
  // SUN-POL-TRT at Berlin, CHAIR-LNG-OAK at Rotterdam: two parcels.
  v1::PlaceOrderRequest request = TestRegion::CardOrder("SUN-POL-TRT", 1);
  AddLine(request, "CHAIR-LNG-OAK", 1, 49900);
  auto placed = region.Place(request);
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_EQ(placed->shipments_size(), 2);
  std::string berlin;
  for (const auto& s : placed->shipments()) {
    if (s.node_id() == "EU1-WH-BER") berlin = s.shipment_id();
  }
  using Action = grpc::Status (v1::FulfillmentService::Stub::*)(
      grpc::ClientContext*, const v1::ShipmentActionRequest&, v1::ShipmentActionResponse*);
  for (Action action : {Action{&v1::FulfillmentService::Stub::StartPicking},
                        Action{&v1::FulfillmentService::Stub::PackShipment}}) {
    v1::ShipmentActionRequest r;
    r.set_shipment_id(berlin);
    v1::ShipmentActionResponse response;
    auto context = region.Context("demo-warehouse-token");
    ASSERT_TRUE((region.fulfillment().*action)(context.get(), r, &response).ok());
  }
  v1::ShipShipmentRequest ship;
  ship.set_shipment_id(berlin);
  ship.set_carrier("DHL");
  ship.set_tracking_id("JJD-1");
  v1::ShipmentActionResponse shipped;
  auto context = region.Context("demo-warehouse-token");
  ASSERT_TRUE(region.fulfillment().ShipShipment(context.get(), ship, &shipped).ok());
  const std::string authorize_key = absl::StrCat(placed->order_id(), ":T1:authorize");
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.payment_status() == v1::PAYMENT_STATUS_PARTIALLY_CAPTURED;
  }));

  GatewayFaults faults;
  faults.decline_rate = 1;  // the card no longer authorizes
  region.gateway().SetFaults(faults);
  clock.Advance(absl::Hours(24 * 7 + 1));  // the authorization has expired
  ASSERT_TRUE(region.AwaitOrder(
      placed->order_id(), [](const Order& o) { return o.status() == v1::ORDER_STATUS_FULFILLED; }));
  auto order = region.Get(placed->order_id());
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->lines(0).shipped(), 1);
  EXPECT_EQ(order->lines(0).cancelled(), 0);
  EXPECT_EQ(order->lines(1).cancelled(), 1);
  EXPECT_EQ(order->tenders(0).voided_minor(), 49900);
  EXPECT_EQ(region.StockAt("CHAIR-LNG-OAK", "EU1-WH-RTM").reserved(), 0);
  const std::string why = Cancellations(region, placed->order_id());
  EXPECT_TRUE(absl::StrContains(why, "PAYMENT_FAILURE, by SYSTEM")) << why;
  // Once only: the order has nothing left to cancel.
  ASSERT_TRUE(region.server().fulfilment().WaitIdle(absl::Seconds(10)));
  int cancellations = 0;
  for (const auto& e : Events(region, placed->order_id())) {
    cancellations += e.event_type() == "CancellationRequested" ? 1 : 0;
  }
  EXPECT_EQ(cancellations, 1);
  EXPECT_EQ(region.gateway().book().FindByKey(authorize_key)->captured_minor, 1000);
}

TEST(SystemCancellationTest, ARenewalTheGatewayDoesNotAnswerCancelsNothingAndIsTriedAgainLater) {
  ManualClock clock(absl::Now());
  TestRegionOptions options;
  options.clock = &clock;
  options.gateway_timeout = absl::Milliseconds(500);
  TestRegion region(options);
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(placed.ok()) << placed.status();
  const std::string old_ref = placed->tenders(0).payment_ref();

  GatewayFaults faults;
  faults.timeout = true;
  faults.hold = absl::Seconds(1);  // longer than omsd's 500 ms timeout
  region.gateway().SetFaults(faults);
  clock.Advance(absl::Hours(24 * 7 + 1));  // expired, and the gateway is silent
  ASSERT_TRUE(region.gateway().AwaitCounters(
      [](const partners::GatewayCounters& c) { return c.timeouts_held >= 1; }, absl::Seconds(10)));
  ASSERT_TRUE(region.server().fulfilment().WaitIdle(absl::Seconds(10)));
  auto order = region.Get(placed->order_id());
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(order->lines(0).cancelled(), 0);
  EXPECT_EQ(order->tenders(0).payment_ref(), old_ref);
  EXPECT_EQ(Cancellations(region, placed->order_id()), "");
  // Put off, not asked again on every tick.
  const int64_t asked = region.gateway().counters().calls_of(GatewayOperation::kAuthorize);
  EXPECT_EQ(asked, 2);  // the placement and one renewal

  region.gateway().SetFaults(GatewayFaults{});
  clock.Advance(absl::Minutes(6));
  ASSERT_TRUE(region.AwaitOrder(
      placed->order_id(), [&](const Order& o) { return o.tenders(0).payment_ref() != old_ref; }));
  order = region.Get(placed->order_id());
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(order->tenders(0).authorized_minor(), 2000);
  auto renewed = region.gateway().book().FindByKey(absl::StrCat(placed->order_id(), ":T1:renew:1"));
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  EXPECT_EQ(renewed->payment_ref, order->tenders(0).payment_ref());
}

TEST(SystemCancellationTest, DroppingAPreorderCancelsItsUnitsInEveryOrderAndNothingElse) {
  TestRegion region;
  v1::PlaceOrderRequest mixed = TestRegion::CardOrder("CONSOLE-HND-X", 1);
  AddLine(mixed, "MUG-STN-BLU", 1, 1000);
  auto first = region.Place(mixed);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = region.Place(TestRegion::CardOrder("CONSOLE-HND-X", 2));
  ASSERT_TRUE(second.ok()) << second.status();
  auto other = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_EQ(first->lines(0).preordered(), 1);
  ASSERT_EQ(second->lines(0).preordered(), 2);
  const auto mugs_before = region.Stock("MUG-STN-BLU");

  auto dropped = DropPreorder(region, "CONSOLE-HND-X", "drop-console-1");
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  EXPECT_EQ(dropped->orders_cancelled(), 2);
  EXPECT_EQ(dropped->units_cancelled(), 3);
  EXPECT_EQ(dropped->failures_size(), 0);
  EXPECT_FALSE(dropped->replayed());

  auto a = region.Get(first->order_id());
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(a->lines(0).preordered(), 0);
  EXPECT_EQ(a->lines(0).cancelled(), 1);
  EXPECT_EQ(a->lines(1).cancelled(), 0);  // the mug still ships
  EXPECT_EQ(a->lines(1).reserved(), 1);
  EXPECT_EQ(a->tenders(0).voided_minor(), 1000);
  auto b = region.Get(second->order_id());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->status(), v1::ORDER_STATUS_CANCELLED);
  auto c = region.Get(other->order_id());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(c->lines(0).cancelled(), 0);
  EXPECT_EQ(region.Stock("MUG-STN-BLU"), mugs_before);  // nothing else released
  for (const auto& id : {first->order_id(), second->order_id()}) {
    const std::string why = Cancellations(region, id);
    EXPECT_TRUE(absl::StrContains(why, "OUT_OF_STOCK, by SYSTEM")) << why;
    EXPECT_TRUE(absl::StrContains(why, "manufacturer cancelled")) << why;
  }
  EXPECT_EQ(Cancellations(region, other->order_id()), "");
  ASSERT_TRUE(region.AwaitOrder(second->order_id(), [](const Order& o) {
    return o.payment_status() == v1::PAYMENT_STATUS_VOIDED;
  }));

  // The product takes no more preorders.
  EXPECT_EQ(region.Place(TestRegion::CardOrder("CONSOLE-HND-X", 1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // The same request again answers the first outcome.
  auto again = DropPreorder(region, "CONSOLE-HND-X", "drop-console-1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(again->orders_cancelled(), 2);
  EXPECT_EQ(again->units_cancelled(), 3);
  // A product that is not a preorder cannot be dropped.
  EXPECT_EQ(DropPreorder(region, "MUG-STN-BLU").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DropPreorder(region, "NO-SUCH-SKU").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace oms::testing
