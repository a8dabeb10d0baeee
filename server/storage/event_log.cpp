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

  application::StoredEvent row;
  row.event_id = NewUlid(event.occurred_at);
  row.origin_region = region_;
  row.aggregate_type = event.aggregate_type;
  row.aggregate_id = event.aggregate_id;
  row.aggregate_version = event.aggregate_version;
  row.event_type = event.event_type;
  row.occurred_at = event.occurred_at;
  row.principal_id = actor_.principal_id;
  row.trace_id = actor_.trace_id;
  row.summary = event.summary;
  row.payload_json = std::move(payload);
  row.method = actor_.method;
  row.request_id = actor_.request_id;
  if (absl::Status status = Insert(row, false); !status.ok()) return status;
  return connection_.LastInsertRowId();
}

absl::StatusOr<bool> EventLog::AppendCopy(const application::StoredEvent& event) {
  if (absl::Status status = Insert(event, true); !status.ok()) return status;
  return connection_.Changes() == 1;
}

absl::Status EventLog::Insert(const application::StoredEvent& e, bool unless_known) {
  absl::StatusOr<Statement> insert = connection_.Prepare(
      unless_known
          ? "INSERT INTO outbox (event_id, origin_region, aggregate_type, aggregate_id, "
            "aggregate_version, event_type, occurred_at, principal, trace_id, summary, payload, "
            "method, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
            "ON CONFLICT (event_id) DO NOTHING"
          : "INSERT INTO outbox (event_id, origin_region, aggregate_type, aggregate_id, "
            "aggregate_version, event_type, occurred_at, principal, trace_id, summary, payload, "
            "method, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, e.event_id)
      .Bind(2, e.origin_region)
      .Bind(3, e.aggregate_type)
      .Bind(4, e.aggregate_id)
      .Bind(5, e.aggregate_version)
      .Bind(6, e.event_type)
      .Bind(7, ToMicros(e.occurred_at))
      .Bind(8, e.principal_id)
      .Bind(9, e.trace_id)
      .Bind(10, e.summary)
      .Bind(11, e.payload_json)
      .Bind(12, e.method)
      .Bind(13, e.request_id);
  return insert->Run();
}

nlohmann::json EventLog::DetailsJson(const domain::DomainEvent& event) {
  nlohmann::json details = nlohmann::json::object();
  for (const auto& [key, value] : event.details) details[key] = value;
  return details;
}

}  // namespace oms::storage
