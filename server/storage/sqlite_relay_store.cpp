#include "server/storage/sqlite_relay_store.h"

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/storage/order_codec.h"
#include "server/storage/page_token.h"
#include "server/storage/read_helpers.h"

namespace oms::storage {
namespace {

using application::DeadLetter;
using application::DeadLetterStatus;
using application::OutboxEvent;

constexpr char kEventColumns[] =
    "seq, event_id, aggregate_type, aggregate_id, aggregate_version, event_type, occurred_at, "
    "summary, payload, coalesce(trace_id, '')";

constexpr char kDeadLetterColumns[] =
    "dead_letter_id, destination, event_seq, event_id, event_type, aggregate_id, status, "
    "attempts, last_error, created_at, updated_at, replayed_at";

struct EventRow {
  OutboxEvent event;
  std::string payload;
};

EventRow ReadEventRow(const Statement& s) {
  EventRow row;
  row.event.seq = s.ColumnInt(0);
  row.event.event_id = s.ColumnText(1);
  row.event.aggregate_type = s.ColumnText(2);
  row.event.aggregate_id = s.ColumnText(3);
  row.event.aggregate_version = s.ColumnInt(4);
  row.event.event_type = s.ColumnText(5);
  row.event.occurred_at = FromMicros(s.ColumnInt(6));
  row.event.summary = s.ColumnText(7);
  row.payload = s.ColumnText(8);
  row.event.trace_id = s.ColumnText(9);
  return row;
}

DeadLetter ReadDeadLetter(const Statement& s) {
  DeadLetter d;
  d.dead_letter_id = s.ColumnText(0);
  d.destination = s.ColumnText(1);
  d.event_seq = s.ColumnInt(2);
  d.event_id = s.ColumnText(3);
  d.event_type = s.ColumnText(4);
  d.aggregate_id = s.ColumnText(5);
  d.status = application::ParseDeadLetterStatus(s.ColumnText(6)).value_or(DeadLetterStatus::kDead);
  d.attempts = static_cast<int>(s.ColumnInt(7));
  d.last_error = s.ColumnText(8);
  d.created_at = FromMicros(s.ColumnInt(9));
  d.updated_at = FromMicros(s.ColumnInt(10));
  const int64_t replayed = s.ColumnInt(11);
  d.replayed_at = replayed == 0 ? absl::InfinitePast() : FromMicros(replayed);
  return d;
}

// Fills details and, for order events, the order after the event's save:
// the snapshot rides on the save's last event (event_log.h).
absl::Status Complete(Connection& connection, EventRow& row) {
  const nlohmann::json payload = nlohmann::json::parse(row.payload, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) {
    return absl::InternalError(
        absl::StrCat("outbox event ", row.event.seq, ": payload is not JSON"));
  }
  if (auto d = payload.find("details"); d != payload.end() && d->is_object()) {
    for (const auto& [key, value] : d->items()) {
      row.event.details[key] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  if (row.event.aggregate_type != "order") return absl::OkStatus();
  nlohmann::json snapshot;
  if (auto s = payload.find("snapshot"); s != payload.end()) {
    snapshot = *s;
  } else {
    absl::StatusOr<Statement> last = connection.Prepare(
        "SELECT payload FROM outbox WHERE aggregate_id = ?1 AND aggregate_version = ?2 "
        "ORDER BY seq DESC LIMIT 1");
    if (!last.ok()) return last.status();
    last->Bind(1, row.event.aggregate_id).Bind(2, row.event.aggregate_version);
    absl::StatusOr<bool> found = last->Step();
    if (!found.ok()) return found.status();
    if (!*found) return absl::OkStatus();
    const nlohmann::json other = nlohmann::json::parse(last->ColumnText(0), nullptr, false);
    if (other.is_object() && other.contains("snapshot")) snapshot = other["snapshot"];
  }
  if (snapshot.is_null()) return absl::OkStatus();
  absl::StatusOr<domain::OrderState> order = OrderStateFromJson(snapshot);
  if (!order.ok()) {
    return absl::InternalError(absl::StrCat("outbox event ", row.event.seq,
                                            ": order snapshot: ", order.status().message()));
  }
  row.event.order = std::move(*order);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<application::OutboxBatch> SqliteRelayStore::ReadAfter(
    int64_t after_seq, const std::vector<std::string>& event_types, int limit) {
  ReadPool::Lease connection = reads_.Acquire();
  ReadSnapshot snapshot(*connection);
  application::OutboxBatch batch;
  {
    absl::StatusOr<Statement> last =
        connection->Prepare("SELECT coalesce(max(seq), 0) FROM outbox");
    if (!last.ok()) return last.status();
    absl::StatusOr<bool> row = last->Step();
    if (!row.ok()) return row.status();
    batch.scanned_to = std::max(after_seq, last->ColumnInt(0));
  }
  std::vector<EventRow> rows;
  {
    absl::StatusOr<Statement> select = connection->Prepare(absl::StrCat(
        "SELECT ", kEventColumns,
        " FROM outbox WHERE seq > ?1 AND event_type IN (SELECT value FROM json_each(?2)) "
        "AND origin_region = ?4 ORDER BY seq LIMIT ?3"));
    if (!select.ok()) return select.status();
    select->Bind(1, after_seq)
        .Bind(2, nlohmann::json(event_types).dump())
        .Bind(3, limit)
        .Bind(4, origin_region_);
    absl::Status status =
        ForEachRow(*select, [&](Statement& s) { rows.push_back(ReadEventRow(s)); });
    if (!status.ok()) return status;
  }
  if (static_cast<int>(rows.size()) == limit && !rows.empty()) {
    batch.scanned_to = rows.back().event.seq;
  }
  for (EventRow& row : rows) {
    if (absl::Status s = Complete(*connection, row); !s.ok()) return s;
    batch.events.push_back(std::move(row.event));
  }
  return batch;
}

absl::StatusOr<OutboxEvent> SqliteRelayStore::ReadEvent(int64_t seq) {
  ReadPool::Lease connection = reads_.Acquire();
  ReadSnapshot snapshot(*connection);
  EventRow row;
  {
    absl::StatusOr<Statement> select =
        connection->Prepare(absl::StrCat("SELECT ", kEventColumns, " FROM outbox WHERE seq = ?1"));
    if (!select.ok()) return select.status();
    select->Bind(1, seq);
    absl::StatusOr<bool> found = select->Step();
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(absl::StrCat("no outbox event ", seq));
    row = ReadEventRow(*select);
  }
  if (absl::Status s = Complete(*connection, row); !s.ok()) return s;
  return std::move(row.event);
}

absl::StatusOr<int64_t> SqliteRelayStore::LastSeq() {
  ReadPool::Lease connection = reads_.Acquire();
  absl::StatusOr<Statement> last = connection->Prepare("SELECT coalesce(max(seq), 0) FROM outbox");
  if (!last.ok()) return last.status();
  absl::StatusOr<bool> row = last->Step();
  if (!row.ok()) return row.status();
  return last->ColumnInt(0);
}

absl::StatusOr<std::optional<int64_t>> SqliteRelayStore::LoadCursor(
    const std::string& destination) {
  ReadPool::Lease connection = reads_.Acquire();
  absl::StatusOr<Statement> select =
      connection->Prepare("SELECT seq FROM relay_cursors WHERE destination = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, destination);
  absl::StatusOr<bool> found = select->Step();
  if (!found.ok()) return found.status();
  if (!*found) return std::optional<int64_t>();
  return std::optional<int64_t>(select->ColumnInt(0));
}

void SqliteRelayStore::SaveCursor(const std::string& destination, int64_t seq, Done done) {
  const int64_t now = ToMicros(clock_.Now());
  writer_.Submit(
      [destination, seq, now](Connection& c) -> absl::Status {
        absl::StatusOr<Statement> upsert = c.Prepare(
            "INSERT INTO relay_cursors (destination, seq, updated_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (destination) DO UPDATE SET seq = max(seq, excluded.seq), "
            "updated_at = excluded.updated_at");
        if (!upsert.ok()) return upsert.status();
        upsert->Bind(1, destination).Bind(2, seq).Bind(3, now);
        return upsert->Run();
      },
      std::move(done));
}

absl::StatusOr<application::Page<DeadLetter>> SqliteRelayStore::ListDeadLetters(
    const std::string& destination, int page_size, const std::string& page_token) {
  const int size = ClampPageSize(page_size, 50, 500);
  int64_t before_created = 0;
  std::string before_id;
  const bool paged = !page_token.empty();
  if (paged) {
    absl::StatusOr<std::vector<std::string>> before =
        DecodePageToken(page_token, "dead_letters", 2);
    if (!before.ok()) return before.status();
    if (!absl::SimpleAtoi((*before)[0], &before_created)) {
      return absl::InvalidArgumentError("page_token: not a token of this list");
    }
    before_id = (*before)[1];
  }
  const std::string sql = absl::StrCat("SELECT ", kDeadLetterColumns,
                                       " FROM dead_letters WHERE (?1 = '' OR destination = ?1)",
                                       paged ? " AND (created_at, dead_letter_id) < (?3, ?4)" : "",
                                       " ORDER BY created_at DESC, dead_letter_id DESC LIMIT ?2");
  ReadPool::Lease connection = reads_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(sql);
  if (!select.ok()) return select.status();
  select->Bind(1, destination).Bind(2, size + 1);
  if (paged) select->Bind(3, before_created).Bind(4, before_id);
  application::Page<DeadLetter> page;
  absl::Status status =
      ForEachRow(*select, [&](Statement& s) { page.items.push_back(ReadDeadLetter(s)); });
  if (!status.ok()) return status;
  if (static_cast<int>(page.items.size()) > size) {
    page.items.pop_back();
    const DeadLetter& last = page.items.back();
    page.next_page_token = EncodePageToken(
        "dead_letters", {absl::StrCat(ToMicros(last.created_at)), last.dead_letter_id});
  }
  return page;
}

absl::StatusOr<DeadLetter> SqliteRelayStore::GetDeadLetter(const std::string& dead_letter_id) {
  ReadPool::Lease connection = reads_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(
      absl::StrCat("SELECT ", kDeadLetterColumns, " FROM dead_letters WHERE dead_letter_id = ?1"));
  if (!select.ok()) return select.status();
  select->Bind(1, dead_letter_id);
  absl::StatusOr<bool> found = select->Step();
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(absl::StrCat("no dead letter ", dead_letter_id));
  return ReadDeadLetter(*select);
}

absl::StatusOr<std::vector<DeadLetter>> SqliteRelayStore::Replaying(
    const std::string& destination) {
  ReadPool::Lease connection = reads_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(
      absl::StrCat("SELECT ", kDeadLetterColumns,
                   " FROM dead_letters WHERE destination = ?1 AND status = 'REPLAYING' "
                   "ORDER BY event_seq"));
  if (!select.ok()) return select.status();
  select->Bind(1, destination);
  std::vector<DeadLetter> letters;
  absl::Status status =
      ForEachRow(*select, [&](Statement& s) { letters.push_back(ReadDeadLetter(s)); });
  if (!status.ok()) return status;
  return letters;
}

void SqliteRelayStore::RecordDeadLetter(const DeadLetter& letter, Done done) {
  writer_.Submit(
      [letter](Connection& c) -> absl::Status {
        absl::StatusOr<Statement> upsert = c.Prepare(
            "INSERT INTO dead_letters (dead_letter_id, destination, event_seq, event_id, "
            "event_type, aggregate_id, status, attempts, last_error, created_at, updated_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'DEAD', ?7, ?8, ?9, ?9) "
            "ON CONFLICT (destination, event_seq) DO UPDATE SET status = 'DEAD', "
            "attempts = attempts + excluded.attempts, last_error = excluded.last_error, "
            "updated_at = excluded.updated_at");
        if (!upsert.ok()) return upsert.status();
        upsert->Bind(1, letter.dead_letter_id)
            .Bind(2, letter.destination)
            .Bind(3, letter.event_seq)
            .Bind(4, letter.event_id)
            .Bind(5, letter.event_type)
            .Bind(6, letter.aggregate_id)
            .Bind(7, letter.attempts)
            .Bind(8, letter.last_error)
            .Bind(9, ToMicros(letter.created_at));
        return upsert->Run();
      },
      std::move(done));
}

void SqliteRelayStore::StartReplay(const std::string& dead_letter_id,
                                   std::function<void(absl::StatusOr<DeadLetter>)> done) {
  auto result = std::make_shared<DeadLetter>();
  const int64_t now = ToMicros(clock_.Now());
  writer_.Submit(
      [dead_letter_id, now, result](Connection& c) -> absl::Status {
        auto read = [&]() -> absl::Status {
          absl::StatusOr<Statement> select = c.Prepare(absl::StrCat(
              "SELECT ", kDeadLetterColumns, " FROM dead_letters WHERE dead_letter_id = ?1"));
          if (!select.ok()) return select.status();
          select->Bind(1, dead_letter_id);
          absl::StatusOr<bool> found = select->Step();
          if (!found.ok()) return found.status();
          if (!*found) return absl::NotFoundError(absl::StrCat("no dead letter ", dead_letter_id));
          *result = ReadDeadLetter(*select);
          return absl::OkStatus();
        };
        if (absl::Status s = read(); !s.ok()) return s;
        if (result->status == DeadLetterStatus::kReplayed) {
          return absl::FailedPreconditionError(
              absl::StrCat("dead letter ", dead_letter_id, " was already delivered on replay"));
        }
        if (result->status == DeadLetterStatus::kReplaying) return absl::OkStatus();
        absl::StatusOr<Statement> update = c.Prepare(
            "UPDATE dead_letters SET status = 'REPLAYING', updated_at = ?2 "
            "WHERE dead_letter_id = ?1");
        if (!update.ok()) return update.status();
        update->Bind(1, dead_letter_id).Bind(2, now);
        if (absl::Status s = update->Run(); !s.ok()) return s;
        return read();
      },
      [result, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        done(*result);
      });
}

void SqliteRelayStore::FinishReplay(const std::string& dead_letter_id, absl::Time at, Done done) {
  writer_.Submit(
      [dead_letter_id, at](Connection& c) -> absl::Status {
        absl::StatusOr<Statement> update = c.Prepare(
            "UPDATE dead_letters SET status = 'REPLAYED', replayed_at = ?2, updated_at = ?2 "
            "WHERE dead_letter_id = ?1 AND status = 'REPLAYING'");
        if (!update.ok()) return update.status();
        update->Bind(1, dead_letter_id).Bind(2, ToMicros(at));
        return update->Run();
      },
      std::move(done));
}

}  // namespace oms::storage
