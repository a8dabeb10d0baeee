// Cancellation through the real server: previews, the table's refusals,
// money given back per tender, stock released, idempotency.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

v1::CancelOrderRequest Cancel(const std::string& order, std::vector<std::pair<int, int64_t>> lines,
                              const std::string& request_id = "") {
  v1::CancelOrderRequest r;
  r.set_request_id(request_id);
  r.set_order_id(order);
  for (const auto& [no, qty] : lines) {
    auto* l = r.add_lines();
    l->set_line_no(no);
    l->set_quantity(qty);
  }
  r.set_reason(v1::CANCEL_REASON_CUSTOMER_REQUEST);
  r.set_initiator(v1::CANCEL_INITIATOR_CUSTOMER);
  r.set_note("changed their mind");
  return r;
}

absl::StatusOr<v1::CancelOrderResponse> Send(TestRegion& region,
                                             const v1::CancelOrderRequest& request) {
  v1::CancelOrderResponse response;
  auto context = region.Context();
  const grpc::Status s = region.orders().CancelOrder(context.get(), request, &response);
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  }
  return response;
}

absl::StatusOr<v1::CancellationPreview> Preview(TestRegion& region,
                                                const v1::CancelOrderRequest& request) {
  v1::CancellationPreview response;
  auto context = region.Context();
  const grpc::Status s = region.orders().PreviewCancellation(context.get(), request, &response);
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  }
  return response;
}

grpc::Status Act(TestRegion& region, const std::string& shipment, bool pack_too) {
  v1::ShipmentActionRequest r;
  r.set_shipment_id(shipment);
  v1::ShipmentActionResponse response;
  auto context = region.Context("demo-warehouse-token");
  grpc::Status s = region.fulfillment().StartPicking(context.get(), r, &response);
  if (!s.ok() || !pack_too) return s;
  context = region.Context("demo-warehouse-token");
  return region.fulfillment().PackShipment(context.get(), r, &response);
}

TEST(CancellationTest, CancellingTheRestAfterOneShipmentShippedLeavesAFulfilledOrder) {
  TestRegion region;
  // SUN-POL-TRT at Berlin, CHAIR-LNG-OAK at Rotterdam: two shipments.
  v1::PlaceOrderRequest request = TestRegion::CardOrder("SUN-POL-TRT", 1);
  auto* chair = request.add_lines();
  chair->set_sku("CHAIR-LNG-OAK");
  chair->set_quantity(1);
  chair->mutable_unit_price()->set_amount_minor(49900);
  chair->mutable_unit_price()->set_currency("EUR");
  request.mutable_tenders(0)->mutable_amount()->set_amount_minor(50900);
  auto placed = region.Place(request);
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_EQ(placed->shipments_size(), 2);
  std::string berlin;
  for (const auto& s : placed->shipments()) {
    if (s.node_id() == "EU1-WH-BER") berlin = s.shipment_id();
  }
  ASSERT_TRUE(Act(region, berlin, true).ok());
  v1::ShipShipmentRequest ship;
  ship.set_shipment_id(berlin);
  ship.set_carrier("DHL");
  ship.set_tracking_id("JJD-1");
  v1::ShipmentActionResponse shipped;
  auto context = region.Context("demo-warehouse-token");
  ASSERT_TRUE(region.fulfillment().ShipShipment(context.get(), ship, &shipped).ok());

  auto preview = Preview(region, Cancel(placed->order_number(), {{2, 1}}));
  ASSERT_TRUE(preview.ok()) << preview.status();
  ASSERT_EQ(preview->parts_size(), 1);
  EXPECT_EQ(preview->parts(0).effect(), v1::CANCEL_EFFECT_CANCEL);
  EXPECT_EQ(preview->parts(0).node_id(), "EU1-WH-RTM");
  EXPECT_FALSE(preview->order_cancelled());
  ASSERT_EQ(preview->money_size(), 1);
  EXPECT_EQ(preview->money(0).voided().amount_minor(), 49900);
  // A preview changes nothing.
  EXPECT_EQ(region.StockAt("CHAIR-LNG-OAK", "EU1-WH-RTM").reserved(), 1);

  auto cancelled = Send(region, Cancel(placed->order_id(), {{2, 1}}));
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->order().status(), v1::ORDER_STATUS_FULFILLED);
  EXPECT_EQ(cancelled->order().lines(1).cancelled(), 1);
  EXPECT_EQ(region.StockAt("CHAIR-LNG-OAK", "EU1-WH-RTM").reserved(), 0);
  // The shipped parcel is captured; the chair's money never is.
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const v1::Order& o) {
    return o.payment_status() == v1::PAYMENT_STATUS_CAPTURED;
  }));
  auto paid = region.gateway().book().FindByKey(absl::StrCat(placed->order_id(), ":T1:authorize"));
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->captured_minor, 1000);
}

