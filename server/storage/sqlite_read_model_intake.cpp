// SqliteReadModel: refused channel payloads, newest first.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/storage/order_codec.h"
#include "server/storage/page_token.h"
#include "server/storage/read_helpers.h"
#include "server/storage/sqlite_read_model.h"

namespace oms::storage {

absl::StatusOr<application::Page<application::RejectedIntake>> SqliteReadModel::ListRejectedIntake(
    const std::string& channel, int page_size, const std::string& page_token) {
  const int size = ClampPageSize(page_size, 50, 500);
  int64_t before_received = 0;
  std::string before_id;
  const bool paged = !page_token.empty();
  if (paged) {
    absl::StatusOr<std::vector<std::string>> before =
        DecodePageToken(page_token, "rejected_intake", 2);
    if (!before.ok()) return before.status();
    if (!absl::SimpleAtoi((*before)[0], &before_received)) {
      return absl::InvalidArgumentError("page_token: not a token of this list");
    }
    before_id = (*before)[1];
  }
  const std::string sql = absl::StrCat(
      "SELECT intake_id, channel, format, received_at, reason, signature_ok, body "
      "FROM rejected_intake WHERE (?1 = '' OR channel = ?1)",
      paged ? " AND (received_at, intake_id) < (?3, ?4)" : "",
      " ORDER BY received_at DESC, intake_id DESC LIMIT ?2");

  ReadPool::Lease connection = pool_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(sql);
  if (!select.ok()) return select.status();
  select->Bind(1, channel).Bind(2, size + 1);
  if (paged) select->Bind(3, before_received).Bind(4, before_id);
  application::Page<application::RejectedIntake> page;
  absl::Status status = ForEachRow(*select, [&](Statement& s) {
    application::RejectedIntake r;
    r.intake_id = s.ColumnText(0);
    r.channel = s.ColumnText(1);
    r.format = s.ColumnText(2);
    r.received_at = FromMicros(s.ColumnInt(3));
    r.reason = s.ColumnText(4);
    r.signature_ok = s.ColumnInt(5) != 0;
    r.body = s.ColumnText(6);
    page.items.push_back(std::move(r));
  });
  if (!status.ok()) return status;
  if (static_cast<int>(page.items.size()) > size) {
    page.items.pop_back();
    const auto& last = page.items.back();
    page.next_page_token = EncodePageToken(
        "rejected_intake", {absl::StrCat(ToMicros(last.received_at)), last.intake_id});
  }
  return page;
}

}  // namespace oms::storage
