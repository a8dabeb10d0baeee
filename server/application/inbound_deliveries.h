#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/unit_of_work.h"

// Expected inbound deliveries (purchase orders, transfers): recorded ahead,
// received in one unit of work that turns their lines into stock and serves
// the orders waiting for those SKUs, oldest first. Each call runs on the
// writer; `done` runs on the writer thread.
namespace oms::application {

using InboundCallback = std::function<void(absl::StatusOr<InboundDelivery>)>;

// INVALID_ARGUMENT for bad input (no lines, a repeated SKU, a quantity out
// of 1..1e9), NOT_FOUND for an unknown node or SKU, ALREADY_EXISTS for a
// delivery id in use. An empty delivery_id gets a new one (IN-<ULID>).
void ExpectInbound(UnitOfWork& unit_of_work, InboundDelivery delivery, const Actor& actor,
                   absl::Time now, InboundCallback done);

// FAILED_PRECONDITION when it was received already; NOT_FOUND when unknown.
void ReceiveInbound(UnitOfWork& unit_of_work, std::string delivery_id, const Actor& actor,
                    const FulfilmentSettings& settings, absl::Time now, InboundCallback done);

// Deliveries still expected at a node (every node when empty), soonest first.
void ListExpectedInbound(UnitOfWork& unit_of_work, std::string node_id, int limit,
                         std::function<void(absl::StatusOr<std::vector<InboundDelivery>>)> done);

}  // namespace oms::application
