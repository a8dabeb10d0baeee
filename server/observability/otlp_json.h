#pragma once

#include <string>
#include <vector>

#include "server/observability/span.h"

namespace oms::observability {

// The body of an OTLP/HTTP JSON export request (ExportTraceServiceRequest
// in the protobuf JSON mapping: hex ids, 64-bit integers as strings, enum
// values as numbers) holding `spans` under one resource with
// service.name = `service_name`.
std::string ToOtlpJson(const std::vector<SpanRecord>& spans, const std::string& service_name);

}  // namespace oms::observability
