#include "server/api/rpc_observation.h"

#include "absl/strings/str_cat.h"
#include "server/observability/metrics.h"
#include "server/observability/tracer.h"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

observability::TraceContext CallerTrace(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("traceparent");
  if (it == metadata.end()) return {};
  return observability::ParseTraceparent(std::string_view(it->second.data(), it->second.size()))
      .value_or(observability::TraceContext{});
}

}  // namespace

RpcObservation::RpcObservation(const grpc::ServerContextBase& context, std::string method)
    : method_(std::move(method)),
      started_(std::chrono::steady_clock::now()),
      span_(observability::StartSpan(method_.empty() ? "grpc" : method_, CallerTrace(context),
                                     observability::SpanRecord::Kind::kServer)) {
  span_.SetAttribute("rpc.system", std::string("grpc"));
  span_.SetAttribute("rpc.method", method_);
  scope_.emplace(span_.context());
}

RpcObservation::~RpcObservation() {
  Leave();
  Finish(absl::CancelledError("the RPC ended without an answer"));
}

void RpcObservation::Enter(application::Actor& actor) {
  actor.trace_id = span_.context().trace_id;
  span_.SetAttribute("enduser.id", actor.principal_id);
  scope_.reset();
  scope_.emplace(span_.context(), actor.principal_id);
}

void RpcObservation::Leave() { scope_.reset(); }

void RpcObservation::Finish(const absl::Status& status) {
  if (finished_) return;
  finished_ = true;
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started_;
  const std::string code = absl::StatusCodeToString(status.code());
  observability::ProcessMetrics().RecordRpc(method_, code, took.count());
  // The access log, at debug: metrics and spans already count every call.
  spdlog::debug("rpc {} {} in {:.1f} ms", method_, code, took.count() * 1000);
  span_.SetAttribute("rpc.grpc.status_code", static_cast<int64_t>(status.code()));
  if (status.ok()) {
    span_.SetOk();
  } else {
    span_.SetError(absl::StrCat(code, ": ", status.message()));
  }
  span_.End();
}

}  // namespace oms::api
