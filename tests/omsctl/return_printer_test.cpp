#include "omsctl/return_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "omsctl/order_printer.h"
#include "output_fields.h"

namespace omsctl {
namespace {

using testing::FieldValue;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOrderId[] = "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B";
constexpr char kReturnId[] = "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA1";

oms::v1::Money Eur(int64_t minor) {
  oms::v1::Money m;
  m.set_amount_minor(minor);
  m.set_currency("EUR");
  return m;
}

// Two units of line 1 back for a size, received: one restocked, one damaged;
// the money back went to the card.
oms::v1::Return ReceivedReturn() {
  oms::v1::Return r;
  r.set_return_id(kReturnId);
  r.set_status(oms::v1::RETURN_STATUS_RECEIVED);
  r.set_refund_timing(oms::v1::REFUND_TIMING_ON_RECEIPT);
  r.set_refund_policy("REVERSE_CAPTURE");
  *r.mutable_value() = Eur(3990);
  r.set_refund_id(std::string(kOrderId) + "-R2");
  r.set_requested_by("staff:alice");
  r.set_received_by("staff:wh-bob");
  r.mutable_created_at()->set_seconds(1767225600);
  r.mutable_received_at()->set_seconds(1767312000);
  auto* line = r.add_lines();
  line->set_line_no(1);
  line->set_sku("TEE-M-RED");
  line->set_quantity(2);
  line->set_reason(oms::v1::RETURN_REASON_SIZE_OR_FIT);
  line->set_note("too small");
  *line->mutable_amount() = Eur(3990);
  line->set_restocked(1);
  line->set_restock_node_id("WH-BER-1");
  line->set_damaged(1);
  return r;
}

// An exchange for a dearer tee, waiting for the goods.
oms::v1::Return Exchange() {
  oms::v1::Return r;
  r.set_return_id("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA2");
  r.set_status(oms::v1::RETURN_STATUS_AWAITING_RECEIPT);
  *r.mutable_value() = Eur(1995);
  r.set_exchange_refund_id(std::string(kOrderId) + "-R3");
  r.set_replacement_order_id("EU1-01JD3M000000000000000000");
  auto* line = r.add_lines();
  line->set_line_no(2);
  line->set_sku("TEE-M-BLUE");
  line->set_quantity(1);
  *line->mutable_amount() = Eur(1995);
  auto* replacement = r.add_replacement();
  replacement->set_sku("TEE-L-BLUE");
  replacement->set_quantity(1);
  *replacement->mutable_unit_price() = Eur(2495);
  *r.mutable_replacement_value() = Eur(2495);
  return r;
}

TEST(PrintReturnTest, ShowsStatusValueReasonsAndDispositions) {
  std::ostringstream out;
  PrintReturn(ReceivedReturn(), out);
  const std::string text = out.str();
  EXPECT_EQ(FieldValue(text, "Return"), kReturnId);
  EXPECT_EQ(FieldValue(text, "Status"), "RECEIVED");
  EXPECT_EQ(FieldValue(text, "Kind"), "return");
  EXPECT_EQ(FieldValue(text, "Value"), "39.90 EUR");
  EXPECT_EQ(FieldValue(text, "Refund timing"), "ON_RECEIPT");
  EXPECT_EQ(FieldValue(text, "Refund"), std::string(kOrderId) + "-R2");
  EXPECT_EQ(FieldValue(text, "Received by"), "staff:wh-bob");
  EXPECT_EQ(FieldValue(text, "Received"), "2026-01-02T00:00:00Z");
  EXPECT_THAT(text, HasSubstr("SIZE_OR_FIT"));
  EXPECT_THAT(text, Not(HasSubstr("RETURN_REASON_")));
  EXPECT_THAT(text, HasSubstr("too small"));
  EXPECT_THAT(text, HasSubstr("restocked 1 @ WH-BER-1, damaged 1"));
  // Not an exchange, not cancelled, no approval needed.
  EXPECT_THAT(text, Not(HasSubstr("Replacement")));
  EXPECT_THAT(text, Not(HasSubstr("Cancelled")));
  EXPECT_THAT(text, Not(HasSubstr("Needs approval")));
}

TEST(PrintReturnTest, WithTheOrderShowsTheLinkedRefundsStatusAndAmount) {
  oms::v1::Order order;
  auto* refund = order.add_refunds();
  refund->set_refund_id(std::string(kOrderId) + "-R2");
  refund->set_status(oms::v1::REFUND_STATUS_SUCCEEDED);
  *refund->mutable_amount() = Eur(3990);
  std::ostringstream out;
  PrintReturn(ReceivedReturn(), out, &order);
  EXPECT_EQ(FieldValue(out.str(), "Refund"), std::string(kOrderId) + "-R2 (SUCCEEDED, 39.90 EUR)");
}

TEST(PrintReturnTest, AnExchangeShowsItsCreditReplacementAndOtherForNoReason) {
  std::ostringstream out;
  PrintReturn(Exchange(), out);
  const std::string text = out.str();
  EXPECT_EQ(FieldValue(text, "Kind"), "exchange");
  EXPECT_EQ(FieldValue(text, "Status"), "AWAITING_RECEIPT");
  EXPECT_EQ(FieldValue(text, "Exchange credit"), std::string(kOrderId) + "-R3");
  EXPECT_EQ(FieldValue(text, "Replacement"), "EU1-01JD3M000000000000000000");
  EXPECT_EQ(FieldValue(text, "Replacement value"), "24.95 EUR");
  EXPECT_THAT(text, HasSubstr("TEE-L-BLUE"));
  EXPECT_THAT(text, HasSubstr("OTHER"));  // no reason given
  EXPECT_EQ(FieldValue(text, "Received"), "<no Received line>");
}

TEST(PrintReturnTest, ACancelledReturnShowsWhy) {
  oms::v1::Return r = Exchange();
  r.clear_replacement();
  r.set_status(oms::v1::RETURN_STATUS_CANCELLED);
  r.set_cancel_reason("customer kept it");
  std::ostringstream out;
  PrintReturn(r, out);
  EXPECT_EQ(FieldValue(out.str(), "Cancelled"), "customer kept it");
}

TEST(PrintReturnResponseTest, FindsTheReturnInTheOrderAndShowsTheReplacement) {
  oms::v1::ReturnResponse response;
  response.set_return_id("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA2");
  oms::v1::Order* order = response.mutable_order();
  order->set_order_number("EU1-7Q2M-K9XD");
  order->set_status(oms::v1::ORDER_STATUS_FULFILLED);
  order->set_payment_status(oms::v1::PAYMENT_STATUS_PARTIALLY_REFUNDED);
  *order->add_returns() = ReceivedReturn();
  *order->add_returns() = Exchange();
  oms::v1::Order* replacement = response.mutable_replacement();
  replacement->set_order_number("EU1-AB12-CD34");
  replacement->set_status(oms::v1::ORDER_STATUS_CONFIRMED);
  replacement->add_holds()->set_reason(oms::v1::HOLD_REASON_AWAITING_RETURN);
  *replacement->mutable_totals()->mutable_total() = Eur(2495);
  std::ostringstream fresh;
  PrintReturnResponse(response, fresh);
  const std::string text = fresh.str();
  EXPECT_EQ(FieldValue(text, "Return"), "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA2");
  EXPECT_THAT(text, Not(HasSubstr("RMA1")));
  EXPECT_EQ(FieldValue(text, "Order"), "EU1-7Q2M-K9XD");
  EXPECT_EQ(FieldValue(text, "Payment"), "PARTIALLY_REFUNDED");
  EXPECT_EQ(FieldValue(text, "Replacement order"), "EU1-AB12-CD34");
  EXPECT_EQ(FieldValue(text, "Holds"), "AWAITING_RETURN");
  EXPECT_EQ(FieldValue(text, "Total"), "24.95 EUR");
  EXPECT_THAT(text, Not(HasSubstr("replayed")));
  response.set_replayed(true);
  std::ostringstream again;
  PrintReturnResponse(response, again);
  EXPECT_THAT(again.str(), HasSubstr("replayed"));
}

TEST(PrintOrderTest, ListsTheOrdersReturnsWithUnitsRefundsAndReplacement) {
  oms::v1::Order order;
  order.set_order_number("EU1-7Q2M-K9XD");
  *order.add_returns() = ReceivedReturn();
  *order.add_returns() = Exchange();
  std::ostringstream out;
  PrintOrder(order, out);
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("\nReturns\n"));
  EXPECT_THAT(text, HasSubstr(kReturnId));
  EXPECT_THAT(text, HasSubstr("RECEIVED"));
  EXPECT_THAT(text, HasSubstr("39.90 EUR"));
  EXPECT_THAT(text, HasSubstr(std::string(kOrderId) + "-R2"));
  EXPECT_THAT(text, HasSubstr("EU1-01JD3M000000000000000000"));

