#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace oms::partners {

// One marketplace order, whatever the format it is sent in. Amounts are in
// minor units of `currency`; tax and discount are the order's totals.
struct MarketplaceOrderSpec {
  struct Line {
    std::string sku;
    int64_t quantity = 1;
    int64_t unit_price_minor = 0;
  };
  std::string external_id;  // the marketplace's order id
  std::string currency = "EUR";
  std::vector<Line> lines = {{"TEE-ORG-WHT-M", 1, 1999}};
  int64_t shipping_minor = 495;
  int64_t tax_minor = 380;
  int64_t discount_minor = 0;
  bool express = false;
  std::string buyer_first_name = "Lena";
  std::string buyer_last_name = "Fischer";
  std::string buyer_email = "lena.fischer@example.com";
  std::string line1 = "Kastanienallee 12";
  std::string city = "Berlin";
  std::string postal_code = "10435";
  std::string country = "DE";

  int64_t total_minor() const;
};

// "19.99" from 1999.
std::string Decimal(int64_t minor);

// A Shopify-style orders/create webhook body, paid, with presentment money
// sets beside the plain amounts (docs/CHANNELS.md).
nlohmann::json ShopifyOrder(const MarketplaceOrderSpec& spec);

// An Amazon SP-API-style order with its items inline; shipping, tax and the
// discount ride on the first item, as Amazon reports them per item.
nlohmann::json AmazonOrder(const MarketplaceOrderSpec& spec);

}  // namespace oms::partners
