#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace oms::application {

// What a card gateway says about one payment.
struct GatewayPayment {
  enum class State { kAuthorized, kDeclined, kCaptured, kVoided, kRefunded };
  std::string payment_ref;      // the gateway's id for the payment
  State state = State::kDeclined;
  int64_t authorized_minor = 0;
  int64_t captured_minor = 0;
  int64_t refunded_minor = 0;
  std::string decline_reason;   // set when kDeclined, e.g. "insufficient_funds"
  std::string card_last4;
};

struct AuthorizeRequest {
  std::string idempotency_key;  // the same key always names the same payment
  std::string order_id;
  int64_t amount_minor = 0;
  std::string currency;
  std::string card_token;
};

// A money movement on an existing payment (capture, refund) or a void.
struct PaymentOperation {
  std::string idempotency_key;
  std::string payment_ref;
  int64_t amount_minor = 0;  // ignored by Void
  std::string currency;
};

// A card gateway, asynchronous. Every call answers exactly once through
// `done`, on a thread owned by the adapter; `done` must not block.
//
// The status of the answer says what is known:
//   OK                 the gateway answered; the payment says what it did
//                      (a decline is an OK answer with State::kDeclined).
//   DEADLINE_EXCEEDED  no answer in time: the outcome is UNKNOWN, never
//                      assume declined; call Lookup with the same key.
//   UNAVAILABLE        the gateway could not be reached or said it is down
//                      (connection refused, 5xx, open circuit).
//   NOT_FOUND          Lookup only: the gateway never saw that key.
//   FAILED_PRECONDITION the gateway refused the operation for the payment's
//                      state (capture more than authorized, refund a void).
//   INVALID_ARGUMENT   the gateway rejected the request as malformed.
class PaymentGateway {
 public:
  using Callback = std::function<void(absl::StatusOr<GatewayPayment>)>;
  virtual ~PaymentGateway() = default;

  // The configured name of this gateway, kept on the tender ("gw-eu").
  virtual const std::string& name() const = 0;

  virtual void Authorize(const AuthorizeRequest& request, Callback done) = 0;
  virtual void Capture(const PaymentOperation& op, Callback done) = 0;
  virtual void Void(const PaymentOperation& op, Callback done) = 0;
  virtual void Refund(const PaymentOperation& op, Callback done) = 0;
  // Finds the payment made under an idempotency key (of an authorize).
  virtual void Lookup(const std::string& idempotency_key, Callback done) = 0;
};

// Chooses the gateway for a card tender. Implementations are thread-safe.
class GatewayDirectory {
 public:
  virtual ~GatewayDirectory() = default;
  // The gateway for a currency in a region; nullptr when none is configured.
  virtual PaymentGateway* ForCurrency(const std::string& currency,
                                      const std::string& region) = 0;
  // The gateway by its configured name (to capture or void where the
  // authorization was made); nullptr when unknown.
  virtual PaymentGateway* ByName(const std::string& name) = 0;
};

}  // namespace oms::application
