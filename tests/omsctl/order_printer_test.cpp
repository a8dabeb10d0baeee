#include "omsctl/order_printer.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_oms_server.h"
#include "omsctl/resource_printers.h"

namespace omsctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(QuantityBreakdownTest, ListsTheNonZeroQuantitiesInLifecycleOrder) {
  oms::v1::OrderLine line;
  line.set_ordered(5);
  line.set_shipped(2);
  line.set_reserved(1);
  line.set_cancelled(2);
  EXPECT_EQ(QuantityBreakdown(line), "reserved 1, shipped 2, cancelled 2");
}

TEST(QuantityBreakdownTest, ALineWithOnlyAnOrderedQuantityIsADash) {
  oms::v1::OrderLine line;
  line.set_ordered(3);
  EXPECT_EQ(QuantityBreakdown(line), "-");
}

TEST(FormatAllocationsTest, ListsNodesAndUnits) {
  oms::v1::OrderLine line;
  auto* a = line.add_allocations();
  a->set_node_id("WH-1");
  a->set_quantity(2);
  auto* b = line.add_allocations();
  b->set_node_id("ST-3");
  b->set_quantity(1);
  EXPECT_EQ(FormatAllocations(line), "WH-1 x2, ST-3 x1");
  EXPECT_EQ(FormatAllocations(oms::v1::OrderLine()), "-");
}

TEST(FormatCustomerTest, LeavesOutEmptyParts) {
  oms::v1::Customer customer;
  customer.set_name("Alice");
  customer.set_email("a@example.com");
  EXPECT_EQ(FormatCustomer(customer), "Alice <a@example.com>");
}

TEST(FormatAddressTest, JoinsPostalCodeAndCity) {
  oms::v1::Address address;
  address.set_line1("Main St 1");
  address.set_postal_code("10115");
  address.set_city("Berlin");
  address.set_country("DE");
  EXPECT_EQ(FormatAddress(address), "Main St 1, 10115 Berlin, DE");
}

TEST(PrintOrderTest, ShowsEverySectionWithoutEnumPrefixes) {
  std::ostringstream out;
  PrintOrder(testing::FakeOmsServer::FixedOrder(), out);
  const std::string text = out.str();
  for (const char* expected :
       {"Order        EU1-7Q2M-K9XD", "Status       CONFIRMED",
        "Payment      PARTIALLY_CAPTURED", "\nHolds\n", "FRAUD_REVIEW",
        "\nLines\n", "\nAllocations\n", "\nShipments\n", "\nTenders\n",
        "CARD", "card ****4242", "\nTotals\n", "Discount  0.00 EUR",
        "Total     34.58 EUR"}) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
  EXPECT_THAT(text, Not(HasSubstr("STATUS_")));
  EXPECT_THAT(text, Not(HasSubstr("Rejected")));  // empty fields left out
}

TEST(PrintOrderTest, AllocationsShowWhyEachNodeWasChosen) {
  std::ostringstream out;
  PrintOrder(testing::FakeOmsServer::FixedOrder(), out);
  EXPECT_THAT(out.str(),
              HasSubstr("1     SKU-TEE  WH-BER-1  2         nearest node "
                        "holding both units, 12 km\n"));
}

TEST(PrintOrderTest, ExcludedNodesAreListedWithTheAllocations) {
  oms::v1::Order order = testing::FakeOmsServer::FixedOrder();
  order.mutable_lines(0)->add_excluded_nodes("WH-HAM-2");
  std::ostringstream out;
  PrintOrder(order, out);
  EXPECT_THAT(out.str(), HasSubstr("WH-HAM-2  -         excluded: rejected or "
                                   "short-picked this line before"));
}

TEST(PrintOrderTest, WithoutReasonsOrShipmentsThoseSectionsAreLeftOut) {
  oms::v1::Order order = testing::FakeOmsServer::FixedOrder();
  for (auto& line : *order.mutable_lines()) {
    for (auto& allocation : *line.mutable_allocations()) {
      allocation.clear_reason();
    }
  }
  order.clear_shipments();
  std::ostringstream out;
  PrintOrder(order, out);
  EXPECT_THAT(out.str(), HasSubstr("WH-BER-1 x2"));  // still in the lines
  EXPECT_THAT(out.str(), Not(HasSubstr("Allocations\n")));
  EXPECT_THAT(out.str(), Not(HasSubstr("Shipments\n")));
}

TEST(PrintOrderTest, ShowsThePickupStore) {
  oms::v1::Order order = testing::FakeOmsServer::FixedOrder();
  order.set_pickup_node_id("ST-MUC-3");
  std::ostringstream out;
  PrintOrder(order, out);
  EXPECT_THAT(out.str(), HasSubstr("Pickup at    ST-MUC-3\n"));
}

TEST(PrintPlaceOrderResponseTest, SaysWhenTheRequestWasReplayed) {
  oms::v1::PlaceOrderResponse response;
  *response.mutable_order() = testing::FakeOmsServer::FixedOrder();
  response.set_replayed(true);
  std::ostringstream out;
  PrintPlaceOrderResponse(response, out);
  EXPECT_THAT(out.str(), HasSubstr("Replayed"));
}

TEST(PrintOrderSummariesTest, SaysWhenNothingMatched) {
  std::ostringstream out;
  PrintOrderSummaries(oms::v1::SearchOrdersResponse(), out);
  EXPECT_EQ(out.str(), "No orders found.\n");
}

TEST(PrintOrderSummariesTest, EndsWithTheNextPageToken) {
  oms::v1::SearchOrdersResponse response;
  auto* order = response.add_orders();
  order->set_order_number("EU1-AAAA-0001");
  order->add_holds(oms::v1::HOLD_REASON_STOCK);
  response.set_next_page_token("tok");
  std::ostringstream out;
  PrintOrderSummaries(response, out);
  EXPECT_THAT(out.str(), HasSubstr("EU1-AAAA-0001"));
  EXPECT_THAT(out.str(), HasSubstr("STOCK"));
  EXPECT_THAT(out.str(), HasSubstr("Next page: --page-token tok\n"));
}

TEST(PrintAvailabilityTest, StartsWithTheTotal) {
  oms::v1::GetAvailabilityResponse response;
  response.set_sku("SKU-TEE");
  response.set_total_available(7);
  std::ostringstream out;
  PrintAvailability(response, out);
  EXPECT_EQ(out.str(), "SKU-TEE: 7 available\n");
}

}  // namespace
}  // namespace omsctl
