// Normalization of each marketplace payload format into the canonical
// placement command, against fixture payloads (tests/fixtures/marketplace).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "nlohmann/json.hpp"
#include "server/integrations/amazon_order_format.h"
#include "server/integrations/marketplace_formats.h"
#include "server/integrations/shopify_order_format.h"

namespace oms::integrations {
namespace {

using application::Channel;
using application::PlaceOrderCommand;
using nlohmann::json;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(OMS_FIXTURES_DIR) + "/marketplace/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Channel Marketplace(const std::string& format) {
  Channel c;
  c.id = "marketplace";
  c.type = application::ChannelType::kMarketplace;
  c.currency = "EUR";
  c.format = format;
  c.secret = "s";
  return c;
}

// The fixture with one field changed (a JSON pointer) or removed (null).
std::string Edited(const std::string& fixture, const std::string& pointer, const json& value) {
  json j = json::parse(Fixture(fixture));
  if (value.is_null()) {
    const json::json_pointer p(pointer);
    j[p.parent_pointer()].erase(p.back());
  } else {
    j[json::json_pointer(pointer)] = value;
  }
  return j.dump();
}

std::string Error(const absl::StatusOr<PlaceOrderCommand>& c) {
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(c.status())) << c.status();
  return std::string(c.status().message());
}

TEST(MarketplaceFormatsTest, EveryFormatIsRegisteredOnceByName) {
  std::set<std::string> names;
  for (const auto& f : MarketplaceFormats()) EXPECT_TRUE(names.insert(f->Name()).second);
  EXPECT_EQ(names, (std::set<std::string>{"amazon", "shopify"}));
}

