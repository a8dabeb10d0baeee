#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace oms::domain {

// Double-entry ledgers for wallet and store credit (DESIGN.md, Customer).
// Postings are append-only; a balance is the sum of its account's postings.
struct LedgerPosting {
  std::string account;
  int64_t amount_minor = 0;  // positive credits the account, negative debits it
};

// One balanced movement of money: its postings sum to zero.
struct LedgerEntry {
  std::string entry_id;
  std::string currency;
  std::string order_id;
  std::string memo;
  std::vector<LedgerPosting> postings;
};

std::string WalletAccount(const std::string& customer_id);
std::string StoreCreditAccount(const std::string& customer_id);
// Where money taken from customer accounts for orders sits until refunded.
inline constexpr char kOrderClearingAccount[] = "system:order-clearing";
// Where store credit and wallet money is issued from (demo top-ups, goodwill).
inline constexpr char kIssuanceAccount[] = "system:issuance";

// True for accounts that belong to a customer (and may never go below zero).
bool IsCustomerAccount(const std::string& account);

// INVALID_ARGUMENT unless the entry has postings that sum to zero.
absl::Status CheckBalanced(const LedgerEntry& entry);

// A transfer of `amount_minor` from one account to another.
LedgerEntry Transfer(std::string entry_id, std::string currency, std::string order_id,
                     std::string memo, const std::string& from, const std::string& to,
                     int64_t amount_minor);

}  // namespace oms::domain
