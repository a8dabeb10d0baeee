#pragma once

#include "server/application/rejected_intake.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// The rejected_intake table (migration 0006), writer side. The body is kept
// byte for byte. Not thread-safe: writer thread only.
class SqliteRejectedIntakeRepository : public application::RejectedIntakeRepository {
 public:
  explicit SqliteRejectedIntakeRepository(Connection& connection) : connection_(connection) {}

  absl::Status Insert(const application::RejectedIntake& rejected) override;

 private:
  Connection& connection_;
};

}  // namespace oms::storage
