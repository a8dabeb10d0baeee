#include "server/storage/write_executor.h"

#include <atomic>
#include <future>
#include <latch>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "server/storage/read_pool.h"
#include "tests/storage_infra/test_database.h"

namespace oms::storage {
namespace {

using ::oms::storage::testing::Completion;
using ::oms::storage::testing::QueryInt;
using ::oms::storage::testing::SharedLatch;
using ::oms::storage::testing::TempDatabase;

WriteExecutor::Work Insert(int64_t id) {
  return [id](Connection& db) -> absl::Status {
    absl::StatusOr<Statement> insert = db.Prepare("INSERT INTO item (id) VALUES (?)");
    if (!insert.ok()) return insert.status();
    return insert->Bind(1, id).Run();
  };
}

class WriteExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override { StartWriter(/*busy_timeout_ms=*/5000, /*max_batch=*/128); }

  void StartWriter(int busy_timeout_ms, int max_batch) {
    ASSERT_OK_AND_ASSIGN(auto connection, database_.OpenWriter(busy_timeout_ms));
    ASSERT_OK(connection->Exec("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY)"));
    writer_.reset();
    writer_ = std::make_unique<WriteExecutor>(std::move(connection),
                                              WriteExecutor::Options{.max_batch = max_batch});
  }

  // Holds the writer inside a unit of its own batch until the returned
  // latch is counted down, so that what is submitted meanwhile queues up.
  std::unique_ptr<std::latch> BlockWriter() {
    auto release = std::make_unique<std::latch>(1);
    // Shared: the writer may still be inside count_down when wait returns.
    auto started = std::make_shared<std::latch>(1);
    writer_->Submit(
        [started, gate = release.get()](Connection&) {
          started->count_down();
          gate->wait();
          return absl::OkStatus();
        },
        nullptr);
    started->wait();
    return release;
  }

  int64_t CountItems() {
    auto reader = database_.OpenReader();
    if (!reader.ok()) return -1;
    return QueryInt(**reader, "SELECT count(*) FROM item").value_or(-1);
  }

