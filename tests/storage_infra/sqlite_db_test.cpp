#include "server/storage/sqlite_db.h"

#include <sqlite3.h>

#include "gtest/gtest.h"
#include "tests/storage_infra/test_database.h"

namespace oms::storage {
namespace {

using ::oms::storage::testing::QueryInt;
using ::oms::storage::testing::TempDatabase;

int PreparedStatementCount(Connection& connection) {
  int count = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(connection.raw(), nullptr); s != nullptr;
       s = sqlite3_next_stmt(connection.raw(), s)) {
    ++count;
  }
  return count;
}

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(db_, database_.OpenWriter());
    ASSERT_OK(db_->Exec(
        "CREATE TABLE item (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE,"
        " quantity INTEGER NOT NULL CHECK (quantity >= 0))"));
  }

  TempDatabase database_;
  std::unique_ptr<Connection> db_;
};

TEST_F(SqliteDbTest, OpenTurnsOnWalAndForeignKeys) {
  ASSERT_OK_AND_ASSIGN(auto mode, db_->Prepare("PRAGMA journal_mode"));
  ASSERT_OK_AND_ASSIGN(bool row, mode.Step());
  ASSERT_TRUE(row);
  EXPECT_EQ(mode.ColumnText(0), "wal");
  EXPECT_EQ(QueryInt(*db_, "PRAGMA foreign_keys").value_or(-1), 1);
  EXPECT_EQ(QueryInt(*db_, "PRAGMA synchronous").value_or(-1), 2);  // FULL
}

TEST_F(SqliteDbTest, PreparingTheSameSqlTwiceReusesTheCachedStatement) {
  const int before = PreparedStatementCount(*db_);
  {
    ASSERT_OK_AND_ASSIGN(auto first, db_->Prepare("SELECT ?1"));
    ASSERT_OK(first.Bind(1, 7).Run());
  }
  const int after_first = PreparedStatementCount(*db_);
  {
    ASSERT_OK_AND_ASSIGN(auto second, db_->Prepare("SELECT ?1"));
    ASSERT_OK(second.Bind(1, 8).Run());
  }
  EXPECT_EQ(after_first, before + 1);
  EXPECT_EQ(PreparedStatementCount(*db_), after_first);
}

TEST_F(SqliteDbTest, ReleasingAStatementClearsItsBindings) {
  {
    ASSERT_OK_AND_ASSIGN(auto first, db_->Prepare("SELECT ?1"));
    ASSERT_OK_AND_ASSIGN(bool row, first.Bind(1, "bound").Step());
    ASSERT_TRUE(row);
    EXPECT_EQ(first.ColumnText(0), "bound");
  }
  ASSERT_OK_AND_ASSIGN(auto second, db_->Prepare("SELECT ?1"));
  ASSERT_OK_AND_ASSIGN(bool row, second.Step());
  ASSERT_TRUE(row);
  EXPECT_TRUE(second.ColumnIsNull(0));
}

TEST_F(SqliteDbTest, NestedUseOfTheSameSqlGetsItsOwnStatement) {
  ASSERT_OK(db_->Exec("INSERT INTO item (sku, quantity) VALUES ('a', 1), ('b', 2)"));
  constexpr std::string_view kSql = "SELECT sku FROM item WHERE quantity >= ? ORDER BY sku";
  ASSERT_OK_AND_ASSIGN(auto outer, db_->Prepare(kSql));
  outer.Bind(1, 0);
  ASSERT_OK_AND_ASSIGN(bool first, outer.Step());
  ASSERT_TRUE(first);
  {
    ASSERT_OK_AND_ASSIGN(auto inner, db_->Prepare(kSql));
    ASSERT_OK_AND_ASSIGN(bool row, inner.Bind(1, 2).Step());
    ASSERT_TRUE(row);
    EXPECT_EQ(inner.ColumnText(0), "b");
  }
  // The outer iteration was not reset by the inner use.
  EXPECT_EQ(outer.ColumnText(0), "a");
  ASSERT_OK_AND_ASSIGN(bool second, outer.Step());
  ASSERT_TRUE(second);
  EXPECT_EQ(outer.ColumnText(0), "b");
}

