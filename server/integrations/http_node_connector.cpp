#include "server/integrations/http_node_connector.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/sha256.h"
#include "server/integrations/node_wire.h"

namespace oms::integrations {

using application::NodeAnswer;

struct HttpNodeConnector::Shared {
  Shared(NodeEndpointConfig c, const Clock* clock)
      : config(std::move(c)),
        base_url(absl::StripSuffix(config.base_url, "/")),
        who(absl::StrCat("node ", config.node_id)),
        breaker(who, config.breaker, clock) {}

  const NodeEndpointConfig config;
  const std::string base_url;
  const std::string who;  // "node 3PL-BER"
  CircuitBreaker breaker;
};

namespace {

// The longest Idempotency-Key a partner is asked to keep (DESIGN.md).
constexpr size_t kMaxIdempotencyKey = 255;

// What an exchange with the partner means for the shipment.
absl::StatusOr<NodeAnswer> Interpret(const std::string& who, const std::string& what,
                                     bool expect_partner_ref,
                                     const absl::StatusOr<HttpResponse>& reply) {
  if (!reply.ok()) {
    switch (reply.status().code()) {
      case absl::StatusCode::kUnavailable:
      case absl::StatusCode::kInvalidArgument:  // a bad base_url: fix it, shipments wait
        return absl::UnavailableError(
            absl::StrCat(who, " is unreachable for ", what, ": ", reply.status().message()));
      default:
        return absl::DeadlineExceededError(absl::StrCat(
            who, " gave no usable answer to ", what,
            "; the outcome is unknown, ask again with the same key: ", reply.status().message()));
    }
  }
  const int code = reply->status_code;
  if (code == 200) {
    absl::StatusOr<NodeAnswer> answer = node_wire::ParseAnswer(reply->body);
    if (answer.ok() && answer->accepted && expect_partner_ref && answer->partner_ref.empty()) {
      answer = absl::InvalidArgumentError("it accepted without a partner_ref");
    }
    if (!answer.ok()) {
      return absl::DeadlineExceededError(
          absl::StrCat(who, " answered ", what, " unreadably (", answer.status().message(),
                       "); the outcome is unknown, ask again with the same key"));
    }
    if (!answer->accepted && answer->reason.empty()) answer->reason = "the node gave no reason";
    return answer;
  }
  const std::string said = absl::StrCat(who, " refused ", what, " (HTTP ", code,
                                        "): ", node_wire::ErrorMessage(reply->body));
  if (code == 401 || code == 403) {
    return absl::UnavailableError(
        absl::StrCat(said, "; the configured secret of ", who, " does not match the partner's"));
  }
  if (code == 404) return absl::NotFoundError(said);
  if (code == 409) return absl::AlreadyExistsError(said);
  if (code == 429 || code >= 500) return absl::UnavailableError(said);
  if (code >= 400) return absl::InvalidArgumentError(said);
  // 1xx/3xx/other 2xx: not part of the API; whether it acted is unknown.
  return absl::DeadlineExceededError(
      absl::StrCat(said, "; an answer outside the API, so the outcome is unknown"));
}

// The key goes into a header: it must not be able to end it.
absl::Status CheckIdempotencyKey(const std::string& key) {
  if (key.empty()) return absl::InvalidArgumentError("the idempotency key is empty");
  if (key.size() > kMaxIdempotencyKey) {
    return absl::InvalidArgumentError(absl::StrCat("the idempotency key has ", key.size(),
                                                   " characters; at most ", kMaxIdempotencyKey,
                                                   " are allowed"));
  }
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(
          "the idempotency key must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

bool IsFailureForBreaker(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

}  // namespace

HttpNodeConnector::HttpNodeConnector(NodeEndpointConfig config, HttpClient* client,
                                     const Clock* clock)
    : shared_(std::make_shared<Shared>(std::move(config), clock)), client_(client) {}

const NodeEndpointConfig& HttpNodeConnector::config() const { return shared_->config; }

CircuitBreaker::State HttpNodeConnector::circuit_state() const { return shared_->breaker.state(); }

void HttpNodeConnector::RequestShipment(const application::ShipmentRequest& request,
                                        Callback done) {
  const std::string what =
      absl::StrCat("shipment request ", request.shipment_id, " of order ", request.order_number,
                   " (key ", request.idempotency_key, ")");
  if (!request.node_id.empty() && request.node_id != shared_->config.node_id) {
    return Refuse(absl::InvalidArgumentError(absl::StrCat(what, " is for node ", request.node_id,
                                                          ", not for ", shared_->who)),
                  std::move(done));
  }
  if (request.shipment_id.empty()) {
    return Refuse(absl::InvalidArgumentError(
                      absl::StrCat("a shipment request to ", shared_->who, " needs a shipment id")),
                  std::move(done));
  }
  if (absl::Status s = CheckIdempotencyKey(request.idempotency_key); !s.ok()) {
    return Refuse(absl::InvalidArgumentError(absl::StrCat(what, ": ", s.message())),
                  std::move(done));
  }
  application::ShipmentRequest sent = request;
  sent.node_id = shared_->config.node_id;
  Call(what, std::string(node_wire::kShipmentsTarget), request.idempotency_key,
       node_wire::ShipmentRequestBody(sent), /*expect_partner_ref=*/true, std::move(done));
}

void HttpNodeConnector::RequestCancellation(const std::string& node_id,
                                            const std::string& shipment_id,
                                            const std::string& idempotency_key, Callback done) {
  const std::string what =
      absl::StrCat("cancellation of shipment ", shipment_id, " (key ", idempotency_key, ")");
  if (!node_id.empty() && node_id != shared_->config.node_id) {
    return Refuse(absl::InvalidArgumentError(
                      absl::StrCat(what, " is for node ", node_id, ", not for ", shared_->who)),
                  std::move(done));
  }
  if (shipment_id.empty()) {
    return Refuse(absl::InvalidArgumentError(absl::StrCat("a cancellation sent to ", shared_->who,
                                                          " needs a shipment id")),
                  std::move(done));
  }
  if (absl::Status s = CheckIdempotencyKey(idempotency_key); !s.ok()) {
    return Refuse(absl::InvalidArgumentError(absl::StrCat(what, ": ", s.message())),
                  std::move(done));
  }
  Call(what, node_wire::CancellationTarget(shipment_id), idempotency_key,
       node_wire::CancellationBody(shared_->config.node_id, shipment_id),
       /*expect_partner_ref=*/false, std::move(done));
}

void HttpNodeConnector::Refuse(absl::Status status, Callback done) {
  // Answer on the client thread, as every other answer is: the caller may
  // hold a lock around this call that its callback takes.
  client_->Dispatch([done = std::move(done), status = std::move(status)] { done(status); });
}

void HttpNodeConnector::Call(std::string what, std::string target, std::string idempotency_key,
                             std::string body, bool expect_partner_ref, Callback done) {
  if (absl::Status admitted = shared_->breaker.Admit(); !admitted.ok()) {
    return Refuse(std::move(admitted), std::move(done));
  }
  HttpRequest request;
  request.method = "POST";
  request.url = absl::StrCat(shared_->base_url, target);
  request.timeout = shared_->config.timeout;
  request.headers = {{"Content-Type", "application/json"},
                     {"Accept", "application/json"},
                     {"Idempotency-Key", std::move(idempotency_key)},
                     {"X-Signature", HmacSha256Hex(shared_->config.secret, body)}};
  request.body = std::move(body);
  client_->Send(std::move(request), [shared = shared_, what = std::move(what), expect_partner_ref,
                                     done = std::move(done)](absl::StatusOr<HttpResponse> reply) {
    absl::StatusOr<NodeAnswer> result = Interpret(shared->who, what, expect_partner_ref, reply);
    if (IsFailureForBreaker(result.status())) {
      shared->breaker.RecordFailure(result.status());
    } else {
      shared->breaker.RecordSuccess();
    }
    done(std::move(result));
  });
}

}  // namespace oms::integrations
