#include "gtest/gtest.h"
#include "server/domain/ledger.h"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using application::Transaction;
using testing::StoreTest;

class LedgerRepositoryTest : public StoreTest {
 protected:
  int64_t Balance(const std::string& account) {
    int64_t balance = -999;
    EXPECT_OK(Run([&](Transaction& t) -> absl::Status {
      absl::StatusOr<int64_t> b = t.ledger().Balance(account);
      if (!b.ok()) return b.status();
      balance = *b;
      return absl::OkStatus();
    }));
    return balance;
  }
  absl::Status Post(const domain::LedgerEntry& entry) {
    return Run([&](Transaction& t) { return t.ledger().Post(entry); });
  }
};

TEST_F(LedgerRepositoryTest, ABalanceIsTheSumOfTheAccountsPostings) {
  const std::string wallet = domain::WalletAccount("C-1");
  ASSERT_OK(
      Post(domain::Transfer("E1", "EUR", "", "top-up", domain::kIssuanceAccount, wallet, 5000)));
  ASSERT_OK(Post(domain::Transfer("E2", "EUR", "EU1-O1", "order", wallet,
                                  domain::kOrderClearingAccount, 1200)));
  EXPECT_EQ(Balance(wallet), 3800);
  EXPECT_EQ(Balance(domain::kIssuanceAccount), -5000) << "system accounts may go negative";
  EXPECT_EQ(Balance("wallet:nobody"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE event_type = 'LedgerEntryPosted'"), 2);
}

TEST_F(LedgerRepositoryTest, AnUnbalancedEntryIsInvalidAndWritesNothing) {
  domain::LedgerEntry entry =
      domain::Transfer("E1", "EUR", "", "", domain::kIssuanceAccount, "wallet:C-1", 100);
  entry.postings[1].amount_minor = 99;
  EXPECT_EQ(Post(entry).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_postings"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(LedgerRepositoryTest, ACustomerAccountNeverGoesBelowZero) {
  const std::string credit = domain::StoreCreditAccount("C-1");
  ASSERT_OK(Post(domain::Transfer("E1", "EUR", "", "", domain::kIssuanceAccount, credit, 1000)));
  absl::Status status = Post(
      domain::Transfer("E2", "EUR", "EU1-O1", "", credit, domain::kOrderClearingAccount, 1001));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "store_credit:C-1 holds 10.00 EUR, cannot take 10.01 EUR");
  EXPECT_EQ(Balance(credit), 1000);
  EXPECT_OK(Post(
      domain::Transfer("E3", "EUR", "EU1-O1", "", credit, domain::kOrderClearingAccount, 1000)));
  EXPECT_EQ(Balance(credit), 0);
}

TEST_F(LedgerRepositoryTest, AnAccountKeepsItsCurrency) {
  const std::string wallet = domain::WalletAccount("C-1");
  ASSERT_OK(Post(domain::Transfer("E1", "EUR", "", "", domain::kIssuanceAccount, wallet, 1000)));
  EXPECT_EQ(
      Post(domain::Transfer("E2", "USD", "", "", domain::kIssuanceAccount, wallet, 1000)).code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST_F(LedgerRepositoryTest, AnEntryIsPostedOnlyOnce) {
  const domain::LedgerEntry entry =
      domain::Transfer("E1", "EUR", "", "", domain::kIssuanceAccount, "wallet:C-1", 100);
  ASSERT_OK(Post(entry));
  EXPECT_EQ(Post(entry).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Balance("wallet:C-1"), 100);
}

}  // namespace
}  // namespace oms::storage
