#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "server/application/fulfillment_partner.h"
#include "server/integrations/circuit_breaker.h"
#include "server/integrations/http_client.h"
#include "server/integrations/node_endpoint_config.h"

namespace oms::integrations {

// application::NodeConnector for one node worked by a 3PL or drop-shipper
// over its HTTP+JSON API (docs/PARTNERS.md "3PL API"): every request is
// signed with the node's secret (X-Signature = hex(HMAC-SHA256(secret,
// body))), carries the caller's key in an Idempotency-Key header, gets the
// configured timeout, and the node is guarded by its own circuit breaker.
//
// Answers, as the port asks:
//   HTTP 200 with an answer     OK: accepted with the partner's ref, or
//                               rejected with its reason
//   no reply in time, the connection broke after sending, or a 200 that is
//   not an answer (or accepts without a partner_ref)
//                               DEADLINE_EXCEEDED: outcome unknown, ask
//                               again with the same key
//   connection refused, 5xx, 429, 401/403 (the secret does not match; a
//   configuration fault to wait out, not to reject shipments on)
//                               UNAVAILABLE
//   open circuit                UNAVAILABLE at once, without calling
//   404                         NOT_FOUND (cancel of a shipment the node
//                               never received)
//   409                         ALREADY_EXISTS (the key, or the shipment id,
//                               was used before with other content)
//   other 4xx                   INVALID_ARGUMENT
//   a request for another node, an empty shipment id, or an idempotency
//   key that is empty, over 255 characters or not printable ASCII
//                               INVALID_ARGUMENT, without calling
// Only UNAVAILABLE and DEADLINE_EXCEEDED count as failures for the breaker.
//
// Thread-safety: all methods may be called from any thread. Callbacks run
// on `client`'s thread, also the ones that answer without calling. `client`
// and `clock` must outlive the connector; calls in flight when it is
// destroyed still answer.
class HttpNodeConnector final : public application::NodeConnector {
 public:
  // `config` must be valid (ValidateNodeEndpointConfig).
  HttpNodeConnector(NodeEndpointConfig config, HttpClient* client, const Clock* clock);

  // POST {base_url}/3pl/v1/shipments. request.node_id must be this
  // connector's node (or empty, meaning this node).
  void RequestShipment(const application::ShipmentRequest& request, Callback done) override;
  // POST {base_url}/3pl/v1/shipments/{shipment_id}/cancel.
  void RequestCancellation(const std::string& node_id, const std::string& shipment_id,
                           const std::string& idempotency_key, Callback done) override;

  const NodeEndpointConfig& config() const;
  CircuitBreaker::State circuit_state() const;

 private:
  // What callbacks in flight need; shared so they do not depend on `this`.
  struct Shared;

  void Call(std::string what, std::string target, std::string idempotency_key, std::string body,
            bool expect_partner_ref, Callback done);
  // Answers `done` with `status` on the client thread, as every other answer.
  void Refuse(absl::Status status, Callback done);

  std::shared_ptr<Shared> shared_;
  HttpClient* const client_;
};

}  // namespace oms::integrations
