#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace oms::integrations {

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, DELETE...
  std::string url;             // absolute, "http://127.0.0.1:8091/gateway/v1/authorize"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent when not empty (and always for POST)
  // For the whole exchange, queueing for a connection included.
  absl::Duration timeout = absl::Seconds(10);
};

struct HttpResponse {
  int status_code = 0;
  std::string body;
};

struct HttpClientOptions {
  // Connections open at once to one host:port; requests beyond it wait in
  // the client for a free connection. High, because a partner sleeping
  // 200 ms per call needs one connection per call in flight.
  int max_connections_per_host = 512;
  // Idle connections kept for reuse (keep-alive).
  int max_idle_connections = 512;
};

// An asynchronous HTTP/1.1 client for partner APIs: libcurl's multi
// interface driven by one thread of its own, so thousands of requests can be
// in flight without a thread each. Connections are kept alive and reused.
//
// Every Send answers exactly once through `done`, on the client's thread:
//   OK                 a complete HTTP response, whatever its status code
//   DEADLINE_EXCEEDED  no complete response within request.timeout; the
//                      server may or may not have acted on the request
//   UNAVAILABLE        no connection could be made (refused, unresolvable):
//                      the request was not delivered
//   UNKNOWN            the connection broke after the request was sent (reset,
//                      truncated reply): the server may have acted on it
//   INVALID_ARGUMENT   a malformed URL or unsupported scheme
//   CANCELLED          the client was destroyed with the request in flight
// `done` runs on the client thread and must not block; it may call Send or
// Dispatch again, but must not destroy the client.
//
// Every Send is traced (http_tracing.h): a client span under the sender's
// trace, a `traceparent` header, partner metrics; `done` runs under the
// sender's trace.
//
// Thread-safety: Send and Dispatch may be called from any thread. The
// destructor answers everything still in flight with CANCELLED (on the
// client thread) and joins it; do not call it from a callback. A Send that
// races with destruction is answered CANCELLED on the calling thread.
class HttpClient {
 public:
  using Callback = std::function<void(absl::StatusOr<HttpResponse>)>;

  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();

  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void Send(HttpRequest request, Callback done);

  // Runs `task` on the client thread soon; for answers that need no network
  // but must arrive on the same thread as the others (an open circuit).
  // Once destruction has begun, runs it at once on the calling thread.
  void Dispatch(std::function<void()> task);

 private:
  struct Transfer;

  void Run();
  void StartTransfer(std::unique_ptr<Transfer> transfer);
  void FinishDone();
  void Wake();

  // CURLM*; besides curl_multi_wakeup (thread-safe), only the client thread
  // touches it after construction.
  void* multi_ = nullptr;
  // Transfers added to curl, by their CURL* handle; client thread only.
  absl::flat_hash_map<void*, std::unique_ptr<Transfer>> active_;

  absl::Mutex mu_;
  std::deque<std::unique_ptr<Transfer>> incoming_ ABSL_GUARDED_BY(mu_);
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace oms::integrations
