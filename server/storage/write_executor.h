#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "server/observability/trace_context.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// The one writer (DESIGN.md, Concurrency model): a thread that owns the write
// connection and runs submitted units of work in group commits. It takes up
// to `max_batch` queued units, opens one BEGIN IMMEDIATE transaction, runs
// each unit inside its own SAVEPOINT (a unit that returns an error is rolled
// back to its savepoint alone; its batch-mates still commit), commits once,
// and then calls every unit's `done` in submission order with the unit's own
// status, or with the commit's error for all of them if COMMIT fails. A
// failed BEGIN fails every unit of the batch the same way, and so does an
// error after which SQLite abandons the whole transaction (I/O error, disk
// full): busy and I/O errors are UNAVAILABLE, worth retrying. A `work` that
// throws is INTERNAL for its unit alone.
//
// `done` runs on the writer thread after the commit is durable; it must be
// quick and must not block (finish an RPC, queue the next saga step). A unit
// may call Submit from `work` or `done`; such units run in a later batch.
//
// Tracing: Submit takes the submitting thread's trace and principal
// (observability::CurrentTrace), and both `work` and `done` run under them,
// so whatever a completion starts (the next saga step, a partner call, a
// log line) stays in the caller's trace. Each batch records commit latency
// and size metrics, and a "sqlite.commit" span in each trace it carries.
class WriteExecutor {
 public:
  using Work = std::function<absl::Status(Connection&)>;
  using Done = std::function<void(absl::Status)>;

  struct Options {
    int max_batch = 128;
    // Runs on the writer thread after each successful COMMIT, before the
    // units' `done`, with the connection outside any transaction (it may
    // read). Used to tell outbox followers what is new (OutboxSignal); it
    // must be quick and must not block.
    std::function<void(Connection&)> after_commit;
  };

  WriteExecutor(std::unique_ptr<Connection> connection, Options options);
  ~WriteExecutor();  // Stop()

  // Thread-safe. After Stop, `done` is called at once with UNAVAILABLE.
  void Submit(Work work, Done done);

  // Submits and waits for the result. Never call it from the writer thread
  // (from inside `work` or `done`): it would wait for itself, so there it
  // answers INTERNAL at once instead.
  absl::Status RunSync(Work work);

  // Runs what is queued, then ends the thread. Idempotent. Called from the
  // writer thread (inside `work` or `done`) it only stops new submissions and
  // returns; the thread ends after the queue drains.
  void Stop();

  // Observability for metrics and benchmarks; thread-safe.
  int64_t batches_committed() const;
  int64_t units_committed() const;

 private:
  struct Unit {
    Work work;
    Done done;
    observability::TraceContext trace;  // the submitter's
    std::string principal;
  };
  void Loop();
  void RunBatch(std::deque<Unit>& batch);
  absl::Status RunUnit(Unit& unit);


  std::unique_ptr<Connection> connection_;  // used only by thread_
  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Unit> queue_;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  int64_t batches_ = 0;     // guarded by mu_
  int64_t units_ = 0;       // guarded by mu_
  std::mutex join_mu_;  // serializes joins of thread_ by concurrent Stop calls
  std::thread thread_;
};

}  // namespace oms::storage
