#include "omsctl/json_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "oms/v1/order_service.pb.h"
#include "omsctl/method_catalog.h"

namespace omsctl {
namespace {

using ::testing::HasSubstr;

std::string MessageOf(const absl::Status& status) {
  return std::string(status.message());
}

TEST(ParseJsonTest, AcceptsLowerCamelAndProtoFieldNames) {
  oms::v1::PlaceOrderRequest request;
  ASSERT_TRUE(ParseJson(R"({"requestId": "r-1",
                             "shipping_option": "express",
                             "lines": [{"sku": "A", "quantity": "2",
                                        "unitPrice": {"amountMinor": 1234,
                                                      "currency": "EUR"}}],
                             "tenders": [{"type": "TENDER_TYPE_CARD"}]})",
                        &request)
                  .ok());
  EXPECT_EQ(request.request_id(), "r-1");
  EXPECT_EQ(request.shipping_option(), "express");
  EXPECT_EQ(request.lines(0).quantity(), 2);
  EXPECT_EQ(request.lines(0).unit_price().amount_minor(), 1234);
  EXPECT_EQ(request.tenders(0).type(), oms::v1::TENDER_TYPE_CARD);
}

TEST(ParseJsonTest, MalformedJsonNamesTheTypeAndThePosition) {
  oms::v1::GetOrderRequest request;
  const absl::Status status = ParseJson("{\n  \"orderId\": }", &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(status),
              HasSubstr("invalid JSON for oms.v1.GetOrderRequest"));
  EXPECT_THAT(MessageOf(status), HasSubstr("line 2, column 14"));
}

TEST(ParseJsonTest, EmptyInputIsAnError) {
  oms::v1::GetOrderRequest request;
  EXPECT_EQ(ParseJson("", &request).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ParseJsonTest, ANonObjectBodyIsAnError) {
  oms::v1::GetOrderRequest request;
  EXPECT_THAT(MessageOf(ParseJson("[]", &request)),
              HasSubstr("expected an object, got array"));
}

TEST(ParseJsonTest, AnUnknownTopLevelFieldIsNamedWithTheFieldsThatExist) {
  oms::v1::GetOrderRequest request;
  const absl::Status status = ParseJson(R"({"orderNo": "X"})", &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(status), HasSubstr("unknown field \"orderNo\""));
  EXPECT_THAT(MessageOf(status), HasSubstr("orderId, orderNumber"));
}

TEST(ParseJsonTest, AnUnknownNestedFieldIsNamedByItsPath) {
  oms::v1::PlaceOrderRequest request;
  const absl::Status status = ParseJson(
      R"({"lines": [{"sku": "A"}, {"sku": "B", "qty": 1}]})", &request);
  EXPECT_THAT(MessageOf(status), HasSubstr("unknown field \"lines[1].qty\""));
  EXPECT_THAT(MessageOf(status), HasSubstr("oms.v1.LineInput has: sku"));
}

TEST(ParseJsonTest, AValueOfTheWrongTypeIsAnError) {
  oms::v1::PlaceOrderRequest request;
  const absl::Status status =
      ParseJson(R"({"lines": [{"quantity": "many"}]})", &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(MessageOf(status), HasSubstr("lines[0].quantity"));
}

TEST(ParseJsonTest, AnUnknownEnumValueIsAnError) {
  oms::v1::PlaceOrderRequest request;
  EXPECT_FALSE(
      ParseJson(R"({"tenders": [{"type": "TENDER_TYPE_IOU"}]})", &request)
          .ok());
}

TEST(ParseJsonTest, WellKnownTypesUseTheirOwnJsonForm) {
  oms::v1::SearchOrdersRequest request;
  ASSERT_TRUE(
      ParseJson(R"({"createdFrom": "2026-01-01T00:00:00Z"})", &request).ok());
  EXPECT_EQ(request.created_from().seconds(), 1767225600);
}

TEST(ParseJsonAsTest, BuildsTheRequestTypeOfAMethodFoundByName) {
  const auto method = FindMethod("oms.v1.OrderService/GetOrder");
  ASSERT_TRUE(method.ok());
  const auto request =
      ParseJsonAs(*(*method)->input_type(), R"({"orderNumber": "EU1-X"})");
  ASSERT_TRUE(request.ok()) << request.status();
  oms::v1::GetOrderRequest typed;
  typed.CopyFrom(**request);
  EXPECT_EQ(typed.order_number(), "EU1-X");
}

TEST(ToJsonTest, UsesLowerCamelNamesAndOmitsDefaults) {
  oms::v1::PlaceOrderRequest request;
  request.set_request_id("r-1");
  request.add_lines()->set_sku("A");
  EXPECT_EQ(ToJson(request), R"({"requestId":"r-1","lines":[{"sku":"A"}]})");
}

TEST(ToJsonTest, PrettyIsIndentedWithoutATrailingNewline) {
  oms::v1::GetOrderRequest request;
  request.set_order_id("X");
  EXPECT_EQ(ToJson(request, JsonStyle::kPretty), "{\n \"orderId\": \"X\"\n}");
}

}  // namespace
}  // namespace omsctl
