#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "server/domain/repositories.h"
#include "server/storage/event_log.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Products in SQLite (see domain::CatalogRepository). AddPreorderSold is one
// conditional UPDATE, so concurrent preorders can never pass the cap, and
// appends a PreorderCountChanged event (aggregate_type "product",
// aggregate_id the SKU). NOT_FOUND for an unknown SKU there.
// Not thread-safe: writer thread only.
class SqliteCatalogRepository : public domain::CatalogRepository {
 public:
  SqliteCatalogRepository(Connection& connection, EventLog& events, const Clock& clock);

  absl::StatusOr<std::map<std::string, domain::Product>> Find(
      const std::vector<std::string>& skus) override;
  absl::Status AddPreorderSold(const std::string& sku, int64_t delta) override;
  absl::Status EndPreorders(const std::string& sku) override;

 private:
  Connection& connection_;
  EventLog& events_;
  const Clock& clock_;
};

}  // namespace oms::storage
