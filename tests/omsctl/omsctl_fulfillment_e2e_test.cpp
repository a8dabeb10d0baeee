// The fulfilment verbs (shipment ..., order hold / release) run end to end
// against FakeOmsServer: what they send, what they print, how errors show.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "e2e_fixture.h"
#include "output_fields.h"

namespace omsctl::testing {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kS1[] = "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S1";

TEST_F(OmsctlEndToEndTest, OrderGetShowsShipmentsAndWhyEachNodeWasChosen) {
  const ProcessResult result = Run({"order", "get", "EU1-7Q2M-K9XD"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\nShipments\n"));
  EXPECT_THAT(result.out,
              HasSubstr("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S2  ST-MUC-3  SHIP  "
                        "SHIPPED"));
  EXPECT_THAT(result.out, HasSubstr("DHL express  00340434161094042557  "
                                    "SKU-MUG x1  only node with SKU-MUG in "
                                    "stock, 480 km"));
  EXPECT_THAT(result.out, HasSubstr("\nAllocations\n"));
  EXPECT_THAT(result.out, HasSubstr("nearest node holding both units, 12 km"));
  EXPECT_THAT(result.out, Not(HasSubstr("SHIPMENT_")));
}

TEST_F(OmsctlEndToEndTest, ShipmentListMapsNodeStatusesOrderAndLimit) {
  const ProcessResult result = Run(
      {"shipment", "list", "--node", "WH-BER-1", "--status",
       "packed,ready-for-pickup", "--order", "eu1-7q2m-k9xd", "--limit", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::ListShipmentsRequest>("ListShipments");
  EXPECT_EQ(sent.node_id(), "WH-BER-1");
  ASSERT_EQ(sent.statuses_size(), 2);
  EXPECT_EQ(sent.statuses(0), oms::v1::SHIPMENT_STATUS_PACKED);
  EXPECT_EQ(sent.statuses(1), oms::v1::SHIPMENT_STATUS_READY_FOR_PICKUP);
  EXPECT_EQ(sent.order_id(), "EU1-7Q2M-K9XD");
  EXPECT_EQ(sent.page().page_size(), 1);
  EXPECT_THAT(result.out, HasSubstr(std::string(kS1) +
                                    "  EU1-7Q2M-K9XD  WH-BER-1  SHIP  PACKED"));
  EXPECT_THAT(result.out, Not(HasSubstr("ST-MUC-3")));
}

TEST_F(OmsctlEndToEndTest, ShipmentsListAllFollowsEveryPage) {
  const ProcessResult result =
      Run({"shipments", "list", "--limit", "1", "--all", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json reply = nlohmann::json::parse(result.out);
  ASSERT_EQ(reply["shipments"].size(), 2u);
  EXPECT_EQ(reply["shipments"][1]["status"], "SHIPMENT_STATUS_SHIPPED");
  EXPECT_FALSE(reply.contains("nextPageToken"));
}

TEST_F(OmsctlEndToEndTest, ShipmentListPrintsTheNextPageToken) {
  const ProcessResult result = Run({"shipment", "list", "--limit", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Next page: --page-token 1\n"));
}

TEST_F(OmsctlEndToEndTest, ShipmentListWithAnUnknownStatusIsAUsageError) {
  const ProcessResult result = Run({"shipment", "list", "--status", "lost"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("\"lost\" is not a ShipmentStatus"));
  EXPECT_THAT(result.err, HasSubstr("READY_FOR_PICKUP"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, ShipmentGetShowsCarrierTrackingRoutingAndHistory) {
  const ProcessResult result =
      Run({"shipment", "get", "eu1-01jd3k5q8x9r2t4v6w8y0z1a2b-s2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.last_request<oms::v1::GetShipmentRequest>("GetShipment")
                .shipment_id(),
            "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S2");
  EXPECT_EQ(FieldValue(result.out, "Node"), "ST-MUC-3");
  EXPECT_EQ(FieldValue(result.out, "Status"), "SHIPPED");
  EXPECT_EQ(FieldValue(result.out, "Carrier"), "DHL");
  EXPECT_EQ(FieldValue(result.out, "Service"), "express");
  EXPECT_EQ(FieldValue(result.out, "Tracking"), "00340434161094042557");
  EXPECT_EQ(FieldValue(result.out, "Routing"),
            "only node with SKU-MUG in stock, 480 km");
  for (const char* expected :
       {"\nLines\n", "SKU-MUG", "\nHistory\n", "released to ST-MUC-3"}) {
    EXPECT_THAT(result.out, HasSubstr(expected));
  }
}

TEST_F(OmsctlEndToEndTest, ShipmentGetOfAnUnknownShipmentIsNotFound) {
  const ProcessResult result =
      Run({"shipment", "get", "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S7"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "omsctl: NOT_FOUND: shipment EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S7 "
            "not found\n");
  EXPECT_THAT(result.out, IsEmpty());
}

TEST_F(OmsctlEndToEndTest, ShipmentGetOfAnOrderNumberIsAUsageError) {
  const ProcessResult result = Run({"shipment", "get", "EU1-7Q2M-K9XD"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("is not a shipment id"));
  EXPECT_EQ(server_.calls(), 0);
}

// The actions that take only a shipment: each calls its own RPC.
struct SimpleActionCase {
  const char* verb;
  const char* method;
  const char* status;  // the label the fake moves the shipment to
};

void PrintTo(const SimpleActionCase& action, std::ostream* out) {
  *out << "shipment " << action.verb;
}

class ShipmentSimpleActionTest
    : public OmsctlEndToEndTest,
      public ::testing::WithParamInterface<SimpleActionCase> {};

TEST_P(ShipmentSimpleActionTest,
       CallsItsRpcWithAGeneratedRequestIdAndShowsTheStatus) {
  const SimpleActionCase& action = GetParam();
  const ProcessResult result = Run({"shipment", action.verb, kS1});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::ShipmentActionRequest>(action.method);
  EXPECT_EQ(sent.shipment_id(), kS1);
  EXPECT_EQ(sent.request_id().size(), 26u);
  EXPECT_THAT(result.err, HasSubstr("--request-id " + sent.request_id()));
  EXPECT_EQ(FieldValue(result.out, "Status"), action.status);
  EXPECT_THAT(result.out, HasSubstr("\nOrder EU1-7Q2M-K9XD: CONFIRMED"));
  EXPECT_EQ(server_.calls(), 1);
}

TEST_P(ShipmentSimpleActionTest, ARefusalShowsTheServersReasonWithExitStatus1) {
  const SimpleActionCase& action = GetParam();
  const ProcessResult result =
      Run({"shipment", action.verb, FakeOmsServer::kClosedShipmentId});
  EXPECT_EQ(result.exit_code, 1);
  // After the line with the generated request id.
  EXPECT_THAT(result.err,
              EndsWith(std::string("\nomsctl: FAILED_PRECONDITION: shipment "
                                   "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S9 is "
                                   "DELIVERED: it cannot move to "
                                   "SHIPMENT_STATUS_") +
                       action.status + "\n"));
  EXPECT_THAT(result.out, IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(
    EveryVerb, ShipmentSimpleActionTest,
    ::testing::Values(
        SimpleActionCase{"pick", "StartPicking", "PICKING"},
        SimpleActionCase{"pack", "PackShipment", "PACKED"},
        SimpleActionCase{"deliver", "DeliverShipment", "DELIVERED"},
        SimpleActionCase{"ready", "MarkReadyForPickup", "READY_FOR_PICKUP"},
        SimpleActionCase{"collect", "CompletePickup", "PICKED_UP"}),
    [](const auto& info) { return std::string(info.param.method); });

TEST_F(OmsctlEndToEndTest,
       ShipmentActionSendsTheGivenRequestIdAndSaysReplayed) {
  const ProcessResult result = Run({"shipment", "pack", kS1, "--request-id",
                                    FakeOmsServer::kReplayedRequestId});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.last_request<oms::v1::ShipmentActionRequest>("PackShipment")
                .request_id(),
            FakeOmsServer::kReplayedRequestId);
  EXPECT_THAT(result.err, IsEmpty());
  EXPECT_THAT(result.out, StartsWith("Replayed: "));
}

TEST_F(OmsctlEndToEndTest, ShipmentShipSendsCarrierServiceAndTracking) {
  const ProcessResult result =
      Run({"shipment", "ship", kS1, "--carrier", "UPS", "--tracking",
           "1Z999AA10123456784", "--service", "saver", "--request-id", "s-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::ShipShipmentRequest>("ShipShipment");
  EXPECT_EQ(sent.shipment_id(), kS1);
  EXPECT_EQ(sent.carrier(), "UPS");
  EXPECT_EQ(sent.service(), "saver");
  EXPECT_EQ(sent.tracking_id(), "1Z999AA10123456784");
  EXPECT_EQ(sent.request_id(), "s-1");
  EXPECT_EQ(FieldValue(result.out, "Status"), "SHIPPED");
  EXPECT_EQ(FieldValue(result.out, "Tracking"), "1Z999AA10123456784");
  // The order's table shows the shipment as the action left it.
  EXPECT_THAT(result.out, HasSubstr("UPS saver    1Z999AA10123456784"));
}

TEST_F(OmsctlEndToEndTest, ShipmentShipWithoutATrackingIdIsAUsageError) {
  const ProcessResult result =
      Run({"shipment", "ship", kS1, "--carrier", "UPS"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--tracking"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, ShipmentShortPickSendsTheLineAndShowsTheReroute) {
  const ProcessResult result = Run({"shipment", "short-pick", kS1, "--line",
                                    "1:1", "--reason", "bin empty"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::ReportShortPickRequest>("ReportShortPick");
  EXPECT_EQ(sent.shipment_id(), kS1);
  ASSERT_EQ(sent.lines_size(), 1);
  EXPECT_EQ(sent.lines(0).line_no(), 1);
  EXPECT_EQ(sent.lines(0).missing(), 1);
  EXPECT_EQ(sent.reason(), "bin empty");
  EXPECT_THAT(result.err, HasSubstr("--request-id " + sent.request_id()));
  EXPECT_EQ(FieldValue(result.out, "Note"), "bin empty");
  EXPECT_THAT(result.out,
              HasSubstr("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S3  WH-HAM-2  SHIP  "
                        "CREATED"));
  EXPECT_THAT(result.out, HasSubstr("SKU-TEE x1  re-routed from WH-BER-1 "
                                    "(short pick)"));
}

TEST_F(OmsctlEndToEndTest,
       ShipmentShortPickSendsEveryLineGivenOrCommaSeparated) {
  const ProcessResult result =
      Run({"shipment", "short-pick", kS1, "--line", "1:2,2:1", "--line", "3:4",
           "--reason", "bin empty"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::ReportShortPickRequest>("ReportShortPick");
  ASSERT_EQ(sent.lines_size(), 3);
  EXPECT_EQ(sent.lines(0).missing(), 2);
  EXPECT_EQ(sent.lines(1).line_no(), 2);
  EXPECT_EQ(sent.lines(2).line_no(), 3);
  EXPECT_EQ(sent.lines(2).missing(), 4);
}

TEST_F(OmsctlEndToEndTest, ShipmentShortPickWithAMalformedLineIsAUsageError) {
  const ProcessResult result =
      Run({"shipment", "short-pick", kS1, "--line", "1-2", "--reason", "gone"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("is not LINE:MISSING"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, ShipmentRejectSendsTheReasonAndShowsTheReroute) {
  const ProcessResult result =
      Run({"shipment", "reject", kS1, "--reason", "flooded"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::RejectShipmentRequest>("RejectShipment");
  EXPECT_EQ(sent.shipment_id(), kS1);
  EXPECT_EQ(sent.reason(), "flooded");
  EXPECT_THAT(result.err, HasSubstr("--request-id " + sent.request_id()));
  EXPECT_EQ(FieldValue(result.out, "Status"), "REJECTED");
  EXPECT_THAT(result.out, HasSubstr("NOTE"));
  EXPECT_THAT(result.out, HasSubstr("WH-HAM-2"));
  EXPECT_THAT(result.out, HasSubstr("re-routed from WH-BER-1 (rejected)"));
}

TEST_F(OmsctlEndToEndTest, ShipmentRejectWithoutAReasonIsAUsageError) {
  const ProcessResult result = Run({"shipment", "reject", kS1});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--reason"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, ShipShortPickAndRejectShowTheServersRefusal) {
  const std::vector<std::vector<std::string>> commands = {
      {"ship", "--carrier", "DHL", "--tracking", "T-1"},
      {"short-pick", "--line", "1:1", "--reason", "gone"},
      {"reject", "--reason", "closed"},
  };
  for (std::vector<std::string> command : commands) {
    command.insert(command.begin() + 1, FakeOmsServer::kClosedShipmentId);
    command.insert(command.begin(), "shipment");
    const ProcessResult result = Run(command);
    EXPECT_EQ(result.exit_code, 1) << command[1];
    EXPECT_THAT(result.err, HasSubstr("\nomsctl: FAILED_PRECONDITION: shipment "
                                      "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S9 is "
                                      "DELIVERED"))
        << command[1];
    EXPECT_THAT(result.out, IsEmpty()) << command[1];
  }
}

TEST_F(OmsctlEndToEndTest,
       OrderHoldSendsReasonNoteAndRequestIdAndShowsTheHold) {
  const ProcessResult result =
      Run({"order", "hold", "EU1-7Q2M-K9XD", "--reason", "address-check",
           "--note", "flat number missing"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::HoldOrderRequest>("HoldOrder");
  EXPECT_EQ(sent.order_id(), "EU1-7Q2M-K9XD");
  EXPECT_EQ(sent.reason(), oms::v1::HOLD_REASON_ADDRESS_CHECK);
  EXPECT_EQ(sent.note(), "flat number missing");
  EXPECT_TRUE(sent.shipment_id().empty());
  EXPECT_THAT(result.err, HasSubstr("--request-id " + sent.request_id()));
  EXPECT_THAT(result.out, HasSubstr("ADDRESS_CHECK"));
  EXPECT_THAT(result.out, HasSubstr("flat number missing"));
}

TEST_F(OmsctlEndToEndTest, OrderHoldOfOneShipmentSendsItsId) {
  const ProcessResult result =
      Run({"order", "hold", "EU1-7Q2M-K9XD", "--reason", "FRAUD_REVIEW",
           "--shipment", "eu1-01jd3k5q8x9r2t4v6w8y0z1a2b-s1", "--request-id",
           "h-1", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::HoldOrderRequest>("HoldOrder");
  EXPECT_EQ(sent.shipment_id(), kS1);
  EXPECT_EQ(sent.request_id(), "h-1");
  const nlohmann::json order = nlohmann::json::parse(result.out);
  EXPECT_EQ(order["shipments"][0]["holds"][0]["reason"],
            "HOLD_REASON_FRAUD_REVIEW");
}

TEST_F(OmsctlEndToEndTest, OrderHoldWithAnUnknownReasonIsAUsageError) {
  const ProcessResult result =
      Run({"order", "hold", "EU1-7Q2M-K9XD", "--reason", "vip"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("\"vip\" is not a HoldReason"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, OrderHoldOfAnUnknownOrderIsNotFound) {
  const ProcessResult result =
      Run({"order", "hold", "EU1-ZZZZ-ZZZZ", "--reason", "stock"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err,
              EndsWith("\nomsctl: NOT_FOUND: order EU1-ZZZZ-ZZZZ not found\n"));
}

TEST_F(OmsctlEndToEndTest,
       OrderReleaseSendsTheReasonAndShowsTheOrderWithoutIt) {
  const ProcessResult result =
      Run({"order", "release", "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B", "--reason",
           "fraud-review", "--request-id", "r-9"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::ReleaseOrderRequest>("ReleaseOrder");
  EXPECT_EQ(sent.order_id(), "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B");
  EXPECT_EQ(sent.reason(), oms::v1::HOLD_REASON_FRAUD_REVIEW);
  EXPECT_EQ(sent.request_id(), "r-9");
  EXPECT_THAT(result.err, IsEmpty());
  EXPECT_EQ(FieldValue(result.out, "Order"), "EU1-7Q2M-K9XD");
  EXPECT_THAT(result.out, Not(HasSubstr("FRAUD_REVIEW")));
}

TEST_F(OmsctlEndToEndTest,
       OrderReleaseOfAHoldThatIsNotThereShowsTheServersReason) {
  const ProcessResult result = Run({"order", "release", "EU1-7Q2M-K9XD",
                                    "--reason", "stock", "--shipment", kS1});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(server_.last_request<oms::v1::ReleaseOrderRequest>("ReleaseOrder")
                .shipment_id(),
            kS1);
  EXPECT_THAT(result.err,
              EndsWith(std::string("\nomsctl: FAILED_PRECONDITION: ") + kS1 +
                       " has no HOLD_REASON_STOCK hold\n"));
}

TEST_F(OmsctlEndToEndTest, FulfilmentVerbMistakesExitWithStatus2) {
  EXPECT_EQ(Run({"shipment"}).exit_code, 2);
  EXPECT_EQ(Run({"shipment", "pick"}).exit_code, 2);
  EXPECT_EQ(Run({"shipment", "pick", "EU1-7Q2M-K9XD"}).exit_code, 2);
  EXPECT_EQ(Run({"shipment", "short-pick", kS1, "--reason", "x"}).exit_code, 2);
  EXPECT_EQ(Run({"order", "hold", "EU1-7Q2M-K9XD"}).exit_code, 2);
  EXPECT_EQ(Run({"order", "release", "EU1-7Q2M-K9XD", "--reason", "stock",
                 "--shipment", "S1"})
                .exit_code,
            2);
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, ShipmentHelpListsEveryAction) {
  const ProcessResult result = Run({"shipment", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* verb : {"list", "get", "pick", "pack", "ship", "deliver",
                           "ready", "collect", "short-pick", "reject"}) {
    EXPECT_THAT(result.out, HasSubstr(std::string("  ") + verb + " ")) << verb;
  }
}

TEST_F(OmsctlEndToEndTest, OrderCancelPreviewShowsPartsAndMoneyAndSendsNoKey) {
  const ProcessResult result =
      Run({"order", "cancel", "EU1-7Q2M-K9XD", "--preview", "--reason", "fraud"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent =
      server_.last_request<oms::v1::CancelOrderRequest>("PreviewCancellation");
  EXPECT_EQ(sent.order_id(), "EU1-7Q2M-K9XD");
  EXPECT_EQ(sent.reason(), oms::v1::CANCEL_REASON_FRAUD);
  EXPECT_EQ(sent.initiator(), oms::v1::CANCEL_INITIATOR_CUSTOMER);
  EXPECT_TRUE(sent.lines().empty());
  EXPECT_TRUE(sent.request_id().empty());
  EXPECT_THAT(result.out, HasSubstr("RETURN INSTEAD"));
  EXPECT_THAT(result.out, HasSubstr("packed units are not cancelled"));
  EXPECT_THAT(result.out, HasSubstr("19.99 EUR"));
  EXPECT_THAT(result.out, HasSubstr("stays open"));
}

TEST_F(OmsctlEndToEndTest, OrderCancelOfLinesSendsThemWithAKeyAndShowsWhatWasDone) {
  const ProcessResult result =
      Run({"order", "cancel", "EU1-7Q2M-K9XD", "--line", "1:1", "--initiator", "staff",
           "--reason", "duplicate", "--note", "placed twice"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent = server_.last_request<oms::v1::CancelOrderRequest>("CancelOrder");
  ASSERT_EQ(sent.lines_size(), 1);
  EXPECT_EQ(sent.lines(0).line_no(), 1);
  EXPECT_EQ(sent.lines(0).quantity(), 1);
  EXPECT_EQ(sent.initiator(), oms::v1::CANCEL_INITIATOR_STAFF);
  EXPECT_EQ(sent.reason(), oms::v1::CANCEL_REASON_DUPLICATE);
  EXPECT_EQ(sent.note(), "placed twice");
  EXPECT_THAT(result.err, HasSubstr("--request-id " + sent.request_id()));
  EXPECT_THAT(result.out, HasSubstr("our own node stops at once"));
  EXPECT_THAT(result.out, HasSubstr("EU1-7Q2M-K9XD"));
}

TEST_F(OmsctlEndToEndTest, OrderCancelRefusedShowsTheServersReasonWithExitStatus1) {
  const ProcessResult result = Run({"order", "cancel", "EU1-7Q2M-K9XD", "--line", "2:1"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("returned once received"));
  const ProcessResult bad = Run({"order", "cancel", "EU1-7Q2M-K9XD", "--line", "two"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("LINE:QUANTITY"));
}

TEST_F(OmsctlEndToEndTest, OrderNoteSendsTheTextAndShowsTheOrder) {
  const ProcessResult result =
      Run({"order", "note", "EU1-7Q2M-K9XD", "customer called about delivery"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent = server_.last_request<oms::v1::AddOrderNoteRequest>("AddOrderNote");
  EXPECT_EQ(sent.text(), "customer called about delivery");
  EXPECT_FALSE(sent.request_id().empty());
  EXPECT_THAT(result.out, HasSubstr("Notes"));
  EXPECT_THAT(result.out, HasSubstr("staff:alice"));
}

TEST_F(OmsctlEndToEndTest, OrderRejectHoldSendsFraudReviewAndNoteAndShowsWhatWasCancelled) {
  const ProcessResult result =
      Run({"order", "reject-hold", "EU1-7Q2M-K9XD", "--note", "stolen card"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent = server_.last_request<oms::v1::RejectOrderHoldRequest>("RejectOrderHold");
  EXPECT_EQ(sent.order_id(), "EU1-7Q2M-K9XD");
  EXPECT_EQ(sent.reason(), oms::v1::HOLD_REASON_FRAUD_REVIEW);
  EXPECT_EQ(sent.note(), "stolen card");
  EXPECT_THAT(result.err, HasSubstr("--request-id " + sent.request_id()));
  // What was cancelled, what must be returned instead, the money, the order.
  EXPECT_THAT(result.out, HasSubstr("TEE-ORG-WHT-M"));
  EXPECT_THAT(result.out, HasSubstr("HOOD-FLC-GRY-M"));
  EXPECT_THAT(result.out, HasSubstr("19.99"));
  EXPECT_THAT(result.out, HasSubstr("EU1-7Q2M-K9XD"));
}

TEST_F(OmsctlEndToEndTest, OrderRejectHoldOfAnotherHoldShowsWhatToDoInstead) {
  const ProcessResult result = Run({"order", "reject-hold", "EU1-7Q2M-K9XD", "--reason",
                                    "address-check", "--request-id", "r-1"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(server_.last_request<oms::v1::RejectOrderHoldRequest>("RejectOrderHold").reason(),
            oms::v1::HOLD_REASON_ADDRESS_CHECK);
  EXPECT_THAT(result.err, HasSubstr("omsctl: FAILED_PRECONDITION: only a FRAUD_REVIEW hold can "
                                    "be rejected; release the ADDRESS_CHECK hold with "
                                    "ReleaseOrder"));
  EXPECT_THAT(result.out, IsEmpty());
}

TEST_F(OmsctlEndToEndTest, StockDropPreorderSendsSkuReasonAndKeyAndShowsCountsAndFailures) {
  const ProcessResult result = Run({"stock", "drop-preorder", "CONSOLE-HND-X", "--reason",
                                    "the manufacturer cancelled it", "--request-id", "drop-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sent = server_.last_request<oms::v1::DropPreorderRequest>("DropPreorder");
  EXPECT_EQ(sent.sku(), "CONSOLE-HND-X");
  EXPECT_EQ(sent.reason(), "the manufacturer cancelled it");
  EXPECT_EQ(sent.request_id(), "drop-1");
  EXPECT_THAT(result.out, HasSubstr("Orders cancelled: 2"));
  EXPECT_THAT(result.out, HasSubstr("Units cancelled:  3"));
  EXPECT_THAT(result.out, HasSubstr("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B: order"));
}

TEST_F(OmsctlEndToEndTest, StockDropPreorderNeedsAReasonAndSendsNothingWithout) {
  const ProcessResult result = Run({"stock", "drop-preorder", "CONSOLE-HND-X"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--reason"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, StockDropPreorderOfAProductThatIsNoPreorderShowsTheServersAnswer) {
  const ProcessResult result =
      Run({"stock", "drop-preorder", "TEE-ORG-WHT-M", "--reason", "never mind"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("omsctl: FAILED_PRECONDITION: product TEE-ORG-WHT-M is not "
                                    "sold as a preorder"));
}

}  // namespace
}  // namespace omsctl::testing
