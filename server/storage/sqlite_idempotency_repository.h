#pragma once

#include <optional>
#include <string>

#include "server/application/unit_of_work.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Idempotency keys in SQLite, keyed by (principal, key). Insert of a taken
// pair is ALREADY_EXISTS. Keys are kept until PurgeBefore removes them
// (DESIGN.md: at least 24 hours). Not thread-safe: writer thread only.
class SqliteIdempotencyRepository : public application::IdempotencyRepository {
 public:
  explicit SqliteIdempotencyRepository(Connection& connection) : connection_(connection) {}

  absl::StatusOr<std::optional<application::IdempotencyRecord>> Find(
      const std::string& principal_id, const std::string& key) override;
  absl::Status Insert(const application::IdempotencyRecord& record) override;

  // Deletes keys created before `cutoff`; returns how many.
  absl::StatusOr<int64_t> PurgeBefore(absl::Time cutoff) override;

 private:
  Connection& connection_;
};

}  // namespace oms::storage
