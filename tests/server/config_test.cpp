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

TEST_F(ConfigTest, LimitsAreReadAndBadOnesRefusedByName) {
  auto config = Load(
      "[limits]\nrpc_per_second = 50\nrpc_burst = 80\nchannel_rpc_per_second = 9000\n"
      "max_message_bytes = 65536\n[limits.units_per_customer]\n\"CONSOLE-HND-X\" = 2\n");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->limits.rpc_per_second, 50);
  EXPECT_EQ(config->limits.rpc_burst, 80);
  EXPECT_EQ(config->limits.channel_rpc_per_second, 9000);
  EXPECT_EQ(config->limits.channel_rpc_burst, 40000) << "not named: the default";
  EXPECT_EQ(config->limits.max_message_bytes, 65536);
  EXPECT_EQ(config->limits.units_per_customer.at("CONSOLE-HND-X"), 2);

  auto zero = Load("[limits.units_per_customer]\n\"CONSOLE-HND-X\" = 0\n");
  ASSERT_EQ(zero.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(zero.status().message().find("limits.units_per_customer.CONSOLE-HND-X"),
            std::string::npos)
      << zero.status();
  EXPECT_EQ(Load("[limits]\nrpc_per_second = -1\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Load("[limits]\nmax_message_bytes = 10\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto word = Load("[limits]\nrpc_per_second = \"fast\"\n");
  ASSERT_EQ(word.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(word.status().message().find("rpc_per_second"), std::string::npos) << word.status();
  auto half = Load("[limits]\nrpc_per_second = 0.5\n");
  ASSERT_TRUE(half.ok()) << half.status();
  EXPECT_EQ(half->limits.rpc_per_second, 0.5);
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

namespace oms {
namespace {

class FederationConfigTest : public ConfigTest {};

TEST_F(FederationConfigTest, PeersAndTheSharedSecretAreRead) {
  auto config = Load(R"(
region = "EU1"
[federation]
secret = "a-long-enough-shared-secret"
silence_timeout_ms = 3000
[[peer]]
region = "US1"
address = "10.0.2.15:50051"
[[peer]]
region = "AP1"
address = "10.0.3.15:50051"
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->federation.secret, "a-long-enough-shared-secret");
  EXPECT_EQ(config->federation.silence_timeout, absl::Seconds(3));
  ASSERT_EQ(config->federation.peers.size(), 2u);
  EXPECT_EQ(config->federation.peers[1].region, "AP1");
  EXPECT_EQ(config->federation.peers[1].address, "10.0.3.15:50051");
}

TEST_F(FederationConfigTest, BadPeersAreRefusedByName) {
  const std::string secret = "[federation]\nsecret = \"a-long-enough-shared-secret\"\n";
  struct Case {
    std::string toml;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"[[peer]]\nregion = \"US1\"\naddress = \"h:1\"\n", "federation.secret"},
      {"[federation]\nsecret = \"short\"\n[[peer]]\nregion = \"US1\"\naddress = \"h:1\"\n",
       "federation.secret"},
      {secret + "[[peer]]\nregion = \"EU1\"\naddress = \"h:1\"\n", "is this region"},
      {secret + "[[peer]]\nregion = \"us1\"\naddress = \"h:1\"\n", "peer.region"},
      {secret + "[[peer]]\nregion = \"US1\"\naddress = \"\"\n", "peer.address"},
      {secret + "[[peer]]\nregion = \"US1\"\naddress = \"h:1\"\n[[peer]]\nregion = \"US1\"\n"
                "address = \"h:2\"\n",
       "listed twice"},
  };
  for (const Case& c : cases) {
    auto config = Load("region = \"EU1\"\n" + c.toml);
    ASSERT_FALSE(config.ok()) << c.toml;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << c.toml;
    EXPECT_NE(config.status().message().find(c.says), std::string::npos)
        << config.status() << " should name " << c.says;
  }
}

}  // namespace
}  // namespace oms
