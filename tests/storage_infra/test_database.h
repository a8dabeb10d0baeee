#pragma once

#include <stdlib.h>

#include <filesystem>
#include <future>
#include <latch>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/status_macros.h"
#include "server/storage/sqlite_db.h"
#include "server/storage/write_executor.h"


namespace oms::storage::testing {

// A real database file in a fresh folder (WAL needs a file, and ctest may run
// tests in parallel), removed with the folder at the end of the test.
class TempDatabase {
 public:
  TempDatabase() {
    std::string pattern = (std::filesystem::temp_directory_path() / "oms_storage_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
    dir_ = pattern;
    path_ = (dir_ / "oms.db").string();
  }
  ~TempDatabase() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  const std::string& path() const { return path_; }

  absl::StatusOr<std::unique_ptr<Connection>> OpenWriter(int busy_timeout_ms = 5000) const {
    Connection::Options options;
    options.busy_timeout_ms = busy_timeout_ms;
    return Connection::Open(path_, options);
  }
  absl::StatusOr<std::unique_ptr<Connection>> OpenReader() const {
    Connection::Options options;
    options.read_only = true;
    return Connection::Open(path_, options);
  }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

// The first column of the first row of a query, or the error.
inline absl::StatusOr<int64_t> QueryInt(Connection& connection, std::string_view sql) {
  absl::StatusOr<Statement> statement = connection.Prepare(sql);
  if (!statement.ok()) return statement.status();
  absl::StatusOr<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat("no row from ", std::string(sql)));
  return statement->ColumnInt(0);
}

// A `done` callback and the status it receives. The promise is shared with
// the callback so that the writer thread, which may still be inside set_value
// when the test wakes up, never touches a promise the test has destroyed.
class Completion {
 public:
  WriteExecutor::Done done() {
    return [promise = promise_](absl::Status status) { promise->set_value(std::move(status)); };
  }
  absl::Status get() { return future_.get(); }

 private:
  std::shared_ptr<std::promise<absl::Status>> promise_ =
      std::make_shared<std::promise<absl::Status>>();
  std::future<absl::Status> future_ = promise_->get_future();
};

// A latch counted down on the writer thread; shared for the same reason.
inline std::shared_ptr<std::latch> SharedLatch(std::ptrdiff_t count) {
  return std::make_shared<std::latch>(count);
}

}  // namespace oms::storage::testing
