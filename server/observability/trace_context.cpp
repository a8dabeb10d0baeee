#include "server/observability/trace_context.h"

#include <random>

namespace oms::observability {
namespace {

thread_local TraceContext current_context;
thread_local std::string current_principal;

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool AllZero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

std::string RandomHex(int bytes) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.clear();
    for (int i = 0; i < bytes; i += 8) {
      uint64_t word = engine();
      for (int j = 0; j < 8 && i + j < bytes; ++j, word >>= 8) {
        out.push_back(kDigits[(word >> 4) & 0xf]);
        out.push_back(kDigits[word & 0xf]);
      }
    }
  } while (AllZero(out));
  return out;
}

}  // namespace

std::optional<TraceContext> ParseTraceparent(std::string_view header) {
  // version(2) - trace-id(32) - parent-id(16) - flags(2) = 55 characters.
  if (header.size() < 55 || header[2] != '-' || header[35] != '-' || header[52] != '-') {
    return std::nullopt;
  }
  const std::string_view version = header.substr(0, 2);
  const std::string_view trace_id = header.substr(3, 32);
  const std::string_view parent_id = header.substr(36, 16);
  const std::string_view flags = header.substr(53, 2);
  if (!IsLowerHex(version) || version == "ff") return std::nullopt;
  if (version == "00" && header.size() != 55) return std::nullopt;
  if (version != "00" && header.size() > 55 && header[55] != '-') return std::nullopt;
  if (!IsLowerHex(trace_id) || AllZero(trace_id)) return std::nullopt;
  if (!IsLowerHex(parent_id) || AllZero(parent_id)) return std::nullopt;
  if (!IsLowerHex(flags)) return std::nullopt;
  const int flag_bits = std::stoi(std::string(flags), nullptr, 16);
  return TraceContext{std::string(trace_id), std::string(parent_id), (flag_bits & 1) != 0};
}

std::string FormatTraceparent(const TraceContext& context) {
  return "00-" + context.trace_id + "-" + context.span_id + (context.sampled ? "-01" : "-00");
}

std::string NewTraceId() { return RandomHex(16); }
std::string NewSpanId() { return RandomHex(8); }

const TraceContext& CurrentTrace() { return current_context; }
const std::string& CurrentPrincipal() { return current_principal; }

TraceScope::TraceScope(TraceContext context, std::string principal)
    : previous_context_(std::move(current_context)),
      previous_principal_(std::move(current_principal)) {
  current_context = std::move(context);
  // A scope that names no principal keeps the one acting already.
  current_principal = principal.empty() ? previous_principal_ : std::move(principal);
}

TraceScope::~TraceScope() {
  current_context = std::move(previous_context_);
  current_principal = std::move(previous_principal_);
}

}  // namespace oms::observability
