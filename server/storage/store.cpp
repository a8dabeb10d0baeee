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
  store->writer_ = std::make_unique<WriteExecutor>(
      *std::move(writer), WriteExecutor::Options{.max_batch = options.max_batch});
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
