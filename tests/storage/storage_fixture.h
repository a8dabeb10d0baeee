#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/clock.h"
#include "gtest/gtest.h"
#include "tests/support/status_macros.h"
#include "server/application/unit_of_work.h"
#include "server/domain/order.h"
#include "server/storage/store.h"


namespace oms::storage::testing {

inline absl::Time T0() { return absl::FromUnixSeconds(1'790'000'000); }

// A fresh folder with a real database file (WAL needs a file), removed at
// the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "oms_storage_test_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    dir_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string file() const { return (dir_ / "oms.db").string(); }
  std::string path() const { return dir_.string(); }

 private:
  std::filesystem::path dir_;
};

// What an order in a test looks like; everything else is fixed.
struct OrderSpec {
  int n = 1;  // makes id and number unique
  std::string channel = "web";
  std::string region = "EU1";
  std::string customer_name = "Ada Lovelace";
  std::string email = "Ada@Example.com";
  std::string phone = "+44 20 7946 0000";
  std::vector<std::string> skus = {"SKU-A"};
  std::string node = "WH1";
  absl::Time placed_at = T0();
};

inline std::string OrderIdFor(int n) { return absl::StrFormat("EU1-01TEST%016d", n); }
inline std::string OrderNumberFor(int n) {
  return absl::StrFormat("EU1-%04d-%04d", n / 10000, n % 10000);
}

// A PENDING order, one unit per SKU at 10.00, all reserved at spec.node,
// paid by one card.
inline domain::Order MakeOrder(const OrderSpec& spec) {
  domain::OrderDraft d;
  d.order_id = OrderIdFor(spec.n);
  d.order_number = OrderNumberFor(spec.n);
  d.region = spec.region;
  d.channel = spec.channel;
  d.customer = {absl::StrCat("C-", spec.n), spec.customer_name, spec.email, spec.phone};
  d.shipping_address = {spec.customer_name, "1 Main St", "", "Berlin", "10115", "DE", ""};
  d.shipping_option = "standard";
  d.currency = "EUR";
  domain::SourcingPlan plan;
  int line = 0;
  for (const std::string& sku : spec.skus) {
    d.lines.push_back({sku, absl::StrCat("Product ", sku), 1, 1000});
    plan.reservations.push_back({++line, sku, spec.node, 1, "test"});
  }
  d.tenders = {
      {domain::TenderType::kCard, static_cast<int64_t>(1000 * spec.skus.size()), "tok_visa"}};
  d.placed_at = spec.placed_at;
  absl::StatusOr<domain::Order> order = domain::Order::Place(d, plan);
  EXPECT_TRUE(order.ok()) << order.status();
  return *std::move(order);
}

// A store in a temporary folder with a little reference data: products
// SKU-A..SKU-D, nodes WH1 and ST1 in EU1 and WH2 in US1.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStore::Options options;
    options.synchronous_full = false;  // a test does not need power-loss safety
    options.clock = &clock_;
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open(dir_.file(), "EU1", options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    ASSERT_OK(
        Exec("INSERT INTO products (sku, name, price_minor, currency) VALUES "
             "('SKU-A', 'Alpha', 1000, 'EUR'), ('SKU-B', 'Beta', 500, 'EUR'), "
             "('SKU-C', 'Gamma', 700, 'EUR'), ('SKU-D', 'Delta', 900, 'EUR');"
             "INSERT INTO nodes (node_id, name, type, region) VALUES "
             "('WH1', 'Warehouse 1', 'WAREHOUSE', 'EU1'), ('ST1', 'Store 1', 'STORE', 'EU1'), "
             "('WH2', 'Warehouse 2', 'WAREHOUSE', 'US1');"));
  }

  // Runs SQL on the writer, in a unit of its own.
  absl::Status Exec(const std::string& sql) {
    return store_->writer().RunSync([&](Connection& c) { return c.Exec(sql); });
  }

  // The first column of the first row, read on the writer (sees every commit).
  int64_t QueryInt(const std::string& sql) {
    int64_t value = -1;
    absl::Status status = store_->writer().RunSync([&](Connection& c) -> absl::Status {
      absl::StatusOr<Statement> s = c.Prepare(sql);
      if (!s.ok()) return s.status();
      absl::StatusOr<bool> row = s->Step();
      if (!row.ok()) return row.status();
      if (*row) value = s->ColumnInt(0);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return value;
  }

  std::vector<int64_t> QueryInts(const std::string& sql) {
    std::vector<int64_t> values;
    absl::Status status = store_->writer().RunSync([&](Connection& c) -> absl::Status {
      absl::StatusOr<Statement> s = c.Prepare(sql);
      if (!s.ok()) return s.status();
      for (;;) {
        absl::StatusOr<bool> row = s->Step();
        if (!row.ok()) return row.status();
        if (!*row) return absl::OkStatus();
        values.push_back(s->ColumnInt(0));
      }
    });
    EXPECT_TRUE(status.ok()) << status;
    return values;
  }

  absl::Status Run(const application::UnitOfWork::Work& work) {
    return store_->unit_of_work().RunSync(work);
  }

  absl::Status InsertOrder(const OrderSpec& spec) {
    return Run([&](application::Transaction& t) {
      domain::Order order = MakeOrder(spec);
      return t.orders().Insert(order);
    });
  }

  TempDir dir_;
  ManualClock clock_{T0()};
  std::unique_ptr<SqliteStore> store_;
};

// Every field of two states, one expectation each, so a field lost on the
// way names itself.
void ExpectSameState(const domain::OrderState& a, const domain::OrderState& b);

// A state with every field set to something other than its default.
domain::OrderState FullState();

}  // namespace oms::storage::testing
