#include "server/storage/store.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "server/storage/demo_seed.h"
#include "server/storage/migrator.h"

namespace oms::storage {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> DatabaseFile(const std::string& path) {
  const fs::path p(path);
  const std::string ext = p.extension().string();
  const bool is_file = ext == ".db" || ext == ".sqlite" || ext == ".sqlite3";
  std::error_code error;
  if (!is_file || fs::is_directory(p, error)) {
    fs::create_directories(p, error);
    if (error) {
      return absl::UnavailableError(
          absl::StrCat("cannot create the data folder ", path, ": ", error.message()));
    }
    return (p / "oms.db").string();
  }
  if (p.has_parent_path()) {
    fs::create_directories(p.parent_path(), error);
    if (error) {
      return absl::UnavailableError(
          absl::StrCat("cannot create the folder of ", path, ": ", error.message()));
    }
  }
  return path;
}

// The highest sequence in the outbox, read on the writer's connection.
absl::StatusOr<int64_t> OutboxHead(Connection& connection) {
  absl::StatusOr<Statement> select =
      connection.Prepare("SELECT coalesce(max(seq), 0) FROM outbox");
  if (!select.ok()) return select.status();
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return *row ? select->ColumnInt(0) : 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                               const std::string& region,
                                                               const Options& options) {
  absl::StatusOr<std::string> file = DatabaseFile(path);
  if (!file.ok()) return file.status();

  auto store = std::unique_ptr<SqliteStore>(new SqliteStore());
  store->path_ = *file;
  store->region_ = region;
  const Clock* clock = options.clock;
  if (clock == nullptr) {
    store->owned_clock_ = std::make_unique<SystemClock>();
    clock = store->owned_clock_.get();
  }

  Connection::Options writer_options;
  writer_options.synchronous_full = options.synchronous_full;
  absl::StatusOr<std::unique_ptr<Connection>> writer = Connection::Open(*file, writer_options);
  if (!writer.ok()) return writer.status();
  // SQLite's default page cache (2 MB) cannot hold the upper levels of the
  // orders table and its seven indexes; every save would then re-read them
  // from the OS. 64 MB keeps a million orders' hot pages in memory.
  if (absl::Status cache = (*writer)->Exec("PRAGMA cache_size = -65536"); !cache.ok()) {
    return cache;
  }
  if (absl::Status migrated = ApplyMigrations(**writer); !migrated.ok()) {
    return absl::Status(migrated.code(),
                        absl::StrCat("cannot bring ", *file, " up to date: ", migrated.message()));
  }
  // Readers open after the writer has created and migrated the file.
  absl::StatusOr<std::unique_ptr<ReadPool>> pool = ReadPool::Open(*file, options.read_connections);
  if (!pool.ok()) return pool.status();
  store->read_pool_ = *std::move(pool);
  store->event_feed_ = std::make_unique<SqliteEventFeed>(*store->read_pool_);
  store->outbox_signal_ = std::make_unique<application::OutboxSignal>();
  absl::StatusOr<int64_t> head = OutboxHead(**writer);
  if (!head.ok()) return head.status();
  store->outbox_signal_->Notify(*head);
  WriteExecutor::Options executor_options{.max_batch = options.max_batch};
  // max(seq) of a rowid table is one seek; a batch without events notifies
  // nothing (Notify ignores a sequence it has seen).
  executor_options.after_commit = [signal = store->outbox_signal_.get()](Connection& c) {
    if (absl::StatusOr<int64_t> seq = OutboxHead(c); seq.ok()) signal->Notify(*seq);
  };
  store->writer_ =
      std::make_unique<WriteExecutor>(*std::move(writer), std::move(executor_options));
  store->unit_of_work_ = std::make_unique<SqliteUnitOfWork>(*store->writer_, region, *clock);
  store->read_model_ = std::make_unique<SqliteReadModel>(*store->read_pool_);
  return store;
}

SqliteStore::~SqliteStore() { Stop(); }

void SqliteStore::Stop() {
  // The units still queued use the unit of work's transaction, so the
  // writer drains before anything it uses is destroyed.
  if (writer_ != nullptr) writer_->Stop();
}

absl::Status SqliteStore::LoadDemoData(const std::string& resources_dir) {
  return writer_->RunSync([&](Connection& connection) {
    return storage::LoadDemoData(connection, resources_dir, region_);
  });
}

}  // namespace oms::storage
