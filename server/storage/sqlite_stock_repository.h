#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "server/domain/repositories.h"
#include "server/storage/event_log.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Stock levels per (sku, node) in SQLite (see domain::StockRepository).
// Reserve is one conditional UPDATE, so available stock can never go below
// zero whatever the interleaving of units. Every change bumps the row's
// version, appends a stock_ledger row (kind reserve, release, receive,
// count or damage, with the current actor as principal) and an outbox
// event (aggregate_type "stock", aggregate_id "SKU@NODE", version = the
// row's version; StockReserved, StockReleased, StockShipped or StockAdjusted with the new
// levels in details). Levels carry the node's region.
// Errors: INVALID_ARGUMENT for a quantity that is not positive (a count may
// be zero), FAILED_PRECONDITION "out of stock: SKU at NODE has N available,
// M requested", NOT_FOUND for a missing row or an unknown SKU or node on
// Adjust, INTERNAL when releasing more than is reserved.
// Not thread-safe: writer thread only.
class SqliteStockRepository : public domain::StockRepository {
 public:
  SqliteStockRepository(Connection& connection, EventLog& events, const Clock& clock);

  absl::StatusOr<std::vector<domain::StockLevel>> ForSkus(
      const std::vector<std::string>& skus) override;
  absl::StatusOr<domain::StockLevel> Get(const std::string& sku,
                                         const std::string& node_id) override;
  absl::Status Reserve(const std::string& sku, const std::string& node_id, int64_t quantity,
                       const std::string& order_id) override;
  absl::Status Release(const std::string& sku, const std::string& node_id, int64_t quantity,
                       const std::string& order_id) override;
  absl::Status Consume(const std::string& sku, const std::string& node_id, int64_t quantity,
                       const std::string& order_id) override;
  absl::StatusOr<domain::StockLevel> Adjust(const std::string& sku, const std::string& node_id,
                                            domain::StockAdjustment kind, int64_t quantity,
                                            const std::string& reason) override;

 private:
  struct Change {
    std::string kind;  // the stock_ledger kind
    std::string event_type;
    int64_t delta_on_hand = 0;
    int64_t delta_reserved = 0;
    std::string reason;
    std::string order_id;
  };
  // Ledger row and event for a change already applied to `level`.
  absl::Status Record(const domain::StockLevel& level, const Change& change);

  Connection& connection_;
  EventLog& events_;
  const Clock& clock_;
};

}  // namespace oms::storage
