#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"

namespace spdlog::sinks {
class sink;
}

namespace oms::observability {

struct LogOptions {
  // "json": one object per line {"ts","level","msg","trace_id","principal"}
  // (the last two when known); "text": "ts level msg [trace_id principal]".
  std::string format = "text";
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
};

// Makes spdlog's default logger write to stderr (or to `sink`, for tests)
// in the chosen format; every line carries the current thread's trace id
// and principal (CurrentTrace(), CurrentPrincipal()). INVALID_ARGUMENT for
// an unknown format or level, naming the choices. Call before other threads
// log (at start-up); afterwards use spdlog::info(...) and friends anywhere.
absl::Status ConfigureLogging(const LogOptions& options,
                              std::shared_ptr<spdlog::sinks::sink> sink = nullptr);

}  // namespace oms::observability
