#include "partners/marketplace_payloads.h"

#include "absl/strings/str_format.h"

namespace oms::partners {

using nlohmann::json;

int64_t MarketplaceOrderSpec::total_minor() const {
  int64_t total = shipping_minor + tax_minor - discount_minor;
  for (const Line& l : lines) total += l.quantity * l.unit_price_minor;
  return total;
}

std::string Decimal(int64_t minor) {
  const uint64_t magnitude = minor < 0 ? 0 - static_cast<uint64_t>(minor) : minor;
  return absl::StrFormat("%s%d.%02d", minor < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

namespace {

json Set(int64_t minor, const std::string& currency) {
  const json money{{"amount", Decimal(minor)}, {"currency_code", currency}};
  return json{{"shop_money", money}, {"presentment_money", money}};
}

json AmazonMoney(int64_t minor, const std::string& currency) {
  return json{{"CurrencyCode", currency}, {"Amount", Decimal(minor)}};
}

}  // namespace

json ShopifyOrder(const MarketplaceOrderSpec& s) {
  int64_t subtotal = 0;
  json items = json::array();
  for (size_t i = 0; i < s.lines.size(); ++i) {
    const auto& l = s.lines[i];
    subtotal += l.quantity * l.unit_price_minor;
    items.push_back(json{{"id", 1000 + i},
                         {"sku", l.sku},
                         {"title", l.sku},
                         {"quantity", l.quantity},
                         {"price", Decimal(l.unit_price_minor)},
                         {"price_set", Set(l.unit_price_minor, s.currency)}});
  }
  const std::string name = s.buyer_first_name + " " + s.buyer_last_name;
  return json{
      {"id", s.external_id},
      {"name", "#" + s.external_id},
      {"email", s.buyer_email},
      {"currency", s.currency},
      {"presentment_currency", s.currency},
      {"financial_status", "paid"},
      {"taxes_included", false},
      {"subtotal_price", Decimal(subtotal)},
      {"total_tax", Decimal(s.tax_minor)},
      {"total_tax_set", Set(s.tax_minor, s.currency)},
      {"total_discounts", Decimal(s.discount_minor)},
      {"total_discounts_set", Set(s.discount_minor, s.currency)},
      {"total_price", Decimal(s.total_minor())},
      {"total_price_set", Set(s.total_minor(), s.currency)},
      {"line_items", items},
      {"shipping_lines", json::array({json{{"title", s.express ? "Express" : "Standard"},
                                           {"code", s.express ? "express" : "standard"},
                                           {"price", Decimal(s.shipping_minor)},
                                           {"price_set", Set(s.shipping_minor, s.currency)}}})},
      {"customer", json{{"first_name", s.buyer_first_name},
                        {"last_name", s.buyer_last_name},
                        {"email", s.buyer_email}}},
      {"shipping_address", json{{"first_name", s.buyer_first_name},
                                {"last_name", s.buyer_last_name},
                                {"name", name},
                                {"address1", s.line1},
                                {"city", s.city},
                                {"zip", s.postal_code},
                                {"country_code", s.country}}},
  };
}

json AmazonOrder(const MarketplaceOrderSpec& s) {
  json items = json::array();
  for (size_t i = 0; i < s.lines.size(); ++i) {
    const auto& l = s.lines[i];
    json item{{"OrderItemId", std::to_string(5000 + i)},
              {"SellerSKU", l.sku},
              {"QuantityOrdered", l.quantity},
              {"ItemPrice", AmazonMoney(l.quantity * l.unit_price_minor, s.currency)}};
    if (i == 0) {
      item["ItemTax"] = AmazonMoney(s.tax_minor, s.currency);
      item["ShippingPrice"] = AmazonMoney(s.shipping_minor, s.currency);
      item["ShippingTax"] = AmazonMoney(0, s.currency);
      item["PromotionDiscount"] = AmazonMoney(s.discount_minor, s.currency);
    }
    items.push_back(std::move(item));
  }
  return json{
      {"AmazonOrderId", s.external_id},
      {"OrderStatus", "Unshipped"},
      {"OrderTotal", AmazonMoney(s.total_minor(), s.currency)},
      {"ShipmentServiceLevelCategory", s.express ? "Expedited" : "Standard"},
      {"BuyerInfo", json{{"BuyerEmail", s.buyer_email},
                         {"BuyerName", s.buyer_first_name + " " + s.buyer_last_name}}},
      {"ShippingAddress", json{{"Name", s.buyer_first_name + " " + s.buyer_last_name},
                               {"AddressLine1", s.line1},
                               {"City", s.city},
                               {"PostalCode", s.postal_code},
                               {"CountryCode", s.country}}},
      {"OrderItems", items},
  };
}

}  // namespace oms::partners
