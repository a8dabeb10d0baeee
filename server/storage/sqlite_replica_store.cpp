#include "server/storage/sqlite_replica_store.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/storage/event_log.h"
#include "server/storage/order_codec.h"
#include "server/storage/sqlite_order_repository.h"

namespace oms::storage {
namespace {

absl::StatusOr<int64_t> Cursor(Connection& c, const std::string& region) {
  absl::StatusOr<Statement> select =
      c.Prepare("SELECT applied_seq FROM replication_cursors WHERE region = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, region);
  absl::StatusOr<bool> found = select->Step();
  if (!found.ok()) return found.status();
  return *found ? select->ColumnInt(0) : 0;
}

// A key a peer took for a new order (its placement's events carry the
// method and the caller's request_id) is recorded as that region's, so a
// retry sent here is sent on there (docs/REGIONS.md, Forwarding). The
// request's hash stays with the home, which compares it.
absl::Status LearnKey(Connection& c, const application::StoredEvent& e) {
  if (e.request_id.empty() || e.method != "oms.v1.OrderService/PlaceOrder") return absl::OkStatus();
  absl::StatusOr<Statement> insert = c.Prepare(
      "INSERT INTO idempotency_keys (principal, key, request_hash, resource_id, region, "
      "created_at) VALUES (?1, ?2, '', ?3, ?4, ?5) ON CONFLICT (principal, key) DO NOTHING");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, e.principal_id)
      .Bind(2, e.request_id)
      .Bind(3, e.aggregate_id)
      .Bind(4, e.origin_region)
      .Bind(5, ToMicros(e.occurred_at));
  return insert->Run();
}

// The order snapshot an order event carries (the last event of each save
// does), if any.
absl::StatusOr<std::optional<domain::OrderState>> SnapshotOf(const application::StoredEvent& e) {
  if (e.aggregate_type != "order") return std::nullopt;
  nlohmann::json payload = nlohmann::json::parse(e.payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", e.event_id, " from ", e.origin_region, ": payload is not JSON"));
  }
  auto snapshot = payload.find("snapshot");
  if (snapshot == payload.end()) return std::nullopt;
  absl::StatusOr<domain::OrderState> state = OrderStateFromJson(*snapshot);
  if (!state.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("event ", e.event_id, " from ",
                                                   e.origin_region, ": snapshot does not decode: ",
                                                   state.status().message()));
  }
  // A snapshot that decodes but is not of this event's order (fields
  // missing from JSON take their defaults) would plant a wrong row.
  if (state->order_id != e.aggregate_id || state->region != e.origin_region) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event ", e.event_id, " from ", e.origin_region, ": its snapshot is of order '",
        state->order_id, "' in region '", state->region, "', not of ", e.aggregate_id));
  }
  // The column is the truth for versions; the snapshot carries the same.
  state->version = e.aggregate_version;
  return std::optional(*std::move(state));
}

}  // namespace

absl::StatusOr<int64_t> SqliteReplicaStore::AppliedThrough(const std::string& region) {
  ReadPool::Lease connection = reads_.Acquire();
  return Cursor(*connection, region);
}

void SqliteReplicaStore::Apply(const std::string& region, int64_t after,
                               std::vector<application::StoredEvent> events, Applied done) {
  if (region == local_region_) {
    done(absl::InvalidArgumentError(
        absl::StrCat("region ", region, " is this region; it does not replicate itself")));
    return;
  }
  auto applied = std::make_shared<int64_t>(0);
  const int64_t now = ToMicros(clock_.Now());
  writer_.Submit(
      [this, region, after, events = std::move(events), applied,
       now](Connection& c) -> absl::Status {
        absl::StatusOr<int64_t> cursor = Cursor(c, region);
        if (!cursor.ok()) return cursor.status();
        if (*cursor < after) {
          return absl::FailedPreconditionError(absl::StrCat(
              "region ", region, "'s events are applied up to ", *cursor, ", not ", after,
              ": an event in between was not applied; follow again from ", *cursor));
        }
        EventLog outbox(c, local_region_);
        SqliteOrderRepository orders(c, outbox);
        int64_t through = *cursor;
        int64_t occurred = 0;
        for (const application::StoredEvent& e : events) {
          if (e.sequence <= through) continue;
          if (e.origin_region != region) {
            return absl::InvalidArgumentError(absl::StrCat(
                "event ", e.event_id, " came from ", region, " but was made in ",
                e.origin_region, "; a region sends only its own events"));
          }
          absl::StatusOr<std::optional<domain::OrderState>> snapshot = SnapshotOf(e);
          if (!snapshot.ok()) return snapshot.status();
          if (absl::StatusOr<bool> copied = outbox.AppendCopy(e); !copied.ok()) {
            return copied.status();
          }
          if (absl::Status s = LearnKey(c, e); !s.ok()) return s;
          if (*snapshot) {
            if (absl::StatusOr<bool> stored = orders.StoreReplica(**snapshot); !stored.ok()) {
              return stored.status();
            }
          }
          through = e.sequence;
          occurred = ToMicros(e.occurred_at);
        }
        *applied = through;
        if (through == *cursor) return absl::OkStatus();
        absl::StatusOr<Statement> upsert = c.Prepare(
            "INSERT INTO replication_cursors (region, applied_seq, applied_at, "
            "origin_occurred_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (region) DO UPDATE SET "
            "applied_seq = excluded.applied_seq, applied_at = excluded.applied_at, "
            "origin_occurred_at = excluded.origin_occurred_at");
        if (!upsert.ok()) return upsert.status();
        upsert->Bind(1, region).Bind(2, through).Bind(3, now).Bind(4, occurred);
        return upsert->Run();
      },
      [applied, done = std::move(done)](absl::Status status) {
        if (!status.ok()) {
          done(status);
        } else {
          done(*applied);
        }
      });
}

}  // namespace oms::storage
