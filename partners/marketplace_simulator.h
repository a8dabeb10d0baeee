#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "partners/marketplace_payloads.h"
#include "partners/simulated_partner.h"

namespace oms::partners {

// One marketplace the simulator plays: the channel id omsd knows it by, the
// payload format it posts ("shopify" or "amazon") and the shared secret.
struct MarketplaceChannel {
  std::string channel_id;
  std::string format;
  std::string secret;
};

struct MarketplaceOptions {
  // omsd's partner endpoint, "http://127.0.0.1:50052"; orders go to
  // {omsd_url}/channels/v1/{channel_id}/orders. Empty: posts are
  // FAILED_PRECONDITION until SetOmsd.
  std::string omsd_url;
  std::vector<MarketplaceChannel> channels;
};

// INVALID_ARGUMENT for a channel without id or secret, an unknown format or
// a repeated channel id.
absl::Status ValidateMarketplaceOptions(const MarketplaceOptions& options);

// What omsd answered one post.
struct MarketplacePostResult {
  std::string external_id;  // empty for a malformed post
  int http_status = 0;      // 0: no answer (omsd unreachable)
  std::string body;
};

// Marketplaces that sell and post their orders to omsd's webhook, signed
// with X-Signature = hex(HMAC-SHA256(secret, body)) (docs/PARTNERS.md). Each
// call posts synchronously and returns omsd's answers. Control routes:
//   POST /control/marketplace/{channel}/orders         {"count", "sku", "quantity",
//        "unit_price_minor", "shipping_minor", "tax_minor", "discount_minor",
//        "currency", "external_id"} (all optional) -> {"posts": [...]}
//   POST /control/marketplace/{channel}/duplicate      the last order again, byte for byte
//   POST /control/marketplace/{channel}/bad-signature  a valid order, wrongly signed
//   POST /control/marketplace/{channel}/malformed      a body that is not JSON
// answered {"posts": [{"external_id", "status", "body"}]}; 404 for an unknown
// channel, 409 without omsd_url or (duplicate) before any order.
//
// Thread-safe: posts to one channel are serialised; `mu_` guards the state.
class MarketplaceSimulator final : public SimulatedPartner {
 public:
  explicit MarketplaceSimulator(MarketplaceOptions options);

  void RegisterRoutes(httplib::Server& server) override;
  void Reset() override;

  void SetOmsd(const std::string& omsd_url);
  void AddChannel(const MarketplaceChannel& channel);

  // Posts `count` orders like `spec`; each gets the external id
  // "<channel>-<n>" unless spec.external_id is set (then count must be 1).
  // NOT_FOUND for an unknown channel; FAILED_PRECONDITION without omsd_url.
  absl::StatusOr<std::vector<MarketplacePostResult>> PostOrders(const std::string& channel_id,
                                                                int count,
                                                                MarketplaceOrderSpec spec = {});
  // The channel's last order again, byte for byte (FAILED_PRECONDITION
  // before any).
  absl::StatusOr<MarketplacePostResult> ResendLast(const std::string& channel_id);
  absl::StatusOr<MarketplacePostResult> PostWithBadSignature(const std::string& channel_id,
                                                             MarketplaceOrderSpec spec = {});
  absl::StatusOr<MarketplacePostResult> PostMalformed(const std::string& channel_id);
  // The body the channel's format makes of `spec`.
  absl::StatusOr<std::string> Body(const std::string& channel_id,
                                   const MarketplaceOrderSpec& spec) const;

 private:
  struct Sent {
    std::string external_id;
    std::string body;
  };
  absl::StatusOr<MarketplaceChannel> Channel(const std::string& channel_id) const;
  MarketplacePostResult Post(const MarketplaceChannel& channel, const std::string& external_id,
                             const std::string& body, const std::string& signature) const;

  const MarketplaceOptions initial_;
  mutable absl::Mutex mu_;
  MarketplaceOptions options_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Sent> last_ ABSL_GUARDED_BY(mu_);
  int next_order_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace oms::partners
