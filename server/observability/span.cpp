#include "server/observability/span.h"

#include <chrono>

#include "server/observability/tracer.h"

namespace oms::observability {
namespace {

int64_t NowUnixNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Span::Span(Tracer& tracer, std::string name, const TraceContext& parent, SpanRecord::Kind kind)
    // Not recording without a collector: the ids are all that is needed.
    : tracer_(tracer.enabled() ? &tracer : nullptr) {
  record_.context.trace_id = parent.valid() ? parent.trace_id : NewTraceId();
  record_.context.span_id = NewSpanId();
  record_.context.sampled = parent.valid() ? parent.sampled : true;
  if (parent.valid()) record_.parent_span_id = parent.span_id;
  record_.name = std::move(name);
  record_.kind = kind;
  record_.start_unix_nanos = NowUnixNanos();
}

Span::Span(Span&& other) noexcept
    : tracer_(std::exchange(other.tracer_, nullptr)), record_(std::move(other.record_)) {}

Span& Span::operator=(Span&& other) noexcept {
  if (this != &other) {
    End();
    tracer_ = std::exchange(other.tracer_, nullptr);
    record_ = std::move(other.record_);
  }
  return *this;
}

void Span::SetAttribute(std::string key, AttributeValue value) {
  if (tracer_ == nullptr) return;
  record_.attributes.emplace_back(std::move(key), std::move(value));
}

void Span::AddLink(const TraceContext& other) {
  if (tracer_ == nullptr || !other.valid()) return;
  record_.links.push_back(other);
}

void Span::SetError(std::string message) {
  if (tracer_ == nullptr) return;
  record_.code = SpanRecord::Code::kError;
  record_.status_message = std::move(message);
}

void Span::SetOk() {
  if (tracer_ == nullptr) return;
  record_.code = SpanRecord::Code::kOk;
}

void Span::End() {
  Tracer* tracer = std::exchange(tracer_, nullptr);
  if (tracer == nullptr) return;
  record_.end_unix_nanos = NowUnixNanos();
  tracer->Export(std::move(record_));
}

}  // namespace oms::observability
