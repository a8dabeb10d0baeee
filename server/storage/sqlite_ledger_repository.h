#pragma once

#include <string>

#include "common/clock.h"
#include "server/domain/repositories.h"
#include "server/storage/event_log.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Wallet and store-credit ledgers in SQLite: append-only postings; a
// balance is the sum of an account's postings (see domain::LedgerRepository).
// Post checks, in the caller's transaction and before writing anything:
//   INVALID_ARGUMENT  no entry id, no currency, or postings that do not sum
//                     to zero;
//   ALREADY_EXISTS    an entry with this id was posted before;
//   FAILED_PRECONDITION  a customer account (domain::IsCustomerAccount) would
//                     go below zero, or is kept in another currency.
// It then appends one row per posting and a LedgerEntryPosted event
// (aggregate_type "ledger_entry", aggregate_id the entry id).
// Not thread-safe: writer thread only (one writer is what makes the balance
// check race-free).
class SqliteLedgerRepository : public domain::LedgerRepository {
 public:
  SqliteLedgerRepository(Connection& connection, EventLog& events, const Clock& clock);

  absl::StatusOr<int64_t> Balance(const std::string& account) override;
  absl::Status Post(const domain::LedgerEntry& entry) override;

 private:
  absl::Status CheckCustomerAccount(const std::string& account, int64_t delta,
                                    const std::string& currency);

  Connection& connection_;
  EventLog& events_;
  const Clock& clock_;
};

// The shared query behind Balance(), also used by the read model.
absl::StatusOr<int64_t> AccountBalance(Connection& connection, const std::string& account);

}  // namespace oms::storage
