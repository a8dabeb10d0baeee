#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/cancellation_units.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/fulfilment_units.h"
#include "server/application/unit_of_work.h"
#include "server/domain/order.h"

// Cancellations omsd makes itself (initiator SYSTEM, docs/CANCELLATION.md):
// a fraud review rejected, a preorder dropped, a card authorization that
// expired and could not be renewed. Each is one unit of work on the writer
// and goes through the cancellation table like any other cancellation.
namespace oms::application::system_cancellation {

// Fraud decisions and preorder drops are for supervisors and admins:
// PERMISSION_DENIED naming the principal and what it may not do otherwise.
absl::Status RequireReviewer(const Actor& actor, absl::string_view what);

// A reviewer rejects the order's `reason` hold (only FRAUD_REVIEW can be
// rejected: FAILED_PRECONDITION otherwise, or when the order has no such
// hold). Every unit the table lets the system cancel is cancelled with
// reason FRAUD (partner nodes are asked), with the money given back as any
// cancellation. The hold is released once nothing is left open; units that
// must be returned instead or wait for a partner's answer keep it, so they
// are not handed over meanwhile. Idempotent per key like CancelOrder.
absl::StatusOr<cancellation::Outcome> RejectFraudHold(
    Transaction& tx, const std::string& order_id, domain::HoldReason reason,
    const std::string& note, const fulfilment::RequestKey& key, const Actor& actor,
    const FulfilmentSettings& settings, absl::Time now);

// A preorder that will never come: the order's preordered units of `sku`
// are cancelled with reason OUT_OF_STOCK and the product takes no more
// preorders. Answers the units cancelled (0, with nothing written, when the
// order has none).
absl::StatusOr<int64_t> DropPreorderedUnits(Transaction& tx, const std::string& order_id,
                                            const std::string& sku, const std::string& why,
                                            const Actor& actor, const FulfilmentSettings& settings,
                                            absl::Time now);

// A card authorization (`payment_ref` on the tender) expired and the gateway
// declined its renewal: the units not yet handed over are cancelled with
// reason PAYMENT_FAILURE, by the table (packed units stay and are returned
// instead; partner nodes are asked). Answers the units cancelled; 0 with
// nothing written when the tender was renewed meanwhile or nothing can go.
absl::StatusOr<int64_t> CancelUnpaid(Transaction& tx, const std::string& order_id,
                                     const std::string& tender_id, const std::string& payment_ref,
                                     const std::string& decline_reason,
                                     const FulfilmentSettings& settings, absl::Time now);

}  // namespace oms::application::system_cancellation
