#include "server/storage/sqlite_unit_of_work.h"

#include <utility>

#include "server/storage/sqlite_transaction.h"

namespace oms::storage {

SqliteUnitOfWork::SqliteUnitOfWork(WriteExecutor& executor, std::string region, const Clock& clock)
    : executor_(executor), region_(std::move(region)), clock_(clock) {}

SqliteUnitOfWork::~SqliteUnitOfWork() = default;

WriteExecutor::Work SqliteUnitOfWork::Wrap(Work work) {
  return [this, work = std::move(work)](Connection& connection) -> absl::Status {
    if (transaction_ == nullptr || &transaction_->connection() != &connection) {
      transaction_ = std::make_unique<SqliteTransaction>(connection, region_, clock_);
    }
    // An actor left by the previous unit must not stamp this one's events.
    transaction_->SetActor(application::SystemActor());
    return work(*transaction_);
  };
}

void SqliteUnitOfWork::Submit(Work work, Done done) {
  executor_.Submit(Wrap(std::move(work)), std::move(done));
}

absl::Status SqliteUnitOfWork::RunSync(Work work) {
  return executor_.RunSync(Wrap(std::move(work)));
}

}  // namespace oms::storage
