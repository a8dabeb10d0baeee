#include "omsctl/format.h"

#include <cstdint>
#include <limits>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "oms/v1/inventory_service.pb.h"
#include "oms/v1/order.pb.h"
#include "omsctl/request_id.h"

namespace omsctl {
namespace {

using ::testing::HasSubstr;

oms::v1::Money Money(int64_t minor, const std::string& currency) {
  oms::v1::Money money;
  money.set_amount_minor(minor);
  money.set_currency(currency);
  return money;
}

TEST(FormatMoneyTest, PrintsMinorUnitsAsTwoDecimalsAndTheCurrency) {
  EXPECT_EQ(FormatMoney(Money(1234, "EUR")), "12.34 EUR");
  EXPECT_EQ(FormatMoney(Money(5, "EUR")), "0.05 EUR");
  EXPECT_EQ(FormatMoney(Money(0, "USD")), "0.00 USD");
  EXPECT_EQ(FormatMoney(Money(100000, "GBP")), "1000.00 GBP");
}

TEST(FormatMoneyTest, NegativeAmountsKeepTheSignBeforeTheUnits) {
  EXPECT_EQ(FormatMoney(Money(-5, "EUR")), "-0.05 EUR");
  EXPECT_EQ(FormatMoney(Money(-1234, "EUR")), "-12.34 EUR");
}

TEST(FormatMoneyTest, TheSmallestInt64DoesNotOverflow) {
  EXPECT_EQ(FormatMinor(std::numeric_limits<int64_t>::min(), "EUR"),
            "-92233720368547758.08 EUR");
}

TEST(FormatMoneyTest, WithoutACurrencyPrintsJustTheNumber) {
  EXPECT_EQ(FormatMoney(Money(250, "")), "2.50");
}

TEST(FormatTimestampTest, PrintsIso8601InUtc) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(1767323045);  // 2026-01-02T03:04:05Z
  timestamp.set_nanos(999);
  EXPECT_EQ(FormatTimestamp(timestamp), "2026-01-02T03:04:05Z");
}

TEST(FormatTimestampTest, AnUnsetTimestampIsADash) {
  EXPECT_EQ(FormatTimestamp(google::protobuf::Timestamp()), "-");
}

TEST(EnumLabelTest, DropsTheTypePrefix) {
  EXPECT_EQ(EnumLabel(oms::v1::ORDER_STATUS_CONFIRMED), "CONFIRMED");
  EXPECT_EQ(EnumLabel(oms::v1::ORDER_STATUS_PARTIALLY_FULFILLED),
            "PARTIALLY_FULFILLED");
  EXPECT_EQ(EnumLabel(oms::v1::HOLD_REASON_FRAUD_REVIEW), "FRAUD_REVIEW");
  EXPECT_EQ(EnumLabel(oms::v1::NODE_TYPE_THIRD_PARTY_LOGISTICS),
            "THIRD_PARTY_LOGISTICS");
}

TEST(EnumLabelTest, AnUndefinedNumberPrintsAsTheNumber) {
  EXPECT_EQ(EnumLabel(static_cast<oms::v1::OrderStatus>(42)), "42");
}

TEST(ParseEnumLabelTest, AcceptsTheLabelInAnyCaseWithDashesOrTheFullName) {
  const auto& type = *oms::v1::OrderStatus_descriptor();
  EXPECT_EQ(ParseEnumLabel(type, "CONFIRMED").value(),
            oms::v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(ParseEnumLabel(type, "partially-fulfilled").value(),
            oms::v1::ORDER_STATUS_PARTIALLY_FULFILLED);
  EXPECT_EQ(ParseEnumLabel(type, "ORDER_STATUS_REJECTED").value(),
            oms::v1::ORDER_STATUS_REJECTED);
}

TEST(ParseEnumLabelTest, RejectsUnspecifiedAndUnknownListingTheLabels) {
  const auto& type = *oms::v1::AdjustmentKind_descriptor();
  EXPECT_FALSE(ParseEnumLabel(type, "unspecified").ok());
  const auto unknown = ParseEnumLabel(type, "steal");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.status().message()),
              HasSubstr("RECEIVE, COUNT, DAMAGE"));
}

TEST(ParseNodeTypeTest, AcceptsTheShortNamesOfTheCommandLine) {
  EXPECT_EQ(ParseNodeType("warehouse").value(), oms::v1::NODE_TYPE_WAREHOUSE);
  EXPECT_EQ(ParseNodeType("store").value(), oms::v1::NODE_TYPE_STORE);
  EXPECT_EQ(ParseNodeType("3pl").value(),
            oms::v1::NODE_TYPE_THIRD_PARTY_LOGISTICS);
  EXPECT_EQ(ParseNodeType("dropship").value(), oms::v1::NODE_TYPE_DROP_SHIPPER);
  EXPECT_FALSE(ParseNodeType("garage").ok());
}

