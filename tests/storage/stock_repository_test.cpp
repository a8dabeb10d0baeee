#include <atomic>
#include <latch>
#include <memory>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using application::Transaction;
using testing::StoreTest;

class StockRepositoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_OK(
        Exec("INSERT INTO stock (sku, node_id, on_hand, safety_stock) VALUES "
             "('SKU-A', 'WH1', 50, 0), ('SKU-B', 'WH1', 10, 2), ('SKU-A', 'WH2', 5, 0)"));
  }

  absl::StatusOr<domain::StockLevel> Level(const std::string& sku, const std::string& node) {
    absl::StatusOr<domain::StockLevel> level = absl::UnknownError("not run");
    absl::Status status = Run([&](Transaction& t) {
      level = t.stock().Get(sku, node);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    return level;
  }
};

TEST_F(StockRepositoryTest, ConcurrentReservationsNeverOversell) {
  constexpr int kThreads = 4;
  constexpr int kUnitsPerThread = 50;  // 200 units of 1 for 50 in stock
  std::atomic<int> succeeded{0};
  std::atomic<int> out_of_stock{0};
  std::atomic<int> other{0};
  auto done = std::make_shared<std::latch>(kThreads * kUnitsPerThread);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kUnitsPerThread; ++i) {
        const std::string order_id = absl::StrCat("EU1-ORDER-", t, "-", i);
        store_->unit_of_work().Submit(
            [order_id](Transaction& tx) { return tx.stock().Reserve("SKU-A", "WH1", 1, order_id); },
            [&, done](absl::Status s) {
              if (s.ok()) {
                ++succeeded;
              } else if (s.code() == absl::StatusCode::kFailedPrecondition &&
                         s.message().find("out of stock") != std::string::npos) {
                ++out_of_stock;
              } else {
                ++other;
                ADD_FAILURE() << s;
              }
              done->count_down();
            });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  done->wait();

  EXPECT_EQ(succeeded.load(), 50);
  EXPECT_EQ(out_of_stock.load(), 150);
  EXPECT_EQ(other.load(), 0);
  ASSERT_OK_AND_ASSIGN(domain::StockLevel level, Level("SKU-A", "WH1"));
  EXPECT_EQ(level.reserved, 50);
  EXPECT_EQ(level.on_hand, 50);
  EXPECT_EQ(level.available(), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM stock_ledger WHERE kind = 'reserve'"), 50);
  EXPECT_EQ(QueryInt("SELECT SUM(delta_reserved) FROM stock_ledger"), 50);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE event_type = 'StockReserved'"), 50);
}

TEST_F(StockRepositoryTest, OutOfStockNamesTheSkuNodeAndWhatIsAvailable) {
  absl::Status status =
      Run([](Transaction& t) { return t.stock().Reserve("SKU-B", "WH1", 9, "EU1-O1"); });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  // 10 on hand, 2 kept as safety stock.
  EXPECT_EQ(status.message(), "out of stock: SKU-B at WH1 has 8 available, 9 requested");
  EXPECT_OK(Run([](Transaction& t) { return t.stock().Reserve("SKU-B", "WH1", 8, "EU1-O1"); }));
}

TEST_F(StockRepositoryTest, ReservingWhereThereIsNoRowIsOutOfStock) {
  absl::Status status =
      Run([](Transaction& t) { return t.stock().Reserve("SKU-C", "WH1", 1, "EU1-O1"); });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
}

TEST_F(StockRepositoryTest, AReservationWritesALedgerRowAndAnEventWithTheNewLevels) {
  ASSERT_OK(Run([](Transaction& t) {
    t.SetActor({"staff:wendy", "warehouse", "trace-9"});
    return t.stock().Reserve("SKU-A", "WH1", 3, "EU1-O1");
  }));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM stock_ledger WHERE order_id = 'EU1-O1' AND "
                     "delta_reserved = 3 AND principal = 'staff:wendy'"),
            1);
  ASSERT_OK_AND_ASSIGN(auto events, store_->read_model().ListEvents("SKU-A@WH1", 0, ""));
  ASSERT_EQ(events.items.size(), 1u);
  EXPECT_EQ(events.items[0].aggregate_type, "stock");
  EXPECT_EQ(events.items[0].event_type, "StockReserved");
  EXPECT_EQ(events.items[0].aggregate_version, 2);
  const nlohmann::json details = nlohmann::json::parse(events.items[0].payload_json)["details"];
  EXPECT_EQ(details["reserved"], 3);
  EXPECT_EQ(details["available"], 47);
  EXPECT_EQ(details["order_id"], "EU1-O1");
}

