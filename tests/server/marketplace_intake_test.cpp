// Marketplace orders in, end to end: the partners' marketplace simulator
// posts Shopify- and Amazon-style orders to the real omsd's webhook.
#include <gtest/gtest.h>
#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "nlohmann/json.hpp"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

using nlohmann::json;
using partners::MarketplaceOrderSpec;

constexpr char kShopify[] = "shopify-eu";
constexpr char kAmazon[] = "amazon-de";

TestRegionOptions WithMarketplaces() {
  TestRegionOptions options;
  options.channels[kShopify] = ChannelSettings{
      .type = "marketplace", .currency = "EUR", .secret = "shop-secret", .format = "shopify"};
  options.channels[kAmazon] = ChannelSettings{
      .type = "marketplace", .currency = "EUR", .secret = "amz-secret", .format = "amazon"};
  return options;
}

class MarketplaceIntakeTest : public ::testing::TestWithParam<std::string> {
 protected:
  MarketplaceIntakeTest() : region_(WithMarketplaces()) {}

  std::vector<v1::OrderSummary> OrdersOf(const std::string& channel) {
    v1::SearchOrdersRequest request;
    request.set_channel(channel);
    v1::SearchOrdersResponse response;
    grpc::Status s = region_.orders().SearchOrders(region_.Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.orders().begin(), response.orders().end()};
  }

  std::vector<v1::RejectedIntake> Rejected(const std::string& channel,
                                           const std::string& token = "demo-supervisor-token") {
    v1::ListRejectedIntakeRequest request;
    request.set_channel(channel);
    v1::ListRejectedIntakeResponse response;
    grpc::Status s =
        region_.intake().ListRejectedIntake(region_.Context(token).get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.rejected().begin(), response.rejected().end()};
  }

  static MarketplaceOrderSpec TwoLines() {
    MarketplaceOrderSpec spec;
    spec.lines = {{"TEE-ORG-WHT-M", 2, 1999}, {"MUG-STN-BLU", 1, 1399}};
    spec.shipping_minor = 495;
    spec.tax_minor = 1025;
    spec.discount_minor = 500;
    return spec;
  }

  TestRegion region_;
};

TEST_P(MarketplaceIntakeTest, AValidOrderIsPlacedWithTheMarketplacesAmountsAndAlreadyPaid) {
  const auto [sku_on_hand, sku_reserved] = region_.Stock("TEE-ORG-WHT-M");
  auto posted = region_.marketplaces().PostOrders(GetParam(), 1, TwoLines());
  ASSERT_TRUE(posted.ok()) << posted.status();
  ASSERT_EQ((*posted)[0].http_status, 201) << (*posted)[0].body;
  const json answer = json::parse((*posted)[0].body);
  EXPECT_EQ(answer.at("status"), "created");
  EXPECT_EQ(answer.at("order_status"), "CONFIRMED");

  auto order = region_.Get(answer.at("order_id"));
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->channel(), GetParam());
  EXPECT_EQ(order->external_ref(), (*posted)[0].external_id);
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(order->totals().subtotal().amount_minor(), 2 * 1999 + 1399);
  EXPECT_EQ(order->totals().shipping().amount_minor(), 495);
  EXPECT_EQ(order->totals().tax().amount_minor(), 1025);
  EXPECT_EQ(order->totals().discount().amount_minor(), 500);
  EXPECT_EQ(order->totals().total().amount_minor(), 2 * 1999 + 1399 + 495 + 1025 - 500);
  ASSERT_EQ(order->tenders_size(), 1);
  EXPECT_EQ(order->tenders(0).type(), v1::TENDER_TYPE_MARKETPLACE);
  EXPECT_EQ(order->tenders(0).status(), v1::TENDER_STATUS_CAPTURED);
  EXPECT_EQ(order->tenders(0).captured_minor(), order->totals().total().amount_minor());
  EXPECT_EQ(order->shipping_address().city(), "Berlin");
  EXPECT_EQ(region_.Stock("TEE-ORG-WHT-M").second, sku_reserved + 2);
  (void)sku_on_hand;
}

