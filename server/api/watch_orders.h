#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "oms/v1/order_service.pb.h"
#include "server/api/authenticator.h"
#include "server/api/watch_hub.h"
#include "server/application/queries.h"

namespace oms::api {

// OrderService.WatchOrders: authenticates, validates the request and opens
// a WatchStream of the order events matching its filters (see the proto).
// An order id or number is resolved through the read model (NOT_FOUND when
// neither, or out of the caller's scope); INVALID_ARGUMENT names the field
// for a bad request. A scoped caller watches inside its scope
// (WatchScope in watch_orders.cpp). Never blocks beyond the indexed reads
// of the order, the nodes and the log's head.
grpc::ServerWriteReactor<v1::WatchOrdersResponse>* WatchOrders(
    grpc::CallbackServerContext& context, const v1::WatchOrdersRequest& request,
    Authenticator& auth, application::ReadModel& reads, WatchHub& hub);

}  // namespace oms::api
