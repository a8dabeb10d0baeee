// Replicas of another region's orders (docs/REGIONS.md): what
// SqliteReplicaStore keeps, what it refuses, and that nothing applies twice.
#include <future>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/storage/order_codec.h"
#include "server/storage/sqlite_relay_store.h"
#include "server/storage/sqlite_replica_store.h"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using application::StoredEvent;
using testing::MakeOrder;
using testing::StoreTest;
using testing::T0;

// US1's order n as US1 saved it at `version`, with `notes` notes.
domain::OrderState UsOrder(int n, int64_t version, int notes = 0) {
  domain::Order order = MakeOrder({.n = n, .region = "US1"});
  for (int i = 0; i < notes; ++i) {
    EXPECT_TRUE(order.AddNote("staff:bob", absl::StrCat("note ", i), T0()).ok());
  }
  domain::OrderState state = order.state();
  state.order_id = absl::StrCat("US1-01REPLICA", n);
  state.order_number = absl::StrCat("US1-REPL-", n);
  state.version = version;
  return state;
}

// An event of US1's log at `sequence` carrying the order's snapshot.
StoredEvent EventOf(int64_t sequence, const domain::OrderState& state,
                    const std::string& origin = "US1") {
  StoredEvent e;
  e.sequence = sequence;
  e.event_id = absl::StrCat("01EVENT", origin, sequence);
  e.origin_region = origin;
  e.aggregate_type = "order";
  e.aggregate_id = state.order_id;
  e.aggregate_version = state.version;
  e.event_type = "OrderNoteAdded";
  e.occurred_at = T0();
  e.principal_id = "staff:bob";
  e.summary = "a note";
  nlohmann::json payload = {{"type", e.event_type}, {"summary", e.summary}, {"details", {}}};
  payload["snapshot"] = OrderStateToJson(state);
  e.payload_json = payload.dump();
  return e;
}

class ReplicaStoreTest : public StoreTest {
 protected:
  absl::StatusOr<int64_t> Apply(const std::string& region, int64_t after,
                                std::vector<StoredEvent> events) {
    std::promise<absl::StatusOr<int64_t>> done;
    replicas().Apply(region, after, std::move(events),
                     [&](absl::StatusOr<int64_t> through) { done.set_value(through); });
    return done.get_future().get();
  }
  SqliteReplicaStore& replicas() {
    if (!replicas_) {
      replicas_ = std::make_unique<SqliteReplicaStore>(store_->read_pool(), store_->writer(),
                                                       "EU1", clock_);
    }
    return *replicas_;
  }
  int64_t OutboxRows() { return QueryInt("SELECT count(*) FROM outbox"); }
  int64_t StoredVersion(const std::string& id) {
    return QueryInt(absl::StrCat("SELECT version FROM orders WHERE order_id = '", id, "'"));
  }

  std::unique_ptr<SqliteReplicaStore> replicas_;
};

