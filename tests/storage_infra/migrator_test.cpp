#include "server/storage/migrator.h"

#include <sqlite3.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/storage_infra/test_database.h"

namespace oms::storage {
namespace {

using ::oms::storage::testing::QueryInt;
using ::oms::storage::testing::TempDatabase;

const Migration kCreateCustomer{1, "create_customer",
                                "CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT);"};
const Migration kCreateOrder{
    2, "create_order",
    "CREATE TABLE sales_order (id INTEGER PRIMARY KEY,"
    " customer_id INTEGER NOT NULL REFERENCES customer(id));"
    "CREATE INDEX sales_order_by_customer ON sales_order (customer_id);"};
const Migration kAddPhone{3, "add_phone", "ALTER TABLE customer ADD COLUMN phone TEXT;"};

std::vector<std::string> Recorded(Connection& db) {
  std::vector<std::string> recorded;
  absl::StatusOr<Statement> select =
      db.Prepare("SELECT version, name FROM schema_migrations ORDER BY version");
  if (!select.ok()) return {select.status().ToString()};
  while (select->Step().value_or(false)) {
    recorded.push_back(absl::StrCat(select->ColumnInt(0), " ", select->ColumnText(1)));
  }
  return recorded;
}

bool TableExists(Connection& db, const std::string& table) {
  return QueryInt(db, absl::StrCat("SELECT count(*) FROM sqlite_master WHERE name = '", table,
                                   "'"))
             .value_or(0) == 1;
}

class MigratorTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK_AND_ASSIGN(db_, database_.OpenWriter()); }

  // A fresh connection, so that its change counter starts at zero.
  void Reopen() {
    db_.reset();
    ASSERT_OK_AND_ASSIGN(db_, database_.OpenWriter());
  }

  TempDatabase database_;
  std::unique_ptr<Connection> db_;
};

TEST_F(MigratorTest, MigratingAnEmptyDatabaseAppliesEveryMigrationInOrder) {
  ASSERT_OK(ApplyMigrations(*db_, {kCreateCustomer, kCreateOrder, kAddPhone}));
  EXPECT_EQ(Recorded(*db_),
            (std::vector<std::string>{"1 create_customer", "2 create_order", "3 add_phone"}));
  EXPECT_TRUE(TableExists(*db_, "sales_order"));
  EXPECT_OK(db_->Exec("INSERT INTO customer (email, phone) VALUES ('a@example.com', '+1')"));
}

TEST_F(MigratorTest, RerunningMigrationsChangesNothing) {
  ASSERT_OK(ApplyMigrations(*db_, {kCreateCustomer, kCreateOrder}));
  Reopen();
  const int64_t schema_version = QueryInt(*db_, "PRAGMA schema_version").value_or(-1);

  ASSERT_OK(ApplyMigrations(*db_, {kCreateCustomer, kCreateOrder}));
  EXPECT_EQ(sqlite3_total_changes64(db_->raw()), 0);
  EXPECT_EQ(QueryInt(*db_, "PRAGMA schema_version").value_or(-2), schema_version);
  EXPECT_EQ(Recorded(*db_).size(), 2u);
}

TEST_F(MigratorTest, AnOlderDatabaseIsUpgradedWithOnlyTheNewMigrations) {
  ASSERT_OK(ApplyMigrations(*db_, {kCreateCustomer}));
  ASSERT_OK(db_->Exec("INSERT INTO customer (email) VALUES ('kept@example.com')"));

  ASSERT_OK(ApplyMigrations(*db_, {kCreateCustomer, kCreateOrder, kAddPhone}));
  EXPECT_EQ(Recorded(*db_).size(), 3u);
  EXPECT_EQ(QueryInt(*db_, "SELECT count(*) FROM customer WHERE phone IS NULL").value_or(-1), 1);
}

TEST_F(MigratorTest, ADatabaseFromANewerVersionIsRefusedUntouched) {
  ASSERT_OK(ApplyMigrations(*db_, {kCreateCustomer, kCreateOrder}));
  Reopen();
  const int64_t schema_version = QueryInt(*db_, "PRAGMA schema_version").value_or(-1);

  absl::Status status = ApplyMigrations(*db_, {kCreateCustomer});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("0002_create_order"), std::string_view::npos) << status;
  EXPECT_EQ(sqlite3_total_changes64(db_->raw()), 0);
  EXPECT_EQ(QueryInt(*db_, "PRAGMA schema_version").value_or(-2), schema_version);
}

TEST_F(MigratorTest, ADatabaseWithAnotherHistoryIsRefused) {
  ASSERT_OK(ApplyMigrations(*db_, {kCreateCustomer}));
  const Migration other{1, "placeholder", "SELECT 1;"};
  absl::Status status = ApplyMigrations(*db_, {other, kCreateOrder});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_FALSE(TableExists(*db_, "sales_order"));
}

TEST_F(MigratorTest, AFailingMigrationIsRolledBackAndNamed) {
  const Migration broken{2, "broken", "CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);"};
  absl::Status status = ApplyMigrations(*db_, {kCreateCustomer, broken, kAddPhone});
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_NE(status.message().find("0002_broken"), std::string_view::npos) << status;
  EXPECT_FALSE(TableExists(*db_, "half"));
  EXPECT_EQ(Recorded(*db_), (std::vector<std::string>{"1 create_customer"}));
}

TEST_F(MigratorTest, AMigrationLeavingADanglingForeignKeyIsRolledBack) {
  const Migration dangling{3, "dangling", "INSERT INTO sales_order (customer_id) VALUES (99);"};
  absl::Status status = ApplyMigrations(*db_, {kCreateCustomer, kCreateOrder, dangling});
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_NE(status.message().find("sales_order"), std::string_view::npos) << status;
  EXPECT_EQ(QueryInt(*db_, "SELECT count(*) FROM sales_order").value_or(-1), 0);
  EXPECT_EQ(QueryInt(*db_, "PRAGMA foreign_keys").value_or(-1), 1);  // restored
}

TEST_F(MigratorTest, MigrationsOutOfOrderAreInternal) {
  EXPECT_EQ(ApplyMigrations(*db_, {kCreateOrder, kCreateCustomer}).code(),
            absl::StatusCode::kInternal);
  EXPECT_FALSE(TableExists(*db_, "schema_migrations"));
}

TEST_F(MigratorTest, TheCompiledMigrationsAreOrderedAndApplyToAnEmptyDatabase) {
  const std::vector<Migration>& compiled = CompiledMigrations();
  ASSERT_FALSE(compiled.empty());
  EXPECT_EQ(compiled.front().version, 1);
  ASSERT_OK(ApplyMigrations(*db_));
  EXPECT_EQ(Recorded(*db_).size(), compiled.size());
}

}  // namespace
}  // namespace oms::storage
