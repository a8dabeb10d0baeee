#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/fulfillment_partner.h"
#include "server/application/marketplace_intake.h"

namespace oms::api {

struct PartnerEndpointOptions {
  // Bodies over this are answered 413 without being read further.
  size_t max_body_bytes = size_t{1} << 20;
  // Worker threads. Each kept-alive partner connection and each request
  // waiting for the inbox holds one.
  int threads = 16;
  // How long a request waits for the inbox's answer before it is answered
  // 503; the inbox may still apply it, and the partner's retry is then a
  // duplicate the inbox recognises.
  absl::Duration inbox_timeout = absl::Seconds(30);
};

// omsd's inbound HTTP endpoint for 3PLs and drop-shippers (docs/PARTNERS.md
// "omsd's partner endpoint"), and for marketplaces when ServeMarketplaces
// is called, a cpp-httplib server on its own port:
//
//   POST /partners/v1/nodes/{node_id}/ship-confirmations
//   POST /partners/v1/nodes/{node_id}/stock-snapshots
//
// Every request is checked in this order:
//   body over max_body_bytes                413 {"error": ...}
//   unknown node_id                         404 {"error": ...}
//   X-Signature missing or not
//   hex(HMAC-SHA256(node secret, body))     401 {"error": ...}
//   not the documented JSON                 400 {"error": "<which field, why>"}
// then it is handed to the inbox, and the inbox's answer becomes:
//   OK                                      200 {"status":"applied"}
//   FAILED_PRECONDITION, ALREADY_EXISTS     409 {"error": reason}
//   NOT_FOUND                               404 {"error": ...}
//   INVALID_ARGUMENT                        400 {"error": ...}
//   UNAVAILABLE, ABORTED, no answer within
//   inbox_timeout                           503 {"error": ...}, Retry-After: 1
//   anything else                           500 {"error": ...} (logged)
// Duplicates are handed on as they come: recognising them is the inbox's
// job. Unknown JSON fields are ignored, so partners may add fields.
//
// Thread-safety: Start and Stop are called from one owning thread; port()
// and base_url() from any. The inbox is called on the endpoint's worker
// threads, and its `done` may run on any thread. `inbox` must outlive the
// endpoint.
class PartnerEndpoint {
 public:
  // `secrets_by_node`: node_id -> the secret shared with the node's partner
  // (integrations::SecretsByNode builds it from the node endpoints).
  PartnerEndpoint(application::PartnerInbox& inbox,
                  absl::flat_hash_map<std::string, std::string> secrets_by_node,
                  PartnerEndpointOptions options = {});
  // Stops the server if it runs.
  ~PartnerEndpoint();

  PartnerEndpoint(const PartnerEndpoint&) = delete;
  PartnerEndpoint& operator=(const PartnerEndpoint&) = delete;

  // Also serves marketplaces' order webhooks, answered as in
  // marketplace_webhook.h (docs/CHANNELS.md):
  //   POST /channels/v1/{channel_id}/orders
  // The intake checks the channel's signature itself. Call before Start;
  // `intake` must outlive the endpoint.
  void ServeMarketplaces(application::MarketplaceIntake& intake);

  // Binds host:port (port 0 picks a free one) and serves on background
  // threads; returns once the port is bound. UNAVAILABLE when the address
  // cannot be bound; FAILED_PRECONDITION when called twice.
  absl::Status Start(const std::string& host, int port);

  // Stops accepting, stops waiting for the inbox (those requests are
  // answered 503), closes connections and joins the threads. Idempotent;
  // the endpoint cannot be started again.
  void Stop();

  int port() const { return port_; }
  std::string base_url() const;  // "http://HOST:PORT"

 private:
  class HttpServer;

  void RegisterRoutes();
  // Waits for the inbox's answer to `apply`.
  absl::Status AwaitInbox(const std::function<void(application::PartnerInbox::Done)>& apply) const;

  application::PartnerInbox& inbox_;
  const absl::flat_hash_map<std::string, std::string> secrets_;
  const PartnerEndpointOptions options_;
  std::unique_ptr<HttpServer> http_;
  std::thread serve_thread_;
  std::atomic<bool> stopping_{false};  // handlers stop waiting for the inbox
  std::string host_;
  int port_ = 0;
  bool started_ = false;
  bool stopped_ = false;
};

// The wire format of the two routes, for the endpoint and its tests.
// INVALID_ARGUMENT naming the field and what is wrong with it.
absl::StatusOr<application::ShipConfirmation> ParseShipConfirmation(std::string node_id,
                                                                    std::string_view body);
absl::StatusOr<application::StockSnapshot> ParseStockSnapshot(std::string node_id,
                                                              std::string_view body);

}  // namespace oms::api
