#include <latch>
#include <memory>
#include <numeric>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/storage/order_codec.h"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using application::Transaction;
using testing::ExpectSameState;
using testing::MakeOrder;
using testing::OrderIdFor;
using testing::OrderNumberFor;
using testing::OrderSpec;
using testing::StoreTest;
using testing::T0;

class OrderRepositoryTest : public StoreTest {
 protected:
  // seq column of the outbox, in order.
  std::vector<int64_t> Sequence() { return QueryInts("SELECT seq FROM outbox ORDER BY seq"); }

  static void ExpectGapless(const std::vector<int64_t>& seq) {
    std::vector<int64_t> expected(seq.size());
    std::iota(expected.begin(), expected.end(), 1);
    EXPECT_EQ(seq, expected);
  }

  nlohmann::json LastPayload() {
    std::string payload;
    EXPECT_OK(store_->writer().RunSync([&](Connection& c) -> absl::Status {
      absl::StatusOr<Statement> s = c.Prepare("SELECT payload FROM outbox ORDER BY seq DESC");
      if (!s.ok()) return s.status();
      if (absl::StatusOr<bool> row = s->Step(); !row.ok() || !*row) {
        return absl::NotFoundError("no outbox row");
      }
      payload = s->ColumnText(0);
      return absl::OkStatus();
    }));
    return nlohmann::json::parse(payload);
  }
};

TEST_F(OrderRepositoryTest, AnInsertedOrderLoadsWithEveryFieldAtVersionOne) {
  domain::Order placed = MakeOrder({.n = 1, .skus = {"SKU-A", "SKU-B"}});
  const domain::OrderState expected = placed.state();
  ASSERT_OK(Run([&](Transaction& t) { return t.orders().Insert(placed); }));
  EXPECT_EQ(placed.state().version, 1) << "the saved order carries its new version";

  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    absl::StatusOr<domain::Order> by_id = t.orders().Load(OrderIdFor(1));
    if (!by_id.ok()) return by_id.status();
    domain::OrderState want = expected;
    want.version = 1;
    ExpectSameState(want, by_id->state());
    absl::StatusOr<domain::Order> by_number = t.orders().LoadByNumber(OrderNumberFor(1));
    if (!by_number.ok()) return by_number.status();
    EXPECT_EQ(by_number->id(), OrderIdFor(1));
    return absl::OkStatus();
  }));
}

TEST_F(OrderRepositoryTest, AFullStateSurvivesInsertAndLoad) {
  // Restore gives an order with every field set; Insert must keep them all.
  domain::OrderState full = testing::FullState();
  full.version = 0;
  domain::Order order = domain::Order::Restore(full);
  ASSERT_OK(Run([&](Transaction& t) { return t.orders().Insert(order); }));
  ASSERT_OK_AND_ASSIGN(domain::OrderState loaded, store_->read_model().GetOrder(full.order_id));
  full.version = 1;
  ExpectSameState(full, loaded);
}

