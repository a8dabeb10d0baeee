#include "server/integrations/http_payment_gateway.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/sha256.h"
#include "server/integrations/card_gateway_wire.h"

namespace oms::integrations {

namespace wire = card_gateway_wire;
using application::GatewayPayment;

struct HttpPaymentGateway::Shared {
  Shared(GatewayConfig c, const Clock* clock)
      : config(std::move(c)),
        base_url(absl::StripSuffix(config.base_url, "/")),
        breaker(absl::StrCat("payment gateway ", config.name), config.breaker, clock) {}

  const GatewayConfig config;
  const std::string base_url;
  CircuitBreaker breaker;
};

namespace {

// What an exchange with the gateway means for the payment.
absl::StatusOr<GatewayPayment> Interpret(const GatewayConfig& config, const std::string& what,
                                         const absl::StatusOr<HttpResponse>& reply) {
  const std::string who = absl::StrCat("payment gateway ", config.name);
  if (!reply.ok()) {
    switch (reply.status().code()) {
      case absl::StatusCode::kUnavailable:
      case absl::StatusCode::kInvalidArgument:  // a bad base_url: fix it, orders wait
        return absl::UnavailableError(
            absl::StrCat(who, " is unreachable for ", what, ": ", reply.status().message()));
      default:
        return absl::DeadlineExceededError(absl::StrCat(
            who, " gave no usable answer to ", what,
            "; the outcome is unknown, look the payment up by its idempotency key: ",
            reply.status().message()));
    }
  }
  const int code = reply->status_code;
  if (code == 200) {
    absl::StatusOr<GatewayPayment> payment = wire::ParsePayment(reply->body);
    if (payment.ok()) return payment;
    return absl::DeadlineExceededError(absl::StrCat(
        who, " answered ", what, " with an unreadable payment (", payment.status().message(),
        "); the outcome is unknown, look the payment up by its idempotency key"));
  }
  const std::string said = absl::StrCat(who, " refused ", what, " (HTTP ", code, "): ",
                                        wire::ErrorMessage(reply->body));
  if (code == 401 || code == 403) {
    return absl::UnavailableError(absl::StrCat(
        said, "; the configured secret of ", config.name, " does not match the gateway's"));
  }
  if (code == 404) return absl::NotFoundError(said);
  if (code == 409) return absl::AlreadyExistsError(said);
  if (code == 422) return absl::FailedPreconditionError(said);
  if (code == 429 || code >= 500) return absl::UnavailableError(said);
  if (code >= 400) return absl::InvalidArgumentError(said);
  // 1xx/3xx/other 2xx: not part of the API; whether it acted is unknown.
  return absl::DeadlineExceededError(
      absl::StrCat(said, "; an answer outside the API, so the outcome is unknown"));
}

bool IsFailureForBreaker(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

}  // namespace

HttpPaymentGateway::HttpPaymentGateway(GatewayConfig config, HttpClient* client,
                                       const Clock* clock)
    : shared_(std::make_shared<Shared>(std::move(config), clock)), client_(client) {}

const std::string& HttpPaymentGateway::name() const { return shared_->config.name; }

const GatewayConfig& HttpPaymentGateway::config() const { return shared_->config; }

CircuitBreaker::State HttpPaymentGateway::circuit_state() const {
  return shared_->breaker.state();
}

void HttpPaymentGateway::Authorize(const application::AuthorizeRequest& r, Callback done) {
  Call(absl::StrCat("authorize of ", r.amount_minor, " ", r.currency, " for order ", r.order_id,
                    " (key ", r.idempotency_key, ")"),
       "POST", "/gateway/v1/authorize", wire::AuthorizeBody(r), std::move(done));
}

void HttpPaymentGateway::Capture(const application::PaymentOperation& op, Callback done) {
  Call(absl::StrCat("capture of ", op.amount_minor, " ", op.currency, " on ", op.payment_ref),
       "POST", "/gateway/v1/capture", wire::OperationBody(op), std::move(done));
}

void HttpPaymentGateway::Void(const application::PaymentOperation& op, Callback done) {
  Call(absl::StrCat("void of ", op.payment_ref), "POST", "/gateway/v1/void",
       wire::OperationBody(op), std::move(done));
}

void HttpPaymentGateway::Refund(const application::PaymentOperation& op, Callback done) {
  Call(absl::StrCat("refund of ", op.amount_minor, " ", op.currency, " on ", op.payment_ref),
       "POST", "/gateway/v1/refund", wire::OperationBody(op), std::move(done));
}

void HttpPaymentGateway::Lookup(const std::string& idempotency_key, Callback done) {
  Call(absl::StrCat("lookup of key ", idempotency_key), "GET",
       wire::LookupTarget(idempotency_key), "", std::move(done));
}

void HttpPaymentGateway::Call(std::string what, std::string method, std::string target,
                              std::string body, Callback done) {
  if (absl::Status admitted = shared_->breaker.Admit(); !admitted.ok()) {
    // Answer on the client thread, as every other answer is: the caller may
    // hold a lock around this call that its callback takes.
    client_->Dispatch([done = std::move(done), admitted = std::move(admitted)] {
      done(admitted);
    });
    return;
  }
  HttpRequest request;
  request.method = std::move(method);
  request.url = absl::StrCat(shared_->base_url, target);
  request.timeout = shared_->config.timeout;
  // A GET has no body, so it signs its target (path and query).
  const std::string& signed_data = request.method == "GET" ? target : body;
  request.headers = {{"Content-Type", "application/json"},
                     {"Accept", "application/json"},
                     {"X-Signature", HmacSha256Hex(shared_->config.secret, signed_data)}};
  request.body = std::move(body);
  client_->Send(std::move(request), [shared = shared_, what = std::move(what),
                                     done = std::move(done)](absl::StatusOr<HttpResponse> reply) {
    absl::StatusOr<GatewayPayment> result = Interpret(shared->config, what, reply);
    if (IsFailureForBreaker(result.status())) {
      shared->breaker.RecordFailure(result.status());
    } else {
      shared->breaker.RecordSuccess();
    }
    done(std::move(result));
  });
}

}  // namespace oms::integrations
