// Runs the built omsctl binary against FakeOmsServer and checks what a user
// or a script sees: stdout, stderr, JSON and exit statuses.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "e2e_fixture.h"

namespace omsctl::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

TEST_F(OmsctlEndToEndTest, OrderGetByNumberShowsHeaderHoldsLinesTendersTotals) {
  const ProcessResult result = Run({"order", "get", "EU1-7Q2M-K9XD"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B"));
  EXPECT_THAT(result.out, HasSubstr("CONFIRMED"));
  EXPECT_THAT(result.out, Not(HasSubstr("ORDER_STATUS_")));
  EXPECT_THAT(result.out, HasSubstr("FRAUD_REVIEW"));
  EXPECT_THAT(result.out, HasSubstr("12.34 EUR"));
  EXPECT_THAT(result.out, HasSubstr("reserved 2"));
  EXPECT_THAT(result.out, HasSubstr("WH-BER-1 x2"));
  EXPECT_THAT(result.out, HasSubstr("card ****4242"));
  EXPECT_THAT(result.out, HasSubstr("2026-01-01T00:00:00Z"));
  EXPECT_THAT(result.out, HasSubstr("Total"));
  EXPECT_THAT(result.err, IsEmpty());
}

TEST_F(OmsctlEndToEndTest, OrderGetSendsAnIdAsOrderIdEvenInLowerCase) {
  const ProcessResult result =
      Run({"order", "get", "eu1-01jd3k5q8x9r2t4v6w8y0z1a2b"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("EU1-7Q2M-K9XD"));
}

TEST_F(OmsctlEndToEndTest, OrderGetOfAnUnknownOrderIsNotFoundWithExitStatus1) {
  const ProcessResult result = Run({"order", "get", "EU1-ZZZZ-ZZZZ"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "omsctl: NOT_FOUND: order EU1-ZZZZ-ZZZZ not found\n");
  EXPECT_THAT(result.out, IsEmpty());
}

TEST_F(OmsctlEndToEndTest, OrderGetOfSomethingThatIsNoOrderRefIsAUsageError) {
  const ProcessResult result = Run({"order", "get", "hello"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("neither an order id"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, JsonAfterTheVerbPrintsOneProtobufJsonObject) {
  const ProcessResult result = Run({"order", "get", "EU1-7Q2M-K9XD", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(result.out.find('\n'), result.out.size() - 1) << "one line";
  const nlohmann::json order = nlohmann::json::parse(result.out);
  EXPECT_EQ(order["orderNumber"], "EU1-7Q2M-K9XD");
  EXPECT_EQ(order["status"], "ORDER_STATUS_CONFIRMED");
  EXPECT_EQ(order["lines"][0]["unitPrice"]["amountMinor"], "1234");
  EXPECT_FALSE(order["lines"][0].contains("shipped")) << "defaults omitted";
}

TEST_F(OmsctlEndToEndTest, CallSendsJsonToAnyMethodAndPrintsTheReplyAsJson) {
  const ProcessResult result =
      Run({"call", "oms.v1.OrderService/GetOrder",
           R"({"orderNumber": "EU1-7Q2M-K9XD"})"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json order = nlohmann::json::parse(result.out);
  EXPECT_EQ(order["orderId"], FakeOmsServer::kOrderId);
}

TEST_F(OmsctlEndToEndTest, CallWithJsonFlagPrintsOneLine) {
  const ProcessResult result =
      Run({"--json", "call", "oms.v1.OrderService/GetOrder",
           R"({"order_number": "EU1-7Q2M-K9XD"})"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find('\n'), result.out.size() - 1);
  EXPECT_THAT(result.out, StartsWith(R"({"orderId":")"));
}

TEST_F(OmsctlEndToEndTest, CallReadsTheBodyFromStandardInput) {
  const ProcessResult result =
      Run({"call", "oms.v1.OrderService/GetOrder", "-"}, {},
          R"({"orderId": "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B"})");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("EU1-7Q2M-K9XD"));
}

TEST_F(OmsctlEndToEndTest, CallReadsTheBodyFromAnAtFile) {
  const std::string path =
      WriteTempFile(R"({"orderNumber": "EU1-7Q2M-K9XD"})");
  const ProcessResult result =
      Run({"call", "oms.v1.OrderService/GetOrder", "@" + path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(FakeOmsServer::kOrderId));
}

TEST_F(OmsctlEndToEndTest, CallForwardsTheServersStatus) {
  const ProcessResult result = Run(
      {"call", "oms.v1.OrderService/GetOrder", R"({"orderNumber": "EU1-X"})"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("omsctl: NOT_FOUND: order EU1-X"));
}

TEST_F(OmsctlEndToEndTest, CallWithAnUnknownFieldIsAUsageErrorAndSendsNothing) {
  const ProcessResult result =
      Run({"call", "oms.v1.OrderService/GetOrder", R"({"orderNo": "X"})"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("unknown field \"orderNo\""));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, CallWithMalformedJsonIsAUsageError) {
  const ProcessResult result =
      Run({"call", "oms.v1.OrderService/GetOrder", R"({"orderId": )"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err,
              HasSubstr("invalid JSON for oms.v1.GetOrderRequest"));
  EXPECT_THAT(result.err, HasSubstr("line 1"));
}

TEST_F(OmsctlEndToEndTest, CallOfAnUnknownMethodIsAUsageError) {
  const ProcessResult result =
      Run({"call", "oms.v1.OrderService/NoSuchMethod"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("has no method \"NoSuchMethod\""));
}

TEST_F(OmsctlEndToEndTest, CallListShowsMethodsOfEveryService) {
  const ProcessResult result = Run({"call", "--list"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("oms.v1.OrderService/PlaceOrder"));
  EXPECT_THAT(result.out, HasSubstr("oms.v1.SessionService/WhoAmI"));
  EXPECT_THAT(result.out, HasSubstr("grpc.health.v1.Health/Check"));
}

TEST_F(OmsctlEndToEndTest, WhoAmISendsTheTokenAsBearerMetadata) {
  const ProcessResult result =
      Run({"whoami", "--token", FakeOmsServer::kToken});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(FakeOmsServer::kPrincipal));
}

TEST_F(OmsctlEndToEndTest, WhoAmITakesTheTokenFromTheEnvironment) {
  const ProcessResult result = Run(
      {"whoami"}, {std::string("OMS_TOKEN=") + FakeOmsServer::kToken});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(FakeOmsServer::kPrincipal));
}

TEST_F(OmsctlEndToEndTest, WhoAmIWithoutATokenIsUnauthenticated) {
  const ProcessResult result = Run({"whoami"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "omsctl: UNAUTHENTICATED: missing or unknown bearer token\n");
}

TEST_F(OmsctlEndToEndTest, ServerComesFromTheEnvironment) {
  const ProcessResult result = RunWithoutServerFlag(
      {"whoami", "--token", FakeOmsServer::kToken},
      {"OMS_SERVER=" + server_.address()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(FakeOmsServer::kPrincipal));
}

TEST_F(OmsctlEndToEndTest, HealthPrintsServingWithoutAToken) {
  const ProcessResult result = Run({"health"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "SERVING\n");
}

TEST_F(OmsctlEndToEndTest, HealthPrintsNotServingWithExitStatus1) {
  server_.SetServing(false);
  const ProcessResult result = Run({"health"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "NOT_SERVING\n");
}

TEST_F(OmsctlEndToEndTest, UnreachableServerIsUnavailableWithExitStatus1) {
  const ProcessResult result = RunWithoutServerFlag(
      {"--server", "127.0.0.1:1", "health", "--timeout", "2"}, {});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("omsctl: UNAVAILABLE: "));
}

TEST_F(OmsctlEndToEndTest, TimeoutIsTheDeadlineOfTheCall) {
  const ProcessResult result =
      Run({"node", "list", "--region", "SLOW", "--timeout", "0.3"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("omsctl: DEADLINE_EXCEEDED: "));
}

TEST_F(OmsctlEndToEndTest, ATokenWithALineBreakIsAUsageErrorNotACrash) {
  // What `OMS_TOKEN=$(omsctl login ... 2>&1)` would hold: words, then the token.
  const ProcessResult result =
      Run({"--token", "signed in as staff:alice\nabc123", "node", "list"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("printable characters only"));
}

TEST_F(OmsctlEndToEndTest, AnExpiryTooLongToCountIsAUsageError) {
  const ProcessResult result = Run({"--token", "demo-admin-token", "admin", "token", "create",
                                    "ci-bot", "--role", "channel", "--expires",
                                    "999999999999999d"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--expires"));
}

TEST_F(OmsctlEndToEndTest, NodeListShowsTypesAndCapabilitiesWithoutPrefixes) {
  const ProcessResult result = Run({"node", "list", "--type", "warehouse"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("WAREHOUSE"));
  EXPECT_THAT(result.out, HasSubstr("SHIP"));
  EXPECT_THAT(result.out, Not(HasSubstr("NODE_")));
}

TEST_F(OmsctlEndToEndTest, OrderPlaceWithoutRequestIdGeneratesAndPrintsOne) {
  const std::string path = WriteTempFile(
      R"({"channel": "web", "currency": "EUR",
          "lines": [{"sku": "SKU-TEE", "quantity": 2}]})");
  const ProcessResult result = Run({"order", "place", "--file", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string sent = server_.last_place_request().request_id();
  EXPECT_EQ(sent.size(), 26u);
  EXPECT_THAT(result.err, HasSubstr("--request-id " + sent));
  EXPECT_THAT(result.out, HasSubstr("EU1-7Q2M-K9XD"));
}

TEST_F(OmsctlEndToEndTest, OrderPlaceSendsTheGivenRequestId) {
  const std::string path = WriteTempFile(
      R"({"requestId": "from-file", "lines": [{"sku": "SKU-TEE"}]})");
  const ProcessResult result =
      Run({"order", "place", "-f", path, "--request-id", "retry-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.last_place_request().request_id(), "retry-1");
  EXPECT_THAT(result.err, IsEmpty());
}

TEST_F(OmsctlEndToEndTest, OrderPlaceOutOfStockIsFailedPreconditionExit1) {
  const std::string path = WriteTempFile(
      R"({"requestId": "r-1", "lines": [{"sku": "SKU-GONE", "quantity": 1}]})");
  const ProcessResult result = Run({"order", "place", "--file", path});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "omsctl: FAILED_PRECONDITION: out of stock: SKU-GONE at every "
            "node\n");
}

TEST_F(OmsctlEndToEndTest, OrderPlaceWithAMistypedFieldIsAUsageError) {
  const std::string path =
      WriteTempFile(R"({"lines": [{"sku": "SKU-TEE", "qty": 2}]})");
  const ProcessResult result = Run({"order", "place", "--file", path});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("unknown field \"lines[0].qty\""));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, OrderSearchMapsFiltersAndPrintsTheNextPageToken) {
  const ProcessResult result =
      Run({"order", "search", "--status", "confirmed,pending", "--from",
           "2026-01-01", "--to", "2026-01-31", "--oldest-first", "--limit",
           "2", "--email", "alice@example.com"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const oms::v1::SearchOrdersRequest sent = server_.last_search_request();
  ASSERT_EQ(sent.statuses_size(), 2);
  EXPECT_EQ(sent.statuses(0), oms::v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(sent.statuses(1), oms::v1::ORDER_STATUS_PENDING);
  EXPECT_EQ(sent.created_from().seconds(), 1767225600);  // 2026-01-01
  EXPECT_EQ(sent.created_to().seconds(), 1769904000);    // 2026-02-01
  EXPECT_EQ(sent.sort(), oms::v1::SORT_ORDER_OLDEST_FIRST);
  EXPECT_EQ(sent.page().page_size(), 2);
  EXPECT_EQ(sent.email(), "alice@example.com");
  EXPECT_THAT(result.out, HasSubstr("EU1-AAAA-0002"));
  EXPECT_THAT(result.out, Not(HasSubstr("EU1-AAAA-0003")));
  EXPECT_THAT(result.out, HasSubstr("Next page: --page-token p2"));
}

TEST_F(OmsctlEndToEndTest, OrderSearchAllFollowsEveryPage) {
  const ProcessResult result = Run({"order", "search", "--all", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json reply = nlohmann::json::parse(result.out);
  EXPECT_EQ(reply["orders"].size(), 3u);
  EXPECT_FALSE(reply.contains("nextPageToken"));
}

TEST_F(OmsctlEndToEndTest, OrderSearchWithAnUnknownStatusIsAUsageError) {
  const ProcessResult result = Run({"order", "search", "--status", "shipped"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("\"shipped\" is not a OrderStatus"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, StockAdjustMapsTheKindAndGeneratesARequestId) {
  const ProcessResult result =
      Run({"stock", "adjust", "--sku", "SKU-TEE", "--node", "WH-BER-1",
           "--kind", "receive", "--quantity", "5", "--reason", "PO 17"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const oms::v1::AdjustStockRequest sent = server_.last_adjust_request();
  EXPECT_EQ(sent.kind(), oms::v1::ADJUSTMENT_KIND_RECEIVE);
  EXPECT_EQ(sent.quantity(), 5);
  EXPECT_EQ(sent.reason(), "PO 17");
  EXPECT_THAT(result.err, HasSubstr("--request-id " + sent.request_id()));
  EXPECT_THAT(result.out, HasSubstr("WH-BER-1"));
}

TEST_F(OmsctlEndToEndTest, CommandLineMistakesExitWithStatus2) {
  EXPECT_EQ(Run({"order", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(Run({"order", "get"}).exit_code, 2);
  EXPECT_EQ(Run({"stock", "adjust", "--sku", "A"}).exit_code, 2);
  EXPECT_EQ(Run({"health", "--timeout", "-1"}).exit_code, 2);
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlEndToEndTest, HelpExitsWith0) {
  const ProcessResult result = Run({"order", "search", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("--oldest-first"));
}

}  // namespace
}  // namespace omsctl::testing
