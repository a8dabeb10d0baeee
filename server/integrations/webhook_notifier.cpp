#include "server/integrations/webhook_notifier.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "server/integrations/channel_callback_destination.h"

namespace oms::integrations {

WebhookNotifier::WebhookNotifier(HttpClient& http, WebhookNotifierSettings settings)
    : http_(http), settings_(std::move(settings)) {}

std::string WebhookNotifier::Body(const application::CustomerNotification& n) {
  return nlohmann::json{{"kind", n.kind},
                        {"key", n.key},
                        {"order_id", n.order_id},
                        {"order_number", n.order_number},
                        {"to", {{"name", n.to_name}, {"email", n.to_email}, {"phone", n.to_phone}}},
                        {"subject", n.subject},
                        {"text", n.text}}
      .dump();
}

void WebhookNotifier::Send(const application::CustomerNotification& n,
                           std::function<void(absl::Status)> done) {
  HttpRequest request;
  request.method = "POST";
  request.url = settings_.url;
  request.body = Body(n);
  request.timeout = settings_.timeout;
  request.headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", n.key}};
  if (!settings_.secret.empty()) {
    request.headers.emplace_back("X-OMS-Signature", HmacSha256Hex(settings_.secret, request.body));
  }
  const std::string url = settings_.url;
  // The same reading of answers as channel callbacks: 2xx delivered; 408,
  // 429, 5xx and transport errors worth another try; other 4xx permanent.
  http_.Send(std::move(request), [done = std::move(done), url](absl::StatusOr<HttpResponse> r) {
    done(DeliveryStatus(url, r));
  });
}

}  // namespace oms::integrations
