#pragma once

#include <httplib.h>

#include "absl/status/statusor.h"
#include "server/application/marketplace_intake.h"

namespace oms::api {

// The HTTP answer to a marketplace's order post (docs/CHANNELS.md):
//   new order                          201 {"status":"created", "order_id", "order_number",
//                                           "order_status"}
//   the same external order again      200 {"status":"duplicate", ...the same fields}
//   NOT_FOUND                          404 {"error": ...}
//   UNAUTHENTICATED                    401 {"error": ...}
//   INVALID_ARGUMENT                   400 {"error": "<field>: <why>"}
//   FAILED_PRECONDITION, ALREADY_EXISTS 409 {"error": ...}
//   UNAVAILABLE, ABORTED, DEADLINE_EXCEEDED 503 {"error": ...}, Retry-After: 1
//   anything else                      500 {"error": ...} (logged)
void AnswerMarketplacePost(const absl::StatusOr<application::IntakeAnswer>& answer,
                           httplib::Response& res);

// The post as the intake takes it: channel from the path, body, X-Signature.
application::MarketplacePost MarketplacePostOf(const httplib::Request& req);

}  // namespace oms::api
