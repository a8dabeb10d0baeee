#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "oms/v1/payment_service.pb.h"
#include "oms/v1/refund.pb.h"
#include "server/application/refunds.h"
#include "server/domain/refund.h"

// Proto <-> domain mapping of refunds (PaymentService, Order.refunds). Pure.
namespace oms::api {

void ToProto(const domain::RefundState& in, const std::string& currency, v1::Refund* out);
// The domain request of a RefundOrderRequest (requested_by is set by the use
// case). INVALID_ARGUMENT naming the field for a negative amount, a goodwill
// in another currency or an unknown policy.
absl::StatusOr<domain::Order::RefundRequest> ToRefundRequest(const v1::RefundOrderRequest& in,
                                                             const std::string& currency_hint);

}  // namespace oms::api
