#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/application/unit_of_work.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Placement sagas in SQLite, one row per order, so that start-up can resume
// each from its recorded step. Find of an unknown order is nullopt; Delete of
// one is OK (already finished). INTERNAL for a row with an unknown step.
// Not thread-safe: writer thread only.
class SqliteSagaRepository : public application::SagaRepository {
 public:
  explicit SqliteSagaRepository(Connection& connection) : connection_(connection) {}

  absl::Status Upsert(const application::SagaRecord& record) override;
  absl::Status Delete(const std::string& order_id) override;
  absl::StatusOr<std::optional<application::SagaRecord>> Find(const std::string& order_id) override;
  absl::StatusOr<std::vector<application::SagaRecord>> Due(absl::Time now, int limit) override;

 private:
  Connection& connection_;
};

}  // namespace oms::storage
