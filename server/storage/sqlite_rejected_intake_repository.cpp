#include "server/storage/sqlite_rejected_intake_repository.h"

#include "server/storage/order_codec.h"

namespace oms::storage {

absl::Status SqliteRejectedIntakeRepository::Insert(const application::RejectedIntake& r) {
  absl::StatusOr<Statement> insert = connection_.Prepare(
      "INSERT INTO rejected_intake (intake_id, channel, format, received_at, reason, "
      "signature_ok, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, r.intake_id)
      .Bind(2, r.channel)
      .Bind(3, r.format)
      .Bind(4, ToMicros(r.received_at))
      .Bind(5, r.reason)
      .Bind(6, r.signature_ok ? 1 : 0)
      .Bind(7, r.body);
  return insert->Run();
}

}  // namespace oms::storage
