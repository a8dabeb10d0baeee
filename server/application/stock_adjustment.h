#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "server/application/actor.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/unit_of_work.h"

namespace oms::application {

struct AdjustStockCommand {
  std::string request_id;
  std::string request_hash;
  std::string sku;
  std::string node_id;
  domain::StockAdjustment kind = domain::StockAdjustment::kReceive;
  int64_t quantity = 0;
  std::string reason;
};

// Receives, counts or writes off stock at a node, with a reason kept in the
// inventory ledger. Idempotent by (principal, request_id): a repeat answers
// the current level without adjusting again. `done` runs on the writer
// thread. INVALID_ARGUMENT for bad input, NOT_FOUND for an unknown node,
// FAILED_PRECONDITION when on hand would drop below what is reserved.
// Stock that grows (a receipt, a count above the last) goes first to the
// orders waiting for the SKU, oldest first, in the same unit: their
// backordered units (and preordered ones past the release date) are
// reserved and released to nodes.
void AdjustStock(UnitOfWork& unit_of_work, AdjustStockCommand command, Actor actor,
                 const FulfilmentSettings& settings, absl::Time now,
                 std::function<void(absl::StatusOr<domain::StockLevel>)> done);

}  // namespace oms::application
