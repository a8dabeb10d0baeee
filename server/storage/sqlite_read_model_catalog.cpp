// SqliteReadModel: stock, products and nodes (see sqlite_read_model.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/storage/page_token.h"
#include "server/storage/read_helpers.h"
#include "server/storage/row_readers.h"
#include "server/storage/sqlite_node_repository.h"
#include "server/storage/sqlite_read_model.h"

namespace oms::storage {
namespace {

constexpr int kMaxPageSize = 500;

constexpr char kStockSelect[] =
    "SELECT s.sku, s.node_id, s.on_hand, s.reserved, s.safety_stock, s.version, n.region "
    "FROM stock s JOIN nodes n ON n.node_id = s.node_id";

domain::StockLevel ReadStock(const Statement& s) {
  domain::StockLevel level;
  level.sku = s.ColumnText(0);
  level.node_id = s.ColumnText(1);
  level.on_hand = s.ColumnInt(2);
  level.reserved = s.ColumnInt(3);
  level.safety_stock = s.ColumnInt(4);
  level.version = s.ColumnInt(5);
  level.region = s.ColumnText(6);
  return level;
}

// "%text%" for LIKE, with LIKE's own wildcards in the text taken literally.
std::string ContainsPattern(const std::string& text) {
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace

absl::StatusOr<std::vector<domain::StockLevel>> SqliteReadModel::Availability(
    const std::string& sku) {
  static const std::string kSql =
      absl::StrCat(kStockSelect, " WHERE s.sku = ?1 ORDER BY s.node_id");
  ReadPool::Lease connection = pool_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(kSql);
  if (!select.ok()) return select.status();
  select->Bind(1, sku);
  std::vector<domain::StockLevel> levels;
  absl::Status status = ForEachRow(*select, [&](Statement& s) { levels.push_back(ReadStock(s)); });
  if (!status.ok()) return status;
  return levels;
}

absl::StatusOr<application::Page<domain::StockLevel>> SqliteReadModel::ListStock(
    const application::StockFilter& filter) {
  const int size = ClampPageSize(filter.page_size, 100, kMaxPageSize);
  std::vector<std::string> conditions;
  std::vector<std::string> args;
  if (!filter.sku.empty()) {
    conditions.push_back("s.sku = ?");
    args.push_back(filter.sku);
  }
  if (!filter.node_id.empty()) {
    conditions.push_back("s.node_id = ?");
    args.push_back(filter.node_id);
  }
  if (!filter.region.empty()) {
    conditions.push_back("n.region = ?");
    args.push_back(filter.region);
  }
  if (!filter.page_token.empty()) {
    absl::StatusOr<std::vector<std::string>> after = DecodePageToken(filter.page_token, "stock", 2);
    if (!after.ok()) return after.status();
    conditions.push_back("(s.sku, s.node_id) > (?, ?)");
    args.push_back((*after)[0]);
    args.push_back((*after)[1]);
  }
  const std::string sql =
      absl::StrCat(kStockSelect, conditions.empty() ? "" : " WHERE ",
                   absl::StrJoin(conditions, " AND "), " ORDER BY s.sku, s.node_id LIMIT ?");

  ReadPool::Lease connection = pool_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(sql);
  if (!select.ok()) return select.status();
  int index = 0;
  for (const std::string& arg : args) select->Bind(++index, arg);
  select->Bind(++index, size + 1);
  application::Page<domain::StockLevel> page;
  absl::Status status =
      ForEachRow(*select, [&](Statement& s) { page.items.push_back(ReadStock(s)); });
  if (!status.ok()) return status;
  if (static_cast<int>(page.items.size()) > size) {
    page.items.pop_back();
    page.next_page_token =
        EncodePageToken("stock", {page.items.back().sku, page.items.back().node_id});
  }
  return page;
}

absl::StatusOr<domain::Product> SqliteReadModel::GetProduct(const std::string& sku) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kProductColumns, " FROM products WHERE sku = ?1");
  ReadPool::Lease connection = pool_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(kSql);
  if (!select.ok()) return select.status();
  select->Bind(1, sku);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat("product ", sku, " not found"));
  return ReadProduct(*select);
}

absl::StatusOr<application::Page<domain::Product>> SqliteReadModel::ListProducts(
    const std::string& name_contains, int page_size, const std::string& page_token) {
  const int size = ClampPageSize(page_size, 50, kMaxPageSize);
  std::string after;
  if (!page_token.empty()) {
    absl::StatusOr<std::vector<std::string>> parts = DecodePageToken(page_token, "products", 1);
    if (!parts.ok()) return parts.status();
    after = (*parts)[0];
  }
  // The catalog is small (thousands of rows), so a contains-match may scan it.
  static const std::string kSql = absl::StrCat(
      "SELECT ", kProductColumns,
      " FROM products WHERE (?1 = '' OR name LIKE ?2 ESCAPE '\\' OR sku LIKE ?2 ESCAPE '\\') "
      "AND sku > ?3 ORDER BY sku LIMIT ?4");
  ReadPool::Lease connection = pool_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(kSql);
  if (!select.ok()) return select.status();
  select->Bind(1, name_contains)
      .Bind(2, ContainsPattern(name_contains))
      .Bind(3, after)
      .Bind(4, size + 1);
  application::Page<domain::Product> page;
  absl::Status status =
      ForEachRow(*select, [&](Statement& s) { page.items.push_back(ReadProduct(s)); });
  if (!status.ok()) return status;
  if (static_cast<int>(page.items.size()) > size) {
    page.items.pop_back();
    page.next_page_token = EncodePageToken("products", {page.items.back().sku});
  }
  return page;
}

absl::StatusOr<std::vector<domain::FulfillmentNode>> SqliteReadModel::ListNodes() {
  ReadPool::Lease connection = pool_.Acquire();
  return AllNodes(*connection);
}

}  // namespace oms::storage