  std::ostringstream none;
  PrintOrder(oms::v1::Order(), none);
  EXPECT_THAT(none.str(), Not(HasSubstr("Returns")));
}

TEST(ParseReturnLineTest, ReadsLineQuantityReasonAndNote) {
  auto plain = ParseReturnLine("2:1");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->line_no(), 2);
  EXPECT_EQ(plain->quantity(), 1);
  EXPECT_EQ(plain->reason(), oms::v1::RETURN_REASON_UNSPECIFIED);
  EXPECT_EQ(plain->note(), "");

  auto reason = ParseReturnLine("1:3:size-or-fit");
  ASSERT_TRUE(reason.ok()) << reason.status();
  EXPECT_EQ(reason->reason(), oms::v1::RETURN_REASON_SIZE_OR_FIT);

  auto full = ParseReturnLine("1:1:RETURN_REASON_DEFECTIVE:zip broke: after 2 days");
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(full->reason(), oms::v1::RETURN_REASON_DEFECTIVE);
  EXPECT_EQ(full->note(), "zip broke: after 2 days");

  auto note_only = ParseReturnLine("4:2::gift");
  ASSERT_TRUE(note_only.ok()) << note_only.status();
  EXPECT_EQ(note_only->reason(), oms::v1::RETURN_REASON_UNSPECIFIED);
  EXPECT_EQ(note_only->note(), "gift");
}

