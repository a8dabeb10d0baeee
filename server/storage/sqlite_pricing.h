#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "server/application/unit_of_work.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// The prices and rates the OMS needs when it computes totals itself (POS, a
// checkout without a tax engine; DESIGN.md, Placing an order): shipping
// option prices per currency, tax rates per region and tax class, product
// prices per currency and the currency of each region, as loaded from
// configuration (resources/demo/config.json and catalog.json in the demo).
// application::PricingRepository (Transaction::pricing()) plus product prices
// and region currencies. Reads only; usable on the writer connection inside a
// unit or on a read connection. NOT_FOUND, naming what is missing, for anything not configured.
// Not thread-safe, like the connection.
class SqlitePricing : public application::PricingRepository {
 public:
  explicit SqlitePricing(Connection& connection) : connection_(connection) {}

  // Price of shipping option `code` (standard, express, pickup, carry_out)
  // in `currency`, in minor units.
  absl::StatusOr<int64_t> ShippingPrice(const std::string& code,
                                        const std::string& currency) override;
  // Tax rate in basis points (2000 = 20%) for a product tax class in a region.
  absl::StatusOr<int> TaxRateBp(const std::string& region, const std::string& tax_class) override;
  // A product's price in `currency`, in minor units.
  absl::StatusOr<int64_t> ProductPrice(const std::string& sku, const std::string& currency);
  // The currency a region trades in (settings "currency.<region>").
  absl::StatusOr<std::string> RegionCurrency(const std::string& region);

 private:
  Connection& connection_;
};

}  // namespace oms::storage
