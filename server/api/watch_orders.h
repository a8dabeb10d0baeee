#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "oms/v1/order_service.pb.h"
#include "server/api/authenticator.h"
#include "server/api/watch_hub.h"

namespace oms::api {

// OrderService.WatchOrders: authenticates, validates the request and opens
// a WatchStream of the order events matching its filters (see the proto).
// `order_id_of` resolves an order id or number (NOT_FOUND when neither);
// INVALID_ARGUMENT names the field for a bad request. Never blocks beyond
// the indexed reads of the order and the log's head.
grpc::ServerWriteReactor<v1::WatchOrdersResponse>* WatchOrders(
    grpc::CallbackServerContext& context, const v1::WatchOrdersRequest& request,
    Authenticator& auth,
    const std::function<absl::StatusOr<std::string>(const std::string&)>& order_id_of,
    WatchHub& hub);

}  // namespace oms::api
