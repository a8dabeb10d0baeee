#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/channels.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/payment_gateway.h"
#include "server/application/place_order_command.h"
#include "server/application/unit_of_work.h"

// The units of work of the placement saga: each runs inside one savepoint
// on the writer, so each is all or nothing.
namespace oms::application::placement {

struct Outcome {
  domain::OrderState order;
  bool replayed = false;
  bool finished = false;    // CONFIRMED or REJECTED
  bool needs_void = false;  // card authorizations to void after commit
};

struct CreateParams {
  std::string order_id;
  std::string region;
  absl::Time now;
  absl::Duration saga_timeout;
  absl::Duration answer_grace;
  FulfilmentSettings fulfilment;
  // The order's channel (its buffer and oversell policy); null: no
  // channel limits (tests without configuration).
  const Channel* channel = nullptr;
  // SKU -> units per customer (PlacementLimits::units_per_customer); not
  // owned, null: no purchase limits.
  const std::map<std::string, int64_t>* units_per_customer = nullptr;
  // Peer regions (docs/REGIONS.md): the store credit and wallet of a
  // customer homed in one of them are that region's to spend. Not owned;
  // null: a single region.
  const std::vector<std::string>* peer_regions = nullptr;
};

// Steps 1-3: dedupe, price, route, create PENDING, reserve, debit ledgers,
// record the saga (card orders) or confirm (no cards).
absl::StatusOr<Outcome> CreateOrder(Transaction& tx, const PlaceOrderCommand& command,
                                    const Actor& actor, const CreateParams& params);

// Step 5 for one tender's gateway answer. A confirmed order is released to
// its nodes in the same unit (carry-outs handed over at once). A no-op (finished=true) when the
// order has moved on or the tender was already answered: answers may come
// twice after a restart.
absl::StatusOr<Outcome> ApplyGatewayAnswer(Transaction& tx, const std::string& order_id,
                                           const std::string& tender_id,
                                           const std::string& gateway,
                                           const GatewayPayment& payment, absl::Time now,
                                           const FulfilmentSettings& fulfilment);

// Rejects a PENDING order and compensates inside the transaction:
// reservations released, preorder counts returned, ledger debits reversed,
// unanswered card tenders closed. Sets needs_void when card authorizations
// may exist at a gateway, and records the saga's voiding step then.
absl::Status RejectAndCompensate(Transaction& tx, domain::Order& order, const std::string& reason,
                                 absl::Time now, bool& needs_void);

// Marks the order as waiting for a gateway that is down (AWAITING_PAYMENT
// hold) and schedules the next attempt.
absl::StatusOr<Outcome> HoldForPayment(Transaction& tx, const std::string& order_id,
                                       const std::string& why, absl::Time now,
                                       absl::Duration retry_in);

// Closes a saga whose deadline passed.
absl::StatusOr<Outcome> RejectPastDeadline(Transaction& tx, const std::string& order_id,
                                           absl::Time now);

// The idempotency keys the saga uses at gateways: stable across restarts.
std::string AuthorizeKey(const std::string& order_id, const std::string& tender_id);
std::string VoidKey(const std::string& order_id, const std::string& tender_id);

// Prefix of the decline reason given to card tenders closed by a rejection
// before their gateway answered: their authorization, if any, gets voided.
inline constexpr char kUnansweredDecline[] = "not authorized before the order was rejected";

}  // namespace oms::application::placement
