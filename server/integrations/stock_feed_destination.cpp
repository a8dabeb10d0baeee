#include "server/integrations/stock_feed_destination.h"

#include <nlohmann/json.hpp>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "server/domain/available_to_sell.h"
#include "server/integrations/channel_callback_destination.h"

namespace oms::integrations {

absl::StatusOr<std::unique_ptr<StockFeedDestination>> StockFeedDestination::Create(
    const application::Channel& channel, const std::string& region, application::ReadModel& reads,
    HttpClient& http, const Clock& clock, absl::Duration timeout) {
  if (!absl::StartsWith(channel.stock_feed_url, "http://") &&
      !absl::StartsWith(channel.stock_feed_url, "https://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("channel.", channel.id, ".stock_feed_url: an http(s) URL expected, got '",
                     channel.stock_feed_url, "'"));
  }
  return std::unique_ptr<StockFeedDestination>(new StockFeedDestination(
      channel, channel.region.empty() ? region : channel.region, reads, http, clock, timeout));
}

std::vector<std::string> StockFeedDestination::event_types() const {
  return {"StockReserved", "StockReleased", "StockShipped", "StockAdjusted"};
}

bool StockFeedDestination::Wants(const application::OutboxEvent& event) const {
  return event.aggregate_type == "stock";
}

absl::StatusOr<int64_t> StockFeedDestination::AvailableToSell(const std::string& sku) const {
  auto levels = reads_.Availability(sku);
  if (!levels.ok()) return levels.status();
  std::set<std::string> nodes;
  for (const auto& l : *levels) {
    if (l.region == region_) nodes.insert(l.node_id);
  }
  return domain::AvailableToSell(*levels, sku, nodes, channel_.stock_buffer);
}

void StockFeedDestination::Deliver(const application::OutboxEvent& event,
                                   std::function<void(absl::Status)> done) {
  const std::string sku = event.aggregate_id.substr(0, event.aggregate_id.find('@'));
  auto sellable = AvailableToSell(sku);
  if (!sellable.ok()) {
    // The read pool is busy or closing: another attempt will read again.
    return done(absl::UnavailableError(
        absl::StrCat("reading the stock of ", sku, ": ", sellable.status().message())));
  }
  HttpRequest request;
  request.method = "POST";
  request.url = channel_.stock_feed_url;
  request.timeout = timeout_;
  request.body =
      nlohmann::json{
          {"channel", channel_.id},
          {"sku", sku},
          {"available_to_sell", *sellable},
          {"as_of_sequence", event.seq},
          {"at", absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", clock_.Now(), absl::UTCTimeZone())}}
          .dump();
  request.headers = {{"Content-Type", "application/json"},
                     {"X-OMS-Event", "StockFeed"},
                     {"Idempotency-Key", event.event_id},
                     {"X-OMS-Timestamp", absl::StrCat(absl::ToUnixSeconds(clock_.Now()))}};
  if (!channel_.secret.empty()) {
    request.headers.emplace_back("X-OMS-Signature", HmacSha256Hex(channel_.secret, request.body));
  }
  const std::string url = channel_.stock_feed_url;
  http_.Send(std::move(request), [url, done = std::move(done)](absl::StatusOr<HttpResponse> r) {
    done(DeliveryStatus(url, r));
  });
}

}  // namespace oms::integrations
