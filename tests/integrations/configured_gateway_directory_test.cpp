#include "server/integrations/configured_gateway_directory.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace oms::integrations {
namespace {

using application::PaymentGateway;

// A gateway that only has a name; the directory never calls it.
class NamedGateway final : public PaymentGateway {
 public:
  explicit NamedGateway(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  void Authorize(const application::AuthorizeRequest&, Callback) override {}
  void Capture(const application::PaymentOperation&, Callback) override {}
  void Void(const application::PaymentOperation&, Callback) override {}
  void Refund(const application::PaymentOperation&, Callback) override {}
  void Lookup(const std::string&, Callback) override {}

 private:
  std::string name_;
};

ConfiguredGatewayDirectory::Entry Entry(std::string name, std::vector<std::string> currencies,
                                        std::vector<std::string> regions) {
  ConfiguredGatewayDirectory::Entry e;
  e.config.name = name;
  e.config.currencies = std::move(currencies);
  e.config.regions = std::move(regions);
  e.gateway = std::make_unique<NamedGateway>(std::move(name));
  return e;
}

std::unique_ptr<ConfiguredGatewayDirectory> Directory() {
  std::vector<ConfiguredGatewayDirectory::Entry> entries;
  entries.push_back(Entry("gw-eu", {"EUR", "GBP"}, {"EU1", "EU2"}));
  entries.push_back(Entry("gw-us", {"USD"}, {"US1"}));
  entries.push_back(Entry("gw-any", {"EUR", "USD", "CHF"}, {}));
  auto directory = ConfiguredGatewayDirectory::FromGateways(std::move(entries));
  EXPECT_TRUE(directory.ok()) << directory.status();
  return std::move(directory).value();
}

std::string NameOf(PaymentGateway* g) { return g == nullptr ? "(none)" : g->name(); }

TEST(ConfiguredGatewayDirectoryTest, ChoosesTheFirstGatewayForCurrencyAndRegion) {
  auto d = Directory();
  EXPECT_EQ(NameOf(d->ForCurrency("EUR", "EU1")), "gw-eu");
  EXPECT_EQ(NameOf(d->ForCurrency("USD", "US1")), "gw-us");
}

TEST(ConfiguredGatewayDirectoryTest, GatewayWithoutRegionsServesAnyRegion) {
  auto d = Directory();
  EXPECT_EQ(NameOf(d->ForCurrency("EUR", "AP1")), "gw-any");
  EXPECT_EQ(NameOf(d->ForCurrency("CHF", "EU1")), "gw-any");
}

TEST(ConfiguredGatewayDirectoryTest, NoGatewayForTheCurrencyIsNull) {
  auto d = Directory();
  EXPECT_EQ(d->ForCurrency("JPY", "EU1"), nullptr);
  EXPECT_EQ(d->ForCurrency("GBP", "US1"), nullptr);
}

TEST(ConfiguredGatewayDirectoryTest, FindsGatewaysByName) {
  auto d = Directory();
  EXPECT_EQ(NameOf(d->ByName("gw-us")), "gw-us");
  EXPECT_EQ(d->ByName("gw-gone"), nullptr);
}

TEST(ConfiguredGatewayDirectoryTest, ANameUsedTwiceIsInvalidArgument) {
  std::vector<ConfiguredGatewayDirectory::Entry> entries;
  entries.push_back(Entry("gw", {"EUR"}, {}));
  entries.push_back(Entry("gw", {"USD"}, {}));
  EXPECT_EQ(ConfiguredGatewayDirectory::FromGateways(std::move(entries)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ConfiguredGatewayDirectoryTest, CreateRejectsAnInvalidConfig) {
  HttpClient client;
  SystemClock clock;
  GatewayConfig config;
  config.name = "gw-eu";
  config.base_url = "127.0.0.1:8091";  // no scheme
  config.secret = "s";
  config.currencies = {"EUR"};
  auto directory = ConfiguredGatewayDirectory::Create({config}, &client, &clock);
  EXPECT_EQ(directory.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(directory.status().message().find("base_url"), std::string::npos);

  config.base_url = "http://127.0.0.1:8091";
  auto valid = ConfiguredGatewayDirectory::Create({config}, &client, &clock);
  ASSERT_TRUE(valid.ok()) << valid.status();
  EXPECT_EQ(NameOf((*valid)->ForCurrency("EUR", "EU1")), "gw-eu");
}

}  // namespace
}  // namespace oms::integrations
