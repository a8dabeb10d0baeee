#include "server/storage/sqlite_event_feed.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/storage/order_codec.h"
#include "server/storage/read_helpers.h"
#include "server/storage/row_readers.h"

namespace oms::storage {
namespace {

constexpr int kMaxEvents = 500;

// The stock id is "SKU@NODE"; these take it apart in SQL.
constexpr char kStockSku[] = "substr(aggregate_id, 1, instr(aggregate_id, '@') - 1)";
constexpr char kStockNode[] = "substr(aggregate_id, instr(aggregate_id, '@') + 1)";

std::string AggregateRegion() {
  return absl::StrCat(
      "CASE aggregate_type "
      "WHEN 'order' THEN (SELECT region FROM orders WHERE order_id = outbox.aggregate_id) "
      "WHEN 'stock' THEN (SELECT region FROM nodes WHERE node_id = ",
      kStockNode, ") ELSE '' END");
}

// Order membership through a side table keyed (key, created_at, order_id).
std::string OrderHas(const char* table, const char* column, int parameter) {
  return absl::StrCat("EXISTS (SELECT 1 FROM orders o JOIN ", table, " t ON t.", column, " = ?",
                      parameter,
                      " AND t.created_at = o.created_at AND t.order_id = o.order_id "
                      "WHERE o.order_id = outbox.aggregate_id)");
}

// The statement for the filters present; each shape is prepared once per
// connection (the text is the cache key). Parameters: ?1 after, ?2 upper
// bound, ?3 type, ?4 id, ?5 event types (JSON array), ?6 sku, ?7 node,
// ?8 region, ?9 limit, ?10 origin region.
std::string SelectFor(const application::EventFilter& f, bool with_payload) {
  std::string sql =
      absl::StrCat("SELECT ", kStoredEventColumns, ", ", with_payload ? "payload" : "''", ", ",
                   AggregateRegion(), " FROM outbox WHERE seq > ?1 AND seq <= ?2");
  if (!f.aggregate_type.empty()) absl::StrAppend(&sql, " AND aggregate_type = ?3");
  if (!f.aggregate_id.empty()) absl::StrAppend(&sql, " AND aggregate_id = ?4");
  if (!f.event_types.empty()) {
    absl::StrAppend(&sql, " AND event_type IN (SELECT value FROM json_each(?5))");
  }
  if (!f.sku.empty()) {
    absl::StrAppend(&sql, " AND CASE aggregate_type WHEN 'stock' THEN ", kStockSku,
                    " = ?6 WHEN 'order' THEN ", OrderHas("order_skus", "sku", 6), " ELSE 0 END");
  }
  if (!f.node_id.empty()) {
    absl::StrAppend(&sql, " AND CASE aggregate_type WHEN 'stock' THEN ", kStockNode,
                    " = ?7 WHEN 'order' THEN ", OrderHas("order_nodes", "node_id", 7),
                    " ELSE 0 END");
  }
  if (!f.region.empty()) absl::StrAppend(&sql, " AND ", AggregateRegion(), " = ?8");
  if (!f.origin_region.empty()) absl::StrAppend(&sql, " AND origin_region = ?10");
  absl::StrAppend(&sql, " ORDER BY seq LIMIT ?9");
  return sql;
}

absl::StatusOr<int64_t> Head(Connection& connection) {
  absl::StatusOr<Statement> select = connection.Prepare("SELECT coalesce(max(seq), 0) FROM outbox");
  if (!select.ok()) return select.status();
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return *row ? select->ColumnInt(0) : 0;
}

}  // namespace

absl::StatusOr<int64_t> SqliteEventFeed::LastSequence() {
  ReadPool::Lease connection = pool_.Acquire();
  return Head(*connection);
}

absl::StatusOr<application::FollowedPage> SqliteEventFeed::ReadAfter(
    int64_t after, const application::EventFilter& filter, int max_events, bool with_payload) {
  if (max_events < 1 || max_events > kMaxEvents) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_events: must be 1 to ", kMaxEvents, ", not ", max_events));
  }
  ReadPool::Lease connection = pool_.Acquire();
  ReadSnapshot snapshot(*connection);
  absl::StatusOr<int64_t> head = Head(*connection);
  if (!head.ok()) return head.status();

  application::FollowedPage page;
  const int64_t upper = std::min(*head, after + kScanWindow);
  page.scanned_through = std::max(after, upper);
  if (upper <= after) return page;

  absl::StatusOr<Statement> select = connection->Prepare(SelectFor(filter, with_payload));
  if (!select.ok()) return select.status();
  select->Bind(1, after).Bind(2, upper).Bind(9, max_events);
  if (!filter.aggregate_type.empty()) select->Bind(3, filter.aggregate_type);
  if (!filter.aggregate_id.empty()) select->Bind(4, filter.aggregate_id);
  if (!filter.event_types.empty()) select->Bind(5, nlohmann::json(filter.event_types).dump());
  if (!filter.sku.empty()) select->Bind(6, filter.sku);
  if (!filter.node_id.empty()) select->Bind(7, filter.node_id);
  if (!filter.region.empty()) select->Bind(8, filter.region);
  if (!filter.origin_region.empty()) select->Bind(10, filter.origin_region);

  absl::Status status = ForEachRow(*select, [&](Statement& s) {
    application::FollowedEvent followed;
    followed.event = ReadStoredEvent(s);
    followed.event.payload_json = s.ColumnText(13);
    followed.aggregate_region = s.ColumnText(14);
    page.events.push_back(std::move(followed));
  });
  if (!status.ok()) return status;
  // A full page may have stopped short of the window: resume after its last row.
  if (static_cast<int>(page.events.size()) == max_events) {
    page.scanned_through = page.events.back().event.sequence;
  }
  return page;
}

}  // namespace oms::storage
