#include "partners/partner_server.h"

#include <httplib.h>

#include <chrono>
#include <future>

#include "gtest/gtest.h"

namespace oms::partners {
namespace {

TEST(PartnerServerTest, PortZeroPicksAFreePortThatAnswers) {
  PartnerServer server;
  ASSERT_TRUE(server.Start().ok());
  EXPECT_GT(server.port(), 0);
  EXPECT_EQ(server.base_url(), "http://127.0.0.1:" + std::to_string(server.port()));
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/control/gateway");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(PartnerServerTest, StartingTwiceIsFailedPrecondition) {
  PartnerServer server;
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.Start().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(PartnerServerTest, APortInUseIsUnavailable) {
  PartnerServer first;
  ASSERT_TRUE(first.Start().ok());
  PartnerServerOptions options;
  options.port = first.port();
  PartnerServer second(options);
  EXPECT_EQ(second.Start().code(), absl::StatusCode::kUnavailable);
}

TEST(PartnerServerTest, StopRightAfterStartReturns) {
  PartnerServer server;
  ASSERT_TRUE(server.Start().ok());
  server.Stop();
  server.Stop();  // idempotent
}

TEST(PartnerServerTest, StopReleasesRequestsHeldByFaults) {
  PartnerServer server;
  ASSERT_TRUE(server.Start().ok());
  GatewayFaults faults;
  faults.timeout = true;
  faults.hold = absl::Hours(1);
  server.card_gateway().SetFaults(faults);
  auto held = std::async(std::launch::async, [port = server.port()] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(3600, 0);
    return static_cast<bool>(client.Post("/gateway/v1/authorize", "{}", "application/json"));
  });
  ASSERT_TRUE(server.card_gateway().AwaitCounters(
      [](const GatewayCounters& c) { return c.timeouts_held == 1; }, absl::Seconds(30)));
  // Stop must not wait out the hour.
  auto stopped = std::async(std::launch::async, [&server] { server.Stop(); });
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  ASSERT_EQ(held.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_FALSE(held.get());
}

}  // namespace
}  // namespace oms::partners
