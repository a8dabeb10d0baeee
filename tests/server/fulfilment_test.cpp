// Fulfilment through the real server: split shipments worked through the
// FulfillmentService, re-routing, holds, backorders, preorders, pickups,
// carry-out, captures at the gateway simulator and a 3PL on loopback.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

using v1::Order;
using v1::Shipment;

constexpr char kWarehouse[] = "demo-warehouse-token";

// 1 x SUN-POL-TRT (only Berlin and Paris) and 1 x CHAIR-LNG-OAK (only
// Rotterdam in EU1): no node holds both, so the order splits.
v1::PlaceOrderRequest SplitOrder() {
  v1::PlaceOrderRequest r = TestRegion::CardOrder("SUN-POL-TRT", 1);
  auto* chair = r.add_lines();
  chair->set_sku("CHAIR-LNG-OAK");
  chair->set_quantity(1);
  chair->mutable_unit_price()->set_amount_minor(49900);
  chair->mutable_unit_price()->set_currency("EUR");
  r.mutable_shipping()->set_amount_minor(990);
  r.mutable_shipping()->set_currency("EUR");
  r.mutable_tenders(0)->mutable_amount()->set_amount_minor(1000 + 49900 + 990);
  return r;
}

const Shipment* ShipmentAt(const Order& order, const std::string& node) {
  for (const auto& s : order.shipments()) {
    if (s.node_id() == node) return &s;
  }
  return nullptr;
}

class Fulfilment {
 public:
  explicit Fulfilment(TestRegion& region) : region_(region) {}

  absl::StatusOr<v1::ShipmentActionResponse> Pick(const std::string& id) {
    return Call(id, &v1::FulfillmentService::Stub::StartPicking);
  }
  absl::StatusOr<v1::ShipmentActionResponse> Pack(const std::string& id) {
    return Call(id, &v1::FulfillmentService::Stub::PackShipment);
  }
  absl::StatusOr<v1::ShipmentActionResponse> Ready(const std::string& id) {
    return Call(id, &v1::FulfillmentService::Stub::MarkReadyForPickup);
  }
  absl::StatusOr<v1::ShipmentActionResponse> Collect(const std::string& id) {
    return Call(id, &v1::FulfillmentService::Stub::CompletePickup);
  }
  absl::StatusOr<v1::ShipmentActionResponse> Ship(const std::string& id,
                                                  const std::string& tracking,
                                                  const std::string& request_id = "") {
    v1::ShipShipmentRequest request;
    request.set_request_id(request_id);
    request.set_shipment_id(id);
    request.set_carrier("DHL");
    request.set_service("parcel");
    request.set_tracking_id(tracking);
    v1::ShipmentActionResponse response;
    auto context = region_.Context(kWarehouse);
    const grpc::Status status = region_.fulfillment().ShipShipment(context.get(), request, &response);
    return Done(status, response);
  }
  absl::StatusOr<v1::ShipmentActionResponse> PickPackShip(const std::string& id,
                                                          const std::string& tracking) {
    if (auto r = Pick(id); !r.ok()) return r;
    if (auto r = Pack(id); !r.ok()) return r;
    return Ship(id, tracking);
  }
  absl::StatusOr<v1::ShipmentActionResponse> ShortPick(const std::string& id, int line_no,
                                                       int64_t missing) {
    v1::ReportShortPickRequest request;
    request.set_shipment_id(id);
    auto* line = request.add_lines();
    line->set_line_no(line_no);
    line->set_missing(missing);
    request.set_reason("bin empty");
    v1::ShipmentActionResponse response;
    auto context = region_.Context(kWarehouse);
    const grpc::Status status =
        region_.fulfillment().ReportShortPick(context.get(), request, &response);
    return Done(status, response);
  }
  absl::StatusOr<v1::ShipmentActionResponse> Reject(const std::string& id) {
    v1::RejectShipmentRequest request;
    request.set_shipment_id(id);
    request.set_reason("forklift down");
    v1::ShipmentActionResponse response;
    auto context = region_.Context(kWarehouse);
    const grpc::Status status =
        region_.fulfillment().RejectShipment(context.get(), request, &response);
    return Done(status, response);
  }
  absl::StatusOr<std::vector<Shipment>> List(const std::string& node,
                                             v1::ShipmentStatus status) {
    v1::ListShipmentsRequest request;
    request.set_node_id(node);
    request.add_statuses(status);
    v1::ListShipmentsResponse response;
    auto context = region_.Context(kWarehouse);
    grpc::Status s = region_.fulfillment().ListShipments(context.get(), request, &response);
    if (!s.ok()) return Err(s);
    return std::vector<Shipment>(response.shipments().begin(), response.shipments().end());
  }

