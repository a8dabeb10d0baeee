#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "server/observability/trace_context.h"

namespace oms::observability {

class Tracer;

using AttributeValue = std::variant<std::string, int64_t, bool, double>;

// A finished span as the exporter sends it (OTLP's Span, trimmed to what omsd uses).
struct SpanRecord {
  enum class Kind { kInternal = 1, kServer = 2, kClient = 3 };
  enum class Code { kUnset = 0, kOk = 1, kError = 2 };

  TraceContext context;        // this span's trace id and span id
  std::string parent_span_id;  // empty for a trace's root
  std::string name;
  Kind kind = Kind::kInternal;
  int64_t start_unix_nanos = 0;
  int64_t end_unix_nanos = 0;
  std::vector<std::pair<std::string, AttributeValue>> attributes;
  std::vector<TraceContext> links;  // related spans in other traces
  Code code = Code::kUnset;
  std::string status_message;
};

// One timed operation. Starting a span gives it fresh ids under `parent`
// (a new trace when the parent is not valid); End, or the destructor, hands
// it to the tracer. Without a collector (tracer not enabled when the span
// starts) the span records nothing, but its ids are made all the same, so
// traceparent headers still flow to partners.
//
// Move-only; not thread-safe: one thread at a time (a span may be moved to
// the thread that ends it).
class Span {
 public:
  Span() = default;  // inactive: every call is a no-op
  Span(Tracer& tracer, std::string name, const TraceContext& parent,
       SpanRecord::Kind kind = SpanRecord::Kind::kInternal);
  ~Span() { End(); }
  Span(Span&& other) noexcept;
  Span& operator=(Span&& other) noexcept;

  // This span's own position: the parent of whatever it causes.
  const TraceContext& context() const { return record_.context; }
  bool recording() const { return tracer_ != nullptr; }

  void SetAttribute(std::string key, AttributeValue value);
  void AddLink(const TraceContext& other);
  // Marks the span failed with a message (OTLP status ERROR).
  void SetError(std::string message);
  void SetOk();
  // Records the end time and exports. Idempotent.
  void End();

 private:
  Tracer* tracer_ = nullptr;
  SpanRecord record_;
};

}  // namespace oms::observability
