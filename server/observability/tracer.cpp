#include "server/observability/tracer.h"

#include <curl/curl.h>

#include <vector>

#include "server/observability/otlp_json.h"

namespace oms::observability {
namespace {

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

}  // namespace

Tracer::~Tracer() { Shutdown(); }

void Tracer::Configure(Options options) {
  Shutdown();
  std::lock_guard lock(mu_);
  options_ = std::move(options);
  stopping_ = false;
  enabled_ = !options_.endpoint.empty();
  if (enabled_) thread_ = std::thread([this] { Run(); });
}

void Tracer::Export(SpanRecord span) {
  if (!enabled()) return;
  std::function<void(size_t)> on_dropped;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    if (queue_.size() < options_.max_queue) {
      queue_.push_back(std::move(span));
      ++queued_total_;
      if (queue_.size() >= options_.max_batch) cv_.notify_all();
      return;
    }
    on_dropped = options_.on_dropped;
  }
  ++dropped_;
  if (on_dropped) on_dropped(1);
}

bool Tracer::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  if (!thread_.joinable()) return true;
  const uint64_t target = queued_total_;
  flush_requested_ = true;
  cv_.notify_all();
  return cv_.wait_for(lock, timeout, [&] { return handled_total_ >= target; });
}

void Tracer::Shutdown() {
  Flush(std::chrono::seconds(5));
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    enabled_ = false;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  queue_.clear();
  handled_total_ = queued_total_;
}

void Tracer::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait_for(lock, options_.flush_interval, [&] {
      return stopping_ || flush_requested_ || queue_.size() >= options_.max_batch;
    });
    if (queue_.empty()) {
      flush_requested_ = false;
      cv_.notify_all();
      if (stopping_) return;
      continue;
    }
    std::deque<SpanRecord> batch;
    while (!queue_.empty() && batch.size() < options_.max_batch) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    const size_t n = batch.size();
    Post(std::move(batch));
    lock.lock();
    handled_total_ += n;
    cv_.notify_all();
  }
}

// Runs on the exporter thread without mu_; reads options_, which only
// Configure changes, and Configure first joins this thread.
void Tracer::Post(std::deque<SpanRecord> batch) {
  const std::vector<SpanRecord> spans(std::make_move_iterator(batch.begin()),
                                      std::make_move_iterator(batch.end()));
  const std::string body = ToOtlpJson(spans, options_.service_name);
  const std::string url = options_.endpoint + "/v1/traces";
  CURL* curl = curl_easy_init();
  bool ok = false;
  if (curl != nullptr) {
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.post_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
    long code = 0;
    if (curl_easy_perform(curl) == CURLE_OK) {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
      ok = code >= 200 && code < 300;
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
  }
  if (ok) {
    exported_ += static_cast<int64_t>(spans.size());
    if (options_.on_exported) options_.on_exported(spans.size());
  } else {
    dropped_ += static_cast<int64_t>(spans.size());
    if (options_.on_dropped) options_.on_dropped(spans.size());
  }
}

Tracer& ProcessTracer() {
  static Tracer* tracer = new Tracer();  // never destroyed: spans may end during exit
  return *tracer;
}

Span StartSpan(std::string name, SpanRecord::Kind kind) {
  return Span(ProcessTracer(), std::move(name), CurrentTrace(), kind);
}

Span StartSpan(std::string name, const TraceContext& parent, SpanRecord::Kind kind) {
  return Span(ProcessTracer(), std::move(name), parent, kind);
}

}  // namespace oms::observability
