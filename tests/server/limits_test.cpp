// Limits through the real server (docs/SECURITY.md, Limits): each
// principal's rate, the largest request, and flash-sale purchase limits per
// customer and SKU over all their orders.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "oms/v1/node_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "tests/server/order_steps.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

TestRegionOptions WithLimits(LimitsConfig limits) {
  TestRegionOptions options;
  options.limits = std::move(limits);
  return options;
}

grpc::Status ListNodes(TestRegion& region, const std::string& token,
                       grpc::ClientContext* context = nullptr) {
  auto stub = v1::NodeService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", region.server().port()), grpc::InsecureChannelCredentials()));
  auto own = region.Context(token);
  v1::ListNodesResponse response;
  return stub->ListNodes(context ? context : own.get(), v1::ListNodesRequest(), &response);
}

TEST(LimitsTest, APrincipalBeyondItsRateIsToldWhenToRetryAndOthersAreNotHeldUp) {
  TestRegion region(WithLimits({.rpc_per_second = 0.5, .rpc_burst = 3}));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(ListNodes(region, "demo-agent-token").ok()) << "call " << i << " is in the burst";
  }
  auto context = region.Context("demo-agent-token");
  grpc::Status refused = ListNodes(region, "demo-agent-token", context.get());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(refused.error_message().find("retry in"), std::string::npos)
      << refused.error_message();
  auto trailer = context->GetServerTrailingMetadata().find("retry-after-ms");
  ASSERT_NE(trailer, context->GetServerTrailingMetadata().end());
  int64_t wait_ms = 0;
  ASSERT_TRUE(absl::SimpleAtoi(std::string(trailer->second.data(), trailer->second.size()),
                               &wait_ms));
  EXPECT_GT(wait_ms, 0);
  EXPECT_LE(wait_ms, 2000);  // one token at half a token a second
  // Another principal has its own bucket.
  EXPECT_TRUE(ListNodes(region, "demo-supervisor-token").ok());
}

TEST(LimitsTest, AChannelHasItsOwnHigherRateForAllItsShoppers) {
  TestRegion region(WithLimits({.rpc_per_second = 0.5,
                                .rpc_burst = 2,
                                .channel_rpc_per_second = 0.5,
                                .channel_rpc_burst = 6}));
  // The web checkout is one principal for every shopper: its bucket is the
  // channel's, not a person's.
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(ListNodes(region, "demo-channel-web-token").ok()) << "call " << i;
  }
  EXPECT_EQ(ListNodes(region, "demo-channel-web-token").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(ListNodes(region, "demo-agent-token").ok());
  EXPECT_TRUE(ListNodes(region, "demo-agent-token").ok());
  EXPECT_EQ(ListNodes(region, "demo-agent-token").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(LimitsTest, ARequestLargerThanTheLimitIsRefusedBeforeAnyHandlerRuns) {
  TestRegion region(WithLimits({.max_message_bytes = 16 * 1024}));
  v1::AddOrderNoteRequest note;
  note.set_order_id("EU1-01J00000000000000000000000");
  note.set_text(std::string(64 * 1024, 'x'));
  v1::Order out;
  auto context = region.Context();
  grpc::Status s = region.orders().AddOrderNote(context.get(), note, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
}

TEST(LimitsTest, AFlashSaleLimitHoldsPerCustomerOverAllTheirOrders) {
  LimitsConfig limits;
  limits.units_per_customer["MUG-STN-BLU"] = 2;
  TestRegion region(WithLimits(limits));
  auto first = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  ASSERT_TRUE(second.ok()) << second.status();
  auto third = region.Place(TestRegion::CardOrder("MUG-STN-BLU", 1));
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted) << third.status();
  EXPECT_NE(third.status().message().find("limited to 2 per customer"), std::string::npos)
      << third.status();
  // Other SKUs and other customers are not limited by it.
  EXPECT_TRUE(region.Place(TestRegion::CardOrder("MUG-STN-WHT", 3)).ok());
  v1::PlaceOrderRequest other = TestRegion::CardOrder("MUG-STN-BLU", 2);
  other.set_customer_id("C-EU1-0002");
  EXPECT_TRUE(region.Place(other).ok());
}

TEST(LimitsTest, ConcurrentGuestOrdersForALimitedSkuLetExactlyTheLimitThrough) {
  LimitsConfig limits;
  limits.units_per_customer["MUG-STN-BLU"] = 2;
  TestRegion region(WithLimits(limits));
  std::atomic<int> placed{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> buyers;
  for (int i = 0; i < 8; ++i) {
    buyers.emplace_back([&] {
      v1::PlaceOrderRequest r = TestRegion::CardOrder("MUG-STN-BLU", 1);
      r.clear_customer_id();
      r.mutable_contact()->set_email("Flash.Buyer@example.com");
      auto s = region.Place(r);
      if (s.ok()) ++placed;
      if (s.status().code() == absl::StatusCode::kResourceExhausted) ++refused;
    });
  }
  for (auto& t : buyers) t.join();
  EXPECT_EQ(placed.load(), 2);
  EXPECT_EQ(refused.load(), 6);
}

}  // namespace
}  // namespace oms::testing
