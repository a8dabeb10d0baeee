#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/application/event_feed.h"
#include "server/application/outbox_signal.h"
#include "server/application/queries.h"
#include "server/application/unit_of_work.h"
#include "server/storage/read_pool.h"
#include "server/storage/sqlite_event_feed.h"
#include "server/storage/sqlite_read_model.h"
#include "server/storage/sqlite_unit_of_work.h"
#include "server/storage/write_executor.h"

namespace oms::storage {

// The SQLite store of one region, composed: the write connection (migrated
// at open) inside the single WriteExecutor, a ReadPool, and the
// SqliteUnitOfWork and SqliteReadModel over them. omsd and tests open one
// and hand its unit_of_work() and read_model() to the application. Outbox
// followers get event_feed() to read and outbox_signal(), which the writer
// notifies after every commit with the highest sequence then durable.
//
// Lifetime: Stop() (or the destructor) finishes the queued units and ends
// the writer thread; after it Submit answers UNAVAILABLE. References handed
// out stay valid until the store is destroyed. Thread-safe.
class SqliteStore {
 public:
  struct Options {
    int read_connections = 4;
    int max_batch = 128;
    // FULL survives power loss (DESIGN.md, Durability); NORMAL only for tests
    // and benchmarks that say so.
    bool synchronous_full = true;
    const Clock* clock = nullptr;  // not owned; null: the system clock
  };

  // `path` is the database file, or a folder (existing, or a path without
  // a .db/.sqlite/.sqlite3 extension) in which oms.db is created. Creates the
  // folder, applies the compiled-in migrations, starts the writer.
  // UNAVAILABLE when the file cannot be opened or created;
  // FAILED_PRECONDITION for a database from a newer version.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                           const std::string& region,
                                                           const Options& options);
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                           const std::string& region) {
    return Open(path, region, Options());
  }
  ~SqliteStore();

  application::UnitOfWork& unit_of_work() { return *unit_of_work_; }
  application::ReadModel& read_model() { return *read_model_; }
  application::EventFeed& event_feed() { return *event_feed_; }
  application::OutboxSignal& outbox_signal() { return *outbox_signal_; }
  WriteExecutor& writer() { return *writer_; }
  ReadPool& read_pool() { return *read_pool_; }
  const std::string& path() const { return path_; }
  const std::string& region() const { return region_; }

  // Loads resources/demo into an empty database on the writer (demo_seed.h);
  // OK without change when it already holds data. Not from the writer thread.
  absl::Status LoadDemoData(const std::string& resources_dir);

  void Stop();

 private:
  SqliteStore() = default;

  std::string path_;
  std::string region_;
  std::unique_ptr<Clock> owned_clock_;
  std::unique_ptr<ReadPool> read_pool_;
  // Before writer_: its after_commit hook notifies the signal.
  std::unique_ptr<application::OutboxSignal> outbox_signal_;
  std::unique_ptr<SqliteEventFeed> event_feed_;     // uses read_pool_
  std::unique_ptr<WriteExecutor> writer_;
  std::unique_ptr<SqliteUnitOfWork> unit_of_work_;  // uses writer_
  std::unique_ptr<SqliteReadModel> read_model_;     // uses read_pool_
};

}  // namespace oms::storage
