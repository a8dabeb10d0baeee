#include "server/storage/order_codec.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using testing::ExpectSameState;
using testing::FullState;

TEST(OrderCodecTest, EveryFieldRoundTrips) {
  const domain::OrderState state = FullState();
  absl::StatusOr<domain::OrderState> decoded = DecodeOrderState(EncodeOrderState(state));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ExpectSameState(state, *decoded);
}

TEST(OrderCodecTest, TimesAreStoredAsUnixMicroseconds) {
  domain::OrderState state = FullState();
  const nlohmann::json j = OrderStateToJson(state);
  EXPECT_EQ(j.at("created_at").get<int64_t>(), absl::ToUnixMicros(state.created_at));
  EXPECT_EQ(j.at("holds").at(0).at("placed_at").get<int64_t>(),
            absl::ToUnixMicros(state.holds[0].placed_at));
}

TEST(OrderCodecTest, EnumsAreStoredByName) {
  const nlohmann::json j = OrderStateToJson(FullState());
  EXPECT_EQ(j.at("status"), "PARTIALLY_FULFILLED");
  EXPECT_EQ(j.at("tenders").at(1).at("type"), "STORE_CREDIT");
  EXPECT_EQ(j.at("holds").at(0).at("reason"), "FRAUD_REVIEW");
}

TEST(OrderCodecTest, MissingFieldsTakeTheirDefaults) {
  absl::StatusOr<domain::OrderState> decoded =
      DecodeOrderState(R"({"order_id":"EU1-X","status":"CONFIRMED"})");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->order_id, "EU1-X");
  EXPECT_EQ(decoded->status, domain::OrderStatus::kConfirmed);
  EXPECT_TRUE(decoded->lines.empty());
}

TEST(OrderCodecTest, AnUnknownStatusIsInternalAndNamesTheOrder) {
  absl::StatusOr<domain::OrderState> decoded =
      DecodeOrderState(R"({"order_id":"EU1-X","status":"TELEPORTED"})");
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(decoded.status().message().find("EU1-X"), std::string::npos);
  EXPECT_NE(decoded.status().message().find("TELEPORTED"), std::string::npos);
}

TEST(OrderCodecTest, AFieldOfTheWrongTypeIsInternal) {
  EXPECT_EQ(
      DecodeOrderState(R"({"order_id":"EU1-X","lines":[{"ordered":"many"}]})").status().code(),
      absl::StatusCode::kInternal);
}

TEST(OrderCodecTest, TextThatIsNotJsonIsInternal) {
  EXPECT_EQ(DecodeOrderState("{not json").status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace oms::storage
