#include "server/storage/sqlite_fulfilment_repositories.h"

#include "absl/strings/str_cat.h"
#include "server/storage/order_codec.h"

namespace oms::storage {
namespace {

using Kind = application::FulfilmentJob::Kind;

std::string_view KindName(Kind kind) { return application::FulfilmentJob::KindName(kind); }

}  // namespace

absl::Status SqliteFulfilmentJobRepository::Upsert(const application::FulfilmentJob& job) {
  absl::StatusOr<Statement> upsert = connection_.Prepare(
      "INSERT INTO fulfilment_jobs (job_id, kind, order_id, shipment_id, next_attempt, attempts, "
      "last_error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (job_id) DO UPDATE SET "
      "next_attempt = excluded.next_attempt, attempts = excluded.attempts, "
      "last_error = excluded.last_error");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, job.job_id())
      .Bind(2, KindName(job.kind))
      .Bind(3, job.order_id)
      .Bind(4, job.shipment_id)
      .Bind(5, ToMicros(job.next_attempt))
      .Bind(6, job.attempts)
      .Bind(7, job.last_error);
  return upsert->Run();
}

absl::Status SqliteFulfilmentJobRepository::Delete(const application::FulfilmentJob& job) {
  absl::StatusOr<Statement> remove =
      connection_.Prepare("DELETE FROM fulfilment_jobs WHERE job_id = ?1");
  if (!remove.ok()) return remove.status();
  remove->Bind(1, job.job_id());
  return remove->Run();
}

absl::StatusOr<std::vector<application::FulfilmentJob>> SqliteFulfilmentJobRepository::Due(
    absl::Time now, int limit) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT kind, order_id, shipment_id, next_attempt, attempts, last_error "
      "FROM fulfilment_jobs WHERE next_attempt <= ?1 ORDER BY next_attempt LIMIT ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, ToMicros(now)).Bind(2, limit);
  std::vector<application::FulfilmentJob> jobs;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    application::FulfilmentJob job;
    const std::string kind = select->ColumnText(0);
    bool known = false;
    for (Kind k : {Kind::kCapture, Kind::kNodeRequest, Kind::kNodeCancel, Kind::kRelease}) {
      if (kind == KindName(k)) {
        job.kind = k;
        known = true;
      }
    }
    if (!known) {
      return absl::InternalError(absl::StrCat("fulfilment job of unknown kind '", kind, "'"));
    }
    job.order_id = select->ColumnText(1);
    job.shipment_id = select->ColumnText(2);
    job.next_attempt = FromMicros(select->ColumnInt(3));
    job.attempts = static_cast<int>(select->ColumnInt(4));
    job.last_error = select->ColumnText(5);
    jobs.push_back(std::move(job));
  }
  return jobs;
}

absl::StatusOr<bool> SqliteStockSnapshotLog::Applied(const std::string& node_id,
                                                     const std::string& snapshot_id) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT 1 FROM stock_snapshots WHERE node_id = ?1 AND snapshot_id = ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, node_id).Bind(2, snapshot_id);
  return select->Step();
}

absl::StatusOr<std::optional<absl::Time>> SqliteStockSnapshotLog::Newest(
    const std::string& node_id) {
  absl::StatusOr<Statement> select =
      connection_.Prepare("SELECT MAX(taken_at) FROM stock_snapshots WHERE node_id = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, node_id);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row || select->ColumnIsNull(0)) return std::nullopt;
  return FromMicros(select->ColumnInt(0));
}

absl::Status SqliteStockSnapshotLog::Record(const std::string& node_id,
                                            const std::string& snapshot_id, absl::Time taken_at,
                                            absl::Time applied_at) {
  absl::StatusOr<Statement> insert = connection_.Prepare(
      "INSERT INTO stock_snapshots (node_id, snapshot_id, taken_at, applied_at) "
      "VALUES (?1, ?2, ?3, ?4)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, node_id).Bind(2, snapshot_id).Bind(3, ToMicros(taken_at)).Bind(4,
                                                                                  ToMicros(applied_at));
  return insert->Run();
}

}  // namespace oms::storage