TEST(CancellationTest, AWholeCancellationGivesStoreCreditBackAndVoidsTheCard) {
  TestRegion region;
  const int64_t credit_before = region.StoreCredit("C-EU1-0001");
  v1::PlaceOrderRequest request = TestRegion::CardOrder("MUG-STN-BLU", 3);
  request.mutable_tenders(0)->mutable_amount()->set_amount_minor(1000);
  auto* credit = request.add_tenders();
  credit->set_type(v1::TENDER_TYPE_STORE_CREDIT);
  credit->mutable_amount()->set_amount_minor(2000);
  credit->mutable_amount()->set_currency("EUR");
  auto placed = region.Place(request);
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(region.StoreCredit("C-EU1-0001"), credit_before - 2000);
  const int64_t reserved = region.StockAt("MUG-STN-BLU", placed->shipments(0).node_id()).reserved();

  auto cancelled = Send(region, Cancel(placed->order_id(), {}, "cancel-1"));
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->order().status(), v1::ORDER_STATUS_CANCELLED);
  EXPECT_TRUE(cancelled->applied().order_cancelled());
  EXPECT_EQ(cancelled->order().shipments(0).status(), v1::SHIPMENT_STATUS_CANCELLED);
  EXPECT_EQ(region.StoreCredit("C-EU1-0001"), credit_before);
  EXPECT_EQ(region.StockAt("MUG-STN-BLU", placed->shipments(0).node_id()).reserved(),
            reserved - 3);
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const v1::Order& o) {
    return o.tenders(0).status() == v1::TENDER_STATUS_VOIDED;
  }));
  auto at_gateway =
      region.gateway().book().FindByKey(absl::StrCat(placed->order_id(), ":T1:authorize"));
  ASSERT_TRUE(at_gateway.ok());
  EXPECT_EQ(at_gateway->State(), "voided");

  // The same request again: replayed, nothing given back twice.
  auto again = Send(region, Cancel(placed->order_id(), {}, "cancel-1"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(region.StoreCredit("C-EU1-0001"), credit_before);
  // Without the key it is refused: nothing is left to cancel.
  EXPECT_EQ(Send(region, Cancel(placed->order_id(), {})).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CancellationTest, PackedUnitsAreReturnedInsteadAndNothingIsCancelled) {
  TestRegion region;
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(placed.ok());
  ASSERT_TRUE(Act(region, placed->shipments(0).shipment_id(), true).ok());
  auto refused = Send(region, Cancel(placed->order_id(), {{1, 1}}));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("returned"), std::string::npos) << refused.status();
  auto order = region.Get(placed->order_id());
  EXPECT_EQ(order->lines(0).cancelled(), 0);
  EXPECT_EQ(order->shipments(0).status(), v1::SHIPMENT_STATUS_PACKED);
}

TEST(CancellationTest, BadRequestsAreRefusedWithTheFieldNamed) {
  TestRegion region;
  auto placed = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(placed.ok());
  auto too_many = Send(region, Cancel(placed->order_id(), {{1, 2}}));
  EXPECT_EQ(too_many.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(too_many.status().message().find("lines"), std::string::npos);
  v1::CancelOrderRequest system = Cancel(placed->order_id(), {});
  system.set_initiator(v1::CANCEL_INITIATOR_SYSTEM);
  EXPECT_EQ(Send(region, system).status().code(), absl::StatusCode::kInvalidArgument);
  v1::CancelOrderRequest no_reason = Cancel(placed->order_id(), {});
  no_reason.set_reason(v1::CANCEL_REASON_UNSPECIFIED);
  EXPECT_EQ(Send(region, no_reason).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Send(region, Cancel("EU1-NOPE-NOPE", {})).status().code(),
            absl::StatusCode::kNotFound);
}

// Empties the EU1 nodes of BAG-TOTE-CNV except the Wroclaw 3PL.
void OnlyAtTheThirdParty(TestRegion& region) {
  for (const char* node : {"EU1-WH-BER", "EU1-WH-RTM", "EU1-ST-MUC", "EU1-ST-MAD"}) {
    ASSERT_TRUE(region.Count("BAG-TOTE-CNV", node, 0).ok());
  }
}

TEST(CancellationTest, AThirdPartyIsAskedAndTheUnitsGoWhenItAccepts) {
  TestRegionOptions options;
  options.partner_nodes = {"EU1-3PL-WRO"};
  TestRegion region(options);
  OnlyAtTheThirdParty(region);
  auto placed = region.Place(TestRegion::CardOrder("BAG-TOTE-CNV", 1));
  ASSERT_TRUE(placed.ok()) << placed.status();
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const v1::Order& o) {
    return !o.shipments(0).partner_ref().empty();
  }));
  auto preview = Preview(region, Cancel(placed->order_id(), {}));
  ASSERT_TRUE(preview.ok());
  ASSERT_EQ(preview->parts_size(), 1);
  EXPECT_EQ(preview->parts(0).effect(), v1::CANCEL_EFFECT_ASK_NODE);

  auto asked = Send(region, Cancel(placed->order_id(), {}));
  ASSERT_TRUE(asked.ok()) << asked.status();
  EXPECT_EQ(asked->order().status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(asked->order().shipments(0).cancel_requested_size(), 1);
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const v1::Order& o) {
    return o.status() == v1::ORDER_STATUS_CANCELLED;
  }));
  EXPECT_EQ(region.logistics().shipment(placed->shipments(0).shipment_id())->state,
            partners::SimulatedShipment::State::kCancelled);
  EXPECT_EQ(region.StockAt("BAG-TOTE-CNV", "EU1-3PL-WRO").reserved(), 0);
}

