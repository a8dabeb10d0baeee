#include "server/storage/sqlite_pricing.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace oms::storage {
namespace {

// Runs a one-row query with two text parameters; nullopt when no row.
absl::StatusOr<std::optional<Statement>> FirstRow(Connection& connection, std::string_view sql,
                                                  const std::string& a, const std::string& b) {
  absl::StatusOr<Statement> select = connection.Prepare(sql);
  if (!select.ok()) return select.status();
  select->Bind(1, a).Bind(2, b);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return std::optional<Statement>(*std::move(select));
}

}  // namespace

absl::StatusOr<int64_t> SqlitePricing::ShippingPrice(const std::string& code,
                                                     const std::string& currency) {
  absl::StatusOr<std::optional<Statement>> row = FirstRow(
      connection_, "SELECT price_minor FROM shipping_options WHERE code = ?1 AND currency = ?2",
      code, currency);
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("shipping option '", code, "' is not offered in ", currency));
  }
  return (*row)->ColumnInt(0);
}

absl::StatusOr<int> SqlitePricing::TaxRateBp(const std::string& region,
                                             const std::string& tax_class) {
  absl::StatusOr<std::optional<Statement>> row =
      FirstRow(connection_, "SELECT rate_bp FROM tax_rates WHERE region = ?1 AND tax_class = ?2",
               region, tax_class);
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return absl::NotFoundError(absl::StrCat("no tax rate for class '", tax_class, "' in region ",
                                            region, "; add it to the tax configuration"));
  }
  return static_cast<int>((*row)->ColumnInt(0));
}

absl::StatusOr<int64_t> SqlitePricing::ProductPrice(const std::string& sku,
                                                    const std::string& currency) {
  // product_prices holds every currency; products the region's own, which
  // covers a catalog loaded without the per-currency list.
  absl::StatusOr<std::optional<Statement>> row = FirstRow(
      connection_,
      "SELECT price_minor FROM product_prices WHERE sku = ?1 AND currency = ?2 "
      "UNION ALL SELECT price_minor FROM products WHERE sku = ?1 AND currency = ?2 LIMIT 1",
      sku, currency);
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return absl::NotFoundError(absl::StrCat("product ", sku, " has no price in ", currency));
  }
  return (*row)->ColumnInt(0);
}

absl::StatusOr<std::string> SqlitePricing::RegionCurrency(const std::string& region) {
  absl::StatusOr<std::optional<Statement>> row =
      FirstRow(connection_, "SELECT value FROM settings WHERE key = ?1 || ?2", "currency.", region);
  if (!row.ok()) return row.status();
  if (!row->has_value()) {
    return absl::NotFoundError(absl::StrCat("no currency configured for region ", region));
  }
  return (*row)->ColumnText(0);
}

}  // namespace oms::storage
