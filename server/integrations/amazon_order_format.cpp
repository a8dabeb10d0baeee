#include "server/integrations/amazon_order_format.h"

#include "absl/strings/str_cat.h"

namespace oms::integrations {
namespace {

using application::PlaceOrderCommand;
using nlohmann::json;

// A {"CurrencyCode", "Amount"} object named `name`; 0 when absent and not
// required. Its currency must be `currency` (when that is set).
int64_t Money(PayloadFields& f, const char* name, bool required, std::string* currency) {
  const json* money = f.Object(name, required);
  if (money == nullptr) return 0;
  PayloadFields mf(*money, f.Path(name));
  const std::string code = mf.Text("CurrencyCode", 3);
  const int64_t amount = mf.Amount("Amount");
  if (mf.status().ok()) {
    if (code.empty()) {
      mf.Fail("CurrencyCode", "is required");
    } else if (currency->empty()) {
      *currency = code;
    } else if (code != *currency) {
      mf.Fail("CurrencyCode", absl::StrCat(code, " differs from the order's ", *currency));
    }
  }
  f.Take(mf.status());
  return amount;
}

}  // namespace

absl::StatusOr<PlaceOrderCommand> AmazonOrderFormat::NormalizeJson(
    const json& order, const application::Channel& channel) const {
  (void)channel;  // OrderTotal always names the currency
  PayloadFields f(order, "");
  PlaceOrderCommand c;
  c.external_ref = f.Id("AmazonOrderId");
  const std::string status = f.Text("OrderStatus", 64);
  if (f.status().ok() && status != "Unshipped") {
    f.Fail("OrderStatus",
           absl::StrCat("only Unshipped (paid, not yet shipped) orders are taken, got '", status,
                        "'"));
  }
  const int64_t total = Money(f, "OrderTotal", true, &c.currency);
  if (!f.status().ok()) return f.status();

  const std::string level = f.Text("ShipmentServiceLevelCategory", 64);
  c.shipping_option =
      level == "Expedited" || level == "NextDay" || level == "SecondDay" ? "express" : "standard";
  if (const json* buyer = f.Object("BuyerInfo"); buyer != nullptr) {
    PayloadFields bf(*buyer, "BuyerInfo");
    c.contact.email = bf.Text("BuyerEmail");
    c.contact.name = bf.Text("BuyerName");
    if (!bf.status().ok()) return bf.status();
  }
  if (const json* address = f.Object("ShippingAddress", /*required=*/true); address != nullptr) {
    PayloadFields af(*address, "ShippingAddress");
    auto& a = c.shipping_address;
    a.name = af.Text("Name");
    a.line1 = af.Text("AddressLine1");
    a.line2 = af.Text("AddressLine2");
    a.city = af.Text("City");
    a.postal_code = af.Text("PostalCode", 32);
    a.country = af.Text("CountryCode", 2);
    a.phone = af.Text("Phone", 64);
    if (af.status().ok() && a.line1.empty()) af.Fail("AddressLine1", "is required");
    if (af.status().ok() && a.country.empty()) af.Fail("CountryCode", "is required");
    if (!af.status().ok()) return af.status();
  }
  if (c.contact.name.empty()) c.contact.name = c.shipping_address.name;

  const json* items = f.Array("OrderItems");
  if (!f.status().ok()) return f.status();
  if (items->empty()) return absl::InvalidArgumentError("OrderItems: an order needs an item");
  int64_t shipping = 0, tax = 0, discount = 0;
  for (size_t i = 0; i < items->size(); ++i) {
    const std::string path = absl::StrCat("OrderItems[", i, "]");
    if (!(*items)[i].is_object()) return absl::InvalidArgumentError(path + ": must be an object");
    PayloadFields itf((*items)[i], path);
    PlaceOrderCommand::Line line;
    line.sku = itf.Text("SellerSKU", 64);
    if (itf.status().ok() && line.sku.empty()) itf.Fail("SellerSKU", "is required");
    line.quantity = itf.Quantity("QuantityOrdered");
    const int64_t price = Money(itf, "ItemPrice", true, &c.currency);
    if (itf.status().ok() && price % line.quantity != 0) {
      itf.Fail("ItemPrice", absl::StrCat(DecimalText(price), " for ", line.quantity,
                                         " units is not a whole unit price in cents"));
    }
    line.unit_price_minor = line.quantity > 0 ? price / line.quantity : 0;
    line.price_currency = c.currency;
    shipping += Money(itf, "ShippingPrice", false, &c.currency);
    tax +=
        Money(itf, "ItemTax", false, &c.currency) + Money(itf, "ShippingTax", false, &c.currency);
    discount += Money(itf, "PromotionDiscount", false, &c.currency) +
                Money(itf, "ShippingDiscount", false, &c.currency);
    if (!itf.status().ok()) return itf.status();
    c.lines.push_back(std::move(line));
  }
  c.shipping = {shipping, c.currency};
  c.tax = {tax, c.currency};
  c.discount = {discount, c.currency};
  if (absl::Status s = CheckTotal(c, total, "OrderTotal.Amount"); !s.ok()) return s;
  c.tenders.push_back({domain::TenderType::kMarketplace, total, c.currency, ""});
  return c;
}

}  // namespace oms::integrations
