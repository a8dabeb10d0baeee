#include "server/storage/sqlite_catalog_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/storage/row_readers.h"

namespace oms::storage {

SqliteCatalogRepository::SqliteCatalogRepository(Connection& connection, EventLog& events,
                                                 const Clock& clock)
    : connection_(connection), events_(events), clock_(clock) {}

absl::StatusOr<std::map<std::string, domain::Product>> SqliteCatalogRepository::Find(
    const std::vector<std::string>& skus) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kProductColumns, " FROM products WHERE sku = ?1");
  std::map<std::string, domain::Product> products;
  for (const std::string& sku : skus) {
    if (products.contains(sku)) continue;
    absl::StatusOr<Statement> select = connection_.Prepare(kSql);
    if (!select.ok()) return select.status();
    select->Bind(1, sku);
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (*row) products.emplace(sku, ReadProduct(*select));
  }
  return products;
}

absl::Status SqliteCatalogRepository::AddPreorderSold(const std::string& sku, int64_t delta) {
  absl::StatusOr<Statement> update = connection_.Prepare(
      "UPDATE products SET preorder_sold = preorder_sold + ?1, version = version + 1 "
      "WHERE sku = ?2 AND preorder = 1 AND preorder_sold + ?1 BETWEEN 0 AND preorder_cap "
      "RETURNING preorder_sold, preorder_cap, version");
  if (!update.ok()) return update.status();
  update->Bind(1, delta).Bind(2, sku);
  absl::StatusOr<bool> row = update->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    absl::StatusOr<std::map<std::string, domain::Product>> found = Find({sku});
    if (!found.ok()) return found.status();
    if (found->empty()) return absl::NotFoundError(absl::StrCat("product ", sku, " not found"));
    const domain::Product& p = found->begin()->second;
    if (!p.preorder) {
      return absl::FailedPreconditionError(
          absl::StrCat("product ", sku, " is not sold as a preorder"));
    }
    return absl::FailedPreconditionError(absl::StrFormat(
        "preorder limit of %s: %d of %d sold, cannot %s %d", sku, p.preorder_sold, p.preorder_cap,
        delta < 0 ? "give back" : "sell", delta < 0 ? -delta : delta));
  }
  const int64_t sold = update->ColumnInt(0);
  const int64_t cap = update->ColumnInt(1);
  const int64_t version = update->ColumnInt(2);
  return events_
      .Append({.aggregate_type = "product",
               .aggregate_id = sku,
               .aggregate_version = version,
               .event_type = "PreorderCountChanged",
               .summary = absl::StrFormat("preorders of %s: %d of %d sold", sku, sold, cap),
               .occurred_at = clock_.Now(),
               .details = {{"sku", sku},
                           {"delta", delta},
                           {"preorder_sold", sold},
                           {"preorder_cap", cap}}})
      .status();
}

absl::Status SqliteCatalogRepository::EndPreorders(const std::string& sku) {
  absl::StatusOr<Statement> update = connection_.Prepare(
      "UPDATE products SET preorder_cap = preorder_sold, version = version + 1 "
      "WHERE sku = ?1 AND preorder = 1 RETURNING preorder_sold, version");
  if (!update.ok()) return update.status();
  update->Bind(1, sku);
  absl::StatusOr<bool> row = update->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    absl::StatusOr<std::map<std::string, domain::Product>> found = Find({sku});
    if (!found.ok()) return found.status();
    if (found->empty()) return absl::NotFoundError(absl::StrCat("product ", sku, " not found"));
    return absl::FailedPreconditionError(
        absl::StrCat("product ", sku, " is not sold as a preorder"));
  }
  const int64_t sold = update->ColumnInt(0);
  const int64_t version = update->ColumnInt(1);
  return events_
      .Append({.aggregate_type = "product",
               .aggregate_id = sku,
               .aggregate_version = version,
               .event_type = "PreordersEnded",
               .summary = absl::StrFormat("preorders of %s ended: %d sold, no more taken", sku,
                                          sold),
               .occurred_at = clock_.Now(),
               .details = {{"sku", sku}, {"preorder_sold", sold}, {"preorder_cap", sold}}})
      .status();
}

}  // namespace oms::storage
