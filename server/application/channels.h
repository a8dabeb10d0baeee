#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace oms::application {

// How a channel sells: a web checkout and a POS call PlaceOrder themselves;
// a marketplace posts its own order payloads to omsd's webhook (CHANNELS.md).
enum class ChannelType { kWebCheckout, kMarketplace, kPos };

// What happens to a marketplace order beyond available-to-sell: it was
// already sold and paid, so it is accepted and then backordered or cancelled.
enum class OversellPolicy { kBackorder, kCancel };

// "web_checkout", "marketplace", "pos"; "backorder", "cancel".
absl::string_view Name(ChannelType type);
absl::string_view Name(OversellPolicy policy);
std::optional<ChannelType> ParseChannelType(absl::string_view name);
std::optional<OversellPolicy> ParseOversellPolicy(absl::string_view name);

// One configured sales channel. Orders carry its id.
struct Channel {
  std::string id;  // "web", "pos", "marketplace"
  ChannelType type = ChannelType::kWebCheckout;
  std::string currency = "EUR";  // used when a marketplace payload names none
  std::string region;            // empty: the server's region
  std::string callback_url;      // where updates go back (the outbox relay)
  std::string stock_feed_url;    // where its available-to-sell goes after stock changes
  std::string secret;            // signs webhooks both ways; empty: no webhook
  int64_t stock_buffer = 0;      // units held back from this channel's available-to-sell
  OversellPolicy oversell = OversellPolicy::kBackorder;
  std::string format;  // a marketplace's payload format ("shopify", "amazon")
};

// The configured channels by id. Immutable after construction, so
// thread-safe; an empty directory knows no channel and accepts any (unit
// tests that build the saga without configuration).
class ChannelDirectory {
 public:
  ChannelDirectory() = default;
  explicit ChannelDirectory(const std::vector<Channel>& channels);

  // Null for an unknown id.
  const Channel* Find(const std::string& id) const;
  bool empty() const { return by_id_.empty(); }
  // "marketplace, pos, web": for messages naming what is configured.
  std::string Ids() const;
  std::vector<Channel> All() const;

 private:
  std::map<std::string, Channel> by_id_;
};

}  // namespace oms::application
