#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "common/clock.h"
#include "common/sha256.h"
#include "server/integrations/callback_facts.h"
#include "server/integrations/callback_formats.h"
#include "server/integrations/channel_callback_destination.h"
#include "tests/support/callback_fixtures.h"

namespace oms::integrations {
namespace {

using application::OutboxEvent;

constexpr char kOrderId[] = "EU1-01HZX3Q8R2M4T6V8W0Y2A4C6E8";

domain::OrderState Order(const std::string& channel) {
  domain::OrderState o;
  o.order_id = kOrderId;
  o.order_number = "EU1-7Q2M-K9XD";
  o.channel = channel;
  o.external_ref = "450789469";
  o.currency = "EUR";
  o.status = domain::OrderStatus::kFulfilled;
  domain::OrderLine tee;
  tee.line_no = 1;
  tee.sku = "TEE-ORG-WHT-M";
  tee.ordered = 2;
  domain::OrderLine mug;
  mug.line_no = 2;
  mug.sku = "MUG-STONE-GRY";
  mug.ordered = 1;
  o.lines = {tee, mug};
  domain::ShipmentState s;
  s.shipment_id = std::string(kOrderId) + "-S1";
  s.carrier = "DHL";
  s.service = "express";
  s.tracking_id = "JJD-" + s.shipment_id;
  s.lines = {{1, "TEE-ORG-WHT-M", "Tee", 2}};
  o.shipments = {s};
  domain::RefundState r;
  r.refund_id = std::string(kOrderId) + "-R1";
  r.amount_minor = 2494;
  r.shipping_minor = 495;
  r.reason = "arrived damaged";
  r.lines = {{1, 1, false, 1999}};
  o.refunds = {r};
  return o;
}

OutboxEvent Event(const std::string& type, const std::string& channel) {
  OutboxEvent e;
  e.seq = 42;
  e.event_id = "01HZX3QAAAAAAAAAAAAAAAAAAA";
  e.aggregate_type = "order";
  e.aggregate_id = kOrderId;
  e.event_type = type;
  e.occurred_at = absl::FromUnixSeconds(1714555800);
  e.order = Order(channel);
  if (type == "ShipmentShipped" || type == "ShipmentDelivered") {
    e.details = {{"shipment_id", std::string(kOrderId) + "-S1"}};
  } else if (type == "UnitsBackordered") {
    e.details = {{"line_no", "2"}, {"quantity", "1"}};
  } else if (type == "UnitsCancelled") {
    e.details = {{"line_no", "2"},
                 {"quantity", "1"},
                 {"initiator", "CUSTOMER"},
                 {"reason", "CUSTOMER_REQUEST"}};
  } else {
    e.details = {{"refund_id", std::string(kOrderId) + "-R1"}};
  }
  return e;
}

testing::CallbackIds Ids(const OutboxEvent& e) {
  return {e.order->order_id, e.order->order_number, e.order->external_ref, e.event_id};
}

std::string FixturePath(const std::string& format, const std::string& kind) {
  return std::string(OMS_FIXTURES_DIR) + "/callbacks/" + format + "_" + kind + ".json";
}

struct Case {
  const char* type;
  const char* kind;
};
constexpr Case kCases[] = {{"ShipmentShipped", "shipment_shipped"},
                           {"ShipmentDelivered", "shipment_delivered"},
                           {"UnitsCancelled", "units_cancelled"},
                           {"UnitsBackordered", "units_backordered"},
                           {"RefundSucceeded", "refund_succeeded"}};

class CallbackFormatTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CallbackFormatTest, EveryEventTypeMatchesItsFixture) {
  const std::string format = GetParam();
  auto formatter = FindCallbackFormat(format);
  ASSERT_TRUE(formatter.ok()) << formatter.status();
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.kind);
    // The channels of tests/server/outbox_relay_test.cpp, which compares
    // with the same fixtures.
    const std::string channel = format == "oms"       ? "web"
                                : format == "shopify" ? "shop-eu"
                                                      : "amazon-de";
    const OutboxEvent event = Event(c.type, channel);
    auto facts = FactsOf(event);
    ASSERT_TRUE(facts.ok()) << facts.status();
    const std::string body = (*formatter)->Body(*facts);
    const auto got = testing::Normalised(nlohmann::ordered_json::parse(body), Ids(event));
    const std::string path = FixturePath(format, c.kind);
    if (std::getenv("OMS_UPDATE_FIXTURES") != nullptr) {
      std::ofstream(path) << got.dump(2) << "\n";
    }
    const std::string fixture = testing::ReadFixture(path);
    ASSERT_FALSE(fixture.empty()) << "no fixture " << path;
    EXPECT_EQ(got, nlohmann::ordered_json::parse(fixture)) << got.dump(2);
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, CallbackFormatTest,
                         ::testing::Values("oms", "shopify", "amazon"));