 private:
  using Method = grpc::Status (v1::FulfillmentService::Stub::*)(
      grpc::ClientContext*, const v1::ShipmentActionRequest&, v1::ShipmentActionResponse*);
  static absl::Status Err(const grpc::Status& s) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  }
  static absl::StatusOr<v1::ShipmentActionResponse> Done(const grpc::Status& s,
                                                         v1::ShipmentActionResponse r) {
    if (!s.ok()) return Err(s);
    return r;
  }
  absl::StatusOr<v1::ShipmentActionResponse> Call(const std::string& id, Method method) {
    v1::ShipmentActionRequest request;
    request.set_shipment_id(id);
    v1::ShipmentActionResponse response;
    auto context = region_.Context(kWarehouse);
    const grpc::Status status = (region_.fulfillment().*method)(context.get(), request, &response);
    return Done(status, response);
  }
  TestRegion& region_;
};

TEST(FulfilmentTest, ASplitOrderShipsOneShipmentAtATimeAndCapturesExactlyTheTotal) {
  TestRegion region;
  Fulfilment f(region);
  const int64_t ber_on_hand = region.StockAt("SUN-POL-TRT", "EU1-WH-BER").on_hand();
  auto placed = region.Place(SplitOrder());
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_EQ(placed->status(), v1::ORDER_STATUS_CONFIRMED);
  ASSERT_EQ(placed->shipments_size(), 2) << placed->DebugString();
  const Shipment* berlin = ShipmentAt(*placed, "EU1-WH-BER");
  const Shipment* rotterdam = ShipmentAt(*placed, "EU1-WH-RTM");
  ASSERT_NE(berlin, nullptr);
  ASSERT_NE(rotterdam, nullptr);
  EXPECT_FALSE(berlin->routing_reason().empty());
  EXPECT_NE(rotterdam->routing_reason().find("km"), std::string::npos)
      << rotterdam->routing_reason();
  EXPECT_EQ(placed->lines(0).allocations(0).reason(), berlin->routing_reason());
  const std::string first = berlin->shipment_id();
  const std::string second = rotterdam->shipment_id();

  auto board = f.List("EU1-WH-BER", v1::SHIPMENT_STATUS_CREATED);
  ASSERT_TRUE(board.ok()) << board.status();
  bool listed = false;
  for (const auto& s : *board) listed = listed || s.shipment_id() == first;
  EXPECT_TRUE(listed);

  auto shipped = f.PickPackShip(first, "JJD0001");
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  EXPECT_EQ(shipped->order().status(), v1::ORDER_STATUS_PARTIALLY_FULFILLED);
  EXPECT_EQ(shipped->shipment().status(), v1::SHIPMENT_STATUS_SHIPPED);
  EXPECT_EQ(shipped->shipment().tracking_id(), "JJD0001");
  // Stock leaves the node that held the reservation.
  const v1::StockLevel after = region.StockAt("SUN-POL-TRT", "EU1-WH-BER");
  EXPECT_EQ(after.on_hand(), ber_on_hand - 1);
  EXPECT_EQ(after.reserved(), 0);

  shipped = f.PickPackShip(second, "JJD0002");
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  EXPECT_EQ(shipped->order().status(), v1::ORDER_STATUS_FULFILLED);
  std::set<std::string> tracking;
  for (const auto& s : shipped->order().shipments()) tracking.insert(s.tracking_id());
  EXPECT_EQ(tracking, (std::set<std::string>{"JJD0001", "JJD0002"}));

  // The captures follow after commit, one per shipment, summing to the card.
  const std::string id = placed->order_id();
  ASSERT_TRUE(region.AwaitOrder(
      id, [](const Order& o) { return o.payment_status() == v1::PAYMENT_STATUS_CAPTURED; }));
  auto done = region.Get(id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->tenders(0).captured_minor(), 51890);
  int64_t per_shipment = 0;
  for (const auto& s : done->shipments()) per_shipment += s.captured().amount_minor();
  EXPECT_EQ(per_shipment, 51890);
  auto at_gateway = region.gateway().book().FindByKey(absl::StrCat(id, ":T1:authorize"));
  ASSERT_TRUE(at_gateway.ok()) << at_gateway.status();
  EXPECT_EQ(at_gateway->captured_minor, 51890);
  EXPECT_EQ(at_gateway->authorized_minor, 51890);
}

