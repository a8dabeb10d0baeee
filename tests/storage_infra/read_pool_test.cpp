#include "server/storage/read_pool.h"

#include <sqlite3.h>

#include <future>
#include <latch>
#include <memory>

#include "gtest/gtest.h"
#include "server/storage/write_executor.h"
#include "tests/storage_infra/test_database.h"

namespace oms::storage {
namespace {

using ::oms::storage::testing::Completion;
using ::oms::storage::testing::QueryInt;
using ::oms::storage::testing::TempDatabase;

absl::Status InsertItem(Connection& db) { return db.Exec("INSERT INTO item DEFAULT VALUES"); }

class ReadPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(auto connection, database_.OpenWriter());
    ASSERT_OK(connection->Exec("CREATE TABLE item (id INTEGER PRIMARY KEY);"
                               "INSERT INTO item DEFAULT VALUES;"));
    writer_ = std::make_unique<WriteExecutor>(std::move(connection), WriteExecutor::Options{});
    ASSERT_OK_AND_ASSIGN(pool_, ReadPool::Open(database_.path(), 2));
  }

  TempDatabase database_;
  std::unique_ptr<WriteExecutor> writer_;
  std::unique_ptr<ReadPool> pool_;
};

TEST_F(ReadPoolTest, AReadTransactionKeepsItsSnapshotWhileTheWriterCommits) {
  ReadPool::Lease reader = pool_->Acquire();
  ASSERT_OK(reader->Exec("BEGIN"));
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item").value_or(-1), 1);

  ASSERT_OK(writer_->RunSync(InsertItem));
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item").value_or(-1), 1);

  ASSERT_OK(reader->Exec("COMMIT"));
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item").value_or(-1), 2);
}

TEST_F(ReadPoolTest, AReaderIsNotBlockedWhileTheWriterHoldsATransactionOpen) {
  auto inserted = std::make_shared<std::latch>(1);
  std::latch release(1);
  Completion done;
  writer_->Submit(
      [&, inserted](Connection& db) {
        absl::Status status = InsertItem(db);
        inserted->count_down();
        release.wait();
        return status;
      },
      done.done());
  inserted->wait();

  // The writer now holds an open transaction with an uncommitted row and
  // cannot finish until this test releases it: a reader that waited for it
  // would fail busy instead of answering.
  {
    ReadPool::Lease reader = pool_->Acquire();
    absl::StatusOr<int64_t> count = QueryInt(*reader, "SELECT count(*) FROM item");
    ASSERT_TRUE(count.ok()) << count.status();
    EXPECT_EQ(*count, 1);
  }
  release.count_down();
  ASSERT_OK(done.get());
  ReadPool::Lease reader = pool_->Acquire();
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item").value_or(-1), 2);
}

TEST_F(ReadPoolTest, AReturnedLeaseDoesNotKeepAnOpenTransaction) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ReadPool> pool, ReadPool::Open(database_.path(), 1));
  {
    ReadPool::Lease reader = pool->Acquire();
    ASSERT_OK(reader->Exec("BEGIN"));
    ASSERT_TRUE(QueryInt(*reader, "SELECT count(*) FROM item").ok());
  }
  ReadPool::Lease reader = pool->Acquire();
  EXPECT_NE(sqlite3_get_autocommit(reader->raw()), 0);
}

TEST_F(ReadPoolTest, ReadConnectionsCannotWrite) {
  ReadPool::Lease reader = pool_->Acquire();
  EXPECT_FALSE(InsertItem(*reader).ok());
}

TEST_F(ReadPoolTest, APoolWithoutConnectionsIsInvalidArgument) {
  EXPECT_EQ(ReadPool::Open(database_.path(), 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace oms::storage