TEST_F(OrderRepositoryTest, LoadingAnUnknownOrderIsNotFound) {
  EXPECT_EQ(Run([](Transaction& t) { return t.orders().Load("EU1-NOPE").status(); }).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(OrderRepositoryTest, InsertWritesItsEventsWithTheActorAndASnapshotOnTheLast) {
  ASSERT_OK(Run([&](Transaction& t) {
    t.SetActor({"staff:alice", "agent", "trace-1"});
    domain::Order order = MakeOrder({.n = 1});
    return t.orders().Insert(order);
  }));
  ASSERT_OK_AND_ASSIGN(auto events, store_->read_model().ListEvents(OrderIdFor(1), 0, ""));
  ASSERT_EQ(events.items.size(), 1u);
  const application::StoredEvent& e = events.items[0];
  EXPECT_EQ(e.sequence, 1);
  EXPECT_EQ(e.event_type, "OrderPlaced");
  EXPECT_EQ(e.aggregate_type, "order");
  EXPECT_EQ(e.aggregate_version, 1);
  EXPECT_EQ(e.origin_region, "EU1");
  EXPECT_EQ(e.principal_id, "staff:alice");
  EXPECT_EQ(e.trace_id, "trace-1");
  EXPECT_EQ(e.event_id.size(), 26u) << "a ULID";
  EXPECT_EQ(e.occurred_at, T0());
  const nlohmann::json payload = nlohmann::json::parse(e.payload_json);
  EXPECT_EQ(payload.at("type"), "OrderPlaced");
  EXPECT_EQ(payload.at("details").at("channel"), "web");
  ASSERT_TRUE(payload.contains("snapshot"));
  absl::StatusOr<domain::OrderState> snapshot = OrderStateFromJson(payload.at("snapshot"));
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_EQ(snapshot->version, 1);
  EXPECT_EQ(snapshot->order_number, OrderNumberFor(1));
}

TEST_F(OrderRepositoryTest, TheActorIsResetForEachUnit) {
  ASSERT_OK(Run([&](Transaction& t) {
    t.SetActor({"staff:alice", "agent", "trace-1"});
    return absl::OkStatus();
  }));
  ASSERT_OK(InsertOrder({.n = 1}));
  ASSERT_OK_AND_ASSIGN(auto events, store_->read_model().ListEvents(OrderIdFor(1), 0, ""));
  ASSERT_EQ(events.items.size(), 1u);
  EXPECT_EQ(events.items[0].principal_id, "system");
}

TEST_F(OrderRepositoryTest, UpdateStoresTheChangeWithItsEventAndBumpsTheVersion) {
  ASSERT_OK(InsertOrder({.n = 1}));
  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    absl::StatusOr<domain::Order> order = t.orders().Load(OrderIdFor(1));
    if (!order.ok()) return order.status();
    if (auto s = order->PlaceHold(domain::HoldReason::kFraudReview, "check", T0()); !s.ok()) {
      return s;
    }
    if (auto s = t.orders().Update(*order); !s.ok()) return s;
    EXPECT_EQ(order->state().version, 2);
    // A second change in the same unit saves on top of the first.
    if (auto s = order->ReleaseHold(domain::HoldReason::kFraudReview, T0()); !s.ok()) return s;
    if (auto s = t.orders().Update(*order); !s.ok()) return s;
    EXPECT_EQ(order->state().version, 3);
    return absl::OkStatus();
  }));
  ASSERT_OK_AND_ASSIGN(auto events, store_->read_model().ListEvents(OrderIdFor(1), 0, ""));
  ASSERT_EQ(events.items.size(), 3u);
  EXPECT_EQ(events.items[1].event_type, "HoldPlaced");
  EXPECT_EQ(events.items[1].aggregate_version, 2);
  EXPECT_EQ(events.items[2].aggregate_version, 3);
  EXPECT_EQ(QueryInt("SELECT version FROM orders"), 3);
  EXPECT_EQ(LastPayload().at("snapshot").at("version"), 3);
  ExpectGapless(Sequence());
}

TEST_F(OrderRepositoryTest, TheSequenceHasNoGapsAcrossManySaves) {
  for (int n = 1; n <= 5; ++n) ASSERT_OK(InsertOrder({.n = n}));
  for (int n = 1; n <= 5; ++n) {
    ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
      absl::StatusOr<domain::Order> order = t.orders().Load(OrderIdFor(n));
      if (!order.ok()) return order.status();
      if (auto s = order->PlaceHold(domain::HoldReason::kCustomerRequest, "", T0()); !s.ok()) {
        return s;
      }
      return t.orders().Update(*order);
    }));
  }
  const std::vector<int64_t> seq = Sequence();
  EXPECT_EQ(seq.size(), 10u);
  ExpectGapless(seq);
}

