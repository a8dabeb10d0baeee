#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/fulfilment_units.h"
#include "server/application/unit_of_work.h"
#include "server/domain/order.h"

// Cancellation by people and channels (docs/CANCELLATION.md): each call one
// unit of work on the writer.
namespace oms::application::cancellation {

struct Outcome {
  domain::OrderState order;
  domain::Order::CancellationPlan plan;  // what was done (empty when replayed)
  bool replayed = false;
};

// Tells partner nodes (asked to cancel) from our own (cancel at once).
std::function<domain::NodeKind(const std::string&)> NodeKinds(const FulfilmentSettings& settings);

// What a cancellation would do now. NOT_FOUND for an unknown order.
absl::StatusOr<domain::Order::CancellationPlan> Preview(
    Transaction& tx, const std::string& order_id,
    const domain::Order::CancellationRequest& request, const FulfilmentSettings& settings);

// Cancels by the table: units released (reservations and preorder counts
// given back), shipments reduced or cancelled, card authorizations released
// (voided at the gateway when the whole order goes), wallet and store credit
// given back through the ledger. Chosen lines are all or nothing:
// FAILED_PRECONDITION naming the units to return instead.
absl::StatusOr<Outcome> Cancel(Transaction& tx, const std::string& order_id,
                               const domain::Order::CancellationRequest& request,
                               const fulfilment::RequestKey& key, const Actor& actor,
                               const FulfilmentSettings& settings, absl::Time now);

// The system cancels what the table lets it (the request's initiator must
// be SYSTEM) on an order loaded in `tx`: units cancelled at once with their
// money settled as Cancel does, partner nodes asked (NODE_CANCEL jobs).
// Does not save the order. Answers the plan carried out; FAILED_PRECONDITION
// when nothing can be cancelled or asked of a node.
absl::StatusOr<domain::Order::CancellationPlan> CancelBySystem(
    Transaction& tx, domain::Order& order, const domain::Order::CancellationRequest& request,
    const FulfilmentSettings& settings, absl::Time now);

// A partner node's answer to a cancellation request for units of its
// shipment: accepted, they are cancelled like any other; refused, they stay
// and the refusal is on the order's timeline.
absl::StatusOr<Outcome> ApplyNodeAnswer(Transaction& tx, const std::string& shipment_id,
                                        bool accepted, const std::string& reason,
                                        const FulfilmentSettings& settings, absl::Time now);

}  // namespace oms::application::cancellation
