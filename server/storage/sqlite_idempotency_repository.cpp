#include "server/storage/sqlite_idempotency_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/order_codec.h"

namespace oms::storage {

absl::StatusOr<std::optional<application::IdempotencyRecord>> SqliteIdempotencyRepository::Find(
    const std::string& principal_id, const std::string& key) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT request_hash, resource_id, region, created_at FROM idempotency_keys "
      "WHERE principal = ?1 AND key = ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, principal_id).Bind(2, key);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return application::IdempotencyRecord{.principal_id = principal_id,
                                        .key = key,
                                        .request_hash = select->ColumnText(0),
                                        .resource_id = select->ColumnText(1),
                                        .region = select->ColumnText(2),
                                        .created_at = FromMicros(select->ColumnInt(3))};
}

absl::Status SqliteIdempotencyRepository::Insert(const application::IdempotencyRecord& record) {
  absl::StatusOr<Statement> insert = connection_.Prepare(
      "INSERT INTO idempotency_keys (principal, key, request_hash, resource_id, region, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, record.principal_id)
      .Bind(2, record.key)
      .Bind(3, record.request_hash)
      .Bind(4, record.resource_id)
      .Bind(5, record.region)
      .Bind(6, ToMicros(record.created_at));
  absl::Status status = insert->Run();
  if (status.code() == absl::StatusCode::kAlreadyExists) {
    return absl::AlreadyExistsError(absl::StrCat("idempotency key '", record.key,
                                                 "' was already used by ", record.principal_id));
  }
  return status;
}

absl::StatusOr<int64_t> SqliteIdempotencyRepository::PurgeBefore(absl::Time cutoff) {
  absl::StatusOr<Statement> purge =
      connection_.Prepare("DELETE FROM idempotency_keys WHERE created_at < ?1");
  if (!purge.ok()) return purge.status();
  purge->Bind(1, ToMicros(cutoff));
  if (absl::Status status = purge->Run(); !status.ok()) return status;
  return connection_.Changes();
}

}  // namespace oms::storage
