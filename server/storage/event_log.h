#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "server/application/actor.h"
#include "server/application/queries.h"
#include "server/domain/domain_event.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Appends rows to the outbox, the region's event log (DESIGN.md, Events), in
// the caller's transaction. Each row gets:
//   seq               the next number of the region's gapless sequence (the
//                     rowid: one writer, and a rolled-back unit gives its
//                     numbers back);
//   event_id          a new ULID;
//   origin_region     the region given at construction;
//   principal_id, trace_id  from the current actor (SetActor);
//   payload           JSON {"type", "summary", "details": {...}} and, when
//                     the caller passes one, "snapshot": the aggregate's full
//                     state after the change (JSON text, spliced in as is). Order saves put the
//                     snapshot (order_codec.h) on the LAST event of each save, so a replica can
//                     rebuild every order from events alone by taking the latest snapshot per
//                     aggregate_id.
// Not thread-safe: it belongs to the writer thread, like its connection.
class EventLog {
 public:
  struct Event {
    std::string_view aggregate_type;  // order, stock, product, ledger_entry
    std::string_view aggregate_id;
    int64_t aggregate_version = 0;  // the aggregate's version after the change
    std::string_view event_type;
    std::string_view summary;
    absl::Time occurred_at;
    nlohmann::json details = nlohmann::json::object();
    std::string_view snapshot_json;  // a JSON value; empty: no snapshot
  };

  EventLog(Connection& connection, std::string origin_region);

  // Stamps every event appended from now on.
  void SetActor(const application::Actor& actor) { actor_ = actor; }
  const application::Actor& actor() const { return actor_; }
  const std::string& region() const { return region_; }

  // Returns the event's sequence number. Storage errors as Statement::Step.
  absl::StatusOr<int64_t> Append(const Event& event);

  // Another region's event, as it was there (docs/REGIONS.md): its event
  // id, origin, principal, trace and payload; only the sequence is ours. An
  // event id already here is left alone (false).
  absl::StatusOr<bool> AppendCopy(const application::StoredEvent& event);

  // A domain event's details as a JSON object (a repeated key keeps the last).
  static nlohmann::json DetailsJson(const domain::DomainEvent& event);

 private:
  // One outbox row; `unless_known` skips an event id already there.
  absl::Status Insert(const application::StoredEvent& event, bool unless_known);

  Connection& connection_;
  const std::string region_;
  application::Actor actor_;
};

}  // namespace oms::storage
