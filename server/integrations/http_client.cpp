#include "server/integrations/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "server/integrations/http_tracing.h"

namespace oms::integrations {

struct HttpClient::Transfer {
  HttpRequest request;
  Callback done;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string response_body;
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    if (headers != nullptr) curl_slist_free_all(headers);
  }
};

namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string Describe(const HttpRequest& r) { return absl::StrCat(r.method, " ", r.url); }

absl::Status TransportError(CURLcode code, const HttpRequest& request, const char* detail) {
  const std::string what =
      absl::StrCat(Describe(request), ": ", *detail != '\0' ? detail : curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return absl::DeadlineExceededError(
          absl::StrCat("no complete reply within ", absl::FormatDuration(request.timeout),
                       " from ", what));
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
      return absl::UnavailableError(absl::StrCat("cannot connect: ", what));
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return absl::InvalidArgumentError(absl::StrCat("bad request URL: ", what));
    default:
      // Reset, truncated or empty replies: the request may have been acted on.
      return absl::UnknownError(
          absl::StrCat("connection broke after the request was sent (the partner may have "
                       "acted on it): ",
                       what));
  }
}

}  // namespace

HttpClient::HttpClient(HttpClientOptions options) {
  GlobalInitOnce();
  multi_ = curl_multi_init();
  if (multi_ == nullptr) {
    // Fails only when memory is exhausted, like operator new, and is
    // treated the same way.
    std::fputs("oms: libcurl could not create a multi handle (out of memory)\n", stderr);
    std::abort();
  }
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(std::max(1, options.max_connections_per_host)));
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS,
                    static_cast<long>(std::max(1, options.max_idle_connections)));
  thread_ = std::thread([this] { Run(); });
}

HttpClient::~HttpClient() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  Wake();
  thread_.join();
  curl_multi_cleanup(multi_);
}

void HttpClient::Send(HttpRequest request, Callback done) {
  auto transfer = std::make_unique<Transfer>();
  transfer->request = std::move(request);
  transfer->done = TraceHttpCall(transfer->request, std::move(done));
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      incoming_.push_back(std::move(transfer));
    }
  }
  if (transfer != nullptr) {
    // Only while the client is being destroyed, which callers must not race.
    transfer->done(absl::CancelledError("the HTTP client is shutting down"));
    return;
  }
  Wake();
}

void HttpClient::Dispatch(std::function<void()> task) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      tasks_.push_back(std::move(task));
      task = nullptr;
    }
  }
  if (task) {
    task();  // only while the client is being destroyed
    return;
  }
  Wake();
}

void HttpClient::Wake() { curl_multi_wakeup(multi_); }

void HttpClient::Run() {
  for (;;) {
    std::deque<std::unique_ptr<Transfer>> incoming;
    std::deque<std::function<void()>> tasks;
    bool stopping;
    {
      absl::MutexLock lock(&mu_);
      incoming.swap(incoming_);
      tasks.swap(tasks_);
      stopping = stopping_;
    }
    for (auto& task : tasks) task();
    for (auto& transfer : incoming) {
      if (stopping) {
        transfer->done(absl::CancelledError("the HTTP client is shutting down"));
      } else {
        StartTransfer(std::move(transfer));
      }
    }
    if (stopping) break;
    int running = 0;
    curl_multi_perform(multi_, &running);
    FinishDone();
    // Returns on socket activity, curl's next timer, or curl_multi_wakeup.
    curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
  }

  for (auto& [easy, transfer] : active_) {
    curl_multi_remove_handle(multi_, easy);
    transfer->done(absl::CancelledError(absl::StrCat(
        "the HTTP client shut down with ", Describe(transfer->request), " in flight")));
  }
  active_.clear();
}

void HttpClient::StartTransfer(std::unique_ptr<Transfer> t) {
  const HttpRequest& r = t->request;
  t->easy = curl_easy_init();
  if (t->easy == nullptr) {
    t->done(absl::InternalError(absl::StrCat("libcurl could not start ", Describe(r))));
    return;
  }
  CURL* e = t->easy;
  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  // Partners speak HTTP; a configured "file://" or "gopher://" is a mistake.
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<int64_t>(1, absl::ToInt64Milliseconds(r.timeout))));
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t->response_body);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
  curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
  if (r.method == "GET") {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else if (r.method == "HEAD") {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  } else {
    if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (r.method == "POST" || !r.body.empty()) {
      // The body lives in the Transfer until the transfer is cleaned up.
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
  }
  for (const auto& [name, value] : r.headers) {
    t->headers = curl_slist_append(t->headers, absl::StrCat(name, ": ", value).c_str());
  }
  // curl would otherwise wait for "100 Continue" before sending bodies
  // over 1 KiB, a round trip partners do not need.
  t->headers = curl_slist_append(t->headers, "Expect:");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);

  if (CURLMcode mc = curl_multi_add_handle(multi_, e); mc != CURLM_OK) {
    t->done(absl::InternalError(absl::StrCat("libcurl could not queue ", Describe(r), ": ",
                                             curl_multi_strerror(mc))));
    return;
  }
  active_.emplace(e, std::move(t));
}

void HttpClient::FinishDone() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* e = msg->easy_handle;
    const CURLcode code = msg->data.result;
    auto node = active_.extract(e);
    curl_multi_remove_handle(multi_, e);
    if (node.empty()) continue;
    std::unique_ptr<Transfer> t = std::move(node.mapped());
    if (code != CURLE_OK) {
      t->done(TransportError(code, t->request, t->error));
      continue;
    }
    long status_code = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status_code);
    HttpResponse response;
    response.status_code = static_cast<int>(status_code);
    response.body = std::move(t->response_body);
    t->done(std::move(response));
  }
}

}  // namespace oms::integrations