  TempDatabase database_;
  std::unique_ptr<WriteExecutor> writer_;
};

TEST_F(WriteExecutorTest, AFailedUnitRollsBackAloneWhileItsBatchMatesCommit) {
  std::unique_ptr<std::latch> release = BlockWriter();
  Completion first, failing, last;
  writer_->Submit(Insert(1), first.done());
  writer_->Submit(
      [](Connection& db) -> absl::Status {
        if (absl::Status inserted = Insert(2)(db); !inserted.ok()) return inserted;
        return absl::FailedPreconditionError("out of stock");
      },
      failing.done());
  writer_->Submit(Insert(3), last.done());
  release->count_down();

  EXPECT_OK(first.get());
  EXPECT_EQ(failing.get().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_OK(last.get());
  // One batch for the blocker, one for the three units queued behind it.
  EXPECT_EQ(writer_->batches_committed(), 2);
  EXPECT_EQ(writer_->units_committed(), 3);
  ASSERT_OK_AND_ASSIGN(auto reader, database_.OpenReader());
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item WHERE id IN (1, 3)").value_or(-1), 2);
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item WHERE id = 2").value_or(-1), 0);
}

TEST_F(WriteExecutorTest, ABatchMateViolatingAConstraintDoesNotUndoTheOthers) {
  ASSERT_OK(writer_->RunSync(Insert(1)));
  std::unique_ptr<std::latch> release = BlockWriter();
  Completion duplicate, fresh;
  writer_->Submit(Insert(1), duplicate.done());
  writer_->Submit(Insert(2), fresh.done());
  release->count_down();

  EXPECT_EQ(duplicate.get().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_OK(fresh.get());
  ASSERT_OK_AND_ASSIGN(auto reader, database_.OpenReader());
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item").value_or(-1), 2);
}

TEST_F(WriteExecutorTest, DoneCallbacksRunInSubmissionOrder) {
  std::unique_ptr<std::latch> release = BlockWriter();
  std::vector<int> order;  // touched only on the writer thread until `all_done`
  auto all_done = SharedLatch(5);
  for (int i = 0; i < 5; ++i) {
    // Alternate failures so that order does not follow success.
    writer_->Submit(
        [i](Connection& db) { return i % 2 == 0 ? Insert(i)(db) : absl::AbortedError("x"); },
        [&order, all_done, i](absl::Status) {
          order.push_back(i);
          all_done->count_down();
        });
  }
  release->count_down();
  all_done->wait();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST_F(WriteExecutorTest, DoneRunsAfterTheDataIsVisibleToReaders) {
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<ReadPool> pool, ReadPool::Open(database_.path(), 1));
  auto seen = std::make_shared<std::promise<int64_t>>();
  writer_->Submit(Insert(42), [pool, seen](absl::Status status) {
    int64_t count = -2;
    if (status.ok()) {
      ReadPool::Lease reader = pool->Acquire();
      count = QueryInt(*reader, "SELECT count(*) FROM item WHERE id = 42").value_or(-1);
    }
    seen->set_value(count);
  });
  EXPECT_EQ(seen->get_future().get(), 1);
}

TEST_F(WriteExecutorTest, RunSyncReturnsTheUnitsStatus) {
  EXPECT_OK(writer_->RunSync(Insert(1)));
  absl::Status refused =
      writer_->RunSync([](Connection&) { return absl::NotFoundError("no order EU1-X"); });
  EXPECT_EQ(refused.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(refused.message(), "no order EU1-X");
}

TEST_F(WriteExecutorTest, RunSyncOnTheWriterThreadIsInternalInsteadOfADeadlock) {
  absl::Status inner;
  ASSERT_OK(writer_->RunSync([&](Connection&) {
    inner = writer_->RunSync(Insert(1));
    return absl::OkStatus();
  }));
  EXPECT_EQ(inner.code(), absl::StatusCode::kInternal);
}

TEST_F(WriteExecutorTest, SubmitAfterStopAnswersUnavailable) {
  writer_->Stop();
  bool called = false;
  absl::Status answer;
  writer_->Submit(Insert(1), [&](absl::Status s) {
    called = true;
    answer = s;
  });
  ASSERT_TRUE(called);  // at once, on the caller's thread
  EXPECT_EQ(answer.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(writer_->RunSync(Insert(2)).code(), absl::StatusCode::kUnavailable);
}

TEST_F(WriteExecutorTest, StopRunsEverythingAlreadyQueued) {
  std::latch queued(1);
  writer_->Submit(
      [&](Connection&) {
        queued.wait();
        // Stop from the writer thread: no new units, but the queue drains.
        writer_->Stop();
        return absl::OkStatus();
      },
      nullptr);
  std::atomic<int> committed = 0;
  for (int i = 1; i <= 5; ++i) {
    writer_->Submit(Insert(i), [&](absl::Status s) { committed += s.ok() ? 1 : 0; });
  }
  queued.count_down();
  writer_->Stop();  // joins after the drain

  EXPECT_EQ(committed.load(), 5);
  EXPECT_EQ(CountItems(), 5);
}

TEST_F(WriteExecutorTest, AThrowingUnitIsInternalAndRollsBackAlone) {
  std::unique_ptr<std::latch> release = BlockWriter();
  Completion thrower, mate;
  writer_->Submit(
      [](Connection& db) -> absl::Status {
        Insert(1)(db).IgnoreError();
        throw std::runtime_error("bug");
      },
      thrower.done());
  writer_->Submit(Insert(2), mate.done());
  release->count_down();

  absl::Status thrown = thrower.get();
  EXPECT_EQ(thrown.code(), absl::StatusCode::kInternal);
  EXPECT_NE(thrown.message().find("bug"), std::string_view::npos) << thrown;
  EXPECT_OK(mate.get());
  ASSERT_OK_AND_ASSIGN(auto reader, database_.OpenReader());
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item WHERE id = 1").value_or(-1), 0);
  EXPECT_EQ(QueryInt(*reader, "SELECT count(*) FROM item WHERE id = 2").value_or(-1), 1);
}

TEST_F(WriteExecutorTest, AFailedBeginFailsTheWholeBatchAsUnavailable) {
  StartWriter(/*busy_timeout_ms=*/0, /*max_batch=*/128);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Connection> intruder, database_.OpenWriter());
  auto started = std::make_shared<std::latch>(1);
  std::latch release(1);
  absl::Status intruder_began;
  // The intruder takes the write lock between the blocker's commit and the
  // next batch's BEGIN: the blocker's `done` runs on the writer in between.
  writer_->Submit(
      [&, started](Connection&) {
        started->count_down();
        release.wait();
        return absl::OkStatus();
      },
      [&](absl::Status) { intruder_began = intruder->Exec("BEGIN IMMEDIATE"); });
  started->wait();
  Completion first, second;
  writer_->Submit(Insert(1), first.done());
  writer_->Submit(Insert(2), second.done());
  release.count_down();

  absl::Status first_status = first.get();
  EXPECT_EQ(first_status.code(), absl::StatusCode::kUnavailable) << first_status;
  EXPECT_EQ(second.get().code(), absl::StatusCode::kUnavailable);
  ASSERT_OK(intruder_began);
  ASSERT_OK(intruder->Exec("ROLLBACK"));
  EXPECT_EQ(writer_->batches_committed(), 1);
  EXPECT_OK(writer_->RunSync(Insert(3)));  // the writer recovers once the lock is free
}

TEST_F(WriteExecutorTest, MaxBatchLimitsTheUnitsInOneTransaction) {
  StartWriter(/*busy_timeout_ms=*/5000, /*max_batch=*/2);
  std::unique_ptr<std::latch> release = BlockWriter();
  auto all_done = SharedLatch(5);
  for (int i = 1; i <= 5; ++i) {
    writer_->Submit(Insert(i), [all_done](absl::Status) { all_done->count_down(); });
  }
  release->count_down();
  all_done->wait();
  EXPECT_EQ(writer_->batches_committed(), 1 + 3);  // the blocker, then 2 + 2 + 1
  EXPECT_EQ(writer_->units_committed(), 6);
}

TEST_F(WriteExecutorTest, ManyThreadsSubmittingConcurrentlyAllCommitInSharedBatches) {
  constexpr int kThreads = 8;
  constexpr int kUnitsPerThread = 500;
  std::latch start(kThreads);
  auto all_done = SharedLatch(kThreads * kUnitsPerThread);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kUnitsPerThread; ++i) {
        writer_->Submit(Insert(t * kUnitsPerThread + i + 1), [&failures, all_done](absl::Status s) {
          if (!s.ok()) ++failures;
          all_done->count_down();
        });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  all_done->wait();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountItems(), kThreads * kUnitsPerThread);
  EXPECT_EQ(writer_->units_committed(), kThreads * kUnitsPerThread);
  EXPECT_LT(writer_->batches_committed(), writer_->units_committed());
}

}  // namespace
}  // namespace oms::storage
