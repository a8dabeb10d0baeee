#include "omsctl/shipment_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "fake_oms_server.h"
#include "output_fields.h"

namespace omsctl {
namespace {

using testing::FakeOmsServer;
using testing::FieldValue;
using ::testing::HasSubstr;
using ::testing::Not;

// The fixed order's second shipment: shipped from a store with DHL.
oms::v1::Shipment StoreShipment() {
  return FakeOmsServer::FixedOrder().shipments(1);
}

TEST(FormatShipmentLinesTest, ListsSkusWithTheirUnits) {
  oms::v1::Shipment shipment = StoreShipment();
  auto* line = shipment.add_lines();
  line->set_sku("SKU-CAP");
  line->set_quantity(3);
  EXPECT_EQ(FormatShipmentLines(shipment), "SKU-MUG x1, SKU-CAP x3");
  EXPECT_EQ(FormatShipmentLines(oms::v1::Shipment()), "-");
}

TEST(FormatCarrierTest, JoinsCarrierAndServiceOrIsADash) {
  oms::v1::Shipment shipment = StoreShipment();
  EXPECT_EQ(FormatCarrier(shipment), "DHL express");
  shipment.clear_service();
  EXPECT_EQ(FormatCarrier(shipment), "DHL");
  EXPECT_EQ(FormatCarrier(oms::v1::Shipment()), "-");
}

TEST(PrintShipmentTest, ShowsNodeCarrierTrackingRoutingLinesAndHistory) {
  std::ostringstream out;
  PrintShipment(StoreShipment(), out);
  const std::string text = out.str();
  EXPECT_EQ(FieldValue(text, "Shipment"), "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S2");
  EXPECT_EQ(FieldValue(text, "Order"),
            "EU1-7Q2M-K9XD (EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B)");
  EXPECT_EQ(FieldValue(text, "Node"), "ST-MUC-3");
  EXPECT_EQ(FieldValue(text, "Kind"), "SHIP");
  EXPECT_EQ(FieldValue(text, "Status"), "SHIPPED");
  EXPECT_EQ(FieldValue(text, "Carrier"), "DHL");
  EXPECT_EQ(FieldValue(text, "Service"), "express");
  EXPECT_EQ(FieldValue(text, "Tracking"), "00340434161094042557");
  EXPECT_EQ(FieldValue(text, "Routing"),
            "only node with SKU-MUG in stock, 480 km");
  EXPECT_EQ(FieldValue(text, "Captured"), "9.90 EUR");
  for (const char* expected :
       {"\nLines\n", "2     SKU-MUG  Mug   1\n", "\nHistory\n",
        "2026-01-01T12:00:00Z  SHIPPED  DHL 00340434161094042557"}) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
  EXPECT_THAT(text, Not(HasSubstr("SHIPMENT_")));
  EXPECT_THAT(text, Not(HasSubstr("\nHolds\n")));  // none to show
}

TEST(PrintShipmentTest, ShowsHoldsAndTheNote) {
  oms::v1::Shipment shipment = StoreShipment();
  shipment.set_note("parcel damaged at the depot");
  auto* hold = shipment.add_holds();
  hold->set_reason(oms::v1::HOLD_REASON_ADDRESS_CHECK);
  hold->set_note("no flat number");
  std::ostringstream out;
  PrintShipment(shipment, out);
  EXPECT_EQ(FieldValue(out.str(), "Note"), "parcel damaged at the depot");
  EXPECT_THAT(out.str(), HasSubstr("\nHolds\n"));
  EXPECT_THAT(out.str(), HasSubstr("ADDRESS_CHECK  -       no flat number"));
}

TEST(PrintShipmentsTest, SaysWhenNothingMatched) {
  std::ostringstream out;
  PrintShipments(oms::v1::ListShipmentsResponse(), out);
  EXPECT_EQ(out.str(), "No shipments found.\n");
}

TEST(PrintShipmentsTest, OneRowPerShipmentThenTheNextPageToken) {
  oms::v1::ListShipmentsResponse response;
  *response.mutable_shipments() = FakeOmsServer::FixedOrder().shipments();
  response.set_next_page_token("2");
  std::ostringstream out;
  PrintShipments(response, out);
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("SHIPMENT"));
  EXPECT_THAT(text, HasSubstr("-S1  EU1-7Q2M-K9XD  WH-BER-1  SHIP  PACKED"));
  EXPECT_THAT(text, HasSubstr("DHL express  00340434161094042557"));
  EXPECT_THAT(text, HasSubstr("Next page: --page-token 2\n"));
}

TEST(PrintShipmentActionTest, ShowsTheShipmentThenTheOrdersShipments) {
  oms::v1::ShipmentActionResponse response;
  *response.mutable_order() = FakeOmsServer::FixedOrder();
  *response.mutable_shipment() = response.order().shipments(0);
  std::ostringstream out;
  PrintShipmentAction(response, out);
  const std::string text = out.str();
  EXPECT_EQ(FieldValue(text, "Status"), "PACKED");
  EXPECT_THAT(text, HasSubstr("\nOrder EU1-7Q2M-K9XD: CONFIRMED, payment "
                              "PARTIALLY_CAPTURED, fulfillment "
                              "PARTIALLY_SHIPPED\n"));
  EXPECT_THAT(text, HasSubstr("\nShipments\n"));
  EXPECT_THAT(text, HasSubstr("-S2  ST-MUC-3"));
  EXPECT_THAT(text, Not(HasSubstr("Replayed")));
}

TEST(PrintShipmentActionTest, SaysWhenTheRequestWasReplayed) {
  oms::v1::ShipmentActionResponse response;
  *response.mutable_shipment() = StoreShipment();
  response.set_replayed(true);
  std::ostringstream out;
  PrintShipmentAction(response, out);
  EXPECT_THAT(out.str(), ::testing::StartsWith("Replayed: "));
}

TEST(PrintOrderShipmentsTest, HasANoteColumnOnlyWhenAShipmentHasANote) {
  oms::v1::Order order = FakeOmsServer::FixedOrder();
  std::ostringstream without;
  PrintOrderShipments(order, without);
  EXPECT_THAT(without.str(), Not(HasSubstr("NOTE")));

  order.mutable_shipments(0)->set_status(oms::v1::SHIPMENT_STATUS_REJECTED);
  order.mutable_shipments(0)->set_note("shelf empty");
  std::ostringstream with;
  PrintOrderShipments(order, with);
  EXPECT_THAT(with.str(), HasSubstr("NOTE"));
  EXPECT_THAT(with.str(), HasSubstr("REJECTED"));
  EXPECT_THAT(with.str(), HasSubstr("shelf empty\n"));
}

TEST(PrintOrderShipmentsTest, AnOrderWithoutShipmentsPrintsNothing) {
  std::ostringstream out;
  PrintOrderShipments(oms::v1::Order(), out);
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace omsctl
