#include "server/observability/logging.h"

#include <spdlog/formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/observability/trace_context.h"

namespace oms::observability {
namespace {

std::string Timestamp(const spdlog::details::log_msg& msg) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromChrono(msg.time), absl::UTCTimeZone());
}

// Formats on the logging thread, which is the thread that logged (the
// loggers are synchronous), so the thread-local trace is the caller's.
class ContextFormatter final : public spdlog::formatter {
 public:
  explicit ContextFormatter(bool json) : json_(json) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string& trace_id = CurrentTrace().trace_id;
    const std::string& principal = CurrentPrincipal();
    const auto level = spdlog::level::to_string_view(msg.level);
    std::string line;
    if (json_) {
      nlohmann::ordered_json out = {{"ts", Timestamp(msg)},
                            {"level", std::string(level.data(), level.size())},
                            {"msg", std::string(msg.payload.data(), msg.payload.size())}};
      if (!trace_id.empty()) out["trace_id"] = trace_id;
      if (!principal.empty()) out["principal"] = principal;
      // A message that is not UTF-8 must not lose the line.
      line = out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    } else {
      line = absl::StrCat(Timestamp(msg), " ", std::string(level.data(), level.size()), " ",
                          std::string(msg.payload.data(), msg.payload.size()));
      if (!trace_id.empty() || !principal.empty()) {
        absl::StrAppend(&line, " [trace_id=", trace_id, " principal=", principal, "]");
      }
    }
    line.push_back('\n');
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<ContextFormatter>(json_);
  }

 private:
  const bool json_;
};

}  // namespace

absl::Status ConfigureLogging(const LogOptions& options,
                              std::shared_ptr<spdlog::sinks::sink> sink) {
  if (options.format != "json" && options.format != "text") {
    return absl::InvalidArgumentError(absl::StrCat("observability.log_format: '", options.format,
                                                   "' is not one of \"json\", \"text\""));
  }
  const spdlog::level::level_enum level = spdlog::level::from_str(options.level);
  if (level == spdlog::level::off && options.level != "off") {
    return absl::InvalidArgumentError(
        absl::StrCat("observability.log_level: '", options.level,
                     "' is not one of trace, debug, info, warn, error, critical, off"));
  }
  if (sink == nullptr) sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  sink->set_formatter(std::make_unique<ContextFormatter>(options.format == "json"));
  auto logger = std::make_shared<spdlog::logger>("omsd", std::move(sink));
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  return absl::OkStatus();
}

}  // namespace oms::observability
