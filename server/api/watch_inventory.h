#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <optional>

#include "oms/v1/inventory_service.pb.h"
#include "server/api/authenticator.h"
#include "server/api/watch_hub.h"

namespace oms::api {

// InventoryService.WatchInventory: authenticates, validates the request and
// opens a WatchStream of the stock changes matching its filters (see the
// proto). INVALID_ARGUMENT names the field for a bad request.
grpc::ServerWriteReactor<v1::WatchInventoryResponse>* WatchInventory(
    grpc::CallbackServerContext& context, const v1::WatchInventoryRequest& request,
    Authenticator& auth, WatchHub& hub);

// A stock event as a message: the level after the change comes from the
// event's details (what was committed with it, not what the stock is now,
// so a replay shows each step). nullopt for an event that is not a stock
// change or whose payload cannot be read.
std::optional<v1::WatchInventoryResponse> ToStockChange(const application::FollowedEvent& followed);

}  // namespace oms::api
