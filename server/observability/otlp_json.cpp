#include "server/observability/otlp_json.h"

#include <nlohmann/json.hpp>

namespace oms::observability {
namespace {

using nlohmann::json;

json Value(const AttributeValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return {{"stringValue", *s}};
  if (const auto* i = std::get_if<int64_t>(&value)) return {{"intValue", std::to_string(*i)}};
  if (const auto* b = std::get_if<bool>(&value)) return {{"boolValue", *b}};
  return {{"doubleValue", std::get<double>(value)}};
}

json SpanJson(const SpanRecord& span) {
  json out = {{"traceId", span.context.trace_id},
              {"spanId", span.context.span_id},
              {"name", span.name},
              {"kind", static_cast<int>(span.kind)},
              {"startTimeUnixNano", std::to_string(span.start_unix_nanos)},
              {"endTimeUnixNano", std::to_string(span.end_unix_nanos)},
              {"attributes", json::array()},
              {"status", {{"code", static_cast<int>(span.code)}}}};
  if (!span.parent_span_id.empty()) out["parentSpanId"] = span.parent_span_id;
  for (const auto& [key, value] : span.attributes) {
    out["attributes"].push_back({{"key", key}, {"value", Value(value)}});
  }
  if (!span.status_message.empty()) out["status"]["message"] = span.status_message;
  if (!span.links.empty()) {
    out["links"] = json::array();
    for (const auto& link : span.links) {
      out["links"].push_back({{"traceId", link.trace_id}, {"spanId", link.span_id}});
    }
  }
  return out;
}

}  // namespace

std::string ToOtlpJson(const std::vector<SpanRecord>& spans, const std::string& service_name) {
  json spans_json = json::array();
  for (const auto& span : spans) spans_json.push_back(SpanJson(span));
  json resource = {{"attributes", json::array({{{"key", "service.name"},
                                                {"value", {{"stringValue", service_name}}}}})}};
  json scope = {{"scope", {{"name", "omsd"}}}, {"spans", std::move(spans_json)}};
  json request = {{"resourceSpans", json::array({{{"resource", std::move(resource)},
                                                  {"scopeSpans", json::array({scope})}}})}};
  return request.dump();
}

}  // namespace oms::observability