TEST_F(StockRepositoryTest, ReleaseGivesUnitsBackAndRefusesMoreThanReserved) {
  ASSERT_OK(Run([](Transaction& t) { return t.stock().Reserve("SKU-A", "WH1", 3, "EU1-O1"); }));
  ASSERT_OK(Run([](Transaction& t) { return t.stock().Release("SKU-A", "WH1", 2, "EU1-O1"); }));
  ASSERT_OK_AND_ASSIGN(domain::StockLevel level, Level("SKU-A", "WH1"));
  EXPECT_EQ(level.reserved, 1);
  EXPECT_EQ(
      Run([](Transaction& t) { return t.stock().Release("SKU-A", "WH1", 2, "EU1-O1"); }).code(),
      absl::StatusCode::kInternal);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE event_type = 'StockReleased'"), 1);
}

TEST_F(StockRepositoryTest, AdjustRefusesToTakeOnHandBelowTheReservedUnits) {
  ASSERT_OK(Run([](Transaction& t) { return t.stock().Reserve("SKU-A", "WH2", 4, "EU1-O1"); }));
  absl::Status damage = Run([](Transaction& t) {
    return t.stock()
        .Adjust("SKU-A", "WH2", domain::StockAdjustment::kDamage, 2, "dropped")
        .status();
  });
  EXPECT_EQ(damage.code(), absl::StatusCode::kFailedPrecondition) << damage;
  absl::Status count = Run([](Transaction& t) {
    return t.stock()
        .Adjust("SKU-A", "WH2", domain::StockAdjustment::kCount, 3, "cycle count")
        .status();
  });
  EXPECT_EQ(count.code(), absl::StatusCode::kFailedPrecondition) << count;
  ASSERT_OK_AND_ASSIGN(domain::StockLevel level, Level("SKU-A", "WH2"));
  EXPECT_EQ(level.on_hand, 5);
}

TEST_F(StockRepositoryTest, AdjustReceivesCountsAndWritesOff) {
  domain::StockLevel after;
  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    absl::StatusOr<domain::StockLevel> received =
        t.stock().Adjust("SKU-C", "ST1", domain::StockAdjustment::kReceive, 7, "PO-1");
    if (!received.ok()) return received.status();
    EXPECT_EQ(received->on_hand, 7);
    EXPECT_EQ(received->region, "EU1");
    absl::StatusOr<domain::StockLevel> counted =
        t.stock().Adjust("SKU-C", "ST1", domain::StockAdjustment::kCount, 6, "count");
    if (!counted.ok()) return counted.status();
    absl::StatusOr<domain::StockLevel> damaged =
        t.stock().Adjust("SKU-C", "ST1", domain::StockAdjustment::kDamage, 1, "crushed");
    if (!damaged.ok()) return damaged.status();
    after = *damaged;
    return absl::OkStatus();
  }));
  EXPECT_EQ(after.on_hand, 5);
  EXPECT_EQ(after.version, 3);
  EXPECT_EQ(QueryInt("SELECT SUM(delta_on_hand) FROM stock_ledger WHERE sku = 'SKU-C'"), 5);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE event_type = 'StockAdjusted'"), 3);
}

TEST_F(StockRepositoryTest, AdjustAtAnUnknownNodeIsNotFound) {
  absl::Status status = Run([](Transaction& t) {
    return t.stock().Adjust("SKU-A", "NOWHERE", domain::StockAdjustment::kReceive, 1, "").status();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
}

TEST_F(StockRepositoryTest, ForSkusListsEveryNodeWithItsRegion) {
  ASSERT_OK(Run([](Transaction& t) -> absl::Status {
    absl::StatusOr<std::vector<domain::StockLevel>> levels = t.stock().ForSkus({"SKU-A"});
    if (!levels.ok()) return levels.status();
    EXPECT_EQ(levels->size(), 2u);
    for (const auto& l : *levels) EXPECT_EQ(l.region, l.node_id == "WH2" ? "US1" : "EU1");
    return absl::OkStatus();
  }));
}

}  // namespace
}  // namespace oms::storage
