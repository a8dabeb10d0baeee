// omsd's TOML configuration of sales channels (docs/CHANNELS.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/config.h"

namespace oms {
namespace {

class ChannelConfigTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  absl::StatusOr<ServerConfig> Load(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            absl::StrCat("omsd-channels-", getpid(), "-", std::random_device{}(), ".toml");
    std::ofstream(path_) << text;
    return LoadConfig(path_.string());
  }
  std::filesystem::path path_;
};

TEST_F(ChannelConfigTest, TheDefaultsCoverTheChannelsClientsAlreadyUse) {
  const ServerConfig config;
  ASSERT_EQ(config.channels.size(), 3u);
  EXPECT_EQ(config.channels.at("web").type, "web_checkout");
  EXPECT_EQ(config.channels.at("pos").type, "pos");
  EXPECT_EQ(config.channels.at("marketplace").type, "marketplace");
  EXPECT_EQ(config.channels.at("marketplace").format, "shopify");
  // No secret: no webhook, so a default omsd opens no extra port.
  EXPECT_TRUE(config.channels.at("marketplace").secret.empty());
  EXPECT_TRUE(ValidateConfig(config).ok());
}

TEST_F(ChannelConfigTest, ATableChangesTheKeysItNamesAndANewIdAddsAChannel) {
  auto config = Load(R"(
[channel.marketplace]
secret = "m-secret"
[channel.amazon-de]
type = "marketplace"
format = "amazon"
secret = "a-secret"
currency = "GBP"
region = "EU1"
callback_url = "http://127.0.0.1:9/cb"
stock_buffer = 2
oversell = "cancel"
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->channels.size(), 4u);
  const ChannelSettings& m = config->channels.at("marketplace");
  EXPECT_EQ(m.secret, "m-secret");
  EXPECT_EQ(m.format, "shopify");  // kept from the default
  const ChannelSettings& a = config->channels.at("amazon-de");
  EXPECT_EQ(a.id, "amazon-de");
  EXPECT_EQ(a.type, "marketplace");
  EXPECT_EQ(a.format, "amazon");
  EXPECT_EQ(a.currency, "GBP");
  EXPECT_EQ(a.callback_url, "http://127.0.0.1:9/cb");
  EXPECT_EQ(a.stock_buffer, 2);
  EXPECT_EQ(a.oversell, "cancel");
}

TEST_F(ChannelConfigTest, BadValuesNameTheKey) {
  struct Case {
    const char* toml;
    const char* expected;
  } cases[] = {
      {"[channel.x]\ntype = \"kiosk\"\n", "channel.x.type: web_checkout, marketplace or pos"},
      {"[channel.x]\noversell = \"drop\"\n", "channel.x.oversell: backorder or cancel"},
      {"[channel.x]\ncurrency = \"euro\"\n", "channel.x.currency"},
      {"[channel.x]\nstock_buffer = -1\n", "channel.x.stock_buffer: must not be negative"},
      {"[channel.x]\ntype = \"marketplace\"\n", "channel.x.format: a marketplace needs"},
      {"[channel.\"a b\"]\ntype = \"pos\"\n", "channel.a b: an id is letters"},
  };
  for (const Case& c : cases) {
    auto config = Load(c.toml);
    ASSERT_FALSE(config.ok()) << c.toml;
    EXPECT_TRUE(absl::IsInvalidArgument(config.status()));
    EXPECT_TRUE(absl::StrContains(config.status().message(), c.expected)) << config.status();
  }
}

}  // namespace
}  // namespace oms
