#include "server/storage/migrator.h"

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace oms::storage {
namespace {

std::string Describe(int64_t version, std::string_view name) {
  // Debian's abseil has its own string_view type, distinct from std's.
  return absl::StrCat(absl::Dec(version, absl::kZeroPad4), "_",
                      absl::string_view(name.data(), name.size()));
}

std::string DatabasePath(Connection& db) {
  const char* path = sqlite3_db_filename(db.raw(), "main");
  return path != nullptr && *path != '\0' ? path : ":memory:";
}

absl::Status CheckTable(const std::vector<Migration>& migrations) {
  int previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous) {
      return absl::InternalError(absl::StrCat(
          "the compiled migrations are not numbered 1, 2, ... in order: ",
          Describe(m.version, m.name), " comes after version ", previous));
    }
    previous = m.version;
  }
  return absl::OkStatus();
}

// Reads without writing, so that a database this binary must refuse is left
// exactly as it was.
absl::StatusOr<absl::flat_hash_map<int64_t, std::string>> ReadApplied(Connection& db) {
  absl::flat_hash_map<int64_t, std::string> applied;
  {
    absl::StatusOr<Statement> exists = db.Prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (!exists.ok()) return exists.status();
    absl::StatusOr<bool> row = exists->Step();
    if (!row.ok()) return row.status();
    if (!*row) return applied;
  }
  absl::StatusOr<Statement> select = db.Prepare("SELECT version, name FROM schema_migrations");
  if (!select.ok()) return select.status();
  for (;;) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return applied;
    applied.emplace(select->ColumnInt(0), select->ColumnText(1));
  }
}

absl::Status CheckHistory(Connection& db, const absl::flat_hash_map<int64_t, std::string>& applied,
                          const std::vector<Migration>& migrations) {
  absl::flat_hash_map<int64_t, std::string_view> known;
  for (const Migration& m : migrations) known.emplace(m.version, m.name);
  for (const auto& [version, name] : applied) {
    auto it = known.find(version);
    if (it == known.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the database ", DatabasePath(db), " has schema migration ", Describe(version, name),
          " which this omsd does not know: it was written by a newer version; run that "
          "version or restore a backup made before the upgrade"));
    }
    if (it->second != name) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the database ", DatabasePath(db), " recorded schema migration ",
          Describe(version, name), " but this omsd's migration ", version, " is ",
          Describe(version, it->second), "; the database was built from a different schema "
          "history and cannot be upgraded"));
    }
  }
  return absl::OkStatus();
}

// Rolls back unless committed, so every early return leaves no half migration.
class MigrationTransaction {
 public:
  explicit MigrationTransaction(Connection& db) : db_(db) {}
  ~MigrationTransaction() {
    if (sqlite3_get_autocommit(db_.raw()) == 0) db_.Exec("ROLLBACK").IgnoreError();
  }
  absl::Status Begin() { return db_.Exec("BEGIN IMMEDIATE"); }
  absl::Status Commit() { return db_.Exec("COMMIT"); }

 private:
  Connection& db_;
};

absl::Status CheckForeignKeys(Connection& db) {
  absl::StatusOr<Statement> check = db.Prepare("PRAGMA foreign_key_check");
  if (!check.ok()) return check.status();
  absl::StatusOr<bool> row = check->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("it leaves a row of table ", check->ColumnText(0),
                                          " (rowid ", check->ColumnInt(1),
                                          ") pointing at a missing row of ",
                                          check->ColumnText(2)));
}

absl::Status ApplyOne(Connection& db, const Migration& m) {
  MigrationTransaction transaction(db);
  if (absl::Status status = transaction.Begin(); !status.ok()) return status;
  if (absl::Status status = db.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      !status.ok()) {
    return status;
  }
  {
    // Another process may have applied it since CheckHistory looked.
    absl::StatusOr<Statement> seen =
        db.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    if (!seen.ok()) return seen.status();
    absl::StatusOr<bool> row = seen->Bind(1, m.version).Step();
    if (!row.ok()) return row.status();
    if (*row) return absl::OkStatus();
  }
  if (absl::Status status = db.Exec(m.sql); !status.ok()) return status;
  if (absl::Status status = CheckForeignKeys(db); !status.ok()) return status;
  {
    absl::StatusOr<Statement> record = db.Prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) "
        "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    if (!record.ok()) return record.status();
    if (absl::Status status = record->Bind(1, m.version).Bind(2, m.name).Run(); !status.ok()) {
      return status;
    }
  }
  return transaction.Commit();
}

// SQLite ignores PRAGMA foreign_keys inside a transaction, and a migration
// that rebuilds a table (the only way to change most column definitions)
// must run with them off; this restores the connection's setting afterwards.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(Connection& db) : db_(db) {
    int enabled = 0;
    sqlite3_db_config(db_.raw(), SQLITE_DBCONFIG_ENABLE_FKEY, -1, &enabled);
    was_enabled_ = enabled != 0;
    sqlite3_db_config(db_.raw(), SQLITE_DBCONFIG_ENABLE_FKEY, 0, nullptr);
  }
  ~ForeignKeysOff() {
    sqlite3_db_config(db_.raw(), SQLITE_DBCONFIG_ENABLE_FKEY, was_enabled_ ? 1 : 0, nullptr);
  }

 private:
  Connection& db_;
  bool was_enabled_ = false;
};

}  // namespace

absl::Status ApplyMigrations(Connection& connection) {
  return ApplyMigrations(connection, CompiledMigrations());
}

absl::Status ApplyMigrations(Connection& connection, const std::vector<Migration>& migrations) {
  if (absl::Status status = CheckTable(migrations); !status.ok()) return status;
  absl::StatusOr<absl::flat_hash_map<int64_t, std::string>> applied = ReadApplied(connection);
  if (!applied.ok()) return applied.status();
  if (absl::Status status = CheckHistory(connection, *applied, migrations); !status.ok()) {
    return status;
  }

  ForeignKeysOff foreign_keys_off(connection);
  for (const Migration& m : migrations) {
    if (applied->contains(m.version)) continue;
    if (absl::Status status = ApplyOne(connection, m); !status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat("schema migration ", Describe(m.version, m.name),
                                       " failed on ", DatabasePath(connection), ": ",
                                       status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace oms::storage