TEST_P(MarketplaceIntakeTest, TheSameOrderTwiceIsAnsweredWithTheFirstAndPlacedOnce) {
  auto first = region_.marketplaces().PostOrders(GetParam(), 1);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ((*first)[0].http_status, 201) << (*first)[0].body;
  auto again = region_.marketplaces().ResendLast(GetParam());
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->http_status, 200) << again->body;
  EXPECT_EQ(json::parse(again->body).at("status"), "duplicate");
  EXPECT_EQ(json::parse(again->body).at("order_id"), json::parse((*first)[0].body).at("order_id"));
  // A changed payload for the same external order is still that order.
  MarketplaceOrderSpec changed;
  changed.external_id = (*first)[0].external_id;
  changed.shipping_minor = 0;
  auto resent = region_.marketplaces().PostOrders(GetParam(), 1, changed);
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_EQ((*resent)[0].http_status, 200) << (*resent)[0].body;
  EXPECT_EQ(OrdersOf(GetParam()).size(), 1u);
}

TEST_P(MarketplaceIntakeTest, ABadSignatureIs401AndTheBodyIsKeptForInspection) {
  auto posted = region_.marketplaces().PostWithBadSignature(GetParam());
  ASSERT_TRUE(posted.ok()) << posted.status();
  EXPECT_EQ(posted->http_status, 401) << posted->body;
  EXPECT_TRUE(absl::StrContains(json::parse(posted->body).at("error").get<std::string>(),
                                "X-Signature does not match"))
      << posted->body;
  EXPECT_TRUE(OrdersOf(GetParam()).empty());
  auto rejected = Rejected(GetParam());
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].channel(), GetParam());
  EXPECT_EQ(rejected[0].format(), GetParam() == kShopify ? "shopify" : "amazon");
  EXPECT_FALSE(rejected[0].signature_ok());
  EXPECT_TRUE(absl::StrContains(rejected[0].reason(), "X-Signature")) << rejected[0].reason();
  EXPECT_TRUE(absl::StrContains(rejected[0].body(), posted->external_id));
}

TEST_P(MarketplaceIntakeTest, MalformedJsonIs400WithTheReasonAndKept) {
  auto posted = region_.marketplaces().PostMalformed(GetParam());
  ASSERT_TRUE(posted.ok()) << posted.status();
  EXPECT_EQ(posted->http_status, 400) << posted->body;
  EXPECT_EQ(json::parse(posted->body), (json{{"error", "body: not valid JSON"}}));
  auto rejected = Rejected(GetParam());
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_TRUE(rejected[0].signature_ok());
  EXPECT_EQ(rejected[0].reason(), "body: not valid JSON");
  EXPECT_EQ(rejected[0].body(), R"({"id": 42, "line_items": [)");
  EXPECT_TRUE(OrdersOf(GetParam()).empty());
}

