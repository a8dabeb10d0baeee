#include "server/integrations/channel_callback_destination.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace oms::integrations {
namespace {

// Enough of a refusal's body to say why in the dead-letter list.
std::string Excerpt(const std::string& body) {
  constexpr size_t kMax = 200;
  return body.size() <= kMax ? body : absl::StrCat(body.substr(0, kMax), "...");
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChannelCallbackDestination>> ChannelCallbackDestination::Create(
    const application::Channel& channel, HttpClient& http, const Clock& clock,
    absl::Duration timeout) {
  if (!absl::StartsWith(channel.callback_url, "http://") &&
      !absl::StartsWith(channel.callback_url, "https://")) {
    return absl::InvalidArgumentError(absl::StrCat("channel.", channel.id,
                                                   ".callback_url: an http(s) URL expected, got '",
                                                   channel.callback_url, "'"));
  }
  const std::string format =
      channel.type == application::ChannelType::kMarketplace ? channel.format : "oms";
  auto found = FindCallbackFormat(format);
  if (!found.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("channel.", channel.id, ".format: ", found.status().message()));
  }
  return std::unique_ptr<ChannelCallbackDestination>(
      new ChannelCallbackDestination(channel, std::move(*found), http, clock, timeout));
}

bool ChannelCallbackDestination::Wants(const application::OutboxEvent& event) const {
  return event.order.has_value() && event.order->channel == channel_.id;
}

absl::StatusOr<HttpRequest> ChannelCallbackDestination::RequestFor(
    const application::OutboxEvent& event) const {
  absl::StatusOr<CallbackFacts> facts = FactsOf(event);
  if (!facts.ok()) return facts.status();
  HttpRequest request;
  request.method = "POST";
  request.url = channel_.callback_url;
  request.body = format_->Body(*facts);
  request.timeout = timeout_;
  request.headers = {
      {"Content-Type", "application/json"},
      {"X-OMS-Event", event.event_type},
      {"Idempotency-Key", event.event_id},
      {"X-OMS-Timestamp", absl::StrCat(absl::ToUnixSeconds(clock_.Now()))},
  };
  if (!channel_.secret.empty()) {
    request.headers.emplace_back("X-OMS-Signature", HmacSha256Hex(channel_.secret, request.body));
  }
  return request;
}

void ChannelCallbackDestination::Deliver(const application::OutboxEvent& event,
                                         std::function<void(absl::Status)> done) {
  absl::StatusOr<HttpRequest> request = RequestFor(event);
  if (!request.ok()) return done(request.status());
  std::string url = request->url;
  http_.Send(std::move(*request),
             [url = std::move(url), done = std::move(done)](absl::StatusOr<HttpResponse> answer) {
               done(DeliveryStatus(url, answer));
             });
}

absl::Status DeliveryStatus(const std::string& url, const absl::StatusOr<HttpResponse>& answer) {
  if (!answer.ok()) {
    const absl::Status& s = answer.status();
    const std::string message = absl::StrCat(url, ": ", s.message());
    switch (s.code()) {
      case absl::StatusCode::kDeadlineExceeded:
        return absl::DeadlineExceededError(message);
      case absl::StatusCode::kUnavailable:
        return absl::UnavailableError(message);
      case absl::StatusCode::kUnknown:
        return absl::UnknownError(message);
      case absl::StatusCode::kCancelled:
        return absl::CancelledError(message);
      default:
        return absl::InvalidArgumentError(message);  // a malformed URL: never better
    }
  }
  const int code = answer->status_code;
  if (code >= 200 && code < 300) return absl::OkStatus();
  const std::string message =
      absl::StrCat("HTTP ", code, " from ", url,
                   answer->body.empty() ? "" : absl::StrCat(": ", Excerpt(answer->body)));
  if (code == 408) return absl::DeadlineExceededError(message);
  if (code == 429) return absl::ResourceExhaustedError(message);
  if (code >= 500) return absl::UnavailableError(message);
  return absl::FailedPreconditionError(message);
}

}  // namespace oms::integrations
