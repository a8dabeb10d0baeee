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