TEST(CancellationTest, AThirdPartyThatAlreadyPicksRefusesAndTheUnitsStay) {
  TestRegionOptions options;
  options.partner_nodes = {"EU1-3PL-WRO"};
  TestRegion region(options);
  OnlyAtTheThirdParty(region);
  auto placed = region.Place(TestRegion::CardOrder("BAG-TOTE-CNV", 1));
  ASSERT_TRUE(placed.ok()) << placed.status();
  const std::string shipment = placed->shipments(0).shipment_id();
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const v1::Order& o) {
    return !o.shipments(0).partner_ref().empty();
  }));
  ASSERT_TRUE(region.logistics().StartPicking(shipment).ok());
  ASSERT_TRUE(Send(region, Cancel(placed->order_id(), {})).ok());
  ASSERT_TRUE(region.AwaitOrder(placed->order_id(), [](const v1::Order& o) {
    return o.shipments(0).cancel_requested_size() == 0;
  }));
  auto order = region.Get(placed->order_id());
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(order->lines(0).cancelled(), 0);
  EXPECT_EQ(region.StockAt("BAG-TOTE-CNV", "EU1-3PL-WRO").reserved(), 1);
}

TEST(CancellationTest, InTheGraceWindowNothingIsAtANodeAndCancellingIsFree) {
  ManualClock clock(absl::Now());
  TestRegionOptions options;
  options.clock = &clock;
  options.cancellation_grace = absl::Minutes(30);
  TestRegion region(options);
  auto kept = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  auto dropped = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 2));
  ASSERT_TRUE(kept.ok() && dropped.ok());
  EXPECT_EQ(kept->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(kept->shipments_size(), 0);
  auto preview = Preview(region, Cancel(dropped->order_id(), {}));
  ASSERT_TRUE(preview.ok());
  EXPECT_EQ(preview->parts(0).unit_state(), "UNRELEASED");
  ASSERT_TRUE(Send(region, Cancel(dropped->order_id(), {})).ok());
  EXPECT_EQ(region.Get(dropped->order_id())->status(), v1::ORDER_STATUS_CANCELLED);
  clock.Advance(absl::Minutes(31));
  ASSERT_TRUE(region.AwaitOrder(kept->order_id(),
                                [](const v1::Order& o) { return o.shipments_size() == 1; }));
  EXPECT_EQ(region.Get(dropped->order_id())->shipments_size(), 0);
}

}  // namespace
}  // namespace oms::testing