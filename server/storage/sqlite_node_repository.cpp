#include "server/storage/sqlite_node_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/row_readers.h"

namespace oms::storage {

absl::StatusOr<std::vector<domain::FulfillmentNode>> AllNodes(Connection& connection) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kNodeColumns, " FROM nodes ORDER BY node_id");
  absl::StatusOr<Statement> select = connection.Prepare(kSql);
  if (!select.ok()) return select.status();
  std::vector<domain::FulfillmentNode> nodes;
  for (;;) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return nodes;
    absl::StatusOr<domain::FulfillmentNode> node = ReadNode(*select);
    if (!node.ok()) return node.status();
    nodes.push_back(*std::move(node));
  }
}

absl::StatusOr<std::vector<domain::FulfillmentNode>> SqliteNodeRepository::All() {
  return AllNodes(connection_);
}

}  // namespace oms::storage