TEST(FulfilmentTest, ShippingTwiceWithTheSameRequestIdReplaysAndWithoutItIsRefused) {
  TestRegion region;
  Fulfilment f(region);
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_EQ(placed->shipments_size(), 1);
  const std::string id = placed->shipments(0).shipment_id();
  ASSERT_TRUE(f.Pick(id).ok());
  ASSERT_TRUE(f.Pack(id).ok());
  auto once = f.Ship(id, "T-1", "ship-key-1");
  ASSERT_TRUE(once.ok()) << once.status();
  auto twice = f.Ship(id, "T-1", "ship-key-1");
  ASSERT_TRUE(twice.ok()) << twice.status();
  EXPECT_TRUE(twice->replayed());
  EXPECT_EQ(f.Ship(id, "T-1").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(f.Ship(id, "T-2", "ship-key-1").status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(f.Pick("EU1-NOPE-S1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(f.Pick("not-a-shipment").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FulfilmentTest, AShortPickReroutesToAnotherNodeAndTheReservationMoves) {
  TestRegion region;
  Fulfilment f(region);
  // 2 x SUN-POL-TRT: Berlin (3) holds both.
  auto placed = region.Place(TestRegion::CardOrder("SUN-POL-TRT", 2));
  ASSERT_TRUE(placed.ok()) << placed.status();
  const Shipment* berlin = ShipmentAt(*placed, "EU1-WH-BER");
  ASSERT_NE(berlin, nullptr) << placed->DebugString();
  ASSERT_TRUE(f.Pick(berlin->shipment_id()).ok());
  auto shorted = f.ShortPick(berlin->shipment_id(), 1, 1);
  ASSERT_TRUE(shorted.ok()) << shorted.status();
  const Order& order = shorted->order();
  EXPECT_EQ(order.lines(0).excluded_nodes_size(), 1);
  EXPECT_EQ(order.lines(0).excluded_nodes(0), "EU1-WH-BER");
  const Shipment* paris = ShipmentAt(order, "EU1-ST-PAR");
  ASSERT_NE(paris, nullptr) << order.DebugString();
  EXPECT_NE(paris->routing_reason().find("re-routed from EU1-WH-BER"), std::string::npos);
  // Berlin: one unit written off, one still reserved; Paris: one reserved.
  EXPECT_EQ(region.StockAt("SUN-POL-TRT", "EU1-WH-BER").on_hand(), 2);
  EXPECT_EQ(region.StockAt("SUN-POL-TRT", "EU1-WH-BER").reserved(), 1);
  EXPECT_EQ(region.StockAt("SUN-POL-TRT", "EU1-ST-PAR").reserved(), 1);

  // Paris rejects its unit: Berlin is never chosen again, and nobody else
  // holds it, and it cannot be backordered: cancelled by the system.
  auto rejected = f.Reject(paris->shipment_id());
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->order().lines(0).cancelled(), 1);
  EXPECT_EQ(region.StockAt("SUN-POL-TRT", "EU1-ST-PAR").reserved(), 0);
  EXPECT_EQ(ShipmentAt(rejected->order(), "EU1-ST-PAR")->status(), v1::SHIPMENT_STATUS_REJECTED);
  // The rest still ships from Berlin and the order is fulfilled.
  auto shipped = f.Pack(berlin->shipment_id());
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  shipped = f.Ship(berlin->shipment_id(), "T-9");
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  EXPECT_EQ(shipped->order().status(), v1::ORDER_STATUS_FULFILLED);
}

TEST(FulfilmentTest, AHeldOrderIsNotWorkedUntilReleased) {
  TestRegion region;
  Fulfilment f(region);
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(placed.ok());
  const std::string shipment = placed->shipments(0).shipment_id();
  v1::HoldOrderRequest hold;
  hold.set_order_id(placed->order_number());
  hold.set_reason(v1::HOLD_REASON_FRAUD_REVIEW);
  hold.set_note("velocity check");
  v1::Order held;
  auto context = region.Context();
  ASSERT_TRUE(region.orders().HoldOrder(context.get(), hold, &held).ok());
  EXPECT_EQ(held.holds_size(), 1);
  auto refused = f.Pick(shipment);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("FRAUD_REVIEW"), std::string::npos);
  v1::ReleaseOrderRequest release;
  release.set_order_id(placed->order_id());
  release.set_reason(v1::HOLD_REASON_FRAUD_REVIEW);
  v1::Order released;
  context = region.Context();
  ASSERT_TRUE(region.orders().ReleaseOrder(context.get(), release, &released).ok());
  EXPECT_EQ(released.holds_size(), 0);
  EXPECT_TRUE(f.Pick(shipment).ok());
}

TEST(FulfilmentTest, ReceivingStockReleasesBackordersOldestFirst) {
  TestRegion region;
  // LAMP-DSK-BRS allows backorders: empty the region's nodes first.
  for (const char* node : {"EU1-WH-BER", "EU1-WH-RTM", "EU1-ST-PAR", "EU1-ST-MUC", "EU1-ST-MAD"}) {
    ASSERT_TRUE(region.Count("LAMP-DSK-BRS", node, 0).ok());
  }
  auto older = region.Place(TestRegion::CardOrder("LAMP-DSK-BRS", 2));
  auto newer = region.Place(TestRegion::CardOrder("LAMP-DSK-BRS", 2));
  ASSERT_TRUE(older.ok() && newer.ok());
  EXPECT_EQ(older->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(older->fulfillment_status(), v1::FULFILLMENT_STATUS_BACKORDERED);
  EXPECT_EQ(older->shipments_size(), 0);

  // Five arrive in Berlin, which keeps 2 as safety stock: of the 3 that can
  // be sold, the older order gets both of its units, the newer one.
  v1::AdjustStockRequest receive;
  receive.set_sku("LAMP-DSK-BRS");
  receive.set_node_id("EU1-WH-BER");
  receive.set_kind(v1::ADJUSTMENT_KIND_RECEIVE);
  receive.set_quantity(5);
  receive.set_reason("PO 4711");
  v1::StockLevel level;
  auto context = region.Context(kWarehouse);
  ASSERT_TRUE(region.inventory().AdjustStock(context.get(), receive, &level).ok());
  EXPECT_EQ(level.reserved(), 3);
  auto o1 = region.Get(older->order_id());
  auto o2 = region.Get(newer->order_id());
  ASSERT_TRUE(o1.ok() && o2.ok());
  EXPECT_EQ(o1->lines(0).backordered(), 0);
  EXPECT_EQ(o1->shipments_size(), 1);
  EXPECT_EQ(o1->shipments(0).node_id(), "EU1-WH-BER");
  EXPECT_EQ(o2->lines(0).backordered(), 1);
  EXPECT_EQ(o2->lines(0).reserved(), 1);
}

TEST(FulfilmentTest, ReceivingAnExpectedInboundDeliveryServesBackorders) {
  TestRegion region;
  for (const char* node : {"EU1-WH-BER", "EU1-WH-RTM", "EU1-ST-PAR", "EU1-ST-MUC", "EU1-ST-MAD"}) {
    ASSERT_TRUE(region.Count("BOOT-LTH-BRN-43", node, 0).ok());
  }
  auto waiting = region.Place(TestRegion::CardOrder("BOOT-LTH-BRN-43", 1));
  ASSERT_TRUE(waiting.ok()) << waiting.status();
  EXPECT_EQ(waiting->fulfillment_status(), v1::FULFILLMENT_STATUS_BACKORDERED);

  v1::ExpectInboundDeliveryRequest expect;
  expect.set_node_id("EU1-WH-RTM");
  expect.set_reference("PO-2231");
  expect.mutable_expected_at()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(48)));
  auto* line = expect.add_lines();
  line->set_sku("BOOT-LTH-BRN-43");
  line->set_quantity(10);
  v1::InboundDelivery expected;
  auto context = region.Context(kWarehouse);
  ASSERT_TRUE(region.inventory().ExpectInboundDelivery(context.get(), expect, &expected).ok());
  EXPECT_FALSE(expected.received());
  EXPECT_EQ(expected.delivery_id().rfind("IN-", 0), 0u) << expected.delivery_id();
  // Expected is not in stock: the order still waits.
  EXPECT_EQ(region.Get(waiting->order_id())->lines(0).backordered(), 1);

  v1::ReceiveInboundDeliveryRequest receive;
  receive.set_delivery_id(expected.delivery_id());
  v1::InboundDelivery received;
  context = region.Context(kWarehouse);
  ASSERT_TRUE(region.inventory().ReceiveInboundDelivery(context.get(), receive, &received).ok());
  EXPECT_TRUE(received.received());
  auto served = region.Get(waiting->order_id());
  ASSERT_TRUE(served.ok());
  EXPECT_EQ(served->lines(0).backordered(), 0);
  ASSERT_EQ(served->shipments_size(), 1);
  EXPECT_EQ(served->shipments(0).node_id(), "EU1-WH-RTM");
  EXPECT_EQ(region.StockAt("BOOT-LTH-BRN-43", "EU1-WH-RTM").on_hand(), 10);
  // Once only.
  context = region.Context(kWarehouse);
  EXPECT_EQ(region.inventory().ReceiveInboundDelivery(context.get(), receive, &received)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Bad deliveries are refused with the field named, and nothing is stored.
  v1::ExpectInboundDeliveryRequest bad = expect;
  bad.set_node_id("EU1-NOWHERE");
  context = region.Context(kWarehouse);
  EXPECT_EQ(region.inventory().ExpectInboundDelivery(context.get(), bad, &expected).error_code(),
            grpc::StatusCode::NOT_FOUND);
  bad = expect;
  *bad.add_lines() = expect.lines(0);
  context = region.Context(kWarehouse);
  EXPECT_EQ(region.inventory().ExpectInboundDelivery(context.get(), bad, &expected).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  bad = expect;
  bad.clear_expected_at();
  context = region.Context(kWarehouse);
  EXPECT_EQ(region.inventory().ExpectInboundDelivery(context.get(), bad, &expected).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListInboundDeliveriesRequest list;
  v1::ListInboundDeliveriesResponse listed;
  context = region.Context(kWarehouse);
  ASSERT_TRUE(region.inventory().ListInboundDeliveries(context.get(), list, &listed).ok());
  EXPECT_EQ(listed.deliveries_size(), 0);  // the one above was received
}

TEST(FulfilmentTest, PreordersAreReleasedOnTheirDate) {
  ManualClock clock(absl::Now());
  TestRegionOptions options;
  options.clock = &clock;
  TestRegion region(options);
  // Stock of the console arrives before the release date.
  ASSERT_TRUE(region.Count("CONSOLE-HND-X", "EU1-WH-BER", 10).ok());
  v1::PlaceOrderRequest request = TestRegion::CardOrder("CONSOLE-HND-X", 1);
  auto placed = region.Place(request);
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(placed->lines(0).preordered(), 1);
  EXPECT_EQ(placed->shipments_size(), 0);
  clock.Advance(absl::Hours(24 * 29));
  absl::SleepFor(absl::Milliseconds(400));  // a few ticks: still before the date
  EXPECT_EQ(region.Get(placed->order_id())->lines(0).preordered(), 1);
  clock.Advance(absl::Hours(24 * 2));
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.lines(0).preordered() == 0 && o.shipments_size() == 1;
  }));
  EXPECT_EQ(region.StockAt("CONSOLE-HND-X", "EU1-WH-BER").reserved(), 1);
}

TEST(FulfilmentTest, APickupNotCollectedIsCancelledAndRestocked) {
  ManualClock clock(absl::Now());
  TestRegionOptions options;
  options.clock = &clock;
  TestRegion region(options);
  Fulfilment f(region);
  v1::PlaceOrderRequest request = TestRegion::CardOrder("CAM-INST-MINT", 1);
  request.set_shipping_option("pickup");
  request.set_pickup_node_id("EU1-ST-PAR");
  const int64_t on_hand = region.StockAt("CAM-INST-MINT", "EU1-ST-PAR").on_hand();
  auto placed = region.Place(request);
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_EQ(placed->shipments_size(), 1);
  const std::string id = placed->shipments(0).shipment_id();
  EXPECT_EQ(placed->shipments(0).kind(), v1::SHIPMENT_KIND_PICKUP);
  ASSERT_TRUE(f.Pick(id).ok());
  ASSERT_TRUE(f.Pack(id).ok());
  auto ready = f.Ready(id);
  ASSERT_TRUE(ready.ok()) << ready.status();
  EXPECT_TRUE(ready->shipment().has_pickup_expires_at());
  clock.Advance(absl::Hours(24 * 7 + 1));
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.status() == v1::ORDER_STATUS_CANCELLED;
  }));
  const v1::StockLevel level = region.StockAt("CAM-INST-MINT", "EU1-ST-PAR");
  EXPECT_EQ(level.on_hand(), on_hand);
  EXPECT_EQ(level.reserved(), 0);
  // The card authorization is voided once nothing will ship.
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.payment_status() == v1::PAYMENT_STATUS_VOIDED;
  }));
}

