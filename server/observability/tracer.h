#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "server/observability/span.h"

namespace oms::observability {

// Collects finished spans and exports them in batches as OTLP/HTTP JSON
// (POST <endpoint>/v1/traces, resourceSpans/scopeSpans/spans) from a thread
// of its own. Export never blocks the caller: beyond `max_queue` waiting
// spans a span is dropped and counted. A failed post drops its batch
// (counted too): tracing must never hold the server back.
//
// Thread-safe. Configure may be called again (a server restarted in the
// same process); each call flushes what the previous collector was owed.
class Tracer {
 public:
  struct Options {
    // Base URL of the collector, "http://127.0.0.1:4318"; empty: spans are
    // made (ids still propagate) but not kept.
    std::string endpoint;
    std::string service_name = "omsd";
    size_t max_queue = 4096;
    size_t max_batch = 512;
    std::chrono::milliseconds flush_interval{1000};
    std::chrono::milliseconds post_timeout{5000};
    // Called on the exporter thread after each post with how many spans
    // went out, and on the caller's thread for each span dropped.
    std::function<void(size_t)> on_exported;
    std::function<void(size_t)> on_dropped;
  };

  Tracer() = default;
  ~Tracer();  // Shutdown()
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  // Starts exporting to `options.endpoint` (or stops, when it is empty).
  void Configure(Options options);
  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }

  // Queues a finished span; a no-op while disabled.
  void Export(SpanRecord span);

  // Posts everything queued now and waits for it (tests, shutdown). Returns
  // false when the timeout ran out first.
  bool Flush(std::chrono::milliseconds timeout);

  // Flushes (up to 5 s), then ends the exporter thread.
  void Shutdown();

  int64_t exported() const { return exported_.load(); }
  int64_t dropped() const { return dropped_.load(); }

 private:
  void Run();
  void Post(std::deque<SpanRecord> batch);

  std::atomic<bool> enabled_{false};
  std::atomic<int64_t> exported_{0};
  std::atomic<int64_t> dropped_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  Options options_;               // guarded by mu_
  std::deque<SpanRecord> queue_;  // guarded by mu_
  uint64_t queued_total_ = 0;     // spans ever queued; guarded by mu_
  uint64_t handled_total_ = 0;    // spans posted or dropped by the thread; guarded by mu_
  bool flush_requested_ = false;  // guarded by mu_
  bool stopping_ = false;         // guarded by mu_
  std::thread thread_;
};

// The process's tracer: omsd has one collector, and the callback threads,
// the writer and the HTTP client all reach it without being handed it.
Tracer& ProcessTracer();

// A span under the current thread's trace (CurrentTrace()) on the process tracer.
Span StartSpan(std::string name, SpanRecord::Kind kind = SpanRecord::Kind::kInternal);
// A span under `parent` on the process tracer.
Span StartSpan(std::string name, const TraceContext& parent,
               SpanRecord::Kind kind = SpanRecord::Kind::kInternal);

}  // namespace oms::observability
