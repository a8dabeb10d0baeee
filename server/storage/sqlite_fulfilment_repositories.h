#pragma once

#include "server/application/unit_of_work.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// fulfilment_jobs (migration 0002). Writer thread only.
class SqliteFulfilmentJobRepository : public application::FulfilmentJobRepository {
 public:
  explicit SqliteFulfilmentJobRepository(Connection& connection) : connection_(connection) {}
  absl::Status Upsert(const application::FulfilmentJob& job) override;
  absl::Status Delete(const application::FulfilmentJob& job) override;
  absl::StatusOr<std::vector<application::FulfilmentJob>> Due(absl::Time now, int limit) override;

 private:
  Connection& connection_;
};

// stock_snapshots (migration 0002). Writer thread only.
class SqliteStockSnapshotLog : public application::StockSnapshotLog {
 public:
  explicit SqliteStockSnapshotLog(Connection& connection) : connection_(connection) {}
  absl::StatusOr<bool> Applied(const std::string& node_id, const std::string& snapshot_id) override;
  absl::StatusOr<std::optional<absl::Time>> Newest(const std::string& node_id) override;
  absl::Status Record(const std::string& node_id, const std::string& snapshot_id,
                      absl::Time taken_at, absl::Time applied_at) override;

 private:
  Connection& connection_;
};

}  // namespace oms::storage