TEST(FulfilmentTest, ACollectedPickupIsFulfilledAndCaptured) {
  TestRegion region;
  Fulfilment f(region);
  v1::PlaceOrderRequest request = TestRegion::CardOrder("CAM-INST-MINT", 1);
  request.set_shipping_option("pickup");
  request.set_pickup_node_id("EU1-ST-PAR");
  auto placed = region.Place(request);
  ASSERT_TRUE(placed.ok()) << placed.status();
  const std::string id = placed->shipments(0).shipment_id();
  ASSERT_TRUE(f.Pick(id).ok());
  ASSERT_TRUE(f.Pack(id).ok());
  ASSERT_TRUE(f.Ready(id).ok());
  auto collected = f.Collect(id);
  ASSERT_TRUE(collected.ok()) << collected.status();
  EXPECT_EQ(collected->order().status(), v1::ORDER_STATUS_FULFILLED);
  EXPECT_EQ(collected->order().fulfillment_status(), v1::FULFILLMENT_STATUS_DELIVERED);
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.payment_status() == v1::PAYMENT_STATUS_CAPTURED;
  }));
}

TEST(FulfilmentTest, APosCarryOutIsFulfilledAndPaidAtPlacement) {
  TestRegion region;
  v1::PlaceOrderRequest request = TestRegion::CardOrder("MUG-STN-WHT", 2);
  request.set_channel("pos");
  request.set_shipping_option("carry_out");
  request.set_pickup_node_id("EU1-ST-PAR");
  request.mutable_tenders(0)->set_type(v1::TENDER_TYPE_CASH);
  request.mutable_tenders(0)->clear_card_token();
  const int64_t on_hand = region.StockAt("MUG-STN-WHT", "EU1-ST-PAR").on_hand();
  auto placed = region.Place(request);
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(placed->status(), v1::ORDER_STATUS_FULFILLED);
  EXPECT_EQ(placed->payment_status(), v1::PAYMENT_STATUS_CAPTURED);
  ASSERT_EQ(placed->shipments_size(), 1);
  EXPECT_EQ(placed->shipments(0).kind(), v1::SHIPMENT_KIND_CARRY_OUT);
  EXPECT_EQ(placed->shipments(0).status(), v1::SHIPMENT_STATUS_PICKED_UP);
  EXPECT_EQ(region.StockAt("MUG-STN-WHT", "EU1-ST-PAR").on_hand(), on_hand - 2);
}

