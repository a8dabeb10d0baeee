#pragma once

#include <string>

#include "absl/time/time.h"
#include "server/application/notifier.h"
#include "server/integrations/http_client.h"

namespace oms::integrations {

struct WebhookNotifierSettings {
  std::string url;     // the merchant's messaging service, e.g. http://.../notify
  std::string secret;  // signs the body: X-OMS-Signature = hex(HMAC-SHA256(secret, body))
  absl::Duration timeout = absl::Seconds(10);
};

// Posts customer notifications as JSON to a webhook (an SMS or push
// service of the merchant's), signed, with the notification's key as
// Idempotency-Key. Body: {"kind", "key", "order_id", "order_number",
// "to": {"name", "email", "phone"}, "subject", "text"}. A 2xx answer is
// delivered; 408, 429 and 5xx are UNAVAILABLE (try again); other 4xx are
// FAILED_PRECONDITION (the receiver refuses it). `done` runs on the
// HttpClient's thread. Thread-safe; `http` must outlive it.
class WebhookNotifier : public application::Notifier {
 public:
  WebhookNotifier(HttpClient& http, WebhookNotifierSettings settings);
  std::string name() const override { return "webhook"; }
  void Send(const application::CustomerNotification& notification,
            std::function<void(absl::Status)> done) override;

  static std::string Body(const application::CustomerNotification& notification);

 private:
  HttpClient& http_;
  WebhookNotifierSettings settings_;
};

}  // namespace oms::integrations
