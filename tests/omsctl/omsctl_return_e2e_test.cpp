// Runs the built omsctl binary's `return` verbs against FakeReturnServer and
// checks the requests they send and what a user or a script sees.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fake_return_service.h"
#include "output_fields.h"
#include "subprocess.h"

namespace omsctl::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class OmsctlReturnTest : public ::testing::Test {
 protected:
  ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {OMSCTL_BINARY, "--server", server_.address()});
    return RunProcess(args, {});
  }

  FakeReturnServer server_;
};

TEST_F(OmsctlReturnTest, CreateSendsLinesReasonsNotesAndPolicyAndPrintsTheReturn) {
  const ProcessResult result =
      Run({"return", "create", "eu1-7q2m-k9xd", "--line", "1:2:size-or-fit", "--line",
           "2:1:defective:zip broke: day 2", "--policy", "store-credit", "--request-id", "k1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto request = server_.last_request<oms::v1::CreateReturnRequest>("CreateReturn");
  EXPECT_EQ(request.order_id(), "EU1-7Q2M-K9XD");
  EXPECT_EQ(request.request_id(), "k1");
  EXPECT_EQ(request.refund_policy(), oms::v1::REFUND_POLICY_STORE_CREDIT);
  ASSERT_EQ(request.lines_size(), 2);
  EXPECT_EQ(request.lines(0).line_no(), 1);
  EXPECT_EQ(request.lines(0).quantity(), 2);
  EXPECT_EQ(request.lines(0).reason(), oms::v1::RETURN_REASON_SIZE_OR_FIT);
  EXPECT_EQ(request.lines(1).reason(), oms::v1::RETURN_REASON_DEFECTIVE);
  EXPECT_EQ(request.lines(1).note(), "zip broke: day 2");
  EXPECT_TRUE(request.replacement().empty());
  EXPECT_FALSE(request.has_difference_tender());

  EXPECT_EQ(FieldValue(result.out, "Return"), FakeReturnServer::kReturnId);
  EXPECT_EQ(FieldValue(result.out, "Status"), "AWAITING_RECEIPT");
  EXPECT_EQ(FieldValue(result.out, "Value"), "59.85 EUR");
  EXPECT_EQ(FieldValue(result.out, "Refund policy"), "STORE_CREDIT");
  EXPECT_THAT(result.out, HasSubstr("SIZE_OR_FIT"));
  EXPECT_THAT(result.out, HasSubstr("zip broke: day 2"));
  EXPECT_EQ(FieldValue(result.out, "Order"), FakeReturnServer::kOrderNumber);
  EXPECT_THAT(result.err, IsEmpty());  // the request id was given
}

TEST_F(OmsctlReturnTest, CreateWithoutRequestIdGeneratesAndPrintsOne) {
  const ProcessResult result = Run({"return", "create", "EU1-7Q2M-K9XD", "--line", "1:1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto request = server_.last_request<oms::v1::CreateReturnRequest>("CreateReturn");
  EXPECT_EQ(request.request_id().size(), 26u);
  EXPECT_THAT(result.err, HasSubstr(request.request_id()));
}

TEST_F(OmsctlReturnTest, APositionalAfterARepeatableOptionIsNotTakenAsItsValue) {
  const ProcessResult result = Run({"return", "create", "--line", "1:1", "--line", "2:1",
                                    FakeReturnServer::kOrderNumber, "--request-id", "k6"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto request = server_.last_request<oms::v1::CreateReturnRequest>("CreateReturn");
  EXPECT_EQ(request.order_id(), FakeReturnServer::kOrderNumber);
  EXPECT_EQ(request.lines_size(), 2);
  const ProcessResult receive = Run(
      {"return", "receive", "--damaged", "1:2", FakeReturnServer::kReturnId, "--request-id", "k7"});
  ASSERT_EQ(receive.exit_code, 0) << receive.err;
}

TEST_F(OmsctlReturnTest, AnExchangeSendsTheReplacementAndTheCardAndShowsTheHeldOrder) {
  const ProcessResult result =
      Run({"return", "create", "EU1-7Q2M-K9XD", "--line", "1:1:size-or-fit", "--replace",
           "TEE-L-BLUE:1", "--pay-card", "tok_visa", "--request-id", "k2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto request = server_.last_request<oms::v1::CreateReturnRequest>("CreateReturn");
  ASSERT_EQ(request.replacement_size(), 1);
  EXPECT_EQ(request.replacement(0).sku(), "TEE-L-BLUE");
  EXPECT_EQ(request.replacement(0).quantity(), 1);
  EXPECT_EQ(request.difference_tender().type(), oms::v1::TENDER_TYPE_CARD);
  EXPECT_EQ(request.difference_tender().card_token(), "tok_visa");
  EXPECT_FALSE(request.difference_tender().has_amount());  // omsd sets it
  EXPECT_EQ(FieldValue(result.out, "Kind"), "exchange");
  EXPECT_EQ(FieldValue(result.out, "Replacement order"), FakeReturnServer::kReplacementNumber);
  EXPECT_EQ(FieldValue(result.out, "Holds"), "AWAITING_RETURN");
}

TEST_F(OmsctlReturnTest, PayingWithoutAReplacementOrWithTwoTendersIsAUsageError) {
  const ProcessResult no_replacement =
      Run({"return", "create", "EU1-7Q2M-K9XD", "--line", "1:1", "--pay-wallet"});
  EXPECT_EQ(no_replacement.exit_code, 2);
  EXPECT_THAT(no_replacement.err, HasSubstr("--replace"));
  const ProcessResult two = Run({"return", "create", "EU1-7Q2M-K9XD", "--line", "1:1", "--replace",
                                 "A:1", "--pay-wallet", "--pay-store-credit"});
  EXPECT_EQ(two.exit_code, 2);
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlReturnTest, CreateRefusesBadArgumentsBeforeSendingAnything) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"return", "create", "EU1-7Q2M-K9XD"},  // no --line
           {"return", "create", "EU1-7Q2M-K9XD", "--line", "1:0"},
           {"return", "create", "EU1-7Q2M-K9XD", "--line", "1:1:too-big"},
           {"return", "create", "EU1-7Q2M-K9XD", "--line", "1:1", "--policy", "cash"},
           {"return", "create", "EU1-7Q2M-K9XD", "--line", "1:1", "--replace", "TEE"},
           {"return", "create", "hello", "--line", "1:1"}}) {
    const ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, 2) << args.back() << ": " << result.err;
  }
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlReturnTest, TheServersRefusalIsExit1WithItsMessage) {
  const ProcessResult result =
      Run({"return", "create", "EU1-7Q2M-K9XD", "--line", "9:3", "--request-id", "k3"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("FAILED_PRECONDITION: line 9: 3 units cannot be returned"));
  EXPECT_THAT(result.out, IsEmpty());
}

TEST_F(OmsctlReturnTest, CreateWithJsonPrintsTheResponseAsOneObject) {
  const ProcessResult result =
      Run({"return", "create", "EU1-7Q2M-K9XD", "--line", "1:1", "--request-id", "k4", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(result.out.find('\n'), result.out.size() - 1) << "one line";
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["returnId"], FakeReturnServer::kReturnId);
  EXPECT_EQ(json["order"]["returns"][0]["status"], "RETURN_STATUS_AWAITING_RECEIPT");
}

TEST_F(OmsctlReturnTest, ReceiveCombinesRestockAndDamagedPerLine) {
  const ProcessResult result =
      Run({"return", "receive", "eu1-01jd3k5q8x9r2t4v6w8y0z1a2b-rma1", "--restock", "1:1@WH-BER-1",
           "--damaged", "1:1", "--request-id", "k5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto request = server_.last_request<oms::v1::ReceiveReturnRequest>("ReceiveReturn");
  EXPECT_EQ(request.return_id(), FakeReturnServer::kReturnId);
  EXPECT_EQ(request.request_id(), "k5");
  ASSERT_EQ(request.lines_size(), 1);
  EXPECT_EQ(request.lines(0).line_no(), 1);
  EXPECT_EQ(request.lines(0).restocked(), 1);
  EXPECT_EQ(request.lines(0).restock_node_id(), "WH-BER-1");
  EXPECT_EQ(request.lines(0).damaged(), 1);
  EXPECT_EQ(FieldValue(result.out, "Status"), "RECEIVED");
  EXPECT_EQ(FieldValue(result.out, "Refund"),
            std::string(FakeReturnServer::kRefundId) + " (SUCCEEDED, 39.90 EUR)");
  EXPECT_THAT(result.out, HasSubstr("restocked 1 @ WH-BER-1, damaged 1"));
  EXPECT_EQ(FieldValue(result.out, "Payment"), "PARTIALLY_REFUNDED");
}

TEST_F(OmsctlReturnTest, ReceiveWithoutDispositionsOrWithABadIdIsAUsageError) {
  const ProcessResult nothing = Run({"return", "receive", FakeReturnServer::kReturnId});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_THAT(nothing.err, HasSubstr("nothing received"));
  const ProcessResult bad_id = Run({"return", "receive", "EU1-7Q2M-K9XD", "--damaged", "1:1"});
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_THAT(bad_id.err, HasSubstr("not a return id"));
  EXPECT_EQ(server_.calls(), 0);
}

TEST_F(OmsctlReturnTest, ReplayedRequestSaysSo) {
  const ProcessResult result = Run({"return", "receive", FakeReturnServer::kReturnId, "--damaged",
                                    "1:2", "--request-id", "replayed"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("replayed"));
}

TEST_F(OmsctlReturnTest, CancelSendsTheReason) {
  const ProcessResult result =
      Run({"return", "cancel", FakeReturnServer::kReturnId, "--reason", "kept it"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto request = server_.last_request<oms::v1::CancelReturnRequest>("CancelReturn");
  EXPECT_EQ(request.return_id(), FakeReturnServer::kReturnId);
  EXPECT_EQ(request.reason(), "kept it");
  EXPECT_EQ(FieldValue(result.out, "Status"), "CANCELLED");
  EXPECT_EQ(FieldValue(result.out, "Cancelled"), "kept it");
}

TEST_F(OmsctlReturnTest, GetReadsTheReturnFromItsOrder) {
  const ProcessResult result = Run({"return", "get", FakeReturnServer::kReturnId});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.last_request<oms::v1::GetOrderRequest>("GetOrder").order_id(),
            FakeReturnServer::kOrderId);
  EXPECT_EQ(FieldValue(result.out, "Return"), FakeReturnServer::kReturnId);
  EXPECT_THAT(result.out, HasSubstr("SIZE_OR_FIT"));

  const ProcessResult json = Run({"return", "get", FakeReturnServer::kReturnId, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["returnId"], FakeReturnServer::kReturnId);

  const ProcessResult missing =
      Run({"return", "get", std::string(FakeReturnServer::kOrderId) + "-RMA7"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(missing.out, Not(HasSubstr("RMA")));
}

}  // namespace
}  // namespace omsctl::testing
