#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/application/channels.h"
#include "server/application/event_destination.h"
#include "server/application/queries.h"
#include "server/integrations/http_client.h"

namespace oms::integrations {

// The channel's stock feed (docs/CHANNELS.md, "Stock feed"): after every
// stock change of a SKU (reserved, released, shipped, adjusted), the
// channel's available-to-sell for it, POSTed to its stock_feed_url as
//   {"channel": "web", "sku": "SCARF-WOOL-RED", "available_to_sell": 3,
//    "as_of_sequence": 1234, "at": "2026-11-24T23:59:00Z"}
// with the callback headers (X-OMS-Event: StockFeed, Idempotency-Key: the
// event id, X-OMS-Timestamp, X-OMS-Signature when the channel has a
// secret). The figure is read when the message is sent, so it is never
// older than the event; `as_of_sequence` lets the channel drop a message
// older than one it already applied. Answers as ChannelCallbackDestination.
// Thread-safe; the read model and the HTTP client must outlive it.
class StockFeedDestination final : public application::EventDestination {
 public:
  // INVALID_ARGUMENT for a channel without an http(s) stock_feed_url.
  static absl::StatusOr<std::unique_ptr<StockFeedDestination>> Create(
      const application::Channel& channel, const std::string& region, application::ReadModel& reads,
      HttpClient& http, const Clock& clock, absl::Duration timeout);

  std::string name() const override { return "stock-feed:" + channel_.id; }
  std::vector<std::string> event_types() const override;
  bool Wants(const application::OutboxEvent& event) const override;
  void Deliver(const application::OutboxEvent& event,
               std::function<void(absl::Status)> done) override;

  // The channel's available-to-sell of a SKU now.
  absl::StatusOr<int64_t> AvailableToSell(const std::string& sku) const;

 private:
  StockFeedDestination(application::Channel channel, std::string region,
                       application::ReadModel& reads, HttpClient& http, const Clock& clock,
                       absl::Duration timeout)
      : channel_(std::move(channel)),
        region_(std::move(region)),
        reads_(reads),
        http_(http),
        clock_(clock),
        timeout_(timeout) {}

  const application::Channel channel_;
  const std::string region_;
  application::ReadModel& reads_;
  HttpClient& http_;
  const Clock& clock_;
  const absl::Duration timeout_;
};

}  // namespace oms::integrations
