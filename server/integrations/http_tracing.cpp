#include "server/integrations/http_tracing.h"

#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "server/observability/metrics.h"
#include "server/observability/tracer.h"

namespace oms::integrations {
namespace {

// "http://127.0.0.1:8480/gateway/v1/authorize?x" -> {"127.0.0.1:8480", "/gateway/v1/authorize"}
std::pair<std::string, std::string> HostAndPath(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
  const size_t path_start = url.find('/', host_start);
  std::string host = url.substr(
      host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  if (const size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (const size_t query = path.find('?'); query != std::string::npos) path.resize(query);
  return {std::move(host), std::move(path)};
}

std::string Outcome(const absl::StatusOr<HttpResponse>& answer) {
  if (answer.ok()) return absl::StrCat(answer->status_code / 100, "xx");
  switch (answer.status().code()) {
    case absl::StatusCode::kDeadlineExceeded:
      return "timeout";
    case absl::StatusCode::kUnavailable:
      return "unreachable";
    case absl::StatusCode::kCancelled:
      return "cancelled";
    case absl::StatusCode::kUnknown:
      return "broken";
    default:
      return "error";
  }
}

}  // namespace

HttpClient::Callback TraceHttpCall(HttpRequest& request, HttpClient::Callback done) {
  auto [partner, path] = HostAndPath(request.url);
  auto span = std::make_shared<observability::Span>(observability::StartSpan(
      absl::StrCat(request.method, " ", path), observability::SpanRecord::Kind::kClient));
  span->SetAttribute("http.method", request.method);
  // Host and path only: a URL's user:password@ or query may hold secrets.
  span->SetAttribute("http.target", path);
  span->SetAttribute("net.peer.name", partner);
  request.headers.emplace_back("traceparent", observability::FormatTraceparent(span->context()));
  return [done = std::move(done), span, partner = std::move(partner),
          started = std::chrono::steady_clock::now(), trace = observability::CurrentTrace(),
          principal = observability::CurrentPrincipal()](absl::StatusOr<HttpResponse> answer) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    observability::ProcessMetrics().RecordPartnerCall(partner, Outcome(answer), took.count());
    if (answer.ok()) {
      span->SetAttribute("http.status_code", static_cast<int64_t>(answer->status_code));
      if (answer->status_code >= 500) span->SetError(absl::StrCat("HTTP ", answer->status_code));
    } else {
      span->SetError(std::string(answer.status().message()));
    }
    span->End();
    observability::TraceScope scope(trace, principal);
    done(std::move(answer));
  };
}

}  // namespace oms::integrations