TEST_P(MarketplaceIntakeTest, AnUnknownSkuIsRefusedAndNothingIsHalfImported) {
  const auto before = region_.Stock("TEE-ORG-WHT-M");
  MarketplaceOrderSpec spec;
  spec.lines = {{"TEE-ORG-WHT-M", 1, 1999}, {"NO-SUCH-SKU", 1, 500}};
  auto posted = region_.marketplaces().PostOrders(GetParam(), 1, spec);
  ASSERT_TRUE(posted.ok()) << posted.status();
  EXPECT_EQ((*posted)[0].http_status, 400) << (*posted)[0].body;
  EXPECT_EQ(json::parse((*posted)[0].body).at("error"), "lines[1].sku: unknown SKU NO-SUCH-SKU");
  EXPECT_TRUE(OrdersOf(GetParam()).empty());
  EXPECT_EQ(region_.Stock("TEE-ORG-WHT-M"), before);
  ASSERT_EQ(Rejected(GetParam()).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(EachFormat, MarketplaceIntakeTest, ::testing::Values(kShopify, kAmazon),
                         [](const auto& info) {
                           return info.param == kShopify ? std::string("Shopify")
                                                         : std::string("Amazon");
                         });

TEST(MarketplaceIntakeEndpointTest, AnUnknownChannelIs404AndNotKept) {
  TestRegion region(WithMarketplaces());
  httplib::Client client("127.0.0.1", region.server().partner_port());
  const std::string body = "{}";
  auto res =
      client.Post("/channels/v1/no-such-market/orders",
                  {{"X-Signature", HmacSha256Hex("shop-secret", body)}}, body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404) << res->body;
  // A web checkout is a channel, but not one that posts webhooks.
  res = client.Post("/channels/v1/web/orders", {{"X-Signature", HmacSha256Hex("", body)}}, body,
                    "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404) << res->body;
}

TEST(MarketplaceIntakeEndpointTest, RejectedIntakeIsNewestFirstPagedAndForStaffOnly) {
  TestRegion region(WithMarketplaces());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(region.marketplaces().PostMalformed(kShopify).ok());
  ASSERT_TRUE(region.marketplaces().PostWithBadSignature(kAmazon).ok());
  v1::ListRejectedIntakeRequest request;
  request.mutable_page()->set_page_size(2);
  v1::ListRejectedIntakeResponse first;
  ASSERT_TRUE(region.intake()
                  .ListRejectedIntake(region.Context("demo-agent-token").get(), request, &first)
                  .ok());
  ASSERT_EQ(first.rejected_size(), 2);
  EXPECT_EQ(first.rejected(0).channel(), kAmazon);  // the newest
  ASSERT_FALSE(first.next_page_token().empty());
  request.mutable_page()->set_page_token(first.next_page_token());
  v1::ListRejectedIntakeResponse second;
  ASSERT_TRUE(region.intake()
                  .ListRejectedIntake(region.Context("demo-agent-token").get(), request, &second)
                  .ok());
  ASSERT_EQ(second.rejected_size(), 2);
  EXPECT_TRUE(second.next_page_token().empty());
  std::set<std::string> ids;
  for (const auto& page : {first, second}) {
    for (const auto& r : page.rejected()) ids.insert(r.intake_id());
  }
  EXPECT_EQ(ids.size(), 4u);

  v1::ListRejectedIntakeResponse denied;
  grpc::Status s = region.intake().ListRejectedIntake(region.Context("demo-warehouse-token").get(),
                                                      v1::ListRejectedIntakeRequest(), &denied);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST(ChannelConfigurationTest, PlaceOrderRefusesAnUnknownChannelAndAMarketplaceTenderElsewhere) {
  TestRegion region;
  v1::PlaceOrderRequest unknown = TestRegion::CardOrder("TEE-ORG-WHT-M", 1);
  unknown.set_channel("kiosk");
  auto placed = region.Place(unknown);
  ASSERT_FALSE(placed.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(placed.status())) << placed.status();
  EXPECT_TRUE(absl::StrContains(placed.status().message(), "channel: unknown channel 'kiosk'"))
      << placed.status();

  v1::PlaceOrderRequest prepaid = TestRegion::CardOrder("TEE-ORG-WHT-M", 1);
  prepaid.mutable_tenders(0)->set_type(v1::TENDER_TYPE_MARKETPLACE);
  prepaid.mutable_tenders(0)->clear_card_token();
  placed = region.Place(prepaid);
  ASSERT_FALSE(placed.ok());
  EXPECT_TRUE(absl::StrContains(placed.status().message(), "tenders[0].type")) << placed.status();
}

TEST(ChannelConfigurationTest, ACheckoutRetryWithTheSameExternalRefIsTheSameOrder) {
  TestRegion region;
  v1::PlaceOrderRequest request = TestRegion::CardOrder("TEE-ORG-WHT-M", 1);
  request.set_external_ref("WEB-77001");
  request.set_request_id("checkout-try-1");
  auto first = region.Place(request);
  ASSERT_TRUE(first.ok()) << first.status();
  request.set_request_id("checkout-try-2");
  auto second = region.Place(request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->order_id(), first->order_id());
}

}  // namespace
}  // namespace oms::testing
