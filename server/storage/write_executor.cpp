#include "server/storage/write_executor.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <iterator>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/observability/metrics.h"
#include "server/observability/tracer.h"

namespace oms::storage {
namespace {

bool InTransaction(Connection& connection) {
  return sqlite3_get_autocommit(connection.raw()) == 0;
}

// One "sqlite.commit" span per trace among the batch's units, under the
// first unit of that trace, so each order's trace shows the commit it
// waited for; the batch's other traces are links.
template <typename Units>
std::vector<observability::Span> StartCommitSpans(const Units& batch) {
  std::vector<observability::Span> spans;
  if (!observability::ProcessTracer().enabled()) return spans;
  std::vector<const observability::TraceContext*> traces;
  for (const auto& unit : batch) {
    if (!unit.trace.valid()) continue;
    const bool seen = std::any_of(traces.begin(), traces.end(), [&](const auto* t) {
      return t->trace_id == unit.trace.trace_id;
    });
    if (!seen) traces.push_back(&unit.trace);
  }
  constexpr size_t kMaxLinks = 16;
  for (const auto* trace : traces) {
    observability::Span span = observability::StartSpan("sqlite.commit", *trace);
    span.SetAttribute("db.system", std::string("sqlite"));
    span.SetAttribute("oms.batch.units", static_cast<int64_t>(batch.size()));
    span.SetAttribute("oms.batch.traces", static_cast<int64_t>(traces.size()));
    for (size_t i = 0; i < traces.size() && i < kMaxLinks; ++i) {
      if (traces[i] != trace) span.AddLink(*traces[i]);
    }
    spans.push_back(std::move(span));
  }
  return spans;
}

}  // namespace

WriteExecutor::WriteExecutor(std::unique_ptr<Connection> connection, Options options)
    : connection_(std::move(connection)), options_(options) {
  thread_ = std::thread(&WriteExecutor::Loop, this);
}

WriteExecutor::~WriteExecutor() { Stop(); }

void WriteExecutor::Submit(Work work, Done done) {
  bool accepted = false;
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(Unit{std::move(work), std::move(done), observability::CurrentTrace(),
                            observability::CurrentPrincipal()});
      accepted = true;
    }
  }
  if (accepted) {
    cv_.notify_one();
  } else if (done) {
    done(absl::UnavailableError("the order store is shutting down"));
  }
}

absl::Status WriteExecutor::RunSync(Work work) {
  if (std::this_thread::get_id() == thread_.get_id()) {
    return absl::InternalError(
        "RunSync was called on the writer thread and would wait for itself; use Submit");
  }
  // Shared, so the writer never touches a promise this frame has destroyed.
  auto promise = std::make_shared<std::promise<absl::Status>>();
  std::future<absl::Status> result = promise->get_future();
  Submit(std::move(work), [promise](absl::Status status) { promise->set_value(std::move(status)); });
  return result.get();
}

void WriteExecutor::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (std::this_thread::get_id() == thread_.get_id()) return;
  std::lock_guard join_lock(join_mu_);
  if (thread_.joinable()) thread_.join();
}

int64_t WriteExecutor::batches_committed() const {
  std::lock_guard lock(mu_);
  return batches_;
}

int64_t WriteExecutor::units_committed() const {
  std::lock_guard lock(mu_);
  return units_;
}

void WriteExecutor::Loop() {
  const size_t max_batch = static_cast<size_t>(std::max(1, options_.max_batch));
  std::deque<Unit> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      if (queue_.size() <= max_batch) {
        batch.swap(queue_);
      } else {
        auto end = queue_.begin() + static_cast<std::ptrdiff_t>(max_batch);
        std::move(queue_.begin(), end, std::back_inserter(batch));
        queue_.erase(queue_.begin(), end);
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void WriteExecutor::RunBatch(std::deque<Unit>& batch) {
  Connection& db = *connection_;
  std::vector<absl::Status> statuses(batch.size());
  const auto started = std::chrono::steady_clock::now();
  std::vector<observability::Span> spans = StartCommitSpans(batch);

  absl::Status batch_error = db.Exec("BEGIN IMMEDIATE");
  if (!batch_error.ok()) {
    batch_error = absl::Status(
        batch_error.code(),
        absl::StrCat("cannot start the write transaction: ", batch_error.message()));
  }
  for (size_t i = 0; batch_error.ok() && i < batch.size(); ++i) {
    {
      observability::TraceScope scope(batch[i].trace, batch[i].principal);
      statuses[i] = RunUnit(batch[i]);
    }
    if (!InTransaction(db)) {
      // SQLite rolls the whole transaction back on some errors (I/O, disk
      // full); carrying on would run the rest in autocommit mode, unbatched.
      batch_error = absl::Status(
          statuses[i].ok() ? absl::StatusCode::kInternal : statuses[i].code(),
          absl::StrCat("the write transaction was abandoned, nothing in this batch was saved: ",
                       statuses[i].ok() ? "a unit ended the transaction itself"
                                        : statuses[i].message()));
    }
  }
  if (batch_error.ok()) {
    if (absl::Status commit = db.Exec("COMMIT"); !commit.ok()) {
      batch_error = absl::Status(
          commit.code(), absl::StrCat("cannot commit the write transaction: ", commit.message()));
    }
  }
  // After a failed COMMIT the transaction is still open and holds the lock.
  if (!batch_error.ok() && InTransaction(db)) db.Exec("ROLLBACK").IgnoreError();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  observability::ProcessMetrics().RecordCommit(static_cast<int>(batch.size()), took.count(),
                                               batch_error.ok());
  for (auto& span : spans) {
    if (!batch_error.ok()) span.SetError(std::string(batch_error.message()));
    span.End();
  }

  if (batch_error.ok()) {
    const auto committed = std::count_if(statuses.begin(), statuses.end(),
                                         [](const absl::Status& s) { return s.ok(); });
    {
      std::lock_guard lock(mu_);
      ++batches_;
      units_ += committed;
    }
    if (options_.after_commit) options_.after_commit(db);
  } else {
    std::fill(statuses.begin(), statuses.end(), batch_error);
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!batch[i].done) continue;
    observability::TraceScope scope(batch[i].trace, batch[i].principal);
    batch[i].done(std::move(statuses[i]));
  }
}

absl::Status WriteExecutor::RunUnit(Unit& unit) {
  Connection& db = *connection_;
  // One fixed name is enough: savepoints are nested one at a time.
  if (absl::Status status = db.Exec("SAVEPOINT unit"); !status.ok()) return status;

  absl::Status result;
  if (!unit.work) {
    result = absl::InternalError("a unit of work was submitted without a work function");
  } else {
    // Work must not throw, but one that does must not take down the writer
    // and with it every other order in flight.
    try {
      result = unit.work(db);
    } catch (const std::exception& e) {
      result = absl::InternalError(absl::StrCat("a unit of work threw: ", e.what()));
    } catch (...) {
      result = absl::InternalError("a unit of work threw a non-standard exception");
    }
  }
  if (!InTransaction(db)) return result;  // RunBatch fails the whole batch

  if (result.ok()) {
    absl::Status release = db.Exec("RELEASE unit");
    if (release.ok()) return result;
    result = release;
  }
  absl::Status rollback = db.Exec("ROLLBACK TO unit");
  if (rollback.ok()) rollback = db.Exec("RELEASE unit");
  // A savepoint that cannot be undone leaves this unit's writes in the
  // transaction; dropping the transaction keeps them out of the commit.
  if (!rollback.ok()) db.Exec("ROLLBACK").IgnoreError();
  return result;
}

}  // namespace oms::storage