TEST_F(SqliteDbTest, ABindErrorIsReportedByStep) {
  ASSERT_OK_AND_ASSIGN(auto statement, db_->Prepare("SELECT ?1"));
  absl::StatusOr<bool> row = statement.Bind(1, 1).Bind(5, 2).Step();
  EXPECT_EQ(row.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(row.status().message().find("parameter 5"), std::string_view::npos)
      << row.status();
}

TEST_F(SqliteDbTest, AUniqueViolationIsAlreadyExists) {
  ASSERT_OK(db_->Exec("INSERT INTO item (sku, quantity) VALUES ('a', 1)"));
  ASSERT_OK_AND_ASSIGN(auto insert, db_->Prepare("INSERT INTO item (sku, quantity) VALUES (?, ?)"));
  absl::Status status = insert.Bind(1, "a").Bind(2, 3).Run();
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_NE(status.message().find("item.sku"), std::string_view::npos) << status;
}

TEST_F(SqliteDbTest, ACheckViolationIsFailedPrecondition) {
  ASSERT_OK_AND_ASSIGN(auto insert, db_->Prepare("INSERT INTO item (sku, quantity) VALUES (?, ?)"));
  absl::Status status = insert.Bind(1, "a").Bind(2, -1).Run();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
}

TEST_F(SqliteDbTest, SqlThatDoesNotCompileIsInternal) {
  absl::StatusOr<Statement> statement = db_->Prepare("SELEKT sku FROM item");
  EXPECT_EQ(statement.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(statement.status().message().find("SELEKT"), std::string_view::npos)
      << statement.status();
  EXPECT_EQ(db_->Exec("UPDATE nowhere SET x = 1").code(), absl::StatusCode::kInternal);
}

TEST_F(SqliteDbTest, PrepareRefusesMoreThanOneStatement) {
  absl::StatusOr<Statement> statement = db_->Prepare("SELECT 1; DELETE FROM item");
  EXPECT_EQ(statement.status().code(), absl::StatusCode::kInternal) << statement.status();
}

TEST_F(SqliteDbTest, AWriterLockedOutByAnotherWriterIsUnavailable) {
  ASSERT_OK_AND_ASSIGN(auto impatient, database_.OpenWriter(/*busy_timeout_ms=*/0));
  ASSERT_OK(db_->Exec("BEGIN IMMEDIATE"));
  EXPECT_EQ(impatient->Exec("BEGIN IMMEDIATE").code(), absl::StatusCode::kUnavailable);
  ASSERT_OK(db_->Exec("ROLLBACK"));
}

TEST_F(SqliteDbTest, OpeningAMissingFileForReadingIsUnavailable) {
  Connection::Options options;
  options.read_only = true;
  absl::StatusOr<std::unique_ptr<Connection>> reader =
      Connection::Open(database_.path() + ".missing", options);
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(SqliteDbTest, AReadOnlyConnectionCannotWrite) {
  ASSERT_OK_AND_ASSIGN(auto reader, database_.OpenReader());
  EXPECT_FALSE(reader->Exec("INSERT INTO item (sku, quantity) VALUES ('a', 1)").ok());
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item").value_or(-1), 0);
}

TEST_F(SqliteDbTest, ChangesAndLastInsertRowIdDescribeTheLastStatement) {
  ASSERT_OK(db_->Exec("INSERT INTO item (sku, quantity) VALUES ('a', 1), ('b', 1)"));
  EXPECT_EQ(db_->LastInsertRowId(), 2);
  ASSERT_OK_AND_ASSIGN(auto update, db_->Prepare("UPDATE item SET quantity = 5"));
  ASSERT_OK(update.Run());
  EXPECT_EQ(db_->Changes(), 2);
}

}  // namespace
}  // namespace oms::storage
