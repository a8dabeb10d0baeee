#include "server/integrations/node_wire.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace oms::integrations::node_wire {
namespace {

using nlohmann::json;

TEST(NodeWireTest, ShipmentRequestBodyCarriesEveryFieldButTheKey) {
  application::ShipmentRequest r;
  r.idempotency_key = "k-1";
  r.shipment_id = "S-1";
  r.order_id = "EU1-01ORDER";
  r.order_number = "EU1-7Q2M-K9XD";
  r.node_id = "3PL-BER";
  r.lines = {{1, "SKU-MUG", "Mug", 2}};
  r.ship_to = {"Ann", "Main St 1", "Flat 2", "Berlin", "10115", "DE", "+49"};
  r.shipping_option = "express";
  const json body = json::parse(ShipmentRequestBody(r));
  EXPECT_EQ(body, json::parse(R"({
    "shipment_id":"S-1","node_id":"3PL-BER","order_id":"EU1-01ORDER",
    "order_number":"EU1-7Q2M-K9XD",
    "lines":[{"line_no":1,"sku":"SKU-MUG","name":"Mug","quantity":2}],
    "ship_to":{"name":"Ann","line1":"Main St 1","line2":"Flat 2","city":"Berlin",
               "postal_code":"10115","country":"DE","phone":"+49"},
    "shipping_option":"express"})"));
}

TEST(NodeWireTest, InvalidUtf8InANameIsReplacedNotThrown) {
  application::ShipmentRequest r;
  r.ship_to.name = "Ann \xff";
  EXPECT_NO_THROW(ShipmentRequestBody(r));
}

TEST(NodeWireTest, CancellationTargetEncodesTheShipmentId) {
  EXPECT_EQ(CancellationTarget("S-1"), "/3pl/v1/shipments/S-1/cancel");
  EXPECT_EQ(CancellationTarget("S/1 ?"), "/3pl/v1/shipments/S%2F1%20%3F/cancel");
}

TEST(NodeWireTest, ParsesAcceptAndReject) {
  auto accepted = ParseAnswer(R"({"accepted":true,"partner_ref":"3pl_1"})");
  ASSERT_TRUE(accepted.ok());
  EXPECT_TRUE(accepted->accepted);
  EXPECT_EQ(accepted->partner_ref, "3pl_1");
  auto rejected = ParseAnswer(R"({"accepted":false,"reason":"no stock"})");
  ASSERT_TRUE(rejected.ok());
  EXPECT_FALSE(rejected->accepted);
  EXPECT_EQ(rejected->reason, "no stock");
}

TEST(NodeWireTest, AnswersOfAnotherShapeAreInvalidArgument) {
  for (const char* body :
       {"", "[]", "{}", R"({"accepted":"yes"})", R"({"accepted":true,"partner_ref":7})"}) {
    EXPECT_EQ(ParseAnswer(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

TEST(NodeWireTest, ErrorMessagePrefersMessageThenErrorThenTheRawBody) {
  EXPECT_EQ(ErrorMessage(R"({"error":"e","message":"m"})"), "m");
  EXPECT_EQ(ErrorMessage(R"({"error":"e"})"), "e");
  EXPECT_EQ(ErrorMessage("plain"), "plain");
  EXPECT_EQ(ErrorMessage(""), "(empty reply)");
}

}  // namespace
}  // namespace oms::integrations::node_wire
