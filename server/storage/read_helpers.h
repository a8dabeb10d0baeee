#pragma once

#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "server/storage/sqlite_db.h"

// Small helpers for the read side (sqlite_read_model*.cpp).
namespace oms::storage {

// Calls f(statement) for every row; f returns void or absl::Status (an error
// stops the loop and is returned).
template <typename F>
absl::Status ForEachRow(Statement& statement, F&& f) {
  for (;;) {
    absl::StatusOr<bool> row = statement.Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    if constexpr (std::is_void_v<std::invoke_result_t<F&, Statement&>>) {
      f(statement);
    } else {
      if (absl::Status status = f(statement); !status.ok()) return status;
    }
  }
}

// One read transaction over several statements, so that they all see the
// same committed state; ended (never writing anything) on destruction.
// Not thread-safe, like the connection.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& connection) : connection_(connection) {
    // Deferred: takes no lock, only pins the snapshot at the first read.
    begun_ = connection_.Exec("BEGIN").ok();
  }
  ~ReadSnapshot() {
    if (begun_) connection_.Exec("COMMIT").IgnoreError();
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& connection_;
  bool begun_ = false;
};

}  // namespace oms::storage
