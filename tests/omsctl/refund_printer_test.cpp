#include "omsctl/refund_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "output_fields.h"

namespace omsctl {
namespace {

using testing::FieldValue;
using ::testing::HasSubstr;
using ::testing::Not;

oms::v1::Money Eur(int64_t minor) {
  oms::v1::Money m;
  m.set_amount_minor(minor);
  m.set_currency("EUR");
  return m;
}

// 25.00 of goodwill over a card (at its gateway) and a wallet (settled).
oms::v1::Refund SplitRefund() {
  oms::v1::Refund r;
  r.set_refund_id("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-R1");
  r.set_status(oms::v1::REFUND_STATUS_PENDING);
  r.set_policy(oms::v1::REFUND_POLICY_REVERSE_CAPTURE);
  *r.mutable_amount() = Eur(2500);
  *r.mutable_goodwill() = Eur(2500);
  r.set_reason("late");
  r.set_requested_by("staff:alice");
  auto* card = r.add_parts();
  card->set_part_no(1);
  card->set_tender_id("T1");
  card->set_kind(oms::v1::REFUND_PART_KIND_REFUND);
  *card->mutable_amount() = Eur(1500);
  card->set_status(oms::v1::REFUND_PART_STATUS_PENDING);
  card->set_gateway_key("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B:T1:refund:R1");
  auto* wallet = r.add_parts();
  wallet->set_part_no(2);
  wallet->set_tender_id("T2");
  wallet->set_kind(oms::v1::REFUND_PART_KIND_REFUND);
  *wallet->mutable_amount() = Eur(1000);
  wallet->set_status(oms::v1::REFUND_PART_STATUS_SUCCEEDED);
  return r;
}

TEST(PrintRefundTest, ShowsTheStatusAmountAndOnePartPerTender) {
  std::ostringstream out;
  PrintRefund(SplitRefund(), out);
  const std::string text = out.str();
  EXPECT_EQ(FieldValue(text, "Status"), "PENDING");
  EXPECT_EQ(FieldValue(text, "Amount"), "25.00 EUR");
  EXPECT_EQ(FieldValue(text, "Goodwill"), "25.00 EUR");
  EXPECT_THAT(text, HasSubstr("T1"));
  EXPECT_THAT(text, HasSubstr("15.00 EUR"));
  EXPECT_THAT(text, HasSubstr(":T1:refund:R1"));
  EXPECT_THAT(text, HasSubstr("SUCCEEDED"));
  // No shipping was refunded and no units came back.
  EXPECT_THAT(text, Not(HasSubstr("Shipping")));
  EXPECT_THAT(text, Not(HasSubstr("RESTOCK")));
}

TEST(PrintRefundResponseTest, SaysWhenTheRequestWasReplayed) {
  oms::v1::RefundOrderResponse response;
  *response.mutable_refund() = SplitRefund();
  response.mutable_order()->set_order_number("EU1-7Q2M-K9XD");
  response.mutable_order()->set_payment_status(
      oms::v1::PAYMENT_STATUS_PARTIALLY_REFUNDED);
  std::ostringstream fresh;
  PrintRefundResponse(response, fresh);
  EXPECT_THAT(fresh.str(), Not(HasSubstr("replayed")));
  EXPECT_EQ(FieldValue(fresh.str(), "Payment"), "PARTIALLY_REFUNDED");
  response.set_replayed(true);
  std::ostringstream again;
  PrintRefundResponse(response, again);
  EXPECT_THAT(again.str(), HasSubstr("replayed"));
}

TEST(PrintPendingApprovalsTest, SaysSoWhenNothingWaits) {
  std::ostringstream out;
  PrintPendingApprovals(oms::v1::ListPendingApprovalsResponse(), out);
  EXPECT_THAT(out.str(), HasSubstr("No refund is waiting"));
}

TEST(PrintStatementTest, ShowsTheBalanceAndEachPosting) {
  oms::v1::AccountStatement statement;
  statement.set_customer_id("C-EU1-0001");
  statement.set_account(oms::v1::ACCOUNT_KIND_STORE_CREDIT);
  *statement.mutable_balance() = Eur(3000);
  auto* line = statement.add_lines();
  line->set_entry_id("EU1-X-R1:2");
  *line->mutable_amount() = Eur(500);
  line->set_memo("refund EU1-X-R1");
  std::ostringstream out;
  PrintStatement(statement, out);
  EXPECT_EQ(FieldValue(out.str(), "Account"), "STORE_CREDIT");
  EXPECT_EQ(FieldValue(out.str(), "Balance"), "30.00 EUR");
  EXPECT_THAT(out.str(), HasSubstr("EU1-X-R1:2"));
  EXPECT_THAT(out.str(), HasSubstr("5.00 EUR"));
}

TEST(ParseRefundLineTest, ReadsLineQuantityAndRestock) {
  auto plain = ParseRefundLine("2:1");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->line_no(), 2);
  EXPECT_EQ(plain->quantity(), 1);
  EXPECT_FALSE(plain->restock());
  auto restock = ParseRefundLine("1:3:RESTOCK");
  ASSERT_TRUE(restock.ok()) << restock.status();
  EXPECT_TRUE(restock->restock());
  for (const char* bad : {"", "2", "0:1", "2:0", "2:-1", "a:1", "1:1:keep"}) {
    EXPECT_EQ(ParseRefundLine(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(ParseAmountMinorTest, ReadsUpToTwoDecimals) {
  EXPECT_EQ(*ParseAmountMinor("12.50"), 1250);
  EXPECT_EQ(*ParseAmountMinor("12.5"), 1250);
  EXPECT_EQ(*ParseAmountMinor("7"), 700);
  EXPECT_EQ(*ParseAmountMinor("0.05"), 5);
  for (const char* bad : {"", "-1", "1.234", "1.", ".5", "1,50", "abc"}) {
    EXPECT_EQ(ParseAmountMinor(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace omsctl
