#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/money.h"
#include "server/application/place_order_command.h"

namespace oms::application {
namespace {

using domain::TenderType;

absl::Status Invalid(const std::string& field, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

absl::Status CheckLength(const std::string& field, const std::string& value, size_t max) {
  if (value.size() > max) {
    return Invalid(field, absl::StrFormat("at most %d characters, got %d", max, value.size()));
  }
  return absl::OkStatus();
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

absl::Status CheckCharge(const std::string& field, const PlaceOrderCommand::Charge& charge,
                         const std::string& currency) {
  if (charge.amount_minor < 0) {
    return Invalid(field, absl::StrCat("must not be negative, got ", charge.amount_minor));
  }
  if (!charge.currency.empty() && charge.currency != currency) {
    return Invalid(field, absl::StrCat("currency ", charge.currency, " differs from the order's ",
                                       currency));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsPickupOption(const std::string& option) {
  return option == "pickup" || option == "carry_out";
}

absl::Status ValidatePlaceOrder(const PlaceOrderCommand& c, const PlacementLimits& limits) {
  if (absl::Status s = CheckLength("request_id", c.request_id, limits.max_request_id); !s.ok()) {
    return s;
  }
  if (!IsIdentifier(c.channel)) {
    return Invalid("channel", "required: letters, digits, '-' or '_', at most 64 characters");
  }
  if (!IsCurrencyCode(c.currency)) {
    return Invalid("currency", absl::StrCat("must be an ISO 4217 code such as EUR, got '",
                                            c.currency, "'"));
  }
  for (const auto& [field, value] :
       {std::pair{"external_ref", &c.external_ref}, {"customer_id", &c.customer_id},
        {"contact.name", &c.contact.name}, {"contact.email", &c.contact.email},
        {"contact.phone", &c.contact.phone}, {"shipping_address.name", &c.shipping_address.name},
        {"shipping_address.line1", &c.shipping_address.line1},
        {"shipping_address.line2", &c.shipping_address.line2},
        {"shipping_address.city", &c.shipping_address.city},
        {"shipping_address.postal_code", &c.shipping_address.postal_code},
        {"shipping_address.country", &c.shipping_address.country},
        {"shipping_address.phone", &c.shipping_address.phone},
        {"pickup_node_id", &c.pickup_node_id}}) {
    if (absl::Status s = CheckLength(field, *value, limits.max_text); !s.ok()) return s;
  }

  static const std::set<std::string> kOptions = {"standard", "express", "pickup", "carry_out"};
  if (!kOptions.count(c.shipping_option)) {
    return Invalid("shipping_option", absl::StrCat("must be standard, express, pickup or "
                                                   "carry_out, got '", c.shipping_option, "'"));
  }
  if (IsPickupOption(c.shipping_option)) {
    if (c.pickup_node_id.empty()) {
      return Invalid("pickup_node_id", absl::StrCat("required for ", c.shipping_option));
    }
  } else {
    const auto& a = c.shipping_address;
    if (a.line1.empty() || a.city.empty() || a.postal_code.empty() || a.country.empty()) {
      return Invalid("shipping_address", "a shipped order needs line1, city, postal_code and "
                                         "country");
    }
  }
  if (c.shipping_option == "carry_out" && c.channel != "pos") {
    return Invalid("shipping_option", "carry_out is only for orders taken at a store's POS");
  }

  if (c.lines.empty()) return Invalid("lines", "an order needs at least one line");
  if (static_cast<int>(c.lines.size()) > limits.max_lines) {
    return Invalid("lines", absl::StrFormat("at most %d lines per order, got %d", limits.max_lines,
                                            c.lines.size()));
  }
  std::map<std::string, size_t> first_line;
  for (size_t i = 0; i < c.lines.size(); ++i) {
    const auto& l = c.lines[i];
    const std::string field = absl::StrCat("lines[", i, "]");
    if (l.sku.empty() || l.sku.size() > 64) {
      return Invalid(field + ".sku", "required, at most 64 characters");
    }
    if (auto [it, inserted] = first_line.emplace(l.sku, i); !inserted) {
      return Invalid(field + ".sku", absl::StrCat(l.sku, " is already on lines[", it->second,
                                                  "]; put the whole quantity on one line"));
    }
    if (l.quantity < 1 || l.quantity > limits.max_quantity_per_line) {
      return Invalid(field + ".quantity",
                     absl::StrFormat("must be between 1 and %d, got %d",
                                     limits.max_quantity_per_line, l.quantity));
    }
    if (l.unit_price_minor.has_value()) {
      if (*l.unit_price_minor < 0) {
        return Invalid(field + ".unit_price", "must not be negative");
      }
      if (l.price_currency != c.currency) {
        return Invalid(field + ".unit_price", absl::StrCat("currency ", l.price_currency,
                                                           " differs from the order's ",
                                                           c.currency));
      }
    } else if (!c.compute_totals) {
      return Invalid(field + ".unit_price",
                     "required unless compute_totals asks the OMS to price the order");
    }
  }
  if (absl::Status s = CheckCharge("discount", c.discount, c.currency); !s.ok()) return s;
  if (absl::Status s = CheckCharge("shipping", c.shipping, c.currency); !s.ok()) return s;
  if (absl::Status s = CheckCharge("tax", c.tax, c.currency); !s.ok()) return s;

  if (c.tenders.empty()) return Invalid("tenders", "an order needs at least one tender");
  if (static_cast<int>(c.tenders.size()) > limits.max_tenders) {
    return Invalid("tenders", absl::StrFormat("at most %d tenders, got %d", limits.max_tenders,
                                              c.tenders.size()));
  }
  for (size_t i = 0; i < c.tenders.size(); ++i) {
    const auto& t = c.tenders[i];
    const std::string field = absl::StrCat("tenders[", i, "]");
    if (t.amount_minor <= 0) {
      return Invalid(field + ".amount", absl::StrCat("must be positive, got ", t.amount_minor));
    }
    if (t.currency != c.currency) {
      return Invalid(field + ".amount", absl::StrCat("currency '", t.currency,
                                                     "' differs from the order's ", c.currency));
    }
    switch (t.type) {
      case TenderType::kCard:
        if (t.card_token.empty() || t.card_token.size() > 128) {
          return Invalid(field + ".card_token", "a card tender needs the gateway's card token");
        }
        break;
      case TenderType::kWallet:
      case TenderType::kStoreCredit:
        if (c.customer_id.empty()) {
          return Invalid(field + ".type", "wallet and store credit need a customer_id");
        }
        break;
      case TenderType::kCash:
        if (c.channel != "pos") return Invalid(field + ".type", "cash is taken only at a POS");
        break;
      case TenderType::kMarketplace:
        // Which channels are marketplaces is configuration: PlacementSaga checks it.
        break;
    }
  }
  return absl::OkStatus();
}

}  // namespace oms::application
