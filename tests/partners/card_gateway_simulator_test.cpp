// The card gateway simulator over real loopback HTTP, spoken to with a
// plain HTTP client so that the wire format and the control API are tested
// as a partner adapter or a test script would see them.
#include "partners/card_gateway_simulator.h"

#include <httplib.h>

#include <string>

#include "common/sha256.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "partners/partner_server.h"

namespace oms::partners {
namespace {

using nlohmann::json;

std::string AuthorizeBody(const std::string& key, int64_t amount = 1000) {
  return json{{"idempotency_key", key}, {"order_id", "EU1-O1"}, {"amount_minor", amount},
              {"currency", "EUR"}, {"card_token", "tok_visa"}}
      .dump();
}

class CardGatewaySimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start().ok()); }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", server_.port());
    client.set_read_timeout(10, 0);
    return client;
  }
  httplib::Result Post(const std::string& path, const std::string& body,
                       const std::string& signature) {
    return Client().Post(path.c_str(), {{"X-Signature", signature}}, body, "application/json");
  }
  httplib::Result SignedPost(const std::string& path, const std::string& body) {
    return Post(path, body, HmacSha256Hex(secret(), body));
  }
  httplib::Result SignedGet(const std::string& target) {
    return Client().Get(target.c_str(), {{"X-Signature", HmacSha256Hex(secret(), target)}});
  }
  json PostControl(const json& body, int expected_status = 200) {
    auto res = Client().Post("/control/gateway", body.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, expected_status) << res->body;
    return json::parse(res->body);
  }
  const std::string& secret() { return server_.card_gateway().secret(); }

  PartnerServer server_;
};

