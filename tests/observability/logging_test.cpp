#include "server/observability/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "server/observability/trace_context.h"

namespace oms::observability {
namespace {

TEST(LoggingTest, JsonLinesCarryTheThreadsTraceAndPrincipal) {
  std::ostringstream out;
  ASSERT_TRUE(
      ConfigureLogging({"json", "info"}, std::make_shared<spdlog::sinks::ostream_sink_mt>(out))
          .ok());
  {
    TraceScope scope(TraceContext{"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"},
                     "staff:alice");
    spdlog::warn("order {} could not be released", "EU1-8RFJ-AHT8");
  }
  spdlog::info("no trace here");
  spdlog::debug("below the level");

  std::istringstream lines(out.str());
  std::string first, second, third;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  EXPECT_FALSE(std::getline(lines, third));
  const auto a = nlohmann::json::parse(first);
  EXPECT_EQ(a["level"], "warning");
  EXPECT_EQ(a["msg"], "order EU1-8RFJ-AHT8 could not be released");
  EXPECT_EQ(a["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(a["principal"], "staff:alice");
  EXPECT_TRUE(a["ts"].is_string());
  const auto b = nlohmann::json::parse(second);
  EXPECT_FALSE(b.contains("trace_id"));
  EXPECT_FALSE(b.contains("principal"));
}

TEST(LoggingTest, UnknownFormatsAndLevelsAreRefusedByName) {
  EXPECT_TRUE(absl::IsInvalidArgument(ConfigureLogging({"xml", "info"})));
  EXPECT_TRUE(absl::IsInvalidArgument(ConfigureLogging({"json", "loud"})));
}

}  // namespace
}  // namespace oms::observability
