#include "server/storage/sqlite_ledger_repository.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "server/domain/ledger.h"
#include "server/storage/order_codec.h"

namespace oms::storage {

absl::StatusOr<int64_t> AccountBalance(Connection& connection, const std::string& account) {
  absl::StatusOr<Statement> select = connection.Prepare(
      "SELECT COALESCE(SUM(amount_minor), 0) FROM ledger_postings WHERE account = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, account);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return *row ? select->ColumnInt(0) : 0;
}

SqliteLedgerRepository::SqliteLedgerRepository(Connection& connection, EventLog& events,
                                               const Clock& clock)
    : connection_(connection), events_(events), clock_(clock) {}

absl::StatusOr<int64_t> SqliteLedgerRepository::Balance(const std::string& account) {
  return AccountBalance(connection_, account);
}

absl::Status SqliteLedgerRepository::Post(const domain::LedgerEntry& entry) {
  if (entry.entry_id.empty()) {
    return absl::InvalidArgumentError("ledger entry: an entry id is required");
  }
  if (!IsCurrencyCode(entry.currency)) {
    return absl::InvalidArgumentError(absl::StrCat("ledger entry ", entry.entry_id, ": currency '",
                                                   entry.currency, "' is not an ISO code"));
  }
  if (absl::Status balanced = domain::CheckBalanced(entry); !balanced.ok()) return balanced;

  {
    absl::StatusOr<Statement> exists =
        connection_.Prepare("SELECT 1 FROM ledger_postings WHERE entry_id = ?1 LIMIT 1");
    if (!exists.ok()) return exists.status();
    exists->Bind(1, entry.entry_id);
    absl::StatusOr<bool> row = exists->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      return absl::AlreadyExistsError(
          absl::StrCat("ledger entry ", entry.entry_id, " was already posted"));
    }
  }

  // Net per account, so two postings to one account are checked together.
  std::map<std::string, int64_t> net;
  for (const auto& p : entry.postings) net[p.account] += p.amount_minor;
  for (const auto& [account, delta] : net) {
    if (!domain::IsCustomerAccount(account)) continue;
    if (absl::Status status = CheckCustomerAccount(account, delta, entry.currency); !status.ok()) {
      return status;
    }
  }

  const absl::Time now = clock_.Now();
  nlohmann::json postings = nlohmann::json::array();
  for (const auto& p : entry.postings) {
    absl::StatusOr<Statement> insert = connection_.Prepare(
        "INSERT INTO ledger_postings (entry_id, account, amount_minor, currency, order_id, memo, "
        "occurred_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert.ok()) return insert.status();
    insert->Bind(1, entry.entry_id)
        .Bind(2, p.account)
        .Bind(3, p.amount_minor)
        .Bind(4, entry.currency)
        .Bind(5, entry.order_id)
        .Bind(6, entry.memo)
        .Bind(7, ToMicros(now));
    if (absl::Status status = insert->Run(); !status.ok()) return status;
    postings.push_back({{"account", p.account}, {"amount_minor", p.amount_minor}});
  }

  int64_t moved = 0;
  for (const auto& p : entry.postings) moved += p.amount_minor > 0 ? p.amount_minor : 0;
  nlohmann::json details = {{"currency", entry.currency}, {"postings", std::move(postings)}};
  if (!entry.order_id.empty()) details["order_id"] = entry.order_id;
  if (!entry.memo.empty()) details["memo"] = entry.memo;
  return events_
      .Append({.aggregate_type = "ledger_entry",
               .aggregate_id = entry.entry_id,
               .aggregate_version = 1,
               .event_type = "LedgerEntryPosted",
               .summary = absl::StrCat(FormatMoney({moved, entry.currency}), " moved",
                                       entry.memo.empty() ? "" : ": ", entry.memo),
               .occurred_at = now,
               .details = std::move(details)})
      .status();
}

absl::Status SqliteLedgerRepository::CheckCustomerAccount(const std::string& account, int64_t delta,
                                                          const std::string& currency) {
  absl::StatusOr<Statement> kept_in =
      connection_.Prepare("SELECT currency FROM ledger_postings WHERE account = ?1 LIMIT 1");
  if (!kept_in.ok()) return kept_in.status();
  kept_in->Bind(1, account);
  absl::StatusOr<bool> row = kept_in->Step();
  if (!row.ok()) return row.status();
  if (*row && kept_in->ColumnText(0) != currency) {
    return absl::FailedPreconditionError(
        absl::StrCat(account, " is kept in ", kept_in->ColumnText(0), ", not ", currency));
  }
  if (delta >= 0) return absl::OkStatus();
  absl::StatusOr<int64_t> balance = AccountBalance(connection_, account);
  if (!balance.ok()) return balance.status();
  if (*balance + delta < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(account, " holds ", FormatMoney({*balance, currency}), ", cannot take ",
                     FormatMoney({-delta, currency})));
  }
  return absl::OkStatus();
}

}  // namespace oms::storage
