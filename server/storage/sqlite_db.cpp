#include "server/storage/sqlite_db.h"

#include <sqlite3.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace oms::storage {
namespace {

// Debian's abseil has its own string_view type, distinct from std's.
absl::string_view ToAbsl(std::string_view text) { return {text.data(), text.size()}; }

// Long SQL (a migration, a big query) would drown the message it decorates.
std::string Abbreviate(std::string_view sql) {
  constexpr size_t kMaxSqlInMessage = 240;
  const absl::string_view trimmed = absl::StripAsciiWhitespace(ToAbsl(sql));
  if (trimmed.size() <= kMaxSqlInMessage) return std::string(trimmed);
  return absl::StrCat(trimmed.substr(0, kMaxSqlInMessage), "...");
}

absl::StatusCode CodeFor(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return absl::StatusCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      switch (code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_ROWID:
          return absl::StatusCode::kAlreadyExists;
        // A missing required value or a wrongly typed one is a bug in the
        // code that built the row, not a state the caller can fix.
        case SQLITE_CONSTRAINT_NOTNULL:
        case SQLITE_CONSTRAINT_DATATYPE:
          return absl::StatusCode::kInternal;
        default:
          return absl::StatusCode::kFailedPrecondition;
      }
    default:
      return absl::StatusCode::kInternal;
  }
}

}  // namespace

absl::Status SqliteError(int code, std::string_view what) {
  return absl::Status(CodeFor(code), absl::StrCat(ToAbsl(what), " [SQLite code ", code, "]"));
}

Statement::Statement(sqlite3_stmt* stmt, const std::string* sql, bool* leased)
    : stmt_(stmt), sql_(sql), leased_(leased) {}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(other.sql_),
      leased_(std::exchange(other.leased_, nullptr)),
      owned_sql_(std::move(other.owned_sql_)),
      bind_error_(std::move(other.bind_error_)) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (leased_ != nullptr) {
    *leased_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::RecordBindError(int code, int index) {
  if (code == SQLITE_OK || !bind_error_.ok()) return;
  bind_error_ = SqliteError(
      code, absl::StrCat("cannot bind parameter ", index, ": ",
                         sqlite3_errmsg(sqlite3_db_handle(stmt_)), " in: ", Abbreviate(*sql_)));
}

Statement& Statement::Bind(int index, int64_t value) {
  RecordBindError(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  RecordBindError(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  RecordBindError(sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                                      SQLITE_TRANSIENT, SQLITE_UTF8),
                  index);
  return *this;
}

Statement& Statement::BindNull(int index) {
  RecordBindError(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(rc, absl::StrCat(sqlite3_errmsg(sqlite3_db_handle(stmt_)),
                                      " while running: ", Abbreviate(*sql_)));
}

absl::Status Statement::Run() {
  for (;;) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

int64_t Statement::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }

double Statement::ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::ColumnText(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return std::string();
  // Bytes must be read after the text: the conversion may change them.
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, col));
}

bool Statement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Connection::Connection(sqlite3* db) : db_(db) {}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                             const Options& options) {
  const int flags = (options.read_only ? SQLITE_OPEN_READONLY
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    // SQLite allocates a handle even on failure, to carry the message.
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return absl::UnavailableError(absl::StrCat(
        "cannot open the database ", path, (options.read_only ? " for reading" : ""), ": ",
        message,
        (options.read_only ? "; the writer must create the file before readers open it"
                           : "; check that the folder exists and this user may write there")));
  }
  auto connection = std::unique_ptr<Connection>(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (absl::Status status = connection->ApplyPragmas(options); !status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat("cannot set up the database ", path, ": ", status.message()));
  }
  return connection;
}

absl::Status Connection::ApplyPragmas(const Options& options) {
  if (!options.read_only) {
    // WAL is recorded in the file, so read-only connections inherit it and
    // cannot set it themselves.
    absl::StatusOr<Statement> wal = Prepare("PRAGMA journal_mode=WAL");
    if (!wal.ok()) return wal.status();
    absl::StatusOr<bool> row = wal->Step();
    if (!row.ok()) return row.status();
    const std::string mode = *row ? absl::AsciiStrToLower(wal->ColumnText(0)) : "";
    // An in-memory database (tests) has no file to share, so no WAL either.
    if (mode != "wal" && mode != "memory") {
      return absl::FailedPreconditionError(absl::StrCat(
          "journal_mode is '", mode,
          "' instead of WAL; readers would block the writer (is the file on a network share?)"));
    }
  }
  return Exec(absl::StrCat("PRAGMA synchronous=", options.synchronous_full ? "FULL" : "NORMAL",
                           "; PRAGMA foreign_keys=ON;"));
}

absl::StatusOr<Statement> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.leased) {
    it->second.leased = true;
    return Statement(it->second.stmt, &it->first, &it->second.leased);
  }

  const bool cache = it == cache_.end();
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, &tail);
  if (rc != SQLITE_OK) {
    return SqliteError(rc, absl::StrCat("cannot prepare SQL: ", sqlite3_errmsg(db_),
                                        " in: ", Abbreviate(sql)));
  }
  // SQLite compiles only the first statement; the rest would silently never run.
  const std::string_view rest(tail, sql.data() + sql.size() - tail);
  if (stmt == nullptr || !absl::StripAsciiWhitespace(ToAbsl(rest)).empty()) {
    sqlite3_finalize(stmt);
    return absl::InternalError(absl::StrCat(
        "Prepare takes exactly one SQL statement (use Exec for scripts), got: ", Abbreviate(sql)));
  }
  if (!cache) {
    // A handle for this SQL is still in use (nested use): give this caller
    // its own statement rather than resetting the other one under its feet.
    auto owned_sql = std::make_unique<std::string>(sql);
    Statement statement(stmt, owned_sql.get(), nullptr);
    statement.owned_sql_ = std::move(owned_sql);
    return statement;
  }
  auto [inserted, ok] = cache_.emplace(std::string(sql), CachedStatement{stmt, true});
  return Statement(stmt, &inserted->first, &inserted->second.leased);
}

absl::Status Connection::Exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec needs a terminated string
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  absl::Status status = SqliteError(
      rc, absl::StrCat(error != nullptr ? error : sqlite3_errstr(rc), " while running: ",
                       Abbreviate(sql)));
  sqlite3_free(error);
  return status;
}

int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

int64_t Connection::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace oms::storage
