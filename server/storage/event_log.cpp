#include "server/storage/event_log.h"

#include <utility>

#include "common/ids.h"
#include "server/storage/order_codec.h"

namespace oms::storage {

EventLog::EventLog(Connection& connection, std::string origin_region)
    : connection_(connection), region_(std::move(origin_region)) {}

absl::StatusOr<int64_t> EventLog::Append(const Event& event) {
  const nlohmann::json envelope = {
      {"type", event.event_type}, {"summary", event.summary}, {"details", event.details}};
  std::string payload = DumpJson(envelope);
  if (!event.snapshot_json.empty()) {
    // Spliced rather than re-serialized: the snapshot is the order body the
    // repository has just written, often the largest part of a save.
    payload.pop_back();  // the envelope's closing brace
    payload.append(",\"snapshot\":");
    payload.append(event.snapshot_json);
    payload.push_back('}');
  }

  absl::StatusOr<Statement> insert = connection_.Prepare(
      "INSERT INTO outbox (event_id, origin_region, aggregate_type, aggregate_id, "
      "aggregate_version, event_type, occurred_at, principal, trace_id, summary, payload, "
      "method, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, NewUlid(event.occurred_at))
      .Bind(2, region_)
      .Bind(3, event.aggregate_type)
      .Bind(4, event.aggregate_id)
      .Bind(5, event.aggregate_version)
      .Bind(6, event.event_type)
      .Bind(7, ToMicros(event.occurred_at))
      .Bind(8, actor_.principal_id)
      .Bind(9, actor_.trace_id)
      .Bind(10, event.summary)
      .Bind(11, payload)
      .Bind(12, actor_.method)
      .Bind(13, actor_.request_id);
  if (absl::Status status = insert->Run(); !status.ok()) return status;
  return connection_.LastInsertRowId();
}

nlohmann::json EventLog::DetailsJson(const domain::DomainEvent& event) {
  nlohmann::json details = nlohmann::json::object();
  for (const auto& [key, value] : event.details) details[key] = value;
  return details;
}

}  // namespace oms::storage
