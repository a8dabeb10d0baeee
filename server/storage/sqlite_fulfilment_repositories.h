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

// inbound_deliveries and inbound_lines (migration 0004). Writer thread only.
class SqliteInboundRepository : public application::InboundRepository {
 public:
  explicit SqliteInboundRepository(Connection& connection) : connection_(connection) {}
  absl::Status Insert(const application::InboundDelivery& delivery, absl::Time now) override;
  absl::StatusOr<application::InboundDelivery> Get(const std::string& delivery_id) override;
  absl::Status MarkReceived(const std::string& delivery_id, absl::Time at) override;
  absl::StatusOr<std::vector<application::InboundDelivery>> Expected(const std::string& node_id,
                                                                     int limit) override;

 private:
  absl::Status ReadLines(application::InboundDelivery& delivery);
  Connection& connection_;
};

}  // namespace oms::storage
