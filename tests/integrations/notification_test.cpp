// Customer notifications: the templates against golden files, the SMTP
// sender against an SMTP server on loopback, the webhook sender against an
// HTTP receiver on loopback.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "server/integrations/http_client.h"
#include "server/integrations/notification_renderer.h"
#include "server/integrations/smtp_notifier.h"
#include "server/integrations/webhook_notifier.h"
#include "tests/integrations/loopback_http_server.h"
#include "tests/support/smtp_sink.h"

namespace oms::integrations {
namespace {

using application::CustomerNotification;
using application::StoredEvent;

// ---- Templates against golden files ----

domain::OrderState SampleOrder() {
  domain::OrderState o;
  o.order_id = "EU1-01JTESTORDER0000000000000";
  o.order_number = "EU1-8RFJ-AHT8";
  o.currency = "EUR";
  o.customer = {"C-EU1-0001", "Lena Fischer", "lena@example.com", "+49 30 1234567"};
  o.totals.total_minor = 5992;
  domain::OrderLine tee;
  tee.line_no = 1;
  tee.sku = "TEE-ORG-WHT-M";
  tee.name = "Organic Cotton Tee, White, M";
  tee.ordered = 2;
  domain::OrderLine mug;
  mug.line_no = 2;
  mug.sku = "MUG-STN-BLU";
  mug.name = "Stoneware Mug, Blue";
  mug.ordered = 1;
  o.lines = {tee, mug};
  domain::ShipmentState parcel;
  parcel.shipment_id = o.order_id + "-S1";
  parcel.node_id = "EU1-WH-BER";
  parcel.carrier = "DHL";
  parcel.tracking_id = "JJD0099887766";
  parcel.lines = {{1, "TEE-ORG-WHT-M", "Organic Cotton Tee, White, M", 2}};
  domain::ShipmentState pickup;
  pickup.shipment_id = o.order_id + "-S2";
  pickup.node_id = "EU1-ST-MUC";
  pickup.lines = {{2, "MUG-STN-BLU", "Stoneware Mug, Blue", 1}};
  pickup.pickup_expires_at = absl::FromUnixSeconds(1'795'000'000);
  o.shipments = {parcel, pickup};
  domain::RefundState refund;
  refund.refund_id = o.order_id + "-R1";
  refund.amount_minor = 1499;
  refund.parts = {{1, "T1", domain::TenderType::kCard, domain::RefundPartKind::kStoreCredit, 1499}};
  o.refunds = {refund};
  return o;
}

StoredEvent Event(const std::string& type, const std::string& details_json) {
  StoredEvent e;
  e.sequence = 42;
  e.event_id = "01JEVENT0000000000000000000";
  e.aggregate_type = "order";
  e.aggregate_id = "EU1-01JTESTORDER0000000000000";
  e.event_type = type;
  e.payload_json =
      absl::StrCat(R"({"type":")", type, R"(","summary":"","details":)", details_json, "}");
  return e;
}

std::string Golden(const std::string& kind) {
  return absl::StrCat(OMS_FIXTURES_DIR, "/notifications/", kind, ".txt");
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct GoldenCase {
  std::string kind;
  StoredEvent event;
};

TEST(NotificationRendererTest, EveryKindMatchesItsGoldenFile) {
  auto renderer = NotificationRenderer::Load(OMS_NOTIFICATION_TEMPLATES_DIR);
  ASSERT_TRUE(renderer.ok()) << renderer.status();
  const domain::OrderState order = SampleOrder();
  const std::vector<GoldenCase> cases = {
      {"order_confirmed", Event("OrderStatusChanged", R"({"from":"PENDING","to":"CONFIRMED"})")},
      {"shipment_shipped",
       Event("ShipmentShipped", absl::StrCat(R"({"shipment_id":")", order.order_id, R"(-S1"})"))},
      {"shipment_delivered",
       Event("ShipmentDelivered", absl::StrCat(R"({"shipment_id":")", order.order_id, R"(-S1"})"))},
      {"ready_for_pickup", Event("ShipmentReadyForPickup",
                                 absl::StrCat(R"({"shipment_id":")", order.order_id, R"(-S2"})"))},
      {"order_cancelled", Event("OrderStatusChanged", R"({"from":"CONFIRMED","to":"CANCELLED"})")},
      {"refund_succeeded",
       Event("RefundSucceeded", absl::StrCat(R"({"refund_id":")", order.order_id, R"(-R1"})"))},
  };
  const bool update = std::getenv("OMS_UPDATE_GOLDEN") != nullptr;
  for (const auto& c : cases) {
    auto rendered = renderer->Render(c.event, order);
    ASSERT_TRUE(rendered.ok()) << c.kind << ": " << rendered.status();
    ASSERT_TRUE(rendered->has_value()) << c.kind;
    const CustomerNotification& n = **rendered;
    EXPECT_EQ(n.kind, c.kind);
    EXPECT_EQ(n.key, c.event.event_id);
    EXPECT_EQ(n.to_email, "lena@example.com");
    const std::string text = absl::StrCat("Subject: ", n.subject, "\n\n", n.text);
    if (update) {
      std::ofstream(Golden(c.kind)) << text;
      continue;
    }
    EXPECT_EQ(text, ReadAll(Golden(c.kind)))
        << c.kind << " differs from " << Golden(c.kind) << " (OMS_UPDATE_GOLDEN=1 rewrites it)";
  }
}

TEST(NotificationRendererTest, CustomersHearOnlyOfWhatConcernsThem) {
  for (const auto& [type, details] : std::vector<std::pair<std::string, std::string>>{
           {"TenderAuthorized", "{}"},
           {"NoteAdded", "{}"},
           {"ShipmentPacked", "{}"},
           {"OrderStatusChanged", R"({"from":"CONFIRMED","to":"FULFILLED"})"},
           {"OrderStatusChanged", R"({"from":"PENDING","to":"REJECTED"})"}}) {
    EXPECT_FALSE(NotificationRenderer::KindOf(Event(type, details)).has_value()) << type;
  }
  StoredEvent stock = Event("ShipmentShipped", "{}");
  stock.aggregate_type = "stock";
  EXPECT_FALSE(NotificationRenderer::KindOf(stock).has_value());
}

TEST(NotificationRendererTest, AnEventNamingAnUnknownShipmentIsInvalid) {
  auto renderer = NotificationRenderer::Load(OMS_NOTIFICATION_TEMPLATES_DIR);
  ASSERT_TRUE(renderer.ok());
  auto rendered =
      renderer->Render(Event("ShipmentShipped", R"({"shipment_id":"nope"})"), SampleOrder());
  EXPECT_EQ(rendered.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NotificationRendererTest, AMissingTemplateIsNamed) {
  auto renderer = NotificationRenderer::Load("/nonexistent/templates");
  EXPECT_EQ(renderer.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(renderer.status().message().find("order_confirmed"), std::string::npos);
}

// ---- SMTP against a server on loopback ----

CustomerNotification Note(const std::string& email = "lena@example.com") {
  CustomerNotification n;
  n.kind = "shipment_shipped";
  n.key = "01JEVENT0000000000000000000";
  n.order_id = "EU1-01JTESTORDER0000000000000";
  n.order_number = "EU1-8RFJ-AHT8";
  n.to_name = "Lena Fischer";
  n.to_email = email;
  n.subject = "Your order EU1-8RFJ-AHT8 is on its way";
  n.text = "Hello Lena,\n.\nTracking: JJD0099887766\n";
  return n;
}

absl::Status SendNow(application::Notifier& notifier, const CustomerNotification& n) {
  std::promise<absl::Status> answer;
  notifier.Send(n, [&](absl::Status s) { answer.set_value(s); });
  return answer.get_future().get();
}

TEST(SmtpNotifierTest, DeliversAPlainTextMessageWithItsSubjectAndKey) {
  oms::testing::SmtpSink sink;
  SmtpNotifier notifier({sink.url(), "orders@shop.example", "", "", absl::Seconds(5)});
  ASSERT_TRUE(SendNow(notifier, Note()).ok());
  ASSERT_EQ(sink.messages().size(), 1u);
  const std::string m = sink.messages()[0];
  EXPECT_TRUE(absl::StrContains(m, "Subject: Your order EU1-8RFJ-AHT8 is on its way\r\n")) << m;
  EXPECT_TRUE(absl::StrContains(m, "To: \"Lena Fischer\" <lena@example.com>\r\n")) << m;
  EXPECT_TRUE(
      absl::StrContains(m, "Message-ID: <01JEVENT0000000000000000000.shipment_shipped@oms>"))
      << m;
  // A line holding a single dot is stuffed, so it does not end the message.
  EXPECT_TRUE(absl::StrContains(m, "Hello Lena,\r\n..\r\nTracking: JJD0099887766\r\n")) << m;
  ASSERT_EQ(sink.recipients().size(), 1u);
  EXPECT_TRUE(absl::StrContains(sink.recipients()[0], "<lena@example.com>"));
}

TEST(SmtpNotifierTest, ARefusedRecipientIsPermanentAMissingServerIsNot) {
  oms::testing::SmtpSink sink;
  SmtpNotifier notifier({sink.url(), "orders@shop.example", "", "", absl::Seconds(5)});
  EXPECT_EQ(SendNow(notifier, Note("lena@refused.example")).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(SendNow(notifier, Note("not-an-address")).code(),
            absl::StatusCode::kFailedPrecondition);
  // A customer without an address: nothing to send, nothing to try again.
  EXPECT_TRUE(SendNow(notifier, Note("")).ok());
  EXPECT_TRUE(sink.messages().empty());

  SmtpNotifier nowhere({"smtp://127.0.0.1:1", "orders@shop.example", "", "", absl::Seconds(5)});
  EXPECT_EQ(SendNow(nowhere, Note()).code(), absl::StatusCode::kUnavailable);
}

// ---- Webhook against an HTTP receiver on loopback ----

TEST(WebhookNotifierTest, PostsSignedJsonAndClassifiesAnswers) {
  testing::LoopbackHttpServer receiver;
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> seen;  // body, signature
  std::atomic<int> answer{200};
  receiver.Post("/notify", [&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(mu);
      seen.emplace_back(req.body, req.get_header_value("X-OMS-Signature"));
    }
    EXPECT_EQ(req.get_header_value("Idempotency-Key"), "01JEVENT0000000000000000000");
    res.status = answer.load();
  });
  receiver.Start();
  HttpClient http;
  WebhookNotifier notifier(http, {receiver.Url("/notify"), "hook-secret", absl::Seconds(5)});
  ASSERT_TRUE(SendNow(notifier, Note()).ok());
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].first, WebhookNotifier::Body(Note()));
    EXPECT_EQ(seen[0].second, HmacSha256Hex("hook-secret", seen[0].first));
    EXPECT_TRUE(absl::StrContains(seen[0].first, R"("email":"lena@example.com")"));
  }
  answer = 503;
  EXPECT_EQ(SendNow(notifier, Note()).code(), absl::StatusCode::kUnavailable);
  answer = 422;
  EXPECT_EQ(SendNow(notifier, Note()).code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace oms::integrations
