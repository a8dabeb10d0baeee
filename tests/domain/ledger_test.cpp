#include <gtest/gtest.h>

#include "server/domain/ledger.h"

namespace oms::domain {
namespace {

TEST(LedgerTest, ATransferBalances) {
  auto entry = Transfer("e1", "EUR", "o1", "memo", WalletAccount("C1"), kOrderClearingAccount, 500);
  EXPECT_TRUE(CheckBalanced(entry).ok());
}

TEST(LedgerTest, AnUnbalancedEntryIsInvalidArgument) {
  LedgerEntry e{"e2", "EUR", "", "", {{"a", 100}, {"b", -90}}};
  EXPECT_EQ(CheckBalanced(e).code(), absl::StatusCode::kInvalidArgument);
}

TEST(LedgerTest, CustomerAccountsAreRecognised) {
  EXPECT_TRUE(IsCustomerAccount(StoreCreditAccount("C1")));
  EXPECT_FALSE(IsCustomerAccount(kOrderClearingAccount));
}

}  // namespace
}  // namespace oms::domain
