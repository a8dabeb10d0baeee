#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3;
struct sqlite3_stmt;

namespace oms::storage {

class Connection;

// A borrowed, cached prepared statement. Binding indexes start at 1, column
// indexes at 0. The statement is reset and its bindings cleared when the
// handle is destroyed, so it can be reused by the next Prepare of the same
// SQL. A Bind error is remembered and returned by the next Step or Run.
// Not thread-safe: a handle belongs to the thread using its connection, and
// must not outlive it.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);  // copied (SQLITE_TRANSIENT)
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& BindNull(int index);

  // Advances one row: true when a row is ready, false when done. A busy or
  // I/O error is UNAVAILABLE, a constraint violation ALREADY_EXISTS (unique,
  // primary key) or FAILED_PRECONDITION (check, foreign key, trigger),
  // anything else INTERNAL; messages carry SQLite's text and the SQL.
  absl::StatusOr<bool> Step();
  // Steps to the end; for INSERT/UPDATE/DELETE.
  absl::Status Run();

  int64_t ColumnInt(int col) const;
  double ColumnDouble(int col) const;
  std::string ColumnText(int col) const;
  bool ColumnIsNull(int col) const;

 private:
  friend class Connection;
  // `leased` is the cache entry's in-use flag, cleared on destruction; null
  // for a statement this handle owns (and finalizes), see Connection::Prepare.
  Statement(sqlite3_stmt* stmt, const std::string* sql, bool* leased);
  void RecordBindError(int code, int index);

  sqlite3_stmt* stmt_;
  const std::string* sql_;  // owned by the connection's cache, or by owned_sql_
  bool* leased_;
  std::unique_ptr<std::string> owned_sql_;
  absl::Status bind_error_;
};

// One SQLite connection in WAL mode with a cache of prepared statements.
// Not thread-safe: one thread uses a connection at a time (the writer thread
// owns the write connection; readers lease theirs from ReadPool).
class Connection {
 public:
  struct Options {
    bool read_only = false;
    int busy_timeout_ms = 5000;
    // FULL: an acknowledged commit survives power loss (DESIGN.md, Durability).
    bool synchronous_full = true;
  };

  // Opens (and for a writable connection creates) the database file and
  // applies the pragmas: journal_mode=WAL, synchronous, foreign_keys=ON,
  // busy_timeout. UNAVAILABLE when the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path,
                                                          const Options& options);
  ~Connection();

  // Returns the cached statement for this SQL text (exactly one statement),
  // preparing it the first time. While a handle for the same SQL is still
  // alive (a nested use), a separate uncached statement is returned instead.
  // INTERNAL when the SQL does not compile (a programming error).
  absl::StatusOr<Statement> Prepare(std::string_view sql);
  // Runs one or more statements with no results (DDL, BEGIN, COMMIT...).
  absl::Status Exec(std::string_view sql);

  int64_t Changes() const;         // rows touched by the last statement
  int64_t LastInsertRowId() const;
  sqlite3* raw() const { return db_; }

 private:
  struct CachedStatement {
    sqlite3_stmt* stmt;
    bool leased;  // a Statement handle for it is alive
  };
  // Lets Prepare look up a string_view without building a std::string.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>()(sql); }
  };

  explicit Connection(sqlite3* db);
  absl::Status ApplyPragmas(const Options& options);

  sqlite3* db_;
  // Node-based, so the key strings and flags that Statement handles point at
  // stay put when the map grows.
  std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

// Maps an SQLite result code and message to an absl::Status (see Step).
absl::Status SqliteError(int code, std::string_view what);

}  // namespace oms::storage
