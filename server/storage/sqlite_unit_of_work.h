#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "server/application/unit_of_work.h"
#include "server/storage/write_executor.h"

namespace oms::storage {

class SqliteTransaction;

// application::UnitOfWork over the single WriteExecutor: each unit runs in
// its own savepoint of a group commit and gets the one SqliteTransaction of
// the writer connection, with its actor reset to the system actor (a unit
// names its own actor with Transaction::SetActor). The executor and clock
// must outlive this object, and the executor must be stopped before it is
// destroyed (queued units use its transaction). Thread-safe: Submit and
// RunSync from any thread, RunSync never from the writer thread.
class SqliteUnitOfWork : public application::UnitOfWork {
 public:
  SqliteUnitOfWork(WriteExecutor& executor, std::string region, const Clock& clock);
  ~SqliteUnitOfWork() override;

  void Submit(Work work, Done done) override;
  absl::Status RunSync(Work work) override;

 private:
  // Runs on the writer thread only.
  WriteExecutor::Work Wrap(Work work);

  WriteExecutor& executor_;
  const std::string region_;
  const Clock& clock_;
  // Created by the writer thread on its first unit (the executor owns the
  // connection and hands it only to units); touched by that thread only.
  std::unique_ptr<SqliteTransaction> transaction_;
};

}  // namespace oms::storage
