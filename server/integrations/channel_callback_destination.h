#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/application/channels.h"
#include "server/application/event_destination.h"
#include "server/integrations/callback_formats.h"
#include "server/integrations/http_client.h"

namespace oms::integrations {

// Tells a channel what happened to its orders (docs/CHANNELS.md,
// Callbacks): shipments shipped (with tracking) and delivered, cancelled
// units and completed refunds, POSTed to its callback_url as JSON in the
// channel's format, with headers
//   X-OMS-Event: ShipmentShipped
//   Idempotency-Key: <event id>      the same on every attempt and replay
//   X-OMS-Timestamp: <unix seconds of this attempt>
//   X-OMS-Signature: hex(HMAC-SHA256(channel secret, body))  (absent without a secret)
// Answers: 2xx delivered; 408, 429 and 5xx, timeouts and refused
// connections are worth retrying; any other status is a permanent refusal.
// Thread-safe; the HTTP client must outlive it.
class ChannelCallbackDestination final : public application::EventDestination {
 public:
  // INVALID_ARGUMENT naming the key for a channel without an http(s)
  // callback_url or whose format has no callbacks.
  static absl::StatusOr<std::unique_ptr<ChannelCallbackDestination>> Create(
      const application::Channel& channel, HttpClient& http, const Clock& clock,
      absl::Duration timeout);

  std::string name() const override { return "channel:" + channel_.id; }
  std::vector<std::string> event_types() const override { return CallbackEventTypes(); }
  bool Wants(const application::OutboxEvent& event) const override;
  void Deliver(const application::OutboxEvent& event,
               std::function<void(absl::Status)> done) override;

  // The request Deliver sends for an event (tests, omsctl previews).
  absl::StatusOr<HttpRequest> RequestFor(const application::OutboxEvent& event) const;

 private:
  ChannelCallbackDestination(application::Channel channel, std::unique_ptr<CallbackFormat> format,
                             HttpClient& http, const Clock& clock, absl::Duration timeout)
      : channel_(std::move(channel)),
        format_(std::move(format)),
        http_(http),
        clock_(clock),
        timeout_(timeout) {}

  const application::Channel channel_;
  const std::unique_ptr<CallbackFormat> format_;
  HttpClient& http_;
  const Clock& clock_;
  const absl::Duration timeout_;
};

// What an HTTP answer or transport error means for a delivery (above).
absl::Status DeliveryStatus(const std::string& url, const absl::StatusOr<HttpResponse>& answer);

}  // namespace oms::integrations
