#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/application/fulfilment_units.h"

// Steps the fulfilment units share; internal to server/application.
namespace oms::application::fulfilment::steps {

// An earlier request under the same key: its outcome, replayed (the order
// as it is now). ALREADY_EXISTS when the key was used for other content.
absl::StatusOr<std::optional<Outcome>> Replay(Transaction& tx, const Actor& actor,
                                              const RequestKey& key,
                                              const std::string& shipment_id);

// Runs `body` unless the key names an earlier request, whose outcome is
// answered instead (replayed). ALREADY_EXISTS for a key reused with other
// content.
template <typename Body>
absl::StatusOr<Outcome> OncePerKey(Transaction& tx, const Actor& actor, const RequestKey& key,
                                   const std::string& shipment_id, Body body) {
  auto replay = Replay(tx, actor, key, shipment_id);
  if (!replay.ok()) return replay.status();
  if (replay->has_value()) return **replay;
  return body();
}

// The order holding a shipment; NOT_FOUND "shipment X not found" when
// either is missing.
absl::StatusOr<domain::Order> LoadForShipment(Transaction& tx, const std::string& order_id,
                                              const std::string& shipment_id);

// Saves the order, remembers the request key, answers the outcome.
absl::StatusOr<Outcome> Save(Transaction& tx, domain::Order& order, const Actor& actor,
                             const RequestKey& key, const std::string& shipment_id,
                             absl::Time now);

// A shipment left the node: its units leave the node's stock, and the
// capture of its card money is queued.
absl::Status HandedOver(Transaction& tx, const domain::Order& order,
                        const std::string& shipment_id,
                        const std::vector<domain::Order::StockMove>& moves, absl::Time now);

// Where `quantity` units of a line go when they leave `from_node`: other
// nodes by the routing rules (never an excluded one), else backordered when
// the product allows, else cancelled. Pickup and carry-out orders are served
// by their store only, so their units are cancelled.
absl::StatusOr<std::vector<domain::Order::UnitMove>> RouteAgain(
    Transaction& tx, const FulfilmentSettings& settings, const domain::OrderState& order,
    const domain::OrderLine& line, const std::string& from_node, int64_t quantity,
    absl::Time now);

// Reserves the units that moves send to new nodes.
absl::Status ReserveMoves(Transaction& tx, const std::string& order_id, const std::string& sku,
                          const std::vector<domain::Order::UnitMove>& moves);

// An order that ended CANCELLED with card authorizations still open: the
// placement saga's voiding step voids them after commit.
absl::Status VoidIfCancelled(Transaction& tx, const domain::Order& order, absl::Time now);

// The node declines a shipment: release, re-route, release to nodes.
absl::Status RejectUnits(Transaction& tx, domain::Order& order, const std::string& shipment_id,
                         const std::string& reason, const FulfilmentSettings& settings,
                         absl::Time now);

}  // namespace oms::application::fulfilment::steps
