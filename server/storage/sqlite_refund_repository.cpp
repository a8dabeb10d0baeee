#include "server/storage/sqlite_refund_repository.h"

#include "server/storage/order_codec.h"

namespace oms::storage {

absl::Status SqliteRefundRepository::UpsertJob(const application::RefundJob& job) {
  absl::StatusOr<storage::Statement> upsert = connection_.Prepare(
      "INSERT INTO refund_jobs (job_id, order_id, refund_id, part_no, next_attempt, attempts, "
      "last_error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (job_id) DO UPDATE SET "
      "next_attempt = excluded.next_attempt, attempts = excluded.attempts, "
      "last_error = excluded.last_error");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, job.job_id())
      .Bind(2, job.order_id)
      .Bind(3, job.refund_id)
      .Bind(4, job.part_no)
      .Bind(5, ToMicros(job.next_attempt))
      .Bind(6, job.attempts)
      .Bind(7, job.last_error);
  return upsert->Run();
}

absl::Status SqliteRefundRepository::DeleteJob(const application::RefundJob& job) {
  absl::StatusOr<storage::Statement> remove =
      connection_.Prepare("DELETE FROM refund_jobs WHERE job_id = ?1");
  if (!remove.ok()) return remove.status();
  remove->Bind(1, job.job_id());
  return remove->Run();
}

absl::StatusOr<std::vector<application::RefundJob>> SqliteRefundRepository::DueJobs(
    absl::Time now, int limit) {
  absl::StatusOr<storage::Statement> select = connection_.Prepare(
      "SELECT order_id, refund_id, part_no, next_attempt, attempts, last_error "
      "FROM refund_jobs WHERE next_attempt <= ?1 ORDER BY next_attempt LIMIT ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, ToMicros(now)).Bind(2, limit);
  std::vector<application::RefundJob> jobs;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    application::RefundJob job;
    job.order_id = select->ColumnText(0);
    job.refund_id = select->ColumnText(1);
    job.part_no = static_cast<int>(select->ColumnInt(2));
    job.next_attempt = FromMicros(select->ColumnInt(3));
    job.attempts = static_cast<int>(select->ColumnInt(4));
    job.last_error = select->ColumnText(5);
    jobs.push_back(std::move(job));
  }
  return jobs;
}

absl::Status SqliteRefundRepository::AddPendingApproval(const application::PendingApproval& a) {
  absl::StatusOr<storage::Statement> insert = connection_.Prepare(
      "INSERT INTO refund_approvals (refund_id, order_id, order_number, amount_minor, currency, "
      "requested_by, reason, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, a.refund_id)
      .Bind(2, a.order_id)
      .Bind(3, a.order_number)
      .Bind(4, a.amount_minor)
      .Bind(5, a.currency)
      .Bind(6, a.requested_by)
      .Bind(7, a.reason)
      .Bind(8, ToMicros(a.requested_at));
  return insert->Run();
}

absl::Status SqliteRefundRepository::RemovePendingApproval(const std::string& refund_id) {
  absl::StatusOr<storage::Statement> remove =
      connection_.Prepare("DELETE FROM refund_approvals WHERE refund_id = ?1");
  if (!remove.ok()) return remove.status();
  remove->Bind(1, refund_id);
  return remove->Run();
}

absl::StatusOr<std::vector<application::PendingApproval>>
SqliteRefundRepository::PendingApprovals(int limit) {
  absl::StatusOr<storage::Statement> select = connection_.Prepare(
      "SELECT refund_id, order_id, order_number, amount_minor, currency, requested_by, reason, "
      "requested_at FROM refund_approvals ORDER BY requested_at, refund_id LIMIT ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, limit);
  std::vector<application::PendingApproval> out;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    application::PendingApproval a;
    a.refund_id = select->ColumnText(0);
    a.order_id = select->ColumnText(1);
    a.order_number = select->ColumnText(2);
    a.amount_minor = select->ColumnInt(3);
    a.currency = select->ColumnText(4);
    a.requested_by = select->ColumnText(5);
    a.reason = select->ColumnText(6);
    a.requested_at = FromMicros(select->ColumnInt(7));
    out.push_back(std::move(a));
  }
  return out;
}

absl::StatusOr<std::vector<application::StatementLine>> SqliteRefundRepository::Statement(
    const std::string& account, int limit) {
  absl::StatusOr<storage::Statement> select = connection_.Prepare(
      "SELECT entry_id, amount_minor, currency, order_id, memo, occurred_at "
      "FROM ledger_postings WHERE account = ?1 ORDER BY posting_id DESC LIMIT ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, account).Bind(2, limit);
  std::vector<application::StatementLine> out;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    application::StatementLine l;
    l.entry_id = select->ColumnText(0);
    l.amount_minor = select->ColumnInt(1);
    l.currency = select->ColumnText(2);
    l.order_id = select->ColumnText(3);
    l.memo = select->ColumnText(4);
    l.occurred_at = FromMicros(select->ColumnInt(5));
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace oms::storage
