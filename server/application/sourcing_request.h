#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/unit_of_work.h"
#include "server/domain/order_state.h"
#include "server/domain/sourcing.h"

namespace oms::application {

// A sourcing request for an order's delivery (no lines yet): its region,
// mode and store, the channel's routing policy, the shipping address on the
// map, and every node's load today (for capacity) read in `tx`.
absl::StatusOr<domain::SourcingRequest> SourcingRequestFor(
    Transaction& tx, const FulfilmentSettings& settings, const std::string& channel,
    const std::string& region, const domain::PostalAddress& ship_to,
    const std::string& shipping_option, const std::string& pickup_node_id, absl::Time now);

// The nodes a region routes to: its own. Another region's stock is that
// region's to write (DESIGN.md, Regions); reserving there becomes a call to
// its owner when regions talk to each other.
absl::StatusOr<std::vector<domain::FulfillmentNode>> RoutableNodes(Transaction& tx,
                                                                   const std::string& region);

// The same for an existing order, with its lines' excluded nodes.
absl::StatusOr<domain::SourcingRequest> SourcingRequestFor(Transaction& tx,
                                                           const FulfilmentSettings& settings,
                                                           const domain::OrderState& order,
                                                           absl::Time now);

}  // namespace oms::application
