// Observability of the real server (docs/OBSERVABILITY.md): /metrics scraped
// over HTTP and checked by promtool, spans of a placed order received by a
// loopback OTLP collector, JSON log lines, and gRPC health following the
// database's writability.
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "server/observability/logging.h"
#include "server/observability/tracer.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

using nlohmann::json;

constexpr char kSku[] = "TEE-ORG-WHT-M";
constexpr char kTraceId[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kCallerSpan[] = "00f067aa0ba902b7";
constexpr char kTraceparent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr char kPlaceOrder[] = "oms.v1.OrderService/PlaceOrder";

// An OTLP/HTTP JSON collector on loopback that keeps every span it receives.
class LoopbackCollector {
 public:
  struct ReceivedSpan {
    std::string trace_id, span_id, parent_span_id, name;
    int kind = 0;
    json attributes, links;
  };

  LoopbackCollector() {
    server_.Post("/v1/traces", [this](const httplib::Request& req, httplib::Response& res) {
      const json body = json::parse(req.body);
      std::lock_guard lock(mu_);
      for (const auto& resource : body["resourceSpans"]) {
        for (const auto& scope : resource["scopeSpans"]) {
          for (const auto& s : scope["spans"]) {
            spans_.push_back({s["traceId"], s["spanId"], s.value("parentSpanId", ""), s["name"],
                              s["kind"], s["attributes"], s.value("links", json::array())});
          }
        }
      }
      res.set_content("{}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LoopbackCollector() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<ReceivedSpan> InTrace(const std::string& trace_id) {
    std::lock_guard lock(mu_);
    std::vector<ReceivedSpan> out;
    for (const auto& s : spans_) {
      if (s.trace_id == trace_id) out.push_back(s);
    }
    return out;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<ReceivedSpan> spans_;  // guarded by mu_
};

const LoopbackCollector::ReceivedSpan* Find(
    const std::vector<LoopbackCollector::ReceivedSpan>& spans, const std::string& name) {
  for (const auto& s : spans) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// "name{a="x",b="y"} 3" -> samples[name][{a:x, b:y}] = 3
using Labels = std::map<std::string, std::string>;
std::map<std::string, std::map<Labels, double>> ParseExposition(const std::string& text) {
  std::map<std::string, std::map<Labels, double>> samples;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t brace = line.find('{');
    const size_t space = line.rfind(' ');
    std::string name = line.substr(0, std::min(brace, space));
    Labels labels;
    if (brace != std::string::npos) {
      const std::string body = line.substr(brace + 1, line.rfind('}') - brace - 1);
      size_t pos = 0;
      while (pos < body.size()) {
        const size_t eq = body.find('=', pos);
        const size_t close = body.find('"', eq + 2);
        labels[body.substr(pos, eq - pos)] = body.substr(eq + 2, close - eq - 2);
        pos = close + 2;  // past `",`
      }
    }
    samples[name][labels] = std::stod(line.substr(space + 1));
  }
  return samples;
}

std::string Scrape(int port) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  if (!res || res->status != 200) return "";
  return res->body;
}

// grpc.health.v1.Health/Check for the whole server, through the generic
// stub: the request is empty, the answer is field 1 (1 SERVING, 2 NOT_SERVING).
int HealthStatus(int port) {
  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  grpc::ByteBuffer request, response;
  grpc::Slice empty("", 0);
  request = grpc::ByteBuffer(&empty, 1);
  auto call = stub.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", request, &cq);
  call->StartCall();
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  const bool finished = cq.Next(&tag, &ok) && ok;
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  if (!finished || !status.ok()) return -1;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return -1;
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes.size() == 2 && bytes[0] == 0x08 ? bytes[1] : 0;
}

// Asks grpc.reflection.v1alpha.ServerReflection to list the services
// (field 7, list_services = ""); true when it answers with a message.
bool ReflectionAnswers(int port) {
  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(
      &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](int id) {
    return cq.Next(&tag, &ok) && tag == reinterpret_cast<void*>(id) && ok;
  };
  bool answered = false;
  call->StartCall(reinterpret_cast<void*>(1));
  if (step(1)) {
    const char list_services[] = {0x3a, 0x00};
    grpc::Slice slice(list_services, sizeof(list_services));
    call->Write(grpc::ByteBuffer(&slice, 1), reinterpret_cast<void*>(2));
    if (step(2)) {
      grpc::ByteBuffer answer;
      call->Read(&answer, reinterpret_cast<void*>(3));
      answered = step(3) && answer.Length() > 0;
    }
  }
  context.TryCancel();
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return answered;
}

bool Eventually(const std::function<bool()>& condition, std::chrono::seconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

absl::StatusOr<v1::Order> PlaceWithTrace(TestRegion& region, const v1::PlaceOrderRequest& request) {
  auto context = region.Context();
  context->AddMetadata("traceparent", kTraceparent);
  v1::PlaceOrderResponse response;
  grpc::Status s = region.orders().PlaceOrder(context.get(), request, &response);
  if (!s.ok())
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  return response.order();
}

TEST(ObservabilityTest, APlacedOrdersSpansReachTheCollectorInTheCallersTrace) {
  LoopbackCollector collector;
  TestRegionOptions options;
  options.observability.otlp_endpoint = collector.url();
  TestRegion region(options);

  auto order = PlaceWithTrace(region, TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  ASSERT_TRUE(observability::ProcessTracer().Flush(std::chrono::seconds(5)));

  const auto spans = collector.InTrace(kTraceId);
  const LoopbackCollector::ReceivedSpan* rpc = nullptr;
  for (const auto& s : spans) {
    if (s.kind == 2) rpc = &s;  // SERVER
  }
  ASSERT_NE(rpc, nullptr) << "no RPC span; got " << spans.size() << " spans in the trace";
  EXPECT_EQ(rpc->name, kPlaceOrder);
  EXPECT_EQ(rpc->parent_span_id, kCallerSpan);
  const auto* create = Find(spans, "saga.create_order");
  const auto* authorize = Find(spans, "saga.authorize");
  const auto* apply = Find(spans, "saga.apply_answer");
  ASSERT_NE(create, nullptr);
  ASSERT_NE(authorize, nullptr);
  ASSERT_NE(apply, nullptr);
  // Saga steps are siblings under the RPC.
  EXPECT_EQ(create->parent_span_id, rpc->span_id);
  EXPECT_EQ(authorize->parent_span_id, rpc->span_id);
  EXPECT_EQ(apply->parent_span_id, rpc->span_id);
  // The step's unit committed in a batch whose span sits under the step.
  bool commit_under_create = false;
  for (const auto& s : spans) {
    if (s.name == "sqlite.commit" && s.parent_span_id == create->span_id) {
      commit_under_create = true;
    }
  }
  EXPECT_TRUE(commit_under_create);
  // The card gateway call: a CLIENT span under the authorize step.
  const LoopbackCollector::ReceivedSpan* partner = nullptr;
  for (const auto& s : spans) {
    if (s.kind == 3 && s.parent_span_id == authorize->span_id) partner = &s;
  }
  ASSERT_NE(partner, nullptr);
  EXPECT_NE(partner->name.find("POST"), std::string::npos) << partner->name;
  // The gateway was told which span called it.
  EXPECT_EQ(region.gateway().counters().last_traceparent,
            "00-" + std::string(kTraceId) + "-" + partner->span_id + "-01");
}

TEST(ObservabilityTest, TheCallersTraceIdIsStoredOnTheOrdersEvents) {
  TestRegion region;
  auto order = PlaceWithTrace(region, TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok()) << order.status();

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(region.database_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT DISTINCT trace_id FROM outbox WHERE aggregate_id = ?1",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(stmt, 1, order->order_id().c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::string> traces;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    traces.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_EQ(traces, std::vector<std::string>{kTraceId});
}

TEST(ObservabilityTest, MetricsPassPromtoolAndCountRpcsCommitsAndPlacements) {
  TestRegionOptions options;
  options.observability.metrics_listen = "127.0.0.1:0";
  options.observability.health_probe = absl::Milliseconds(100);
  // A channel whose stock feed receiver is down: stock events pile up.
  options.channels["web"] = ChannelSettings{
      .id = "web", .type = "web_checkout", .stock_feed_url = "http://127.0.0.1:1/stock"};
  options.relay.poll = absl::Milliseconds(50);
  options.relay.backoff_initial = absl::Milliseconds(50);
  options.relay.backoff_max = absl::Milliseconds(100);
  TestRegion region(options);
  const int port = region.server().metrics_port();
  ASSERT_NE(port, 0);
  // The registry is the process's: counts are compared with this start, so
  // the test holds when other tests ran in the same process before it.
  auto before = ParseExposition(Scrape(port));

  ASSERT_TRUE(region.Place(TestRegion::CardOrder(kSku, 1)).ok());
  ASSERT_TRUE(region.Place(TestRegion::CardOrder(kSku, 1, "tok_decline")).ok());
  EXPECT_FALSE(region.Get("EU1-01HZZZZZZZZZZZZZZZZZZZZZ").ok());
  ASSERT_TRUE(Eventually(
      [&] {
        auto s = ParseExposition(Scrape(port));
        return s["oms_health_serving"][Labels{}] == 1 &&
               s["oms_outbox_delivery_failures_total"][Labels{{"destination", "stock-feed:web"}}] >=
                   1;
      },
      std::chrono::seconds(10)))
      << Scrape(port);
  const std::string text = Scrape(port);

  if (std::filesystem::exists("/usr/bin/promtool")) {
    const auto file = std::filesystem::temp_directory_path() /
                      ("omsd-metrics-" + std::to_string(::getpid()) + ".txt");
    std::ofstream(file) << text;
    const std::string command =
        "/usr/bin/promtool check metrics < " + file.string() + " > /dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << text;
    std::filesystem::remove(file);
  }

  auto samples = ParseExposition(text);
  const auto& rpcs = samples["oms_rpc_requests_total"];
  auto rpc_count = [&](const std::string& method, const std::string& code) {
    auto it = rpcs.find(Labels{{"code", code}, {"method", method}});
    return (it == rpcs.end() ? 0.0 : it->second) -
           before["oms_rpc_requests_total"][Labels{{"code", code}, {"method", method}}];
  };
  auto grown = [&](const std::string& metric, const Labels& labels) {
    return samples[metric][labels] - before[metric][labels];
  };
  EXPECT_EQ(rpc_count(kPlaceOrder, "OK"), 2);
  EXPECT_GE(rpc_count("oms.v1.OrderService/GetOrder", "NOT_FOUND"), 1);
  EXPECT_EQ((grown("oms_rpc_duration_seconds_count", Labels{{"code", "OK"}, {"method", kPlaceOrder}})),
            2);
  EXPECT_GE((samples["oms_commit_batches_total"][Labels{{"result", "committed"}}]), 1);
  EXPECT_GE(samples["oms_commit_batch_units_count"][Labels{}], 1);
  EXPECT_GT(samples["oms_commit_duration_seconds_sum"][Labels{}], 0);
  EXPECT_EQ((grown("oms_placements_total", Labels{{"outcome", "confirmed"}})), 1);
  EXPECT_EQ((grown("oms_placements_total", Labels{{"outcome", "rejected"}})), 1);
  EXPECT_EQ((grown("oms_stock_reservations_total", Labels{{"result", "reserved"}})), 2);
  EXPECT_EQ(
      (grown("oms_saga_step_duration_seconds_count", Labels{{"result", "ok"}, {"step", "authorize"}})),
      2);
  EXPECT_GE(samples["oms_partner_requests_total"].size(), 1u);
  EXPECT_EQ(samples["oms_health_serving"][Labels{}], 1);
  const Labels web{{"destination", "stock-feed:web"}};
  EXPECT_GE(samples["oms_outbox_backlog_events"][web], 1);
  EXPECT_GT(samples["oms_outbox_oldest_undelivered_age_seconds"][web], 0);
}

TEST(ObservabilityTest, JsonLogLinesOfAnRpcCarryItsTraceAndPrincipal) {
  std::ostringstream out;
  ASSERT_TRUE(observability::ConfigureLogging({"json", "debug"},
                                              std::make_shared<spdlog::sinks::ostream_sink_mt>(out))
                  .ok());
  {
    TestRegion region;
    auto context = region.Context();
    context->AddMetadata("traceparent", kTraceparent);
    v1::GetOrderRequest request;
    request.set_order_id("EU1-01HZZZZZZZZZZZZZZZZZZZZZ");
    v1::Order response;
    EXPECT_FALSE(region.orders().GetOrder(context.get(), request, &response).ok());
  }
  spdlog::default_logger()->flush();
  bool found = false;
  std::istringstream lines(out.str());
  std::string line;
  while (std::getline(lines, line)) {
    const json entry = json::parse(line);  // every line is one JSON object
    EXPECT_TRUE(entry.contains("ts") && entry.contains("level") && entry.contains("msg")) << line;
    if (entry.value("trace_id", "") == kTraceId) {
      found = true;
      EXPECT_EQ(entry.value("principal", ""), "staff:alice") << line;
      EXPECT_NE(entry["msg"].get<std::string>().find("GetOrder"), std::string::npos) << line;
    }
  }
  EXPECT_TRUE(found) << out.str();
  ASSERT_TRUE(observability::ConfigureLogging({"text", "info"}).ok());
}

TEST(ObservabilityTest, HealthIsNotServingWhileTheDatabaseIsLockedAndServingAfter) {
  TestRegionOptions options;
  options.observability.health_probe = absl::Milliseconds(100);
  TestRegion region(options);
  const int port = region.server().port();
  ASSERT_TRUE(Eventually([&] { return HealthStatus(port) == 1; }, std::chrono::seconds(10)));

  // Another process's exclusive transaction: the writer's BEGIN IMMEDIATE
  // waits out its busy timeout (5 s) and fails.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(region.database_path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_TRUE(Eventually([&] { return HealthStatus(port) == 2; }, std::chrono::seconds(20)));
  ASSERT_EQ(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_TRUE(Eventually([&] { return HealthStatus(port) == 1; }, std::chrono::seconds(20)));
}

TEST(ObservabilityTest, ReflectionAnswersOnlyWhenConfigured) {
  TestRegion plain;
  EXPECT_FALSE(ReflectionAnswers(plain.server().port()));
  TestRegionOptions options;
  options.reflection = true;
  TestRegion development(options);
  EXPECT_TRUE(ReflectionAnswers(development.server().port()));
}

absl::StatusOr<ServerConfig> LoadText(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("omsd-observability-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text;
  auto config = LoadConfig(path.string());
  std::filesystem::remove(path);
  return config;
}

TEST(ObservabilityConfigTest, TheObservabilityAndServerSectionsAreRead) {
  auto config = LoadText(R"(
[server]
reflection = true
[observability]
metrics_listen = "127.0.0.1:9464"
otlp_endpoint = "http://127.0.0.1:4318"
service_name = "omsd-eu1"
log_format = "json"
log_level = "debug"
health_probe_ms = 500
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->reflection);
  EXPECT_EQ(config->observability.metrics_listen, "127.0.0.1:9464");
  EXPECT_EQ(config->observability.otlp_endpoint, "http://127.0.0.1:4318");
  EXPECT_EQ(config->observability.service_name, "omsd-eu1");
  EXPECT_EQ(config->observability.log_format, "json");
  EXPECT_EQ(config->observability.log_level, "debug");
  EXPECT_EQ(config->observability.health_probe, absl::Milliseconds(500));
}

TEST(ObservabilityConfigTest, WithoutAFileReflectionMetricsAndExportAreOff) {
  const ServerConfig defaults;
  EXPECT_FALSE(defaults.reflection);
  EXPECT_TRUE(defaults.observability.metrics_listen.empty());
  EXPECT_TRUE(defaults.observability.otlp_endpoint.empty());
}

TEST(ObservabilityConfigTest, ABadLogFormatOrCollectorUrlIsRefusedByName) {
  auto format = LoadText("[observability]\nlog_format = \"xml\"\n");
  ASSERT_TRUE(absl::IsInvalidArgument(format.status()));
  EXPECT_NE(format.status().message().find("observability.log_format"), std::string::npos);
  auto endpoint = LoadText("[observability]\notlp_endpoint = \"127.0.0.1:4318\"\n");
  ASSERT_TRUE(absl::IsInvalidArgument(endpoint.status()));
  EXPECT_NE(endpoint.status().message().find("observability.otlp_endpoint"), std::string::npos);
}

}  // namespace
}  // namespace oms::testing
