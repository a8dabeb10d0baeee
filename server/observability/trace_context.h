#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oms::observability {

// A W3C Trace Context position (https://www.w3.org/TR/trace-context/): the
// trace an operation belongs to and the span that is its parent.
struct TraceContext {
  std::string trace_id;  // 32 lower-case hex digits, not all zero; empty: no trace
  std::string span_id;   // 16 lower-case hex digits; empty: the trace's root
  bool sampled = true;

  bool valid() const { return trace_id.size() == 32; }
};

// Parses a `traceparent` header ("00-<trace id>-<parent id>-<flags>").
// nullopt for anything the recommendation says to ignore: a wrong length or
// separator, upper-case or non-hex digits, an all-zero id, version "ff",
// or a version-00 header with extra fields. Later versions are read by
// their version-00 prefix, as the recommendation asks.
std::optional<TraceContext> ParseTraceparent(std::string_view header);

// "00-<trace id>-<span id>-01" (or -00 when not sampled). Requires a valid
// context with a span id.
std::string FormatTraceparent(const TraceContext& context);

// Random ids from a per-thread generator; never all zero.
std::string NewTraceId();
std::string NewSpanId();

// The ambient position of the current thread: what a span started here, a
// unit submitted to the writer, an outgoing partner call and a log line take
// as their trace. Empty unless a TraceScope is open on this thread.
const TraceContext& CurrentTrace();
// The principal acting on this thread ("staff:alice"), for log lines; empty
// when unknown.
const std::string& CurrentPrincipal();

// Sets the current thread's trace (and principal, when not empty) until
// destroyed, then restores what was there. Scopes nest; keep them on the stack.
class TraceScope {
 public:
  explicit TraceScope(TraceContext context, std::string principal = {});
  ~TraceScope();
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

 private:
  TraceContext previous_context_;
  std::string previous_principal_;
};

}  // namespace oms::observability
