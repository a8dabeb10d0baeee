#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// One schema step: server/storage/migrations/NNNN_name.sql is version NNNN.
// The SQL runs inside the migrator's transaction, so it must not contain
// BEGIN, COMMIT or PRAGMA foreign_keys (foreign keys are off while it runs
// and checked with PRAGMA foreign_key_check before it commits).
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// The migrations compiled into this binary (generated at build time from
// server/storage/migrations/*.sql), sorted by version.
const std::vector<Migration>& CompiledMigrations();

// Applies the numbered migrations in server/storage/migrations/NNNN_name.sql
// (compiled into the binary) that the database has not seen yet, each in its
// own transaction, recording each in schema_migrations(version, name,
// applied_at). A database from an older version opens and upgrades; one from
// a newer version (a migration number this binary does not know) is
// FAILED_PRECONDITION, untouched.
absl::Status ApplyMigrations(Connection& connection);

// The same with an explicit migration table (tests). Also FAILED_PRECONDITION,
// untouched, when the database recorded a known version under another name (it
// was built from a different history). INTERNAL when the versions in
// `migrations` are not positive and strictly increasing. When a migration
// fails (its SQL's error, or INTERNAL when it breaks a foreign key), the
// message names it; it is rolled back and the ones before it stay applied.
// Not thread-safe, like the connection; safe against another process
// migrating the same file at the same time.
absl::Status ApplyMigrations(Connection& connection, const std::vector<Migration>& migrations);

}  // namespace oms::storage