TEST(ParseTimestampTest, ABareDateIsMidnightUtc) {
  EXPECT_EQ(ParseTimestamp("2026-01-01").value().seconds(), 1767225600);
}

TEST(ParseTimestampTest, AnEndOfDayDateIsTheNextMidnight) {
  EXPECT_EQ(ParseTimestamp("2026-01-01", /*end_of_day=*/true).value().seconds(),
            1767225600 + 86400);
}

TEST(ParseTimestampTest, Rfc3339KeepsItsOffsetAndIgnoresEndOfDay) {
  EXPECT_EQ(ParseTimestamp("2026-01-01T01:00:00+01:00", true).value().seconds(),
            1767225600);
}

TEST(ParseTimestampTest, AnythingElseIsInvalidArgument) {
  const auto parsed = ParseTimestamp("yesterday");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("2026-01-31"));
}

TEST(ParseOrderRefTest, RegionAndUlidIsAnOrderId) {
  const auto ref = ParseOrderRef("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->kind, OrderRefKind::kOrderId);
}

TEST(ParseOrderRefTest, RegionAndTwoGroupsOfFourIsAnOrderNumber) {
  const auto ref = ParseOrderRef("EU1-7Q2M-K9XD");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->kind, OrderRefKind::kOrderNumber);
  EXPECT_EQ(ref->value, "EU1-7Q2M-K9XD");
}

TEST(ParseOrderRefTest, LowerCaseIsUpperCased) {
  const auto ref = ParseOrderRef("eu1-7q2m-k9xd");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->value, "EU1-7Q2M-K9XD");
}

TEST(ParseOrderRefTest, ARegionWithADashStillParses) {
  EXPECT_EQ(ParseOrderRef("EU-W1-7Q2M-K9XD")->kind, OrderRefKind::kOrderNumber);
}

TEST(ParseOrderRefTest, OtherTextIsInvalidArgument) {
  EXPECT_FALSE(ParseOrderRef("7Q2M-K9XD").ok());       // no region
  EXPECT_FALSE(ParseOrderRef("EU1-7Q2M-K9X").ok());    // short group
  EXPECT_FALSE(ParseOrderRef("EU1-01JD3K5Q").ok());    // short ULID
  EXPECT_FALSE(ParseOrderRef("EU1-7Q2M-K9XU").ok());   // U is not base32
  EXPECT_FALSE(ParseOrderRef("").ok());
}

TEST(NewRequestIdTest, IsAFreshUlidEachTime) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewRequestId();
    ASSERT_EQ(id.size(), 26u);
    ASSERT_TRUE(ParseOrderRef("EU1-" + id).ok()) << id << " is not base32";
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(RequestIdOrNewTest, AGivenIdIsKeptAndNothingIsPrinted) {
  std::ostringstream err;
  EXPECT_EQ(RequestIdOrNew("retry-1", err), "retry-1");
  EXPECT_EQ(err.str(), "");
}

TEST(RequestIdOrNewTest, WithoutOneANewIdIsPrintedWithHowToRetry) {
  std::ostringstream err;
  const std::string id = RequestIdOrNew("", err);
  ASSERT_EQ(id.size(), 26u);
  EXPECT_EQ(err.str(), "omsctl: request id " + id +
                           " (to retry safely: --request-id " + id + ")\n");
}

TEST(ParseShipmentIdTest, AnOrderIdWithAShipmentNumberIsUpperCased) {
  const auto id = ParseShipmentId("eu1-01jd3k5q8x9r2t4v6w8y0z1a2b-s12");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S12");
}

TEST(ParseShipmentIdTest, AnythingButOrderIdDashSNumberIsInvalidArgument) {
  for (const char* text :
       {"EU1-7Q2M-K9XD", "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B",
        "EU1-7Q2M-K9XD-S1", "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S",
        "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S0",
        "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S1x",
        "S1", ""}) {
    const auto id = ParseShipmentId(text);
    ASSERT_FALSE(id.ok()) << text;
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(id.status().message()),
                HasSubstr("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S2"));
  }
}

TEST(ParseShortLineTest, IsLineNumberColonMissingUnits) {
  const auto line = ParseShortLine("2:3");
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->line_no, 2);
  EXPECT_EQ(line->missing, 3);
}

TEST(ParseShortLineTest, AnythingButTwoPositiveNumbersIsInvalidArgument) {
  for (const char* text : {"2", "2:", ":1", "2-1", "0:1", "2:0", "2:-1",
                           "a:1", "1:2:3", ""}) {
    const auto line = ParseShortLine(text);
    ASSERT_FALSE(line.ok()) << text;
    EXPECT_THAT(std::string(line.status().message()),
                HasSubstr("LINE:MISSING"));
  }
}

}  // namespace
}  // namespace omsctl
