#include <set>
#include <string>

#include "gtest/gtest.h"
#include "server/storage/migrator.h"
#include "server/storage/sqlite_db.h"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using testing::TempDir;

std::set<std::string> Tables(Connection& c) {
  std::set<std::string> names;
  absl::StatusOr<Statement> s =
      c.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  EXPECT_TRUE(s.ok()) << s.status();
  while (s.ok() && *s->Step()) names.insert(s->ColumnText(0));
  return names;
}

TEST(SchemaTest, MigrationsBuildEveryTableFromAnEmptyFile) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Connection> c, Connection::Open(dir.file(), {}));
  ASSERT_OK(ApplyMigrations(*c));
  const std::set<std::string> tables = Tables(*c);
  for (const char* table :
       {"products", "product_prices", "nodes", "stock", "stock_ledger", "customers",
        "ledger_postings", "orders", "order_skus", "order_nodes", "order_name_tokens", "outbox",
        "idempotency_keys", "sagas", "api_tokens", "tax_rates", "shipping_options", "settings"}) {
    EXPECT_TRUE(tables.contains(table)) << table;
  }
}

TEST(SchemaTest, ApplyingTheMigrationsTwiceChangesNothing) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Connection> c, Connection::Open(dir.file(), {}));
  ASSERT_OK(ApplyMigrations(*c));
  ASSERT_OK(c->Exec("INSERT INTO settings (key, value) VALUES ('k', 'v')"));
  ASSERT_OK(ApplyMigrations(*c));
  absl::StatusOr<Statement> s = c->Prepare("SELECT value FROM settings WHERE key = 'k'");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(*s->Step());
  EXPECT_EQ(s->ColumnText(0), "v");
}

TEST(SchemaTest, CheckConstraintsRefuseNegativeStock) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Connection> c, Connection::Open(dir.file(), {}));
  ASSERT_OK(ApplyMigrations(*c));
  ASSERT_OK(
      c->Exec("INSERT INTO products (sku, name, price_minor, currency) VALUES ('S', 'S', 1, 'EUR');"
              "INSERT INTO nodes (node_id, name, type, region) VALUES ('N', 'N', 'STORE', 'EU1');"
              "INSERT INTO stock (sku, node_id, on_hand) VALUES ('S', 'N', 1);"));
  EXPECT_EQ(c->Exec("UPDATE stock SET on_hand = -1").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(c->Exec("UPDATE stock SET reserved = 2").code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SchemaTest, AStoreOpenedOnAFolderCreatesItsDatabaseThere) {
  TempDir dir;
  const std::string folder = dir.path() + "/data";
  absl::StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(folder, "EU1");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->path(), folder + "/oms.db");
  EXPECT_TRUE(std::filesystem::exists(folder + "/oms.db"));
}

TEST(SchemaTest, AReopenedStoreKeepsItsData) {
  TempDir dir;
  {
    absl::StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(dir.file(), "EU1");
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_OK((*store)->writer().RunSync([](Connection& c) {
      return c.Exec("INSERT INTO settings (key, value) VALUES ('kept', 'yes')");
    }));
  }
  absl::StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(dir.file(), "EU1");
  ASSERT_TRUE(store.ok()) << store.status();
  int64_t count = 0;
  ASSERT_OK((*store)->writer().RunSync([&](Connection& c) -> absl::Status {
    absl::StatusOr<Statement> s = c.Prepare("SELECT COUNT(*) FROM settings WHERE key = 'kept'");
    if (!s.ok()) return s.status();
    if (absl::StatusOr<bool> row = s->Step(); !row.ok()) return row.status();
    count = s->ColumnInt(0);
    return absl::OkStatus();
  }));
  EXPECT_EQ(count, 1);
}

}  // namespace
}  // namespace oms::storage