TEST(CallbackFactsTest, AnEventWithoutItsOrderIsFailedPrecondition) {
  OutboxEvent event = Event("ShipmentShipped", "shop");
  event.order.reset();
  EXPECT_EQ(FactsOf(event).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CallbackFactsTest, AShipmentTheOrderLacksIsNamed) {
  OutboxEvent event = Event("ShipmentShipped", "shop");
  event.details["shipment_id"] = "NO-SUCH-S9";
  auto facts = FactsOf(event);
  EXPECT_EQ(facts.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(facts.status().message().find("NO-SUCH-S9"), std::string::npos);
}

TEST(CallbackFactsTest, OtherEventTypesAreNotForChannels) {
  EXPECT_EQ(FactsOf(Event("OrderPlaced", "shop")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CallbackFactsTest, AmountsAreDecimalText) {
  EXPECT_EQ(DecimalAmount(2494), "24.94");
  EXPECT_EQ(DecimalAmount(5), "0.05");
  EXPECT_EQ(DecimalAmount(-1250), "-12.50");
}

TEST(CallbackFormatsTest, AnUnknownFormatIsNotFound) {
  EXPECT_EQ(FindCallbackFormat("ebay").status().code(), absl::StatusCode::kNotFound);
}

application::Channel Marketplace(const std::string& url) {
  application::Channel c;
  c.id = "shop";
  c.type = application::ChannelType::kMarketplace;
  c.format = "shopify";
  c.callback_url = url;
  c.secret = "shop-secret";
  return c;
}

TEST(ChannelCallbackDestinationTest, TheRequestIsSignedAndCarriesTheEventIdAsItsKey) {
  HttpClient http;
  ManualClock clock(absl::FromUnixSeconds(1714556000));
  auto destination = ChannelCallbackDestination::Create(Marketplace("http://127.0.0.1:9/callbacks"),
                                                        http, clock, absl::Seconds(3));
  ASSERT_TRUE(destination.ok()) << destination.status();
  EXPECT_EQ((*destination)->name(), "channel:shop");
  const OutboxEvent event = Event("ShipmentShipped", "shop");
  auto request = (*destination)->RequestFor(event);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->timeout, absl::Seconds(3));
  auto header = [&](const std::string& name) {
    for (const auto& [k, v] : request->headers) {
      if (k == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(header("X-OMS-Signature"), HmacSha256Hex("shop-secret", request->body));
  EXPECT_EQ(header("Idempotency-Key"), event.event_id);
  EXPECT_EQ(header("X-OMS-Event"), "ShipmentShipped");
  EXPECT_EQ(header("X-OMS-Timestamp"), "1714556000");
  EXPECT_EQ(header("Content-Type"), "application/json");
}

TEST(ChannelCallbackDestinationTest, OnlyOrdersOfItsChannelAreWanted) {
  HttpClient http;
  ManualClock clock(absl::UnixEpoch());
  auto destination = ChannelCallbackDestination::Create(Marketplace("https://shop.example/cb"),
                                                        http, clock, absl::Seconds(3));
  ASSERT_TRUE(destination.ok());
  EXPECT_TRUE((*destination)->Wants(Event("ShipmentShipped", "shop")));
  EXPECT_FALSE((*destination)->Wants(Event("ShipmentShipped", "web")));
  OutboxEvent no_order = Event("ShipmentShipped", "shop");
  no_order.order.reset();
  EXPECT_FALSE((*destination)->Wants(no_order));
}

TEST(ChannelCallbackDestinationTest, ABadUrlOrFormatIsRefusedNamingTheKey) {
  HttpClient http;
  ManualClock clock(absl::UnixEpoch());
  auto no_url = ChannelCallbackDestination::Create(Marketplace("shop.example/cb"), http, clock,
                                                   absl::Seconds(1));
  EXPECT_EQ(no_url.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_url.status().message().find("channel.shop.callback_url"), std::string::npos);
  application::Channel odd = Marketplace("http://127.0.0.1:9/");
  odd.format = "ebay";
  auto no_format = ChannelCallbackDestination::Create(odd, http, clock, absl::Seconds(1));
  EXPECT_EQ(no_format.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_format.status().message().find("channel.shop.format"), std::string::npos);
}

TEST(DeliveryStatusTest, AnswersMapToDeliveredRetryOrPermanent) {
  const std::string url = "http://x/cb";
  auto answer = [](int code) { return absl::StatusOr<HttpResponse>(HttpResponse{code, "why"}); };
  EXPECT_TRUE(DeliveryStatus(url, answer(200)).ok());
  EXPECT_TRUE(DeliveryStatus(url, answer(204)).ok());
  for (int retry : {408, 429, 500, 502, 503}) {
    SCOPED_TRACE(retry);
    EXPECT_TRUE(application::IsRetryableDelivery(DeliveryStatus(url, answer(retry))));
  }
  for (int permanent : {301, 400, 401, 404, 410, 422}) {
    SCOPED_TRACE(permanent);
    const absl::Status s = DeliveryStatus(url, answer(permanent));
    EXPECT_FALSE(s.ok());
    EXPECT_FALSE(application::IsRetryableDelivery(s));
  }
  EXPECT_NE(DeliveryStatus(url, answer(503)).message().find("HTTP 503 from http://x/cb: why"),
            std::string::npos);
  EXPECT_TRUE(application::IsRetryableDelivery(
      DeliveryStatus(url, absl::UnavailableError("connection refused"))));
  EXPECT_TRUE(application::IsRetryableDelivery(
      DeliveryStatus(url, absl::DeadlineExceededError("timeout"))));
  EXPECT_FALSE(
      application::IsRetryableDelivery(DeliveryStatus(url, absl::InvalidArgumentError("bad url"))));
}

}  // namespace
}  // namespace oms::integrations