TEST(ShopifyOrderFormatTest, KeepsPricesTaxShippingAndDiscountsAsGiven) {
  auto c = ShopifyOrderFormat().Normalize(Fixture("shopify_order.json"), Marketplace("shopify"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->external_ref, "5735921467693");
  EXPECT_EQ(c->currency, "EUR");
  EXPECT_FALSE(c->compute_totals);
  ASSERT_EQ(c->lines.size(), 2u);
  EXPECT_EQ(c->lines[0].sku, "TEE-ORG-WHT-M");
  EXPECT_EQ(c->lines[0].quantity, 2);
  EXPECT_EQ(c->lines[0].unit_price_minor, 1999);
  EXPECT_EQ(c->lines[0].price_currency, "EUR");
  EXPECT_EQ(c->lines[1].sku, "MUG-STN-BLU");
  EXPECT_EQ(c->lines[1].quantity, 1);
  EXPECT_EQ(c->lines[1].unit_price_minor, 1399);
  EXPECT_EQ(c->shipping.amount_minor, 495);
  EXPECT_EQ(c->tax.amount_minor, 1025);
  EXPECT_EQ(c->discount.amount_minor, 500);
  EXPECT_EQ(c->shipping_option, "express");
  ASSERT_EQ(c->tenders.size(), 1u);
  EXPECT_EQ(c->tenders[0].type, domain::TenderType::kMarketplace);
  EXPECT_EQ(c->tenders[0].amount_minor, 6417);
  EXPECT_EQ(c->tenders[0].currency, "EUR");
  EXPECT_EQ(c->contact.name, "Lena Fischer");
  EXPECT_EQ(c->contact.email, "lena.fischer@example.com");
  EXPECT_EQ(c->shipping_address.name, "Lena Fischer");
  EXPECT_EQ(c->shipping_address.line1, "Torstraße 112");
  EXPECT_EQ(c->shipping_address.line2, "3. OG");
  EXPECT_EQ(c->shipping_address.city, "Berlin");
  EXPECT_EQ(c->shipping_address.postal_code, "10119");
  EXPECT_EQ(c->shipping_address.country, "DE");
  EXPECT_EQ(c->channel, "marketplace");
  EXPECT_EQ(application::ValidatePlaceOrder(*c, {}), absl::OkStatus());
}

TEST(ShopifyOrderFormatTest, TakesThePresentmentCurrencyTheBuyerPaidIn) {
  auto c = ShopifyOrderFormat().Normalize(Fixture("shopify_order_presentment_usd.json"),
                                          Marketplace("shopify"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->currency, "USD");
  EXPECT_EQ(c->lines[0].unit_price_minor, 2200);
  EXPECT_EQ(c->tax.amount_minor, 110);
  EXPECT_EQ(c->shipping.amount_minor, 0);
  EXPECT_EQ(c->shipping_option, "standard");
  EXPECT_EQ(c->tenders[0].amount_minor, 2310);
}

TEST(ShopifyOrderFormatTest, RefusalsNameTheField) {
  const Channel ch = Marketplace("shopify");
  const ShopifyOrderFormat f;
  EXPECT_EQ(Error(f.Normalize(Edited("shopify_order.json", "/line_items/1/sku", nullptr), ch)),
            "line_items[1].sku: is required (the OMS sells by SKU)");
  EXPECT_EQ(Error(f.Normalize(Edited("shopify_order.json", "/line_items/0/quantity", 0), ch)),
            "line_items[0].quantity: must be a whole number of at least 1, got 0");
  EXPECT_EQ(Error(f.Normalize(Edited("shopify_order.json", "/financial_status", "pending"), ch)),
            "financial_status: only paid orders are taken, got 'pending'");
  EXPECT_EQ(
      Error(f.Normalize(
          Edited("shopify_order.json", "/total_price_set/presentment_money/amount", "64.18"), ch)),
      "total_price: 64.18 is not lines + shipping + tax - discounts (64.17); "
      "tax-inclusive prices are not taken");
}

TEST(ShopifyOrderFormatTest, AmountsAreDecimalTextNeverFloatingPoint) {
  const Channel ch = Marketplace("shopify");
  // Without price_set the plain price is read.
  json j = json::parse(Edited("shopify_order.json", "/line_items/0/price_set", nullptr));
  j["line_items"][0]["price"] = "19.999";
  EXPECT_EQ(Error(ShopifyOrderFormat().Normalize(j.dump(), ch)),
            "line_items[0].price: must be a non-negative amount with at most two decimals such "
            "as \"19.99\", got \"19.999\"");
  j["line_items"][0]["price"] = "-1.00";
  EXPECT_FALSE(ShopifyOrderFormat().Normalize(j.dump(), ch).ok());
}

TEST(ShopifyOrderFormatTest, ABodyThatIsNotAJsonObjectIsRefusedAsSuch) {
  const Channel ch = Marketplace("shopify");
  EXPECT_EQ(Error(ShopifyOrderFormat().Normalize(R"({"id": 1, "line_items": [)", ch)),
            "body: not valid JSON");
  EXPECT_EQ(Error(ShopifyOrderFormat().Normalize("[1, 2]", ch)), "body: must be a JSON object");
}

TEST(AmazonOrderFormatTest, KeepsPricesTaxShippingAndDiscountsAsGiven) {
  auto c = AmazonOrderFormat().Normalize(Fixture("amazon_order.json"), Marketplace("amazon"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->external_ref, "302-1234567-7654321");
  EXPECT_EQ(c->currency, "EUR");
  ASSERT_EQ(c->lines.size(), 2u);
  EXPECT_EQ(c->lines[0].sku, "HOOD-FLC-GRY-M");
  EXPECT_EQ(c->lines[0].quantity, 1);
  EXPECT_EQ(c->lines[0].unit_price_minor, 3500);
  EXPECT_EQ(c->lines[1].sku, "SOCK-MRN-3PK");
  EXPECT_EQ(c->lines[1].quantity, 2);
  EXPECT_EQ(c->lines[1].unit_price_minor, 399);  // ItemPrice is for both units
  EXPECT_EQ(c->shipping.amount_minor, 399);
  EXPECT_EQ(c->tax.amount_minor, 665 + 76 + 152);
  EXPECT_EQ(c->discount.amount_minor, 200 + 103);
  EXPECT_EQ(c->shipping_option, "standard");
  ASSERT_EQ(c->tenders.size(), 1u);
  EXPECT_EQ(c->tenders[0].type, domain::TenderType::kMarketplace);
  EXPECT_EQ(c->tenders[0].amount_minor, 5287);
  EXPECT_EQ(c->contact.name, "Jonas Becker");
  EXPECT_EQ(c->contact.email, "x7k2q@marketplace.amazon.de");
  EXPECT_EQ(c->shipping_address.line1, "Leopoldstraße 40");
  EXPECT_EQ(c->shipping_address.city, "München");
  EXPECT_EQ(c->shipping_address.postal_code, "80802");
  EXPECT_EQ(c->shipping_address.country, "DE");
  EXPECT_EQ(c->channel, "marketplace");
  EXPECT_EQ(application::ValidatePlaceOrder(*c, {}), absl::OkStatus());
}

TEST(AmazonOrderFormatTest, RefusalsNameTheField) {
  const Channel ch = Marketplace("amazon");
  const AmazonOrderFormat f;
  EXPECT_EQ(Error(f.Normalize(Edited("amazon_order.json", "/OrderStatus", "Pending"), ch)),
            "OrderStatus: only Unshipped (paid, not yet shipped) orders are taken, got 'Pending'");
  EXPECT_EQ(
      Error(f.Normalize(Edited("amazon_order.json", "/OrderItems/1/ItemPrice/Amount", "7.99"), ch)),
      "OrderItems[1].ItemPrice: 7.99 for 2 units is not a whole unit price in cents");
  EXPECT_EQ(Error(f.Normalize(
                Edited("amazon_order.json", "/OrderItems/0/ItemTax/CurrencyCode", "GBP"), ch)),
            "OrderItems[0].ItemTax.CurrencyCode: GBP differs from the order's EUR");
  EXPECT_EQ(Error(f.Normalize(Edited("amazon_order.json", "/AmazonOrderId", nullptr), ch)),
            "AmazonOrderId: is required");
  EXPECT_EQ(Error(f.Normalize(Edited("amazon_order.json", "/OrderItems", json::array()), ch)),
            "OrderItems: an order needs an item");
}

}  // namespace
}  // namespace oms::integrations