TEST(ParseReturnLineTest, RefusesOtherShapesNamingTheArgument) {
  for (const char* bad : {"", "2", "0:1", "2:0", "2:-1", "a:1", "1:x"}) {
    const auto line = ParseReturnLine(bad);
    EXPECT_EQ(line.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(line.status().message()), HasSubstr("--line")) << bad;
  }
  const auto reason = ParseReturnLine("2:1:too-big");
  EXPECT_EQ(reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reason.status().message()), HasSubstr("SIZE_OR_FIT"));
}

TEST(ParseReplacementTest, ReadsSkuAndQuantity) {
  auto one = ParseReplacement("TEE-L-BLUE:2");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->sku(), "TEE-L-BLUE");
  EXPECT_EQ(one->quantity(), 2);
  for (const char* bad : {"", "TEE", ":1", "TEE:0", "TEE:x", "TEE:"}) {
    EXPECT_EQ(ParseReplacement(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(BuildReceivedLinesTest, CombinesRestockAndDamagedPerLineInLineOrder) {
  auto lines = BuildReceivedLines({"3:1@ST-MUC-3", "1:2@WH-BER-1", "1:1@WH-BER-1"}, {"1:1", "2:2"});
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 3u);
  EXPECT_EQ((*lines)[0].line_no(), 1);
  EXPECT_EQ((*lines)[0].restocked(), 3);
  EXPECT_EQ((*lines)[0].restock_node_id(), "WH-BER-1");
  EXPECT_EQ((*lines)[0].damaged(), 1);
  EXPECT_EQ((*lines)[1].line_no(), 2);
  EXPECT_EQ((*lines)[1].restocked(), 0);
  EXPECT_EQ((*lines)[1].restock_node_id(), "");
  EXPECT_EQ((*lines)[1].damaged(), 2);
  EXPECT_EQ((*lines)[2].line_no(), 3);
  EXPECT_EQ((*lines)[2].restock_node_id(), "ST-MUC-3");
}

TEST(BuildReceivedLinesTest, RefusesBadShapesTwoNodesForALineAndNothing) {
  for (const char* bad : {"1:1", "1:1@", "1@WH", "0:1@WH", "1:0@WH", "x:1@WH"}) {
    const auto lines = BuildReceivedLines({bad}, {});
    EXPECT_EQ(lines.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(lines.status().message()), HasSubstr("--restock")) << bad;
  }
  for (const char* bad : {"1", "1:1@WH", "1:0", "-1:1"}) {
    const auto lines = BuildReceivedLines({}, {bad});
    EXPECT_EQ(lines.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(lines.status().message()), HasSubstr("--damaged")) << bad;
  }
  const auto two_nodes = BuildReceivedLines({"1:1@WH-BER-1", "1:1@ST-MUC-3"}, {});
  EXPECT_EQ(two_nodes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(two_nodes.status().message()), HasSubstr("one node"));
  EXPECT_EQ(BuildReceivedLines({}, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseReturnIdTest, AcceptsTheOrderIdRmaAndANumberInAnyCase) {
  auto id = ParseReturnId("eu1-01jd3k5q8x9r2t4v6w8y0z1a2b-rma12");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA12");
  EXPECT_EQ(OrderIdOfReturn(*id), kOrderId);
  for (const char* bad :
       {"", "EU1-7Q2M-K9XD-RMA1", "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B",
        "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA", "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-RMA0",
        "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-R1"}) {
    EXPECT_EQ(ParseReturnId(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace omsctl
