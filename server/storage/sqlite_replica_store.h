#pragma once

#include <string>

#include "common/clock.h"
#include "server/application/replication.h"
#include "server/storage/read_pool.h"
#include "server/storage/write_executor.h"

namespace oms::storage {

// Replicas of peer regions' logs (migration 0013, docs/REGIONS.md): peer
// events copied into the outbox, peer orders kept as read-only `orders`
// rows (SqliteOrderRepository::StoreReplica), and a cursor per peer, all
// written in one unit through the single writer. Thread-safe; the pool,
// writer and clock must outlive it.
class SqliteReplicaStore : public application::ReplicaStore {
 public:
  SqliteReplicaStore(ReadPool& reads, WriteExecutor& writer, std::string local_region,
                     const Clock& clock)
      : reads_(reads), writer_(writer), local_region_(std::move(local_region)), clock_(clock) {}

  absl::StatusOr<int64_t> AppliedThrough(const std::string& region) override;
  void Apply(const std::string& region, int64_t after,
             std::vector<application::StoredEvent> events, Applied done) override;

 private:
  ReadPool& reads_;
  WriteExecutor& writer_;
  const std::string local_region_;
  const Clock& clock_;
};

}  // namespace oms::storage
