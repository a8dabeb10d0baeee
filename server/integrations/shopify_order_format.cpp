#include "server/integrations/shopify_order_format.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace oms::integrations {
namespace {

using application::PlaceOrderCommand;
using nlohmann::json;

// An amount of `object`, preferring `<name>_set.presentment_money.amount`
// (what the buyer saw, in presentment_currency) over the plain `<name>`.
int64_t PresentmentAmount(PayloadFields& f, const std::string& name, bool required) {
  const std::string set_name = name + "_set";
  const json* set = f.Object(set_name.c_str());
  if (set != nullptr) {
    PayloadFields sf(*set, f.Path(set_name));
    if (const json* money = sf.Object("presentment_money"); money != nullptr) {
      PayloadFields mf(*money, sf.Path("presentment_money"));
      const int64_t amount = mf.Amount("amount");
      f.Take(mf.status());
      return amount;
    }
    f.Take(sf.status());
  }
  return f.Amount(name.c_str(), required);
}

}  // namespace

absl::StatusOr<PlaceOrderCommand> ShopifyOrderFormat::NormalizeJson(
    const json& order, const application::Channel& channel) const {
  PayloadFields f(order, "");
  PlaceOrderCommand c;
  c.external_ref = f.Id("id");
  c.currency = f.Text("presentment_currency", 3);
  if (c.currency.empty()) c.currency = f.Text("currency", 3);
  if (c.currency.empty()) c.currency = channel.currency;
  const std::string financial = f.Text("financial_status", 64);
  if (f.status().ok() && !financial.empty() && financial != "paid") {
    f.Fail("financial_status", absl::StrCat("only paid orders are taken, got '", financial, "'"));
  }
  if (f.Flag("taxes_included")) {
    f.Fail("taxes_included", "tax-inclusive prices are not taken; send net prices and total_tax");
  }
  if (!f.status().ok()) return f.status();

  c.contact.email = f.Text("email");
  c.contact.phone = f.Text("phone", 64);
  if (const json* customer = f.Object("customer"); customer != nullptr) {
    PayloadFields cf(*customer, "customer");
    const std::string first = cf.Text("first_name");
    const std::string last = cf.Text("last_name");
    c.contact.name = absl::StrCat(first, first.empty() || last.empty() ? "" : " ", last);
    if (c.contact.email.empty()) c.contact.email = cf.Text("email");
    if (c.contact.phone.empty()) c.contact.phone = cf.Text("phone", 64);
    if (!cf.status().ok()) return cf.status();
  }
  if (const json* address = f.Object("shipping_address", /*required=*/true); address != nullptr) {
    PayloadFields af(*address, "shipping_address");
    auto& a = c.shipping_address;
    a.name = af.Text("name");
    if (a.name.empty()) {
      const std::string first = af.Text("first_name");
      const std::string last = af.Text("last_name");
      a.name = absl::StrCat(first, first.empty() || last.empty() ? "" : " ", last);
    }
    a.line1 = af.Text("address1");
    a.line2 = af.Text("address2");
    a.city = af.Text("city");
    a.postal_code = af.Text("zip", 32);
    a.country = af.Text("country_code", 2);
    a.phone = af.Text("phone", 64);
    if (af.status().ok() && a.line1.empty()) af.Fail("address1", "is required");
    if (af.status().ok() && a.country.empty()) af.Fail("country_code", "is required");
    if (!af.status().ok()) return af.status();
  }
  if (c.contact.name.empty()) c.contact.name = c.shipping_address.name;

  const json* items = f.Array("line_items");
  if (!f.status().ok()) return f.status();
  if (items->empty()) return absl::InvalidArgumentError("line_items: an order needs a line");
  for (size_t i = 0; i < items->size(); ++i) {
    const std::string path = absl::StrCat("line_items[", i, "]");
    if (!(*items)[i].is_object()) return absl::InvalidArgumentError(path + ": must be an object");
    PayloadFields lf((*items)[i], path);
    PlaceOrderCommand::Line line;
    line.sku = lf.Text("sku", 64);
    if (lf.status().ok() && line.sku.empty()) lf.Fail("sku", "is required (the OMS sells by SKU)");
    line.quantity = lf.Quantity("quantity");
    line.unit_price_minor = PresentmentAmount(lf, "price", true);
    line.price_currency = c.currency;
    // Line-level discounts are summed into the order's total_discounts.
    if (!lf.status().ok()) return lf.status();
    c.lines.push_back(std::move(line));
  }

  int64_t shipping = 0;
  if (const json* lines = f.Array("shipping_lines", /*required=*/false); lines != nullptr) {
    for (size_t i = 0; i < lines->size(); ++i) {
      const std::string path = absl::StrCat("shipping_lines[", i, "]");
      if (!(*lines)[i].is_object()) return absl::InvalidArgumentError(path + ": must be an object");
      PayloadFields sf((*lines)[i], path);
      shipping += PresentmentAmount(sf, "price", true);
      const std::string what =
          absl::AsciiStrToLower(absl::StrCat(sf.Text("code"), " ", sf.Text("title")));
      if (absl::StrContains(what, "express") || absl::StrContains(what, "expedited")) {
        c.shipping_option = "express";
      }
      if (!sf.status().ok()) return sf.status();
    }
  }
  if (c.shipping_option.empty()) c.shipping_option = "standard";
  c.shipping = {shipping, c.currency};
  c.tax = {PresentmentAmount(f, "total_tax", false), c.currency};
  c.discount = {PresentmentAmount(f, "total_discounts", false), c.currency};
  const int64_t total = PresentmentAmount(f, "total_price", true);
  if (!f.status().ok()) return f.status();
  if (absl::Status s = CheckTotal(c, total, "total_price"); !s.ok()) return s;
  c.tenders.push_back({domain::TenderType::kMarketplace, total, c.currency, ""});
  return c;
}

}  // namespace oms::integrations
