#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/fulfillment_partner.h"
#include "server/application/unit_of_work.h"
#include "server/domain/order.h"

// The units of work of fulfilment: each runs inside one savepoint on the
// writer, so each is all or nothing. The rules they apply are in
// docs/FULFILLMENT.md.
namespace oms::application::fulfilment {

struct Outcome {
  domain::OrderState order;
  std::string shipment_id;
  bool replayed = false;  // request_id matched an earlier request
};

// An idempotent request: the key and a hash of everything else.
struct RequestKey {
  std::string request_id;
  std::string request_hash;
};

// The order a shipment belongs to (shipment ids are order id + "-S" + n);
// INVALID_ARGUMENT for anything else.
absl::StatusOr<std::string> OrderIdOfShipment(const std::string& shipment_id);

// After any change to an order: release reserved units to their nodes as
// shipments, hand carry-outs over at once, queue a request to every partner
// node that got a shipment. Within the release grace window after placement
// nothing is released; a RELEASE job comes back when it ends. Does not save
// the order.
absl::Status ReleaseAndFollow(Transaction& tx, domain::Order& order,
                              const FulfilmentSettings& settings, absl::Time now);

// Adds a note by the actor to the order.
absl::StatusOr<Outcome> AddNote(Transaction& tx, const std::string& order_id,
                                const std::string& text, const RequestKey& key,
                                const Actor& actor, absl::Time now);

enum class Action { kStartPicking, kPack, kShip, kDeliver, kReadyForPickup, kCompletePickup };

struct ShipmentCommand {
  Action action = Action::kStartPicking;
  std::string shipment_id;
  std::string carrier;  // kShip
  std::string service;
  std::string tracking_id;
  RequestKey key;
};

// One move of a shipment worked inside the OMS (or confirmed by a partner).
// Shipping or handing over consumes the node's reserved stock and queues
// the capture of the shipment's card money.
absl::StatusOr<Outcome> Work(Transaction& tx, const ShipmentCommand& command, const Actor& actor,
                             const FulfilmentSettings& settings, absl::Time now);

struct ShortLine {
  int line_no = 0;
  int64_t missing = 0;
};

// Units a node could not find: written off at the node, then re-routed to
// other nodes by the routing rules (never this node again), else
// backordered where the product allows, else cancelled by the system.
absl::StatusOr<Outcome> ShortPick(Transaction& tx, const std::string& shipment_id,
                                  const std::vector<ShortLine>& lines, const std::string& reason,
                                  const RequestKey& key, const Actor& actor,
                                  const FulfilmentSettings& settings, absl::Time now);

// The node declines a shipment: its reservations are released and its
// units re-routed like a short pick (without a write-off).
absl::StatusOr<Outcome> Reject(Transaction& tx, const std::string& shipment_id,
                               const std::string& reason, const RequestKey& key,
                               const Actor& actor, const FulfilmentSettings& settings,
                               absl::Time now);

// Places (hold=true) or releases a hold on an order or one of its
// shipments; releasing the order's last hold releases it to nodes.
absl::StatusOr<Outcome> ChangeHold(Transaction& tx, const std::string& order_id, bool hold,
                                   domain::HoldReason reason, const std::string& note,
                                   const std::string& shipment_id, const RequestKey& key,
                                   const Actor& actor, const FulfilmentSettings& settings,
                                   absl::Time now);

// Gives stock that has become available to the orders waiting for `sku`
// (backordered units; preordered units when `preorders`), oldest first, and
// releases them to nodes. Answers how many orders got units.
absl::StatusOr<int> ServeWaiting(Transaction& tx, const std::string& sku, bool preorders,
                                 const FulfilmentSettings& settings, absl::Time now);

// Releases the preorders of every product whose release date has come.
absl::StatusOr<int> ReleaseDuePreorders(Transaction& tx, const FulfilmentSettings& settings,
                                        absl::Time now);

// Cancels pickups not collected in time and restocks them.
absl::StatusOr<int> ExpirePickups(Transaction& tx, const FulfilmentSettings& settings,
                                  absl::Time now);

// A partner node's answer to a shipment request.
absl::StatusOr<Outcome> ApplyNodeAnswer(Transaction& tx, const std::string& shipment_id,
                                        const NodeAnswer& answer,
                                        const FulfilmentSettings& settings, absl::Time now);

// A partner node's ship confirmation: applied once (by confirmation id),
// in sequence order, else FAILED_PRECONDITION with the reason.
absl::Status ApplyShipConfirmation(Transaction& tx, const ShipConfirmation& confirmation,
                                   const FulfilmentSettings& settings, absl::Time now);

// A partner node's stock count: applied once, never older than the newest
// applied; on hand set per SKU, then waiting orders served.
absl::Status ApplyStockSnapshot(Transaction& tx, const StockSnapshot& snapshot,
                                const FulfilmentSettings& settings, absl::Time now);

// The capture a shipment still needs: on which tender, how much.
struct CaptureStep {
  std::string order_id;
  std::string shipment_id;
  std::string tender_id;
  std::string gateway;
  std::string payment_ref;
  std::string currency;
  int64_t amount_minor = 0;
  bool renew_first = false;  // the authorization is about to expire
  int renewals = 0;
  int64_t uncaptured_minor = 0;  // what a renewal must authorize again
  std::string card_token;
};

// The next capture for a shipment, or nullopt when its charge is captured.
std::optional<CaptureStep> NextCapture(const domain::OrderState& order,
                                       const std::string& shipment_id,
                                       const FulfilmentSettings& settings, absl::Time now);

// Gateway idempotency keys, stable across restarts.
std::string CaptureKey(const std::string& order_id, const std::string& tender_id,
                       const std::string& shipment_id);
std::string RenewKey(const std::string& order_id, const std::string& tender_id, int renewal);

}  // namespace oms::application::fulfilment
