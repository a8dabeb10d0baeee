// SqliteReadModel: shipments. The shipments table finds them; the order's
// body, read in the same snapshot, is their truth.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/storage/order_codec.h"
#include "server/storage/page_token.h"
#include "server/storage/read_helpers.h"
#include "server/storage/sqlite_read_model.h"

namespace oms::storage {
namespace {

constexpr int kMaxPageSize = 500;

absl::StatusOr<application::ShipmentView> ShipmentOf(Connection& connection,
                                                 const std::string& order_id,
                                                 const std::string& shipment_id) {
  absl::StatusOr<Statement> select =
      connection.Prepare("SELECT body FROM orders WHERE order_id = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, order_id);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat("shipment ", shipment_id, " not found"));
  absl::StatusOr<domain::OrderState> order = DecodeOrderState(select->ColumnText(0));
  if (!order.ok()) return order.status();
  for (auto& s : order->shipments) {
    if (s.shipment_id == shipment_id) {
      return application::ShipmentView{std::move(s), order->currency};
    }
  }
  return absl::InternalError(
      absl::StrCat("shipment ", shipment_id, " is indexed but not in order ", order_id));
}

}  // namespace

absl::StatusOr<application::Page<application::ShipmentView>> SqliteReadModel::ListShipments(
    const application::ShipmentFilter& filter) {
  const int size = ClampPageSize(filter.page_size, 100, kMaxPageSize);
  std::vector<std::string> conditions;
  std::vector<std::string> args;
  if (!filter.node_id.empty()) {
    conditions.push_back("node_id = ?");
    args.push_back(filter.node_id);
  }
  if (!filter.order_id.empty()) {
    conditions.push_back("order_id = ?");
    args.push_back(filter.order_id);
  }
  if (!filter.statuses.empty()) {
    std::vector<std::string> marks;
    for (auto status : filter.statuses) {
      marks.push_back("?");
      args.emplace_back(domain::Name(status));
    }
    conditions.push_back(absl::StrCat("status IN (", absl::StrJoin(marks, ", "), ")"));
  }
  int64_t after_created = 0;
  std::string after_id;
  const bool paged = !filter.page_token.empty();
  if (paged) {
    absl::StatusOr<std::vector<std::string>> after =
        DecodePageToken(filter.page_token, "shipments", 2);
    if (!after.ok()) return after.status();
    if (!absl::SimpleAtoi((*after)[0], &after_created)) {
      return absl::InvalidArgumentError("page_token: not a token of this list");
    }
    after_id = (*after)[1];
    conditions.push_back("(created_at, shipment_id) > (?, ?)");
  }
  const std::string sql = absl::StrCat(
      "SELECT order_id, shipment_id, created_at FROM shipments",
      conditions.empty() ? "" : " WHERE ", absl::StrJoin(conditions, " AND "),
      " ORDER BY created_at, shipment_id LIMIT ?");

  ReadPool::Lease connection = pool_.Acquire();
  ReadSnapshot snapshot(*connection);
  absl::StatusOr<Statement> select = connection->Prepare(sql);
  if (!select.ok()) return select.status();
  int index = 0;
  for (const std::string& arg : args) select->Bind(++index, arg);
  if (paged) {
    select->Bind(++index, after_created);
    select->Bind(++index, after_id);
  }
  select->Bind(++index, size + 1);
  struct Key {
    std::string order_id, shipment_id;
    int64_t created_at;
  };
  std::vector<Key> keys;
  absl::Status status = ForEachRow(*select, [&](Statement& s) {
    keys.push_back({s.ColumnText(0), s.ColumnText(1), s.ColumnInt(2)});
  });
  if (!status.ok()) return status;
  application::Page<application::ShipmentView> page;
  if (static_cast<int>(keys.size()) > size) {
    keys.pop_back();
    page.next_page_token = EncodePageToken(
        "shipments", {absl::StrCat(keys.back().created_at), keys.back().shipment_id});
  }
  for (const Key& key : keys) {
    absl::StatusOr<application::ShipmentView> shipment =
        ShipmentOf(*connection, key.order_id, key.shipment_id);
    if (!shipment.ok()) return shipment.status();
    page.items.push_back(std::move(*shipment));
  }
  return page;
}

absl::StatusOr<application::ShipmentView> SqliteReadModel::GetShipment(
    const std::string& shipment_id) {
  ReadPool::Lease connection = pool_.Acquire();
  ReadSnapshot snapshot(*connection);
  absl::StatusOr<Statement> select =
      connection->Prepare("SELECT order_id FROM shipments WHERE shipment_id = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, shipment_id);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat("shipment ", shipment_id, " not found"));
  return ShipmentOf(*connection, select->ColumnText(0), shipment_id);
}

}  // namespace oms::storage