TEST_F(OrderRepositoryTest, AStaleUpdateIsAbortedAndWritesNothing) {
  ASSERT_OK(InsertOrder({.n = 1}));
  std::unique_ptr<domain::Order> stale;
  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    absl::StatusOr<domain::Order> order = t.orders().Load(OrderIdFor(1));
    if (!order.ok()) return order.status();
    stale = std::make_unique<domain::Order>(*std::move(order));
    return absl::OkStatus();
  }));
  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    absl::StatusOr<domain::Order> order = t.orders().Load(OrderIdFor(1));
    if (!order.ok()) return order.status();
    if (auto s = order->PlaceHold(domain::HoldReason::kStock, "", T0()); !s.ok()) return s;
    return t.orders().Update(*order);
  }));
  const int64_t events_before = QueryInt("SELECT COUNT(*) FROM outbox");

  absl::Status status = Run([&](Transaction& t) {
    EXPECT_OK(stale->PlaceHold(domain::HoldReason::kAddressCheck, "", T0()));
    return t.orders().Update(*stale);
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted) << status;
  EXPECT_NE(status.message().find("changed by someone else; retry"), std::string::npos);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox"), events_before);
  EXPECT_EQ(QueryInt("SELECT version FROM orders"), 2);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM orders WHERE holds LIKE '%ADDRESS_CHECK%'"), 0);
}

TEST_F(OrderRepositoryTest, AFailedUnitLeavesNoRowsWhileItsBatchMatesCommitWithoutGaps) {
  // Hold the writer in a first unit until the others are queued, so that
  // they run together in the next batch.
  auto started = std::make_shared<std::latch>(1);
  auto queued = std::make_shared<std::latch>(1);
  application::UnitOfWork& uow = store_->unit_of_work();
  const int64_t batches_before = store_->writer().batches_committed();
  uow.Submit(
      [started, queued](Transaction&) {
        started->count_down();
        queued->wait();
        return absl::OkStatus();
      },
      [](absl::Status) {});
  started->wait();
  constexpr int kUnits = 9;
  constexpr int kFailing = 5;
  auto done = std::make_shared<std::latch>(kUnits);
  std::vector<absl::Status> results(kUnits);
  for (int i = 0; i < kUnits; ++i) {
    uow.Submit(
        [i](Transaction& t) -> absl::Status {
          domain::Order order = MakeOrder({.n = i + 1});
          if (auto s = t.orders().Insert(order); !s.ok()) return s;
          if (i == kFailing) return absl::FailedPreconditionError("payment declined (test)");
          return absl::OkStatus();
        },
        [i, &results, done](absl::Status s) {
          results[i] = std::move(s);
          done->count_down();
        });
  }
  queued->count_down();
  done->wait();
  EXPECT_EQ(store_->writer().batches_committed() - batches_before, 2)
      << "the held unit's batch, then one batch for the nine";

  for (int i = 0; i < kUnits; ++i) {
    EXPECT_EQ(results[i].ok(), i != kFailing) << i << ": " << results[i];
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM orders"), kUnits - 1);
  EXPECT_EQ(QueryInt(absl::StrCat("SELECT COUNT(*) FROM outbox WHERE aggregate_id = '",
                                  OrderIdFor(kFailing + 1), "'")),
            0);
  EXPECT_EQ(QueryInt(absl::StrCat("SELECT COUNT(*) FROM order_skus WHERE order_id = '",
                                  OrderIdFor(kFailing + 1), "'")),
            0);
  const std::vector<int64_t> seq = Sequence();
  EXPECT_EQ(seq.size(), static_cast<size_t>(kUnits - 1));
  ExpectGapless(seq);
}

TEST_F(OrderRepositoryTest, ATakenNumberIsAlreadyExistsAndNumberTakenSaysSo) {
  ASSERT_OK(InsertOrder({.n = 1}));
  absl::Status status = Run([&](Transaction& t) {
    domain::Order order = MakeOrder({.n = 2});
    domain::OrderState state = order.state();
    state.order_number = OrderNumberFor(1);
    domain::Order clash = domain::Order::Restore(state);
    return t.orders().Insert(clash);
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(status.message().find(OrderNumberFor(1)), std::string::npos) << status;
  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    EXPECT_TRUE(*t.orders().NumberTaken(OrderNumberFor(1)));
    EXPECT_FALSE(*t.orders().NumberTaken(OrderNumberFor(2)));
    return absl::OkStatus();
  }));
}

