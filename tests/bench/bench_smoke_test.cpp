// Runs the built oms-bench with --spawn (its own omsd and oms-partners on
// free loopback ports) and tiny parameters, and checks what it reports.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace {

using nlohmann::json;

// The one JSON object oms-bench prints on stdout; fails the test otherwise.
json RunBench(const std::string& args, const std::string& globals = "--spawn --json") {
  const std::string command = std::string(OMS_BENCH_BINARY) + " " + globals + " " + args;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return json();
  }
  std::string out;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << command << "\n" << out;
  json parsed = json::parse(out, nullptr, false);
  EXPECT_TRUE(parsed.is_object()) << "not one JSON object: " << out;
  return parsed.is_object() ? parsed : json::object();
}

TEST(BenchSmokeTest, PingReportsTheTransportCeiling) {
  const json r = RunBench("ping --clients 8 --seconds 0.5 --warmup 0.2");
  for (const char* key : {"calls_per_s", "p50_ms", "p99_ms"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  EXPECT_GT(r.value("calls_per_s", 0.0), 0);
  EXPECT_EQ(r.value("errors", -1), 0);
}

TEST(BenchSmokeTest, PlaceConfirmsOrdersAndComparesThemToPing) {
  const json r = RunBench(
      "place --lines 3 --tenders 1 --clients 8 --seconds 1 --warmup 0.2 --ping-seconds 0.3");
  for (const char* key : {"orders_per_s", "p50_ms", "p95_ms", "p99_ms", "p999_ms", "errors",
                          "ping_calls_per_s", "ratio_to_ping"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  EXPECT_GT(r.value("orders_per_s", 0.0), 0);
  EXPECT_EQ(r.value("errors", -1), 0) << r.dump();
  EXPECT_GT(r.value("ratio_to_ping", 0.0), 0);
}

TEST(BenchSmokeTest, FlashSaleSellsExactlyTheUnitsAndLeavesNoReservation) {
  const json r = RunBench("flash-sale --units 12 --orders 300 --clients 16 --decline-share 0.2 "
                          "--idle-seconds 0.3");
  for (const char* key :
       {"confirmed", "rejected_out_of_stock", "other_errors", "oversold", "reserved_left",
        "stock_conserved", "loser_p99_ms", "orders_per_s", "bystander_get_p99_ms",
        "idle_get_p99_ms"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  EXPECT_EQ(r.value("confirmed", -1), 12) << r.dump();
  EXPECT_EQ(r.value("oversold", -1), 0);
  EXPECT_EQ(r.value("reserved_left", -1), 0);
  EXPECT_TRUE(r.value("stock_conserved", false));
  EXPECT_EQ(r.value("other_errors", -1), 0);
  // Every order was answered: sold, out of stock, or declined.
  EXPECT_EQ(r.value("confirmed", 0) + r.value("rejected_out_of_stock", 0) +
                r.value("declined", 0) + r.value("other_errors", 0),
            300);
  EXPECT_GT(r.value("orders_per_s", 0.0), 0);
}

TEST(BenchSmokeTest, SeededOrdersAreFoundByEveryKindOfSearch) {
  char dir_template[] = "/tmp/oms-bench-smoke-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = std::string(dir_template) + "/data";
  const json seeded = RunBench("seed --orders 3000 --data-dir " + dir, "--json");
  EXPECT_EQ(seeded.value("orders_written", -1), 3000) << seeded.dump();
  const json r = RunBench("search --clients 2 --seconds 0.3 --data-dir " + dir, "--json");
  EXPECT_EQ(r.value("orders_in_db", -1), 3000);
  for (const char* kind : {"number", "email", "phone", "sku", "status_date"}) {
    EXPECT_TRUE(r.contains(std::string(kind) + "_p99_ms")) << kind;
    EXPECT_GT(r.value(std::string(kind) + "_per_s", 0.0), 0) << kind;
    // Every sample was seeded: an empty answer counts as an error.
    EXPECT_EQ(r.value(std::string(kind) + "_errors", -1), 0) << kind << " " << r.dump();
  }
  std::filesystem::remove_all(dir_template);
}

TEST(BenchSmokeTest, MixedRunsEveryOperationOfTheMixWithoutErrors) {
  const json r = RunBench("mixed --clients 8 --seconds 1 --warmup 0.3");
  EXPECT_GT(r.value("ops_per_s", 0.0), 0);
  for (const char* op : {"place", "get", "search", "cancel", "refund"}) {
    const std::string name(op);
    for (const std::string key : {name + "_per_s", name + "_p50_ms", name + "_p99_ms"}) {
      EXPECT_TRUE(r.contains(key)) << key;
    }
    EXPECT_GT(r.value(name + "_per_s", 0.0), 0) << op << " never ran";
    EXPECT_EQ(r.value(name + "_errors", -1), 0) << op;
  }
  EXPECT_EQ(r.value("mix", ""), "place:40 get:30 search:15 cancel:10 refund:5");
}

}  // namespace
