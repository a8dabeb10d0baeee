#include "server/integrations/webhook_notifier.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"

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
  request.headers = {{"Content-Type", "application/json"},
                     {"Idempotency-Key", n.key},
                     {"X-OMS-Signature", HmacSha256Hex(settings_.secret, request.body)}};
  const std::string url = settings_.url;
  http_.Send(std::move(request), [done = std::move(done), url](absl::StatusOr<HttpResponse> r) {
    if (!r.ok()) {
      return done(absl::Status(r.status().code(), absl::StrCat("notification webhook ", url, ": ",
                                                               r.status().message())));
    }
    const int code = r->status_code;
    if (code >= 200 && code < 300) return done(absl::OkStatus());
    const std::string why = absl::StrCat("notification webhook ", url, " answered ", code);
    if (code == 408 || code == 429 || code >= 500) return done(absl::UnavailableError(why));
    done(absl::FailedPreconditionError(why));
  });
}

}  // namespace oms::integrations