namespace oms::storage {

absl::Status SqliteInboundRepository::Insert(const application::InboundDelivery& d,
                                             absl::Time now) {
  absl::StatusOr<Statement> insert = connection_.Prepare(
      "INSERT INTO inbound_deliveries (delivery_id, node_id, reference, expected_at, status, "
      "created_at) VALUES (?1, ?2, ?3, ?4, 'EXPECTED', ?5)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, d.delivery_id)
      .Bind(2, d.node_id)
      .Bind(3, d.reference)
      .Bind(4, ToMicros(d.expected_at))
      .Bind(5, ToMicros(now));
  if (absl::Status s = insert->Run(); !s.ok()) {
    if (absl::IsAlreadyExists(s)) {
      return absl::AlreadyExistsError(
          absl::StrCat("inbound delivery ", d.delivery_id, " already exists"));
    }
    return s;
  }
  for (const auto& line : d.lines) {
    absl::StatusOr<Statement> add = connection_.Prepare(
        "INSERT INTO inbound_lines (delivery_id, sku, quantity) VALUES (?1, ?2, ?3)");
    if (!add.ok()) return add.status();
    add->Bind(1, d.delivery_id).Bind(2, line.sku).Bind(3, line.quantity);
    if (absl::Status s = add->Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status SqliteInboundRepository::ReadLines(application::InboundDelivery& d) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT sku, quantity FROM inbound_lines WHERE delivery_id = ?1 ORDER BY sku");
  if (!select.ok()) return select.status();
  select->Bind(1, d.delivery_id);
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    d.lines.push_back({select->ColumnText(0), select->ColumnInt(1)});
  }
}

namespace {
constexpr char kInboundColumns[] =
    "delivery_id, node_id, reference, expected_at, status, received_at";

application::InboundDelivery ReadDelivery(const Statement& s) {
  application::InboundDelivery d;
  d.delivery_id = s.ColumnText(0);
  d.node_id = s.ColumnText(1);
  d.reference = s.ColumnText(2);
  d.expected_at = FromMicros(s.ColumnInt(3));
  d.received = s.ColumnText(4) == "RECEIVED";
  d.received_at = FromMicros(s.ColumnInt(5));
  return d;
}
}  // namespace

absl::StatusOr<application::InboundDelivery> SqliteInboundRepository::Get(
    const std::string& delivery_id) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kInboundColumns, " FROM inbound_deliveries WHERE delivery_id = ?1");
  absl::StatusOr<Statement> select = connection_.Prepare(kSql);
  if (!select.ok()) return select.status();
  select->Bind(1, delivery_id);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat("inbound delivery ", delivery_id, " not found"));
  application::InboundDelivery d = ReadDelivery(*select);
  if (absl::Status s = ReadLines(d); !s.ok()) return s;
  return d;
}

absl::Status SqliteInboundRepository::MarkReceived(const std::string& delivery_id, absl::Time at) {
  absl::StatusOr<Statement> update = connection_.Prepare(
      "UPDATE inbound_deliveries SET status = 'RECEIVED', received_at = ?2 "
      "WHERE delivery_id = ?1 AND status = 'EXPECTED'");
  if (!update.ok()) return update.status();
  update->Bind(1, delivery_id).Bind(2, ToMicros(at));
  if (absl::Status s = update->Run(); !s.ok()) return s;
  if (connection_.Changes() != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("inbound delivery ", delivery_id, " is not expected any more"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<application::InboundDelivery>> SqliteInboundRepository::Expected(
    const std::string& node_id, int limit) {
  const std::string sql = absl::StrCat(
      "SELECT ", kInboundColumns, " FROM inbound_deliveries WHERE status = 'EXPECTED'",
      node_id.empty() ? "" : " AND node_id = ?2", " ORDER BY expected_at, delivery_id LIMIT ?1");
  absl::StatusOr<Statement> select = connection_.Prepare(sql);
  if (!select.ok()) return select.status();
  select->Bind(1, limit);
  if (!node_id.empty()) select->Bind(2, node_id);
  std::vector<application::InboundDelivery> out;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(ReadDelivery(*select));
  }
  for (auto& d : out) {
    if (absl::Status s = ReadLines(d); !s.ok()) return s;
  }
  return out;
}

}  // namespace oms::storage
