#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/observability/otlp_json.h"
#include "server/observability/tracer.h"

namespace oms::observability {
namespace {

using nlohmann::json;

SpanRecord ASpan() {
  SpanRecord span;
  span.context = {"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"};
  span.parent_span_id = "1111111111111111";
  span.name = "saga.authorize";
  span.kind = SpanRecord::Kind::kClient;
  span.start_unix_nanos = 1700000000000000000;
  span.end_unix_nanos = 1700000000250000000;
  span.attributes = {{"http.method", std::string("POST")}, {"oms.units", int64_t{3}}};
  span.links = {{"0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"}};
  span.code = SpanRecord::Code::kError;
  span.status_message = "declined";
  return span;
}

TEST(OtlpJsonTest, SpansFollowTheOtlpJsonMapping) {
  const json body = json::parse(ToOtlpJson({ASpan()}, "omsd-test"));
  const json& resource = body["resourceSpans"][0];
  EXPECT_EQ(resource["resource"]["attributes"][0]["key"], "service.name");
  EXPECT_EQ(resource["resource"]["attributes"][0]["value"]["stringValue"], "omsd-test");
  const json& span = resource["scopeSpans"][0]["spans"][0];
  EXPECT_EQ(span["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736");  // hex, not base64
  EXPECT_EQ(span["spanId"], "00f067aa0ba902b7");
  EXPECT_EQ(span["parentSpanId"], "1111111111111111");
  EXPECT_EQ(span["kind"], 3);
  EXPECT_EQ(span["startTimeUnixNano"], "1700000000000000000");  // 64-bit as a string
  EXPECT_EQ(span["attributes"][1]["value"]["intValue"], "3");
  EXPECT_EQ(span["links"][0]["spanId"], "b7ad6b7169203331");
  EXPECT_EQ(span["status"]["code"], 2);
  EXPECT_EQ(span["status"]["message"], "declined");
}

TEST(TracerTest, BatchesArePostedToTheCollectorsTracesPath) {
  httplib::Server collector;
  std::mutex mu;
  std::vector<json> bodies;
  collector.Post("/v1/traces", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    bodies.push_back(json::parse(req.body));
    res.set_content("{}", "application/json");
  });
  const int port = collector.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { collector.listen_after_bind(); });

  Tracer tracer;
  tracer.Configure({.endpoint = "http://127.0.0.1:" + std::to_string(port)});
  for (int i = 0; i < 3; ++i) Span(tracer, "step", TraceContext{}).End();
  ASSERT_TRUE(tracer.Flush(std::chrono::seconds(5)));
  tracer.Shutdown();
  collector.stop();
  serving.join();

  size_t spans = 0;
  for (const json& body : bodies) {
    spans += body["resourceSpans"][0]["scopeSpans"][0]["spans"].size();
  }
  EXPECT_EQ(spans, 3u);
  EXPECT_EQ(tracer.exported(), 3);
}

TEST(TracerTest, AFullQueueDropsAndCountsInsteadOfBlocking) {
  // A collector that never answers within the test: the queue fills.
  httplib::Server slow;
  slow.Post("/v1/traces", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    res.status = 200;
  });
  const int port = slow.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { slow.listen_after_bind(); });

  Tracer tracer;
  size_t dropped = 0;
  Tracer::Options options;
  options.endpoint = "http://127.0.0.1:" + std::to_string(port);
  options.max_queue = 10;
  options.max_batch = 10;
  options.on_dropped = [&](size_t n) { dropped += n; };
  tracer.Configure(options);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) Span(tracer, "burst", TraceContext{}).End();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(400));
  EXPECT_GE(tracer.dropped(), 1000 - 20);
  EXPECT_EQ(static_cast<int64_t>(dropped), tracer.dropped());
  tracer.Shutdown();
  slow.stop();
  serving.join();
}

TEST(TracerTest, SpansStillGetIdsWhenNothingIsExported) {
  Tracer tracer;  // no collector
  Span parent(tracer, "rpc", TraceContext{});
  Span child(tracer, "step", parent.context());
  EXPECT_TRUE(parent.context().valid());
  EXPECT_EQ(child.context().trace_id, parent.context().trace_id);
  EXPECT_NE(child.context().span_id, parent.context().span_id);
}

}  // namespace
}  // namespace oms::observability
