#include "server/integrations/configured_node_directory.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace oms::integrations {
namespace {

NodeEndpointConfig Endpoint(const std::string& node, const std::string& secret = "s") {
  NodeEndpointConfig c;
  c.node_id = node;
  c.base_url = "http://127.0.0.1:1";
  c.secret = secret;
  return c;
}

class ConfiguredNodeDirectoryTest : public ::testing::Test {
 protected:
  ManualClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  HttpClient client_;
};

TEST_F(ConfiguredNodeDirectoryTest, NodesWithAnEndpointHaveAConnectorOthersNone) {
  auto directory = ConfiguredNodeConnectorDirectory::Create(
      {Endpoint("3PL-BER"), Endpoint("DS-PARIS")}, &client_, &clock_);
  ASSERT_TRUE(directory.ok()) << directory.status();
  EXPECT_NE((*directory)->ForNode("3PL-BER"), nullptr);
  EXPECT_NE((*directory)->ForNode("DS-PARIS"), nullptr);
  EXPECT_NE((*directory)->ForNode("3PL-BER"), (*directory)->ForNode("DS-PARIS"));
  EXPECT_EQ((*directory)->ForNode("WH-BERLIN"), nullptr);
  EXPECT_EQ((*directory)->node_ids(), (std::vector<std::string>{"3PL-BER", "DS-PARIS"}));
  ASSERT_NE((*directory)->EndpointOf("DS-PARIS"), nullptr);
  EXPECT_EQ((*directory)->EndpointOf("DS-PARIS")->node_id, "DS-PARIS");
  EXPECT_EQ((*directory)->EndpointOf("WH-BERLIN"), nullptr);
}

TEST_F(ConfiguredNodeDirectoryTest, ANodeConfiguredTwiceIsInvalidArgument) {
  auto directory = ConfiguredNodeConnectorDirectory::Create(
      {Endpoint("3PL-BER"), Endpoint("3PL-BER")}, &client_, &clock_);
  EXPECT_EQ(directory.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(directory.status().message(), "3PL-BER")) << directory.status();
}

TEST_F(ConfiguredNodeDirectoryTest, InvalidEndpointsAreRefusedNamingTheNode) {
  NodeEndpointConfig no_url = Endpoint("A");
  no_url.base_url = "127.0.0.1:8091";
  NodeEndpointConfig no_secret = Endpoint("B", "");
  NodeEndpointConfig no_timeout = Endpoint("C");
  no_timeout.timeout = absl::ZeroDuration();
  NodeEndpointConfig negative_breaker = Endpoint("D");
  negative_breaker.breaker.failure_threshold = -1;
  for (const NodeEndpointConfig& c :
       {Endpoint(""), no_url, no_secret, no_timeout, negative_breaker}) {
    absl::Status s = ValidateNodeEndpointConfig(c);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.node_id;
    EXPECT_TRUE(absl::StrContains(s.message(), absl::StrCat("'", c.node_id, "'"))) << s;
    EXPECT_FALSE(ConfiguredNodeConnectorDirectory::Create({c}, &client_, &clock_).ok());
  }
  EXPECT_TRUE(ValidateNodeEndpointConfig(Endpoint("E")).ok());
}

TEST_F(ConfiguredNodeDirectoryTest, FromConnectorsNeedsAConnectorPerNode) {
  std::vector<ConfiguredNodeConnectorDirectory::Entry> entries;
  entries.push_back({Endpoint("3PL-BER"), nullptr});
  EXPECT_EQ(ConfiguredNodeConnectorDirectory::FromConnectors(std::move(entries)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NodeSecretsTest, SecretsByNodeMapsEveryConfiguredNode) {
  auto secrets = SecretsByNode({Endpoint("3PL-BER", "a"), Endpoint("DS-PARIS", "b")});
  EXPECT_EQ(secrets.size(), 2u);
  EXPECT_EQ(secrets["3PL-BER"], "a");
  EXPECT_EQ(secrets["DS-PARIS"], "b");
}

}  // namespace
}  // namespace oms::integrations
