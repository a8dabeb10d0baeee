#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "server/application/fulfillment_partner.h"

// The 3PL / drop-shipper wire format (JSON bodies of /3pl/v1, see
// docs/PARTNERS.md), kept apart from the HTTP and status handling in
// HttpNodeConnector. Pure functions; thread-safe.
namespace oms::integrations::node_wire {

inline constexpr char kShipmentsTarget[] = "/3pl/v1/shipments";

// {"shipment_id","node_id","order_id","order_number","lines":[{"line_no",
//  "sku","name","quantity"}],"ship_to":{"name","line1","line2","city",
//  "postal_code","country","phone"},"shipping_option"}
// The idempotency key travels in the Idempotency-Key header, not the body.
std::string ShipmentRequestBody(const application::ShipmentRequest& request);

// "/3pl/v1/shipments/<shipment_id percent-encoded>/cancel"
std::string CancellationTarget(std::string_view shipment_id);
// {"shipment_id","node_id"}: a body to sign, and a check for the partner.
std::string CancellationBody(std::string_view node_id, std::string_view shipment_id);

// The answer of a 200: {"accepted":true,"partner_ref":"..."} or
// {"accepted":false,"reason":"..."}. INVALID_ARGUMENT saying what is wrong
// when the body is not that shape.
absl::StatusOr<application::NodeAnswer> ParseAnswer(std::string_view body);

// The "message" (else "error") of an error answer, or the start of the raw
// body when it is not JSON of that shape.
std::string ErrorMessage(std::string_view body);

}  // namespace oms::integrations::node_wire
