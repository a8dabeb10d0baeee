#include "server/domain/ledger.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace oms::domain {

std::string WalletAccount(const std::string& customer_id) {
  return absl::StrCat("wallet:", customer_id);
}

std::string StoreCreditAccount(const std::string& customer_id) {
  return absl::StrCat("store_credit:", customer_id);
}

bool IsCustomerAccount(const std::string& account) {
  return absl::StartsWith(account, "wallet:") || absl::StartsWith(account, "store_credit:");
}

absl::Status CheckBalanced(const LedgerEntry& entry) {
  if (entry.postings.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("ledger entry ", entry.entry_id, " needs at least two postings"));
  }
  int64_t sum = 0;
  for (const auto& p : entry.postings) sum += p.amount_minor;
  if (sum != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("ledger entry ", entry.entry_id, " does not balance: postings sum to ", sum));
  }
  return absl::OkStatus();
}

LedgerEntry Transfer(std::string entry_id, std::string currency, std::string order_id,
                     std::string memo, const std::string& from, const std::string& to,
                     int64_t amount_minor) {
  LedgerEntry e;
  e.entry_id = std::move(entry_id);
  e.currency = std::move(currency);
  e.order_id = std::move(order_id);
  e.memo = std::move(memo);
  e.postings = {{from, -amount_minor}, {to, amount_minor}};
  return e;
}

}  // namespace oms::domain