TEST_F(ReplicaStoreTest, ABatchDeliveredTwiceAppliesOnceAndMovesTheCursor) {
  const std::vector<StoredEvent> batch = {EventOf(3, UsOrder(1, 1)), EventOf(7, UsOrder(1, 2, 1))};
  absl::StatusOr<int64_t> through = Apply("US1", 0, batch);
  ASSERT_TRUE(through.ok()) << through.status();
  EXPECT_EQ(*through, 7);
  EXPECT_EQ(OutboxRows(), 2);
  EXPECT_EQ(StoredVersion("US1-01REPLICA1"), 2);

  through = Apply("US1", 0, batch);
  ASSERT_TRUE(through.ok()) << through.status();
  EXPECT_EQ(*through, 7);
  EXPECT_EQ(OutboxRows(), 2) << "no event copied twice";
  EXPECT_EQ(*replicas().AppliedThrough("US1"), 7);
  EXPECT_EQ(*replicas().AppliedThrough("AP1"), 0);

  // The replica reads like any order, with its home region and notes.
  absl::StatusOr<domain::OrderState> read = store_->read_model().GetOrder("US1-01REPLICA1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->region, "US1");
  EXPECT_EQ(read->notes.size(), 1u);
}

TEST_F(ReplicaStoreTest, AnEventAfterOneThatWasNotAppliedIsRefusedWithNothingApplied) {
  absl::StatusOr<int64_t> through = Apply("US1", 5, {EventOf(9, UsOrder(1, 1))});
  EXPECT_EQ(through.status().code(), absl::StatusCode::kFailedPrecondition) << through.status();
  EXPECT_EQ(OutboxRows(), 0);
  EXPECT_EQ(StoredVersion("US1-01REPLICA1"), -1);
  EXPECT_EQ(*replicas().AppliedThrough("US1"), 0);
}

TEST_F(ReplicaStoreTest, AnOlderSnapshotNeverReplacesANewerOne) {
  ASSERT_TRUE(Apply("US1", 0, {EventOf(4, UsOrder(1, 3, 2))}).ok());
  ASSERT_TRUE(Apply("US1", 4, {EventOf(5, UsOrder(1, 2, 1))}).ok());
  EXPECT_EQ(StoredVersion("US1-01REPLICA1"), 3);
  EXPECT_EQ(store_->read_model().GetOrder("US1-01REPLICA1")->notes.size(), 2u);
}

TEST_F(ReplicaStoreTest, ThisRegionsOwnEventsAndAnotherOriginAreRefused) {
  EXPECT_EQ(Apply("EU1", 0, {EventOf(1, UsOrder(1, 1), "EU1")}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Apply("US1", 0, {EventOf(1, UsOrder(1, 1)), EventOf(2, UsOrder(2, 1), "AP1")})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OutboxRows(), 0) << "a refused batch applies nothing";
}

TEST_F(ReplicaStoreTest, AnEventThatDoesNotReadIsRefusedWithNothingOfItsBatchApplied) {
  StoredEvent garbled = EventOf(2, UsOrder(2, 1));
  garbled.payload_json = "{\"type\": \"OrderPlaced\", \"snapshot\": {\"lines\": 7}}";
  StoredEvent not_json = EventOf(3, UsOrder(3, 1));
  not_json.payload_json = "\x01\x02 not json";
  for (const StoredEvent& bad : {garbled, not_json}) {
    absl::StatusOr<int64_t> through = Apply("US1", 0, {EventOf(1, UsOrder(1, 1)), bad});
    EXPECT_EQ(through.status().code(), absl::StatusCode::kInvalidArgument) << through.status();
    EXPECT_NE(through.status().message().find(bad.event_id), std::string::npos)
        << "the error names the event: " << through.status();
  }
  EXPECT_EQ(OutboxRows(), 0);
  EXPECT_EQ(StoredVersion("US1-01REPLICA1"), -1) << "the good event before it is rolled back too";
  EXPECT_EQ(*replicas().AppliedThrough("US1"), 0);
}

TEST_F(ReplicaStoreTest, AChannelReferenceTakenHereDoesNotBlockAReplica) {
  domain::Order local = MakeOrder({.n = 1});
  ASSERT_OK(store_->unit_of_work().RunSync([&](application::Transaction& tx) {
    return tx.orders().Insert(local);
  }));
  const int64_t local_events = OutboxRows();
  domain::OrderState replica = UsOrder(2, 1);
  replica.external_ref = "WEB-10231";
  ASSERT_OK(store_->writer().RunSync([&](Connection& c) {
    return c.Exec(absl::StrCat("UPDATE orders SET external_ref = 'WEB-10231' WHERE order_id = '",
                               local.id(), "'"));
  }));
  absl::StatusOr<int64_t> through = Apply("US1", 0, {EventOf(1, replica)});
  ASSERT_TRUE(through.ok()) << through.status();
  EXPECT_EQ(OutboxRows(), local_events + 1);
  EXPECT_EQ(store_->read_model().GetOrder("US1-01REPLICA2")->external_ref, "WEB-10231")
      << "the reference stays in the replica's body";
}

TEST_F(ReplicaStoreTest, TheRelayDeliversOnlyThisRegionsOwnEvents) {
  // A channel hears of an order once, from its home: a peer's events copied
  // here are that peer's relay's to deliver.
  ASSERT_OK(InsertOrder({.n = 1}));
  ASSERT_TRUE(Apply("US1", 0, {EventOf(1, UsOrder(2, 1))}).ok());
  SqliteRelayStore relay(store_->read_pool(), store_->writer(), clock_, "EU1");
  absl::StatusOr<application::OutboxBatch> batch =
      relay.ReadAfter(0, {"OrderPlaced", "OrderNoteAdded"}, 100);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_FALSE(batch->events.empty());
  for (const application::OutboxEvent& e : batch->events) {
    EXPECT_NE(e.aggregate_id, "US1-01REPLICA2") << "a peer's event reached the relay";
  }
}

TEST_F(ReplicaStoreTest, OnlyTheHomeRegionChangesAnOrder) {
  ASSERT_TRUE(Apply("US1", 0, {EventOf(1, UsOrder(1, 1))}).ok());
  absl::Status changed = store_->unit_of_work().RunSync([&](application::Transaction& tx) {
    absl::StatusOr<domain::Order> order = tx.orders().Load("US1-01REPLICA1");
    if (!order.ok()) return order.status();
    if (absl::Status s = order->AddNote("staff:eve", "from the wrong region", T0()); !s.ok()) {
      return s;
    }
    return tx.orders().Update(*order);
  });
  EXPECT_EQ(changed.code(), absl::StatusCode::kUnavailable) << changed;
  EXPECT_NE(changed.message().find("belongs to region US1"), std::string::npos) << changed;
  EXPECT_EQ(StoredVersion("US1-01REPLICA1"), 1);
}

}  // namespace
}  // namespace oms::storage