int CountEvents(TestRegion& region, const std::string& order_id, const std::string& type);

TEST(FulfilmentTest, AnAuthorizationAboutToExpireIsRenewedBeforeTheCapture) {
  ManualClock clock(absl::Now());
  TestRegionOptions options;
  options.clock = &clock;
  TestRegion region(options);
  Fulfilment f(region);
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 3));
  ASSERT_TRUE(placed.ok()) << placed.status();
  const std::string old_ref = placed->tenders(0).payment_ref();
  // Six and a half days later (valid for 7, renewed with less than 1 left).
  clock.Advance(absl::Hours(24 * 6 + 12));
  ASSERT_TRUE(f.PickPackShip(placed->shipments(0).shipment_id(), "JJD-LATE").ok());
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.payment_status() == v1::PAYMENT_STATUS_CAPTURED;
  }));
  auto order = region.Get(placed->order_id());
  ASSERT_TRUE(order.ok());
  EXPECT_NE(order->tenders(0).payment_ref(), old_ref);
  EXPECT_EQ(CountEvents(region, placed->order_id(), "TenderReauthorized"), 1);
  auto renewed = region.gateway().book().FindByKey(absl::StrCat(placed->order_id(), ":T1:renew:1"));
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  EXPECT_EQ(renewed->captured_minor, 3000);
  auto first = region.gateway().book().FindByKey(absl::StrCat(placed->order_id(), ":T1:authorize"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->captured_minor, 0);
  // The old authorization is voided once the new one holds the money.
  const absl::Time until = absl::Now() + absl::Seconds(10);
  while (absl::Now() < until &&
         region.gateway().book().FindByKey(absl::StrCat(placed->order_id(), ":T1:authorize"))
                 ->State() != "voided") {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(region.gateway().book().FindByKey(absl::StrCat(placed->order_id(), ":T1:authorize"))
                ->State(),
            "voided");
}

// Empties the EU1 nodes of BAG-TOTE-CNV except the Wroclaw 3PL.
void OnlyAtTheThirdParty(TestRegion& region) {
  for (const char* node : {"EU1-WH-BER", "EU1-WH-RTM", "EU1-ST-MUC", "EU1-ST-MAD"}) {
    ASSERT_TRUE(region.Count("BAG-TOTE-CNV", node, 0).ok());
  }
}

int CountEvents(TestRegion& region, const std::string& order_id, const std::string& type) {
  v1::ListOrderEventsRequest request;
  request.set_order_id(order_id);
  request.mutable_page()->set_page_size(500);
  v1::ListOrderEventsResponse response;
  auto context = region.Context();
  EXPECT_TRUE(region.orders().ListOrderEvents(context.get(), request, &response).ok());
  int n = 0;
  for (const auto& e : response.events()) n += e.event_type() == type ? 1 : 0;
  return n;
}

TEST(FulfilmentTest, ThirdPartyConfirmationsLateTwiceAndOutOfOrderAreAppliedOnceInOrder) {
  TestRegionOptions options;
  options.partner_nodes = {"EU1-3PL-WRO"};
  TestRegion region(options);
  OnlyAtTheThirdParty(region);
  auto placed = region.Place(TestRegion::CardOrder("BAG-TOTE-CNV", 1));
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_EQ(placed->shipments_size(), 1);
  const std::string id = placed->shipments(0).shipment_id();
  EXPECT_EQ(placed->shipments(0).node_id(), "EU1-3PL-WRO");
  // omsd sends the shipment request after commit; the 3PL accepts it.
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return !o.shipments(0).partner_ref().empty();
  }));
  ASSERT_TRUE(region.logistics().shipment(id).has_value());

  partners::ShipPlan plan;
  plan.tracking_id = "3PL-TRACK-1";
  plan.faults.delay = absl::Milliseconds(300);
  plan.faults.duplicate = true;
  plan.faults.out_of_order = true;
  auto reports = region.logistics().Ship(id, plan);
  ASSERT_TRUE(reports.ok()) << reports.status();
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.fulfillment_status() == v1::FULFILLMENT_STATUS_DELIVERED;
  }));
  ASSERT_TRUE(region.logistics().AwaitCallbacksIdle(absl::Seconds(20)));
  auto order = region.Get(placed->order_id());
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_FULFILLED);
  EXPECT_EQ(order->shipments(0).tracking_id(), "3PL-TRACK-1");
  EXPECT_EQ(CountEvents(region, placed->order_id(), "ShipmentShipped"), 1);
  EXPECT_EQ(CountEvents(region, placed->order_id(), "ShipmentDelivered"), 1);
  // The DELIVERED that came first was refused with a reason, then applied.
  bool refused_first = false;
  for (const auto& a : region.logistics().callbacks()) {
    refused_first = refused_first || (a.status == 409 && a.reply.find("SHIPPED") != std::string::npos);
  }
  EXPECT_TRUE(refused_first);
  EXPECT_EQ(region.StockAt("BAG-TOTE-CNV", "EU1-3PL-WRO").reserved(), 0);
}

