#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "server/application/payment_gateway.h"

// The card gateway's wire format (JSON bodies of /gateway/v1, see
// docs/PARTNERS.md), kept apart from the HTTP and status handling in
// HttpPaymentGateway. Pure functions; thread-safe.
namespace oms::integrations::card_gateway_wire {

std::string AuthorizeBody(const application::AuthorizeRequest& request);
std::string OperationBody(const application::PaymentOperation& op);

// The target of a lookup, "/gateway/v1/payments?idempotency_key=..."
// with the key percent-encoded.
std::string LookupTarget(std::string_view idempotency_key);

// A payment from a 200 answer; INVALID_ARGUMENT saying what is wrong when
// the body is not a payment (missing field, unknown state).
absl::StatusOr<application::GatewayPayment> ParsePayment(std::string_view body);

// The "message" of an error answer, or the start of the raw body when it is
// not the gateway's JSON error shape.
std::string ErrorMessage(std::string_view body);

}  // namespace oms::integrations::card_gateway_wire
