#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "server/application/payment_gateway.h"
#include "server/integrations/circuit_breaker.h"
#include "server/integrations/gateway_config.h"
#include "server/integrations/http_client.h"

namespace oms::integrations {

// application::PaymentGateway over a card gateway's HTTP+JSON API
// (docs/PARTNERS.md): signs every request with the configured secret, gives
// each call the configured timeout and guards the gateway with a circuit
// breaker.
//
// Answers, as the port's table asks:
//   HTTP 200                    OK with the payment (a decline is OK, kDeclined)
//   no reply in time, or the connection broke after sending
//                               DEADLINE_EXCEEDED: outcome unknown, Lookup by key
//   connection refused, 5xx, 429, 401/403 (the secret does not match; a
//   configuration fault that orders should wait out, not fail on)
//                               UNAVAILABLE
//   open circuit                UNAVAILABLE at once, without calling
//   404                         NOT_FOUND (Lookup: key never seen; else
//                               unknown payment_ref)
//   422                         FAILED_PRECONDITION with the gateway's reason
//   409                         ALREADY_EXISTS (key reused with other content)
//   other 4xx                   INVALID_ARGUMENT
//   200 that is not a payment   DEADLINE_EXCEEDED: the gateway acted but its
//                               answer cannot be read, so the outcome is unknown
// Only UNAVAILABLE and DEADLINE_EXCEEDED count as failures for the breaker.
//
// Thread-safety: all methods may be called from any thread. Callbacks run
// on `client`'s thread. `client` and `clock` must outlive the gateway; calls
// still in flight when the gateway is destroyed still answer.
class HttpPaymentGateway final : public application::PaymentGateway {
 public:
  // `config` must be valid (ValidateGatewayConfig).
  HttpPaymentGateway(GatewayConfig config, HttpClient* client, const Clock* clock);

  const std::string& name() const override;
  void Authorize(const application::AuthorizeRequest& request, Callback done) override;
  void Capture(const application::PaymentOperation& op, Callback done) override;
  void Void(const application::PaymentOperation& op, Callback done) override;
  void Refund(const application::PaymentOperation& op, Callback done) override;
  void Lookup(const std::string& idempotency_key, Callback done) override;

  const GatewayConfig& config() const;
  CircuitBreaker::State circuit_state() const;

 private:
  // What callbacks in flight need; shared so they do not depend on `this`.
  struct Shared;

  void Call(std::string what, std::string method, std::string target, std::string body,
            Callback done);

  std::shared_ptr<Shared> shared_;
  HttpClient* const client_;
};

}  // namespace oms::integrations