TEST_F(OrderRepositoryTest, UpdateKeepsTheSearchTablesInStepWithTheOrder) {
  ASSERT_OK(InsertOrder({.n = 1, .skus = {"SKU-A", "SKU-B"}, .node = "ST1"}));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM order_nodes WHERE node_id = 'ST1'"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM order_skus"), 2);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM order_name_tokens"), 2);
  // Rejecting releases every reservation, so the order no longer uses ST1.
  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    absl::StatusOr<domain::Order> order = t.orders().Load(OrderIdFor(1));
    if (!order.ok()) return order.status();
    if (auto s = order->Reject("no stock", T0()); !s.ok()) return s;
    return t.orders().Update(*order);
  }));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM order_nodes"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM order_skus"), 2);
  EXPECT_EQ(QueryInt("SELECT status = 'REJECTED' FROM orders"), 1);
}

}  // namespace
}  // namespace oms::storage

namespace oms::storage {
namespace {

class ShipmentsPerDayTest : public testing::StoreTest {
 protected:
  // A shipment row as the order repository writes it (same upsert).
  void Ship(const std::string& id, const std::string& node, absl::Time created) {
    const int64_t micros = absl::ToUnixMicros(created);
    ASSERT_OK(store_->writer().RunSync([&](Connection& c) -> absl::Status {
      return c.Exec(absl::StrCat(
          "INSERT INTO shipments (shipment_id, order_id, node_id, kind, status, created_at, "
          "updated_at) VALUES ('", id, "', 'O-1', '", node, "', 'SHIP', 'CREATED', ", micros,
          ", ", micros + 1, ") ON CONFLICT (shipment_id) DO UPDATE SET status = 'PICKING', "
          "updated_at = excluded.updated_at"));
    }));
  }
  std::map<std::string, int> Since(absl::Time since) {
    std::map<std::string, int> load;
    EXPECT_OK(Run([&](application::Transaction& t) -> absl::Status {
      absl::StatusOr<std::map<std::string, int>> got = t.orders().ShipmentsCreatedSince(since);
      if (!got.ok()) return got.status();
      load = *got;
      return absl::OkStatus();
    }));
    return load;
  }
};

TEST_F(ShipmentsPerDayTest, TodaysLoadCountsEachShipmentOnceFromMidnight) {
  const absl::Time midnight = absl::FromUnixSeconds(1'790'035'200);  // a UTC midnight
  ASSERT_EQ(absl::ToUnixSeconds(midnight) % 86400, 0);
  Ship("S-1", "WH1", midnight - absl::Minutes(1));  // yesterday
  Ship("S-2", "WH1", midnight);
  Ship("S-3", "WH1", midnight + absl::Hours(5));
  Ship("S-3", "WH1", midnight + absl::Hours(5));  // the same shipment updated
  Ship("S-4", "WH2", midnight + absl::Hours(23));
  const std::map<std::string, int> expected = {{"WH1", 2}, {"WH2", 1}};
  EXPECT_EQ(Since(midnight), expected);
  // Any other instant counts the shipments themselves, with the same meaning.
  const std::map<std::string, int> after_two = {{"WH1", 1}, {"WH2", 1}};
  EXPECT_EQ(Since(midnight + absl::Hours(2)), after_two);
  const std::map<std::string, int> two_days = {{"WH1", 3}, {"WH2", 1}};
  EXPECT_EQ(Since(midnight - absl::Hours(24)), two_days);
}

}  // namespace
}  // namespace oms::storage
