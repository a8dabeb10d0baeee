#include "server/storage/demo_seed.h"

#include <string>

#include "common/password_hash.h"
#include "gtest/gtest.h"
#include "server/domain/ledger.h"
#include "server/storage/sqlite_pricing.h"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using testing::TempDir;

const std::string kResources = std::string(OMS_SOURCE_DIR) + "/resources";

class DemoSeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStore::Options options;
    options.synchronous_full = false;
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open(dir_.file(), "EU1", options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  int64_t Count(const std::string& table) {
    int64_t n = -1;
    EXPECT_OK(store_->writer().RunSync([&](Connection& c) -> absl::Status {
      absl::StatusOr<Statement> s = c.Prepare("SELECT COUNT(*) FROM " + table);
      if (!s.ok()) return s.status();
      if (absl::StatusOr<bool> row = s->Step(); !row.ok()) return row.status();
      n = s->ColumnInt(0);
      return absl::OkStatus();
    }));
    return n;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

constexpr const char* kTables[] = {
    "products",         "product_prices",  "nodes",         "stock",      "stock_ledger",
    "customers",        "ledger_postings", "outbox",        "api_tokens", "tax_rates",
    "shipping_options", "settings",        "staff_accounts"};

TEST_F(DemoSeedTest, LoadsOnceAndASecondLoadAddsNothing) {
  ASSERT_OK(store_->LoadDemoData(kResources));
  std::map<std::string, int64_t> after_first;
  for (const char* table : kTables) after_first[table] = Count(table);
  EXPECT_EQ(after_first["products"], 40);
  EXPECT_EQ(after_first["nodes"], 13);  // EU1 6, US1 6, AP1 1
  EXPECT_EQ(after_first["customers"], 20);
  EXPECT_EQ(after_first["api_tokens"], 6);
  EXPECT_EQ(after_first["staff_accounts"], 5);
  EXPECT_GT(after_first["stock"], 300);

  ASSERT_OK(store_->LoadDemoData(kResources));
  for (const char* table : kTables) EXPECT_EQ(Count(table), after_first[table]) << table;
}

TEST_F(DemoSeedTest, AMissingFolderIsNotFoundAndChangesNothing) {
  EXPECT_EQ(store_->LoadDemoData(dir_.path() + "/nowhere").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Count("products"), 0);
}

TEST_F(DemoSeedTest, DemoTokensNameTheirStaff) {
  ASSERT_OK(store_->LoadDemoData(kResources));
  struct Want {
    const char* token;
    const char* principal;
    const char* role;
  };
  for (const Want& w : {Want{"demo-agent-token", "staff:alice", "agent"},
                        Want{"demo-supervisor-token", "staff:sam", "supervisor"},
                        Want{"demo-warehouse-token", "staff:wendy", "warehouse"},
                        Want{"demo-store-token", "staff:steve", "store"},
                        Want{"demo-admin-token", "staff:ada", "admin"},
                        Want{"demo-channel-web-token", "service:web-checkout", "channel"}}) {
    ASSERT_OK_AND_ASSIGN(application::Principal p, store_->read_model().PrincipalForToken(w.token));
    EXPECT_EQ(p.principal_id, w.principal);
    EXPECT_EQ(p.role, w.role);
  }
  ASSERT_OK_AND_ASSIGN(application::Principal alice,
                       store_->read_model().PrincipalForToken("demo-agent-token"));
  EXPECT_EQ(alice.display_name, "Alice Agent");
  EXPECT_EQ(store_->read_model().PrincipalForToken("demo-agent-token ").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(DemoSeedTest, DemoAccountsKeepOnlyAnArgon2HashOfTheirPassword) {
  ASSERT_OK(store_->LoadDemoData(kResources));
  std::string hash;
  ASSERT_OK(store_->writer().RunSync([&](Connection& c) -> absl::Status {
    absl::StatusOr<Statement> s =
        c.Prepare("SELECT password_hash FROM staff_accounts WHERE username = 'wendy'");
    if (!s.ok()) return s.status();
    if (absl::StatusOr<bool> row = s->Step(); !row.ok()) return row.status();
    hash = s->ColumnText(0);
    return absl::OkStatus();
  }));
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("wendy-demo-pass"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(hash, "wendy-demo-pass"));
  EXPECT_FALSE(VerifyPassword(hash, "wendy-demo-pass "));
}

TEST_F(DemoSeedTest, DemoTokensCarryTheirOwnScopesOrElseTheirAccounts) {
  ASSERT_OK(store_->LoadDemoData(kResources));
  ASSERT_OK_AND_ASSIGN(application::Principal wendy,
                       store_->read_model().PrincipalForToken("demo-warehouse-token"));
  EXPECT_EQ(wendy.scopes.nodes, std::vector<std::string>{"*"}) << "staff.json gives it every node";
  EXPECT_FALSE(wendy.expires_at.has_value());
  ASSERT_OK_AND_ASSIGN(application::Principal web,
                       store_->read_model().PrincipalForToken("demo-channel-web-token"));
  EXPECT_EQ(web.scopes.channels, std::vector<std::string>{"web"});
}

TEST_F(DemoSeedTest, TheDemoCatalogHasItsSpecialCases) {
  ASSERT_OK(store_->LoadDemoData(kResources));
  ASSERT_OK_AND_ASSIGN(domain::Product console, store_->read_model().GetProduct("CONSOLE-HND-X"));
  EXPECT_TRUE(console.preorder);
  EXPECT_EQ(console.preorder_cap, 50);
  const absl::Duration until_release = absl::FromUnixSeconds(console.release_unix) - absl::Now();
  EXPECT_GT(until_release, absl::Hours(24 * 29));
  EXPECT_LT(until_release, absl::Hours(24 * 31));
  EXPECT_EQ(console.currency, "EUR") << "the region's currency";

  ASSERT_OK_AND_ASSIGN(auto charger, store_->read_model().Availability("CHRG-65W-GAN"));
  EXPECT_FALSE(charger.empty());
  for (const auto& level : charger) EXPECT_EQ(level.available(), 0) << level.node_id;

  ASSERT_OK_AND_ASSIGN(auto sunglasses, store_->read_model().Availability("SUN-POL-TRT"));
  ASSERT_EQ(sunglasses.size(), 2u);
  for (const auto& level : sunglasses) {
    EXPECT_GE(level.on_hand, 2);
    EXPECT_LE(level.on_hand, 5);
  }
  ASSERT_OK_AND_ASSIGN(auto nodes, store_->read_model().ListNodes());
  int stores = 0, tpl = 0, drop = 0;
  for (const auto& n : nodes) {
    if (n.type == domain::NodeType::kStore) {
      ++stores;
      EXPECT_TRUE(n.Can(domain::kCanShip) && n.Can(domain::kCanPickup) &&
                  n.Can(domain::kCanCarryOut))
          << n.node_id;
    }
    tpl += n.type == domain::NodeType::kThirdPartyLogistics;
    drop += n.type == domain::NodeType::kDropShipper;
  }
  EXPECT_GE(stores, 4);
  EXPECT_EQ(tpl, 1);
  EXPECT_EQ(drop, 1);
}

TEST_F(DemoSeedTest, OpeningBalancesComeFromTheIssuanceAccount) {
  ASSERT_OK(store_->LoadDemoData(kResources));
  ASSERT_OK_AND_ASSIGN(application::CustomerProfile lena,
                       store_->read_model().GetCustomer("C-EU1-0001"));
  EXPECT_EQ(lena.wallet_minor, 5000);
  EXPECT_EQ(lena.store_credit_minor, 2500);
  EXPECT_EQ(lena.currency, "EUR");
  ASSERT_OK_AND_ASSIGN(application::CustomerProfile james,
                       store_->read_model().GetCustomer("C-US1-0004"));
  EXPECT_EQ(james.currency, "USD");
  int64_t issued = 0;
  ASSERT_OK(store_->writer().RunSync([&](Connection& c) -> absl::Status {
    absl::StatusOr<Statement> s =
        c.Prepare("SELECT SUM(amount_minor) FROM ledger_postings WHERE account = ?1");
    if (!s.ok()) return s.status();
    s->Bind(1, domain::kIssuanceAccount);
    if (absl::StatusOr<bool> row = s->Step(); !row.ok()) return row.status();
    issued = s->ColumnInt(0);
    return absl::OkStatus();
  }));
  EXPECT_LT(issued, 0);
  EXPECT_EQ(Count("ledger_postings") % 2, 0) << "every entry has two postings";
}

TEST_F(DemoSeedTest, PricingReadsTheDemoConfiguration) {
  ASSERT_OK(store_->LoadDemoData(kResources));
  ASSERT_OK(store_->writer().RunSync([](Connection& c) -> absl::Status {
    SqlitePricing pricing(c);
    EXPECT_EQ(*pricing.ShippingPrice("express", "EUR"), 1295);
    EXPECT_EQ(*pricing.ShippingPrice("standard", "USD"), 599);
    EXPECT_EQ(*pricing.ShippingPrice("pickup", "EUR"), 0);
    EXPECT_EQ(*pricing.ShippingPrice("carry_out", "USD"), 0);
    EXPECT_EQ(*pricing.TaxRateBp("EU1", "standard"), 2000);
    EXPECT_EQ(*pricing.TaxRateBp("EU1", "reduced"), 700);
    EXPECT_EQ(*pricing.TaxRateBp("US1", "standard"), 800);
    EXPECT_EQ(*pricing.ProductPrice("TEE-ORG-WHT-M", "USD"), 2199);
    EXPECT_EQ(*pricing.RegionCurrency("US1"), "USD");
    return absl::OkStatus();
  }));
}

}  // namespace
}  // namespace oms::storage
