#include "gtest/gtest.h"
#include "server/storage/sqlite_pricing.h"
#include "tests/storage/storage_fixture.h"

namespace oms::storage {
namespace {

using application::IdempotencyRecord;
using application::SagaRecord;
using application::Transaction;
using testing::StoreTest;
using testing::T0;

using SmallRepositoriesTest = StoreTest;

TEST_F(SmallRepositoriesTest, AnIdempotencyKeyIsTakenOnce) {
  const IdempotencyRecord record{"staff:alice", "key-1", "hash-1", "EU1-O1", "EU1", T0()};
  ASSERT_OK(Run([&](Transaction& t) { return t.idempotency().Insert(record); }));
  absl::Status again = Run([&](Transaction& t) {
    IdempotencyRecord other = record;
    other.request_hash = "hash-2";
    return t.idempotency().Insert(other);
  });
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists) << again;
  // The same key under another principal is a different key.
  EXPECT_OK(Run([&](Transaction& t) {
    IdempotencyRecord other = record;
    other.principal_id = "staff:sam";
    return t.idempotency().Insert(other);
  }));
  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    absl::StatusOr<std::optional<IdempotencyRecord>> found =
        t.idempotency().Find("staff:alice", "key-1");
    if (!found.ok()) return found.status();
    EXPECT_TRUE(found->has_value());
    if (found->has_value()) {
      EXPECT_EQ((*found)->request_hash, "hash-1");
      EXPECT_EQ((*found)->resource_id, "EU1-O1");
      EXPECT_EQ((*found)->region, "EU1");
      EXPECT_EQ((*found)->created_at, T0());
    }
    EXPECT_FALSE(t.idempotency().Find("staff:alice", "key-2")->has_value());
    return absl::OkStatus();
  }));
}

TEST_F(SmallRepositoriesTest, SagasAreUpsertedFoundWhenDueAndDeleted) {
  SagaRecord saga{.order_id = "EU1-O1",
                  .step = SagaRecord::Step::kAuthorizing,
                  .deadline = T0() + absl::Minutes(15),
                  .next_attempt = T0() + absl::Seconds(5),
                  .attempts = 1,
                  .principal_id = "service:web-checkout",
                  .trace_id = "t1"};
  ASSERT_OK(Run([&](Transaction& t) { return t.sagas().Upsert(saga); }));
  saga.step = SagaRecord::Step::kVoiding;
  saga.attempts = 2;
  ASSERT_OK(Run([&](Transaction& t) { return t.sagas().Upsert(saga); }));
  ASSERT_OK(Run([&](Transaction& t) -> absl::Status {
    auto found = t.sagas().Find("EU1-O1");
    if (!found.ok()) return found.status();
    EXPECT_TRUE(found->has_value());
    if (found->has_value()) {
      EXPECT_EQ((*found)->step, SagaRecord::Step::kVoiding);
      EXPECT_EQ((*found)->attempts, 2);
      EXPECT_EQ((*found)->deadline, saga.deadline);
      EXPECT_EQ((*found)->principal_id, "service:web-checkout");
    }
    EXPECT_TRUE(t.sagas().Due(T0(), 10)->empty());
    EXPECT_EQ(t.sagas().Due(T0() + absl::Seconds(5), 10)->size(), 1u);
    if (auto s = t.sagas().Delete("EU1-O1"); !s.ok()) return s;
    EXPECT_FALSE(t.sagas().Find("EU1-O1")->has_value());
    return t.sagas().Delete("EU1-O1");  // already gone: still fine
  }));
}

TEST_F(SmallRepositoriesTest, CatalogFindsKnownSkusAndCapsPreorders) {
  ASSERT_OK(
      Exec("INSERT INTO products (sku, name, price_minor, currency, preorder, preorder_cap) "
           "VALUES ('PRE-1', 'Console', 39999, 'EUR', 1, 2)"));
  ASSERT_OK(Run([](Transaction& t) -> absl::Status {
    auto found = t.catalog().Find({"SKU-A", "NOPE", "PRE-1"});
    if (!found.ok()) return found.status();
    EXPECT_EQ(found->size(), 2u);
    EXPECT_EQ(found->at("SKU-A").price_minor, 1000);
    EXPECT_TRUE(found->at("PRE-1").preorder);
    return absl::OkStatus();
  }));
  ASSERT_OK(Run([](Transaction& t) { return t.catalog().AddPreorderSold("PRE-1", 2); }));
  EXPECT_EQ(Run([](Transaction& t) { return t.catalog().AddPreorderSold("PRE-1", 1); }).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Run([](Transaction& t) { return t.catalog().AddPreorderSold("PRE-1", -3); }).code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_OK(Run([](Transaction& t) { return t.catalog().AddPreorderSold("PRE-1", -1); }));
  EXPECT_EQ(QueryInt("SELECT preorder_sold FROM products WHERE sku = 'PRE-1'"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox WHERE event_type = 'PreorderCountChanged'"), 2);
  EXPECT_EQ(Run([](Transaction& t) { return t.catalog().AddPreorderSold("NOPE", 1); }).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(SmallRepositoriesTest, NodesAndCustomersReadBack) {
  ASSERT_OK(
      Exec("INSERT INTO customers (customer_id, name, name_norm, email_norm, phone_digits, email, "
           "phone, home_region, created_at) VALUES ('C-1', 'Ada L', 'ada l', 'ada@x.org', '123', "
           "'Ada@x.org', '1-2-3', 'EU1', 0)"));
  ASSERT_OK(Run([](Transaction& t) -> absl::Status {
    auto nodes = t.nodes().All();
    if (!nodes.ok()) return nodes.status();
    EXPECT_EQ(nodes->size(), 3u);
    EXPECT_EQ(nodes->at(0).node_id, "ST1");
    EXPECT_EQ(nodes->at(0).type, domain::NodeType::kStore);
    auto customer = t.customers().Get("C-1");
    if (!customer.ok()) return customer.status();
    EXPECT_EQ(customer->email, "Ada@x.org");
    EXPECT_EQ(customer->home_region, "EU1");
    EXPECT_EQ(t.customers().Get("C-2").status().code(), absl::StatusCode::kNotFound);
    return absl::OkStatus();
  }));
}

TEST_F(SmallRepositoriesTest, PricingAnswersWhatIsConfiguredAndNotFoundOtherwise) {
  ASSERT_OK(
      Exec("INSERT INTO shipping_options (code, currency, name, price_minor) VALUES "
           "('express', 'EUR', 'Express', 1295);"
           "INSERT INTO tax_rates (region, tax_class, rate_bp) VALUES ('EU1', 'reduced', 700);"));
  ASSERT_OK(Run([](Transaction& t) -> absl::Status {
    EXPECT_EQ(*t.pricing().ShippingPrice("express", "EUR"), 1295);
    EXPECT_EQ(t.pricing().ShippingPrice("express", "USD").status().code(),
              absl::StatusCode::kNotFound);
    EXPECT_EQ(*t.pricing().TaxRateBp("EU1", "reduced"), 700);
    EXPECT_EQ(t.pricing().TaxRateBp("US1", "reduced").status().code(), absl::StatusCode::kNotFound);
    return absl::OkStatus();
  }));
}

}  // namespace
}  // namespace oms::storage
