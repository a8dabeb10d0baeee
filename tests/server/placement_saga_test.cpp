#include <gtest/gtest.h>

#include <future>

#include "server/application/placement_saga.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

using partners::GatewayFaults;
using partners::GatewayOperation;

constexpr char kSku[] = "TEE-ORG-WHT-M";

bool Held(const v1::Order& o) {
  for (const auto& h : o.holds()) {
    if (h.reason() == v1::HOLD_REASON_AWAITING_PAYMENT) return true;
  }
  return false;
}

TEST(PlacementSagaTest, AnApprovedCardConfirmsTheOrderWithStockReserved) {
  TestRegion region;
  const auto before = region.Stock(kSku);
  auto order = region.Place(TestRegion::CardOrder(kSku, 2));
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(order->payment_status(), v1::PAYMENT_STATUS_AUTHORIZED);
  EXPECT_EQ(order->tenders(0).authorized_minor(), 2000);
  EXPECT_EQ(order->lines(0).reserved(), 2);
  EXPECT_EQ(region.Stock(kSku).second, before.second + 2);
}

TEST(PlacementSagaTest, ADeclineRejectsAndReleasesStockAndGivesStoreCreditBack) {
  TestRegion region;
  const auto stock_before = region.Stock(kSku);
  const int64_t credit_before = region.StoreCredit("C-EU1-0001");
  auto request = TestRegion::CardOrder(kSku, 3, "tok_decline");
  // 30.00: 10.00 from store credit, 20.00 by the card that will be declined.
  request.mutable_tenders(0)->mutable_amount()->set_amount_minor(2000);
  auto* credit = request.add_tenders();
  credit->set_type(v1::TENDER_TYPE_STORE_CREDIT);
  credit->mutable_amount()->set_amount_minor(1000);
  credit->mutable_amount()->set_currency("EUR");

  auto order = region.Place(request);
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_REJECTED);
  EXPECT_NE(order->rejection_reason().find("card_declined"), std::string::npos);
  EXPECT_EQ(order->lines(0).reserved(), 0);
  EXPECT_EQ(order->lines(0).cancelled(), 3);
  EXPECT_EQ(region.Stock(kSku), stock_before);
  EXPECT_EQ(region.StoreCredit("C-EU1-0001"), credit_before);
  EXPECT_EQ(order->tenders(1).refunded_minor(), 1000);
  // Nothing was authorized, so nothing is voided.
  EXPECT_EQ(region.gateway().counters().calls_of(GatewayOperation::kVoid), 0);
}

TEST(PlacementSagaTest, ALostReplyIsResolvedByLookupAndAuthorizesExactlyOnce) {
  TestRegion region(absl::Minutes(15), absl::Milliseconds(500));
  GatewayFaults faults;
  faults.lose_replies = 1;
  faults.hold = absl::Seconds(2);  // longer than the adapter's 500 ms timeout
  region.gateway().SetFaults(faults);

  auto order = region.Place(TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_CONFIRMED);
  const auto counters = region.gateway().counters();
  EXPECT_EQ(counters.calls_of(GatewayOperation::kAuthorize), 1);
  EXPECT_GE(counters.calls_of(GatewayOperation::kLookup), 1);
  EXPECT_EQ(counters.book.authorizations, 1);
}

TEST(PlacementSagaTest, AnOutageHoldsTheOrderAndItConfirmsWhenTheGatewayReturns) {
  TestRegion region;
  GatewayFaults outage;
  outage.outage = true;
  region.gateway().SetFaults(outage);

  auto order = region.Place(TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->status(), v1::ORDER_STATUS_PENDING);
  EXPECT_TRUE(Held(*order));
  EXPECT_EQ(order->lines(0).reserved(), 1);

  region.gateway().SetFaults(GatewayFaults{});
  EXPECT_TRUE(region.AwaitOrder(order->order_id(), [](const v1::Order& o) {
    return o.status() == v1::ORDER_STATUS_CONFIRMED && !Held(o);
  }));
}

TEST(PlacementSagaTest, ARestartInTheMiddleOfASagaFinishesIt) {
  TestRegion region;
  GatewayFaults outage;
  outage.outage = true;
  region.gateway().SetFaults(outage);
  auto order = region.Place(TestRegion::CardOrder(kSku, 1));
  ASSERT_TRUE(order.ok());
  ASSERT_EQ(order->status(), v1::ORDER_STATUS_PENDING);

  region.StopServer();
  region.gateway().SetFaults(GatewayFaults{});
  region.StartServer();  // same database: the stored saga resumes at start-up
  EXPECT_TRUE(region.AwaitOrder(order->order_id(), [](const v1::Order& o) {
    return o.status() == v1::ORDER_STATUS_CONFIRMED;
  }));
  EXPECT_EQ(region.gateway().counters().book.authorizations, 1);
}

TEST(PlacementSagaTest, AnOrderStillUnpaidAtItsDeadlineIsRejectedAndReleased) {
  TestRegion region(absl::Seconds(1));
  const auto before = region.Stock(kSku);
  GatewayFaults outage;
  outage.outage = true;
  region.gateway().SetFaults(outage);
  auto order = region.Place(TestRegion::CardOrder(kSku, 2));
  ASSERT_TRUE(order.ok());
  EXPECT_TRUE(region.AwaitOrder(order->order_id(), [](const v1::Order& o) {
    return o.status() == v1::ORDER_STATUS_REJECTED;
  }));
  EXPECT_EQ(region.Stock(kSku), before);
}

TEST(PlacementSagaTest, AnAuthorizationThatArrivesAfterTheDeadlineIsVoidedOnce) {
  // The gateway authorizes but its reply is lost, and then it goes down, so
  // the saga cannot learn the outcome before the order's deadline: the order
  // is rejected, and once the gateway is back the late authorization is
  // found by its key and voided, exactly once.
  TestRegion region(absl::Seconds(2), absl::Milliseconds(300));
  GatewayFaults lose;
  lose.lose_replies = 1;
  lose.hold = absl::Seconds(1);
  region.gateway().SetFaults(lose);
  auto placed = std::async(std::launch::async,
                           [&] { return region.Place(TestRegion::CardOrder(kSku, 1)); });
  ASSERT_TRUE(region.gateway().AwaitCounters(
      [](const partners::GatewayCounters& c) { return c.replies_lost >= 1; }, absl::Seconds(10)));
  GatewayFaults outage;
  outage.outage = true;
  region.gateway().SetFaults(outage);
  auto order = placed.get();
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_EQ(order->status(), v1::ORDER_STATUS_PENDING);
  ASSERT_TRUE(region.AwaitOrder(order->order_id(), [](const v1::Order& o) {
    return o.status() == v1::ORDER_STATUS_REJECTED;
  }));
  region.gateway().SetFaults(GatewayFaults{});
  ASSERT_TRUE(region.gateway().AwaitCounters(
      [](const partners::GatewayCounters& c) {
        return c.calls_of(GatewayOperation::kVoid) >= 1;
      },
      absl::Seconds(20)));
  ASSERT_TRUE(region.server().placement().WaitIdle(absl::Seconds(10)));
  EXPECT_EQ(region.gateway().counters().book.voids, 1);
  EXPECT_EQ(region.gateway().counters().book.authorizations, 1);
}

}  // namespace
}  // namespace oms::testing
