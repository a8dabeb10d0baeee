#include "server/integrations/card_gateway_wire.h"

#include "gtest/gtest.h"

namespace oms::integrations::card_gateway_wire {
namespace {

using application::GatewayPayment;

TEST(CardGatewayWireTest, LookupTargetPercentEncodesTheKey) {
  EXPECT_EQ(LookupTarget("EU1-01J/x y&z"),
            "/gateway/v1/payments?idempotency_key=EU1-01J%2Fx%20y%26z");
}

TEST(CardGatewayWireTest, ParsesAPayment) {
  auto p = ParsePayment(
      R"({"payment_ref":"pay_1","state":"captured","authorized_minor":10,)"
      R"("captured_minor":7,"refunded_minor":2,"decline_reason":"","card_last4":"4242"})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->state, GatewayPayment::State::kCaptured);
  EXPECT_EQ(p->captured_minor, 7);
  EXPECT_EQ(p->refunded_minor, 2);
}

TEST(CardGatewayWireTest, RejectsAnUnknownStateOrMissingAmounts) {
  EXPECT_FALSE(ParsePayment(R"({"payment_ref":"p","state":"pending","authorized_minor":1,)"
                            R"("captured_minor":0,"refunded_minor":0})")
                   .ok());
  EXPECT_FALSE(ParsePayment(R"({"payment_ref":"p","state":"authorized"})").ok());
  EXPECT_FALSE(ParsePayment("[]").ok());
}

TEST(CardGatewayWireTest, ErrorMessageFallsBackToTheRawBody) {
  EXPECT_EQ(ErrorMessage(R"({"message":"capture_exceeds_authorized: no"})"),
            "capture_exceeds_authorized: no");
  EXPECT_EQ(ErrorMessage("<html>bad gateway</html>"), "<html>bad gateway</html>");
  EXPECT_EQ(ErrorMessage(""), "(empty reply)");
}

}  // namespace
}  // namespace oms::integrations::card_gateway_wire
