// An order's refunds survive the order's JSON body field for field.
#include "server/storage/refund_codec.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/storage/order_codec.h"

namespace oms::storage {
namespace {

domain::RefundState FullRefund() {
  domain::RefundState r;
  r.refund_id = "EU1-01TEST-R2";
  r.status = domain::RefundStatus::kPending;
  r.policy = domain::RefundPolicy::kProRata;
  r.lines = {{1, 2, true, 2000}, {3, 1, false, 500}};
  r.shipping_minor = 490;
  r.goodwill_minor = 125;
  r.amount_minor = 3115;
  r.reason = "damaged in transit";
  r.requested_by = "staff:alice";
  r.approved_by = "staff:sam";
  r.rejection_reason = "";
  domain::RefundPart card;
  card.part_no = 1;
  card.tender_id = "T1";
  card.tender_type = domain::TenderType::kCard;
  card.kind = domain::RefundPartKind::kRefund;
  card.amount_minor = 2000;
  card.status = domain::RefundPartStatus::kPending;
  card.gateway_key = "EU1-01TEST:T1:refund:EU1-01TEST-R2";
  domain::RefundPart credit;
  credit.part_no = 2;
  credit.tender_id = "T2";
  credit.tender_type = domain::TenderType::kWallet;
  credit.kind = domain::RefundPartKind::kStoreCredit;
  credit.amount_minor = 1115;
  credit.status = domain::RefundPartStatus::kSucceeded;
  credit.completed_at = absl::FromUnixMicros(1'790'000'123'456'789);
  r.parts = {card, credit};
  r.requested_at = absl::FromUnixMicros(1'790'000'000'000'001);
  r.decided_at = absl::FromUnixMicros(1'790'000'100'000'002);
  return r;
}

TEST(RefundCodecTest, EveryFieldRoundTripsInsideTheOrder) {
  domain::OrderState state;
  state.order_id = "EU1-01TEST";
  state.refunds = {FullRefund()};
  auto decoded = DecodeOrderState(EncodeOrderState(state));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_EQ(decoded->refunds.size(), 1u);
  const domain::RefundState& a = state.refunds[0];
  const domain::RefundState& b = decoded->refunds[0];
  EXPECT_EQ(a.refund_id, b.refund_id);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.policy, b.policy);
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (size_t i = 0; i < a.lines.size(); ++i) {
    EXPECT_EQ(a.lines[i].line_no, b.lines[i].line_no);
    EXPECT_EQ(a.lines[i].quantity, b.lines[i].quantity);
    EXPECT_EQ(a.lines[i].restock, b.lines[i].restock);
    EXPECT_EQ(a.lines[i].amount_minor, b.lines[i].amount_minor);
  }
  EXPECT_EQ(a.shipping_minor, b.shipping_minor);
  EXPECT_EQ(a.goodwill_minor, b.goodwill_minor);
  EXPECT_EQ(a.amount_minor, b.amount_minor);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.requested_by, b.requested_by);
  EXPECT_EQ(a.approved_by, b.approved_by);
  EXPECT_EQ(a.rejection_reason, b.rejection_reason);
  ASSERT_EQ(a.parts.size(), b.parts.size());
  for (size_t i = 0; i < a.parts.size(); ++i) {
    EXPECT_EQ(a.parts[i].part_no, b.parts[i].part_no);
    EXPECT_EQ(a.parts[i].tender_id, b.parts[i].tender_id);
    EXPECT_EQ(a.parts[i].tender_type, b.parts[i].tender_type);
    EXPECT_EQ(a.parts[i].kind, b.parts[i].kind);
    EXPECT_EQ(a.parts[i].amount_minor, b.parts[i].amount_minor);
    EXPECT_EQ(a.parts[i].status, b.parts[i].status);
    EXPECT_EQ(a.parts[i].gateway_key, b.parts[i].gateway_key);
    EXPECT_EQ(a.parts[i].completed_at, b.parts[i].completed_at);
  }
  EXPECT_EQ(a.requested_at, b.requested_at);
  EXPECT_EQ(a.decided_at, b.decided_at);
  EXPECT_EQ(a.completed_at, b.completed_at);
}

TEST(RefundCodecTest, AnOrderWrittenBeforeRefundsReadsWithNone) {
  domain::OrderState state;
  state.order_id = "EU1-01OLD";
  nlohmann::json j = OrderStateToJson(state);
  j.erase("refunds");
  auto decoded = OrderStateFromJson(j);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(decoded->refunds.empty());
}

TEST(RefundCodecTest, AnUnknownRefundStatusIsInternalAndNamesTheOrder) {
  domain::OrderState state;
  state.order_id = "EU1-01BAD";
  state.refunds = {FullRefund()};
  nlohmann::json j = OrderStateToJson(state);
  j["refunds"][0]["status"] = "LOST";
  auto decoded = OrderStateFromJson(j);
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(decoded.status().message().find("EU1-01BAD"), std::string::npos)
      << decoded.status().message();
  EXPECT_NE(decoded.status().message().find("LOST"), std::string::npos)
      << decoded.status().message();
}

}  // namespace
}  // namespace oms::storage
