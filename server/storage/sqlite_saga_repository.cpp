#include "server/storage/sqlite_saga_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/order_codec.h"

namespace oms::storage {
namespace {

using Step = application::SagaRecord::Step;

std::string_view StepName(Step step) {
  switch (step) {
    case Step::kAuthorizing:
      return "AUTHORIZING";
    case Step::kVoiding:
      return "VOIDING";
  }
  return "UNKNOWN";
}

constexpr char kColumns[] = "order_id, step, deadline, next_attempt, attempts, principal, trace_id";

absl::StatusOr<application::SagaRecord> ReadSaga(const Statement& s) {
  application::SagaRecord r;
  r.order_id = s.ColumnText(0);
  const std::string step = s.ColumnText(1);
  if (step == StepName(Step::kAuthorizing)) {
    r.step = Step::kAuthorizing;
  } else if (step == StepName(Step::kVoiding)) {
    r.step = Step::kVoiding;
  } else {
    return absl::InternalError(
        absl::StrCat("saga of order ", r.order_id, " is at unknown step '", step, "'"));
  }
  r.deadline = FromMicros(s.ColumnInt(2));
  r.next_attempt = FromMicros(s.ColumnInt(3));
  r.attempts = static_cast<int>(s.ColumnInt(4));
  r.principal_id = s.ColumnText(5);
  r.trace_id = s.ColumnText(6);
  return r;
}

}  // namespace

absl::Status SqliteSagaRepository::Upsert(const application::SagaRecord& record) {
  absl::StatusOr<Statement> upsert = connection_.Prepare(
      "INSERT INTO sagas (order_id, step, deadline, next_attempt, attempts, principal, trace_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (order_id) DO UPDATE SET "
      "step = excluded.step, deadline = excluded.deadline, "
      "next_attempt = excluded.next_attempt, attempts = excluded.attempts, "
      "principal = excluded.principal, trace_id = excluded.trace_id");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, record.order_id)
      .Bind(2, StepName(record.step))
      .Bind(3, ToMicros(record.deadline))
      .Bind(4, ToMicros(record.next_attempt))
      .Bind(5, record.attempts)
      .Bind(6, record.principal_id)
      .Bind(7, record.trace_id);
  return upsert->Run();
}

absl::Status SqliteSagaRepository::Delete(const std::string& order_id) {
  absl::StatusOr<Statement> remove = connection_.Prepare("DELETE FROM sagas WHERE order_id = ?1");
  if (!remove.ok()) return remove.status();
  remove->Bind(1, order_id);
  return remove->Run();
}

absl::StatusOr<std::optional<application::SagaRecord>> SqliteSagaRepository::Find(
    const std::string& order_id) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kColumns, " FROM sagas WHERE order_id = ?1");
  absl::StatusOr<Statement> select = connection_.Prepare(kSql);
  if (!select.ok()) return select.status();
  select->Bind(1, order_id);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return ReadSaga(*select);
}

absl::StatusOr<std::vector<application::SagaRecord>> SqliteSagaRepository::Due(absl::Time now,
                                                                               int limit) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kColumns,
                   " FROM sagas WHERE next_attempt <= ?1 ORDER BY next_attempt, order_id LIMIT ?2");
  absl::StatusOr<Statement> select = connection_.Prepare(kSql);
  if (!select.ok()) return select.status();
  select->Bind(1, ToMicros(now)).Bind(2, limit);
  std::vector<application::SagaRecord> due;
  for (;;) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return due;
    absl::StatusOr<application::SagaRecord> saga = ReadSaga(*select);
    if (!saga.ok()) return saga.status();
    due.push_back(*std::move(saga));
  }
}

}  // namespace oms::storage