TEST_F(CardGatewaySimulatorTest, AuthorizeAnswersThePaymentAsJson) {
  auto res = SignedPost("/gateway/v1/authorize", AuthorizeBody("k1"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json payment = json::parse(res->body);
  EXPECT_EQ(payment["state"], "authorized");
  EXPECT_EQ(payment["authorized_minor"], 1000);
  EXPECT_EQ(payment["card_last4"], "4242");
  EXPECT_FALSE(payment["payment_ref"].get<std::string>().empty());
}

TEST_F(CardGatewaySimulatorTest, BadSignatureIsRefusedWith401AndNothingIsAuthorized) {
  auto res = Post("/gateway/v1/authorize", AuthorizeBody("k1"), "00ff");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(json::parse(res->body)["error"], "bad_signature");
  EXPECT_EQ(server_.card_gateway().counters().bad_signatures, 1);
  EXPECT_EQ(server_.card_gateway().counters().book.payments, 0);
}

TEST_F(CardGatewaySimulatorTest, LookupSignsItsTargetBecauseItHasNoBody) {
  ASSERT_EQ(SignedPost("/gateway/v1/authorize", AuthorizeBody("k 1"))->status, 200);
  const std::string target = "/gateway/v1/payments?idempotency_key=k%201";
  auto signed_target = SignedGet(target);
  ASSERT_TRUE(signed_target);
  EXPECT_EQ(signed_target->status, 200) << signed_target->body;
  auto signed_empty_body =
      Client().Get(target.c_str(), {{"X-Signature", HmacSha256Hex(secret(), "")}});
  ASSERT_TRUE(signed_empty_body);
  EXPECT_EQ(signed_empty_body->status, 401);
}

TEST_F(CardGatewaySimulatorTest, LookupOfUnknownKeyIs404) {
  auto res = SignedGet("/gateway/v1/payments?idempotency_key=never");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(CardGatewaySimulatorTest, SameKeyWithOtherAmountIs409) {
  ASSERT_EQ(SignedPost("/gateway/v1/authorize", AuthorizeBody("k", 1000))->status, 200);
  auto res = SignedPost("/gateway/v1/authorize", AuthorizeBody("k", 2000));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
}

TEST_F(CardGatewaySimulatorTest, CaptureAboveAuthorizedIs422WithAReason) {
  auto auth = SignedPost("/gateway/v1/authorize", AuthorizeBody("k", 1000));
  const std::string ref = json::parse(auth->body)["payment_ref"];
  const std::string capture = json{{"idempotency_key", "c"}, {"payment_ref", ref},
                                   {"amount_minor", 1001}, {"currency", "EUR"}}
                                  .dump();
  auto res = SignedPost("/gateway/v1/capture", capture);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_EQ(json::parse(res->body)["reason"], "capture_exceeds_authorized");
}

TEST_F(CardGatewaySimulatorTest, MalformedBodyIs400) {
  auto not_json = SignedPost("/gateway/v1/authorize", "{not json");
  auto missing_field = SignedPost("/gateway/v1/authorize", R"({"idempotency_key":"k"})");
  ASSERT_TRUE(not_json && missing_field);
  EXPECT_EQ(not_json->status, 400);
  EXPECT_EQ(missing_field->status, 400);
}

TEST_F(CardGatewaySimulatorTest, OutageAnswers503ToTheGatewayButNotToControl) {
  PostControl({{"outage", true}});
  auto res = SignedPost("/gateway/v1/authorize", AuthorizeBody("k"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  json state = PostControl(json::object());
  EXPECT_EQ(state["counters"]["outage_rejections"], 1);
}

TEST_F(CardGatewaySimulatorTest, ControlApiSetsFaultsAndReportsCounters) {
  json state = PostControl({{"latency_ms", 5}, {"decline_rate", 0.25}, {"hold_ms", 700}});
  EXPECT_EQ(state["faults"]["latency_ms"], 5);
  EXPECT_EQ(state["faults"]["decline_rate"], 0.25);
  EXPECT_EQ(state["faults"]["hold_ms"], 700);
  EXPECT_EQ(server_.card_gateway().faults().latency, absl::Milliseconds(5));

  ASSERT_EQ(SignedPost("/gateway/v1/authorize", AuthorizeBody("k"))->status, 200);
  auto res = Client().Get("/control/gateway");
  ASSERT_TRUE(res);
  json counters = json::parse(res->body)["counters"];
  EXPECT_EQ(counters["calls"]["authorize"], 1);
  EXPECT_EQ(counters["authorizations"], 1);
}

TEST_F(CardGatewaySimulatorTest, ControlApiRejectsUnknownFieldsAndBadValues) {
  PostControl({{"latancy_ms", 5}}, 400);
  PostControl({{"decline_rate", 2}}, 400);
  PostControl({{"outage", "yes"}}, 400);
  EXPECT_FALSE(server_.card_gateway().faults().outage);
}

TEST_F(CardGatewaySimulatorTest, ResetClearsPaymentsFaultsAndCounters) {
  ASSERT_EQ(SignedPost("/gateway/v1/authorize", AuthorizeBody("k"))->status, 200);
  PostControl({{"outage", true}});
  auto res = Client().Post("/control/reset", "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(server_.card_gateway().faults().outage);
  EXPECT_EQ(server_.card_gateway().counters().calls_of(GatewayOperation::kAuthorize), 0);
  EXPECT_EQ(SignedGet("/gateway/v1/payments?idempotency_key=k")->status, 404);
}

TEST_F(CardGatewaySimulatorTest, TimeoutFaultDropsTheConnectionWithoutProcessing) {
  PostControl({{"timeout", true}, {"hold_ms", 50}});
  auto res = SignedPost("/gateway/v1/authorize", AuthorizeBody("k"));
  EXPECT_FALSE(res);  // no complete reply
  PostControl({{"timeout", false}});
  EXPECT_EQ(SignedGet("/gateway/v1/payments?idempotency_key=k")->status, 404);
  EXPECT_EQ(server_.card_gateway().counters().timeouts_held, 1);
}

TEST_F(CardGatewaySimulatorTest, LostReplyIsProcessedButNeverAnswered) {
  PostControl({{"lose_replies", 1}, {"hold_ms", 50}});
  EXPECT_FALSE(SignedPost("/gateway/v1/authorize", AuthorizeBody("k")));
  auto lookup = SignedGet("/gateway/v1/payments?idempotency_key=k");
  ASSERT_TRUE(lookup);
  EXPECT_EQ(lookup->status, 200);
  EXPECT_EQ(json::parse(lookup->body)["state"], "authorized");
  // Only the next N replies are lost.
  auto second = SignedPost("/gateway/v1/authorize", AuthorizeBody("k2"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
}

}  // namespace
}  // namespace oms::partners
