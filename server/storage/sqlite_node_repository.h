#pragma once

#include <vector>

#include "server/domain/repositories.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Fulfillment nodes in SQLite, ordered by node id. INTERNAL for a row of an
// unknown node type. Not thread-safe: one connection's thread only.
class SqliteNodeRepository : public domain::NodeRepository {
 public:
  explicit SqliteNodeRepository(Connection& connection) : connection_(connection) {}

  absl::StatusOr<std::vector<domain::FulfillmentNode>> All() override;

 private:
  Connection& connection_;
};

// The shared query behind All(), also used by the read model.
absl::StatusOr<std::vector<domain::FulfillmentNode>> AllNodes(Connection& connection);

}  // namespace oms::storage
