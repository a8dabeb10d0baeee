// omsd's TOML configuration: the keys added for fulfilment and their checks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "server/config.h"

namespace oms {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  absl::StatusOr<ServerConfig> Load(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            absl::StrCat("omsd-config-", getpid(), "-", std::random_device{}(), ".toml");
    std::ofstream(path_) << text;
    return LoadConfig(path_.string());
  }
  std::filesystem::path path_;
};

TEST_F(ConfigTest, ChannelRoutingPoliciesTakeWhatTheyDoNotNameFromTheDefault) {
  auto config = Load(R"(
[sourcing]
rules = ["nearest", "lowest_cost"]
max_splits = 2
[sourcing.channel.marketplace]
ship_complete = true
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->sourcing.rules, (std::vector<std::string>{"nearest", "lowest_cost"}));
  const SourcingSettings& marketplace = config->sourcing_by_channel.at("marketplace");
  EXPECT_TRUE(marketplace.ship_complete);
  EXPECT_EQ(marketplace.max_splits, 2);
  EXPECT_EQ(marketplace.rules, config->sourcing.rules);
  auto policy = ToPolicy(marketplace);
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(policy->rules.front(), domain::SourcingRule::kNearest);
}

TEST_F(ConfigTest, AnUnknownRoutingRuleIsRefusedWithItsName) {
  auto config = Load("[sourcing.channel.web]\nrules = [\"cheapest\"]\n");
  ASSERT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find("sourcing.channel.web"), std::string::npos);
  EXPECT_NE(config.status().message().find("cheapest"), std::string::npos);
}

TEST_F(ConfigTest, NodeEndpointsAndFulfilmentDurationsAreRead) {
  auto config = Load(R"(
partner_listen = "127.0.0.1:0"
pickup_window_days = 3
cancellation_grace_minutes = 15
[[node_endpoint]]
node_id = "EU1-3PL-WRO"
base_url = "http://127.0.0.1:8480"
secret = "s"
timeout_ms = 1500
)");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->node_endpoints.size(), 1u);
  EXPECT_EQ(config->node_endpoints[0].timeout, absl::Milliseconds(1500));
  EXPECT_EQ(config->pickup_window, absl::Hours(72));
  EXPECT_EQ(config->cancellation_grace, absl::Minutes(15));
}

TEST_F(ConfigTest, BadFulfilmentValuesAreRefused) {
  EXPECT_EQ(Load("[[node_endpoint]]\nnode_id = \"X\"\nbase_url = \"http://h\"\nsecret = \"\"\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Load("cancellation_grace_minutes = 5000\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Load("pickup_window_days = 0\n").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Load("authorization_validity_days = 1\nauthorization_renew_before_hours = 48\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace oms