TEST(FulfilmentTest, AThirdPartyRejectionReroutesOrCancelsTheUnits) {
  TestRegionOptions options;
  options.partner_nodes = {"EU1-3PL-WRO"};
  TestRegion region(options);
  OnlyAtTheThirdParty(region);
  partners::LogisticsFaults faults;
  faults.reject_all = true;
  region.logistics().SetFaults(faults);
  auto placed = region.Place(TestRegion::CardOrder("BAG-TOTE-CNV", 1));
  ASSERT_TRUE(placed.ok()) << placed.status();
  // Nobody else holds the bag and it cannot be backordered.
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const Order& o) {
    return o.status() == v1::ORDER_STATUS_CANCELLED;
  }));
  auto order = region.Get(placed->order_id());
  EXPECT_EQ(order->shipments(0).status(), v1::SHIPMENT_STATUS_REJECTED);
  EXPECT_EQ(order->lines(0).excluded_nodes(0), "EU1-3PL-WRO");
  EXPECT_EQ(region.StockAt("BAG-TOTE-CNV", "EU1-3PL-WRO").reserved(), 0);
}

TEST(FulfilmentTest, AThirdPartyStockSnapshotIsAppliedOnceAndNeverAnOlderOne) {
  TestRegionOptions options;
  options.partner_nodes = {"EU1-3PL-WRO"};
  TestRegion region(options);
  partners::SnapshotPlan now;
  auto first = region.logistics().PostStockSnapshot("EU1-3PL-WRO", {{"BAG-TOTE-CNV", 40}}, now);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(region.logistics().AwaitCallbacksIdle(absl::Seconds(20)));
  EXPECT_EQ(region.StockAt("BAG-TOTE-CNV", "EU1-3PL-WRO").on_hand(), 40);
  partners::SnapshotPlan older;
  older.taken_at = absl::Now() - absl::Hours(1);
  auto stale = region.logistics().PostStockSnapshot("EU1-3PL-WRO", {{"BAG-TOTE-CNV", 5}}, older);
  ASSERT_TRUE(stale.ok());
  ASSERT_TRUE(region.logistics().AwaitCallbacks(
      [&](const std::vector<partners::CallbackAttempt>& attempts) {
        for (const auto& a : attempts) {
          if (a.status == 409 && a.reply.find("before the newest") != std::string::npos) return true;
        }
        return false;
      },
      absl::Seconds(20)));
  EXPECT_EQ(region.StockAt("BAG-TOTE-CNV", "EU1-3PL-WRO").on_hand(), 40);
}

}  // namespace
}  // namespace oms::testing