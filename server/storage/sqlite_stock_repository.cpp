#include "server/storage/sqlite_stock_repository.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/storage/order_codec.h"

namespace oms::storage {
namespace {

constexpr char kLevelColumns[] = "on_hand, reserved, safety_stock, version";

// Reads kLevelColumns starting at column `first`.
domain::StockLevel LevelFrom(const Statement& s, const std::string& sku, const std::string& node_id,
                             int first = 0) {
  domain::StockLevel level;
  level.sku = sku;
  level.node_id = node_id;
  level.on_hand = s.ColumnInt(first);
  level.reserved = s.ColumnInt(first + 1);
  level.safety_stock = s.ColumnInt(first + 2);
  level.version = s.ColumnInt(first + 3);
  return level;
}

// Steps a statement expected to return at most one level row.
absl::StatusOr<std::optional<domain::StockLevel>> OneLevel(Statement& s, const std::string& sku,
                                                           const std::string& node_id) {
  absl::StatusOr<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return LevelFrom(s, sku, node_id);
}

std::string Where(const std::string& sku, const std::string& node_id) {
  return absl::StrCat(sku, " at ", node_id);
}

}  // namespace

SqliteStockRepository::SqliteStockRepository(Connection& connection, EventLog& events,
                                             const Clock& clock)
    : connection_(connection), events_(events), clock_(clock) {}

absl::StatusOr<std::vector<domain::StockLevel>> SqliteStockRepository::ForSkus(
    const std::vector<std::string>& skus) {
  std::vector<domain::StockLevel> levels;
  // One cached statement per SKU rather than an IN list whose SQL text (and
  // cache entry) would differ with every count.
  for (const std::string& sku : skus) {
    absl::StatusOr<Statement> select = connection_.Prepare(
        "SELECT s.node_id, s.on_hand, s.reserved, s.safety_stock, s.version, n.region "
        "FROM stock s JOIN nodes n ON n.node_id = s.node_id WHERE s.sku = ?1 ORDER BY s.node_id");
    if (!select.ok()) return select.status();
    select->Bind(1, sku);
    for (;;) {
      absl::StatusOr<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      domain::StockLevel level = LevelFrom(*select, sku, select->ColumnText(0), 1);
      level.region = select->ColumnText(5);
      levels.push_back(std::move(level));
    }
  }
  return levels;
}

absl::StatusOr<domain::StockLevel> SqliteStockRepository::Get(const std::string& sku,
                                                              const std::string& node_id) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT s.on_hand, s.reserved, s.safety_stock, s.version, n.region "
      "FROM stock s JOIN nodes n ON n.node_id = s.node_id WHERE s.sku = ?1 AND s.node_id = ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, sku).Bind(2, node_id);
  absl::StatusOr<std::optional<domain::StockLevel>> level = OneLevel(*select, sku, node_id);
  if (!level.ok()) return level.status();
  if (!level->has_value()) {
    return absl::NotFoundError(absl::StrCat("no stock of ", Where(sku, node_id)));
  }
  (*level)->region = select->ColumnText(4);
  return **level;
}

absl::Status SqliteStockRepository::Reserve(const std::string& sku, const std::string& node_id,
                                            int64_t quantity, const std::string& order_id) {
  if (quantity <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reserve ", Where(sku, node_id), ": quantity must be at least 1, got ", quantity));
  }
  // The condition is the guard against overselling: no read-then-write.
  static const std::string kSql = absl::StrCat(
      "UPDATE stock SET reserved = reserved + ?1, version = version + 1 "
      "WHERE sku = ?2 AND node_id = ?3 AND on_hand - reserved - safety_stock >= ?1 RETURNING ",
      kLevelColumns);
  absl::StatusOr<Statement> update = connection_.Prepare(kSql);
  if (!update.ok()) return update.status();
  update->Bind(1, quantity).Bind(2, sku).Bind(3, node_id);
  absl::StatusOr<std::optional<domain::StockLevel>> level = OneLevel(*update, sku, node_id);
  if (!level.ok()) return level.status();
  if (!level->has_value()) {
    absl::StatusOr<domain::StockLevel> current = Get(sku, node_id);
    if (!current.ok() && current.status().code() != absl::StatusCode::kNotFound) {
      return current.status();
    }
    return absl::FailedPreconditionError(
        absl::StrFormat("out of stock: %s has %d available, %d requested", Where(sku, node_id),
                        current.ok() ? current->available() : 0, quantity));
  }
  return Record(**level, {.kind = "reserve",
                          .event_type = "StockReserved",
                          .delta_reserved = quantity,
                          .order_id = order_id});
}

absl::Status SqliteStockRepository::Release(const std::string& sku, const std::string& node_id,
                                            int64_t quantity, const std::string& order_id) {
  if (quantity <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "release ", Where(sku, node_id), ": quantity must be at least 1, got ", quantity));
  }
  static const std::string kSql = absl::StrCat(
      "UPDATE stock SET reserved = reserved - ?1, version = version + 1 "
      "WHERE sku = ?2 AND node_id = ?3 AND reserved >= ?1 RETURNING ",
      kLevelColumns);
  absl::StatusOr<Statement> update = connection_.Prepare(kSql);
  if (!update.ok()) return update.status();
  update->Bind(1, quantity).Bind(2, sku).Bind(3, node_id);
  absl::StatusOr<std::optional<domain::StockLevel>> level = OneLevel(*update, sku, node_id);
  if (!level.ok()) return level.status();
  if (!level->has_value()) {
    absl::StatusOr<domain::StockLevel> current = Get(sku, node_id);
    return absl::InternalError(
        absl::StrFormat("cannot release %d of %s for order %s: only %d reserved there", quantity,
                        Where(sku, node_id), order_id, current.ok() ? current->reserved : 0));
  }
  return Record(**level, {.kind = "release",
                          .event_type = "StockReleased",
                          .delta_reserved = -quantity,
                          .order_id = order_id});
}

absl::Status SqliteStockRepository::Consume(const std::string& sku, const std::string& node_id,
                                            int64_t quantity, const std::string& order_id) {
  if (quantity <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ship ", Where(sku, node_id), ": quantity must be at least 1, got ", quantity));
  }
  // A shipment consumes stock only where its units are reserved.
  static const std::string kSql = absl::StrCat(
      "UPDATE stock SET on_hand = on_hand - ?1, reserved = reserved - ?1, version = version + 1 "
      "WHERE sku = ?2 AND node_id = ?3 AND reserved >= ?1 RETURNING ",
      kLevelColumns);
  absl::StatusOr<Statement> update = connection_.Prepare(kSql);
  if (!update.ok()) return update.status();
  update->Bind(1, quantity).Bind(2, sku).Bind(3, node_id);
  absl::StatusOr<std::optional<domain::StockLevel>> level = OneLevel(*update, sku, node_id);
  if (!level.ok()) return level.status();
  if (!level->has_value()) {
    absl::StatusOr<domain::StockLevel> current = Get(sku, node_id);
    return absl::InternalError(
        absl::StrFormat("cannot ship %d of %s for order %s: only %d reserved there", quantity,
                        Where(sku, node_id), order_id, current.ok() ? current->reserved : 0));
  }
  return Record(**level, {.kind = "ship",
                          .event_type = "StockShipped",
                          .delta_on_hand = -quantity,
                          .delta_reserved = -quantity,
                          .order_id = order_id});
}

absl::StatusOr<domain::StockLevel> SqliteStockRepository::Adjust(const std::string& sku,
                                                                 const std::string& node_id,
                                                                 domain::StockAdjustment kind,
                                                                 int64_t quantity,
                                                                 const std::string& reason) {
  const bool is_count = kind == domain::StockAdjustment::kCount;
  if (quantity < 0 || (quantity == 0 && !is_count)) {
    return absl::InvalidArgumentError(
        absl::StrCat("adjust ", Where(sku, node_id), ": quantity must be ",
                     is_count ? "zero or more" : "at least 1", ", got ", quantity));
  }
  absl::StatusOr<domain::StockLevel> current = Get(sku, node_id);
  const bool exists = current.ok();
  if (!exists && current.status().code() != absl::StatusCode::kNotFound) return current.status();
  if (!exists && kind == domain::StockAdjustment::kDamage) return current.status();
  const int64_t on_hand = exists ? current->on_hand : 0;
  const int64_t reserved = exists ? current->reserved : 0;

  int64_t new_on_hand = on_hand;
  std::string kind_name;
  switch (kind) {
    case domain::StockAdjustment::kReceive:
      new_on_hand = on_hand + quantity;
      kind_name = "receive";
      break;
    case domain::StockAdjustment::kCount:
      new_on_hand = quantity;
      kind_name = "count";
      break;
    case domain::StockAdjustment::kDamage:
      new_on_hand = on_hand - quantity;
      kind_name = "damage";
      break;
  }
  if (new_on_hand < reserved) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s of %d at %s would leave %d on hand, below the %d units reserved there; release or "
        "reroute those reservations first",
        kind_name, quantity, Where(sku, node_id), new_on_hand, reserved));
  }

  // The writer is the only one changing rows, so the level read above is
  // still current; the version check keeps that assumption honest.
  static const std::string kSql = absl::StrCat(
      "INSERT INTO stock (sku, node_id, on_hand) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (sku, node_id) DO UPDATE SET on_hand = excluded.on_hand, "
      "version = version + 1 WHERE version = ?4 RETURNING ",
      kLevelColumns);
  absl::StatusOr<Statement> write = connection_.Prepare(kSql);
  if (!write.ok()) return write.status();
  write->Bind(1, sku).Bind(2, node_id).Bind(3, new_on_hand).Bind(4, exists ? current->version : 0);
  absl::StatusOr<std::optional<domain::StockLevel>> level = OneLevel(*write, sku, node_id);
  if (!level.ok()) {
    if (level.status().code() == absl::StatusCode::kFailedPrecondition && !exists) {
      return absl::NotFoundError(absl::StrCat("cannot stock ", Where(sku, node_id),
                                              ": unknown SKU or node; add them first"));
    }
    return level.status();
  }
  if (!level->has_value()) {
    return absl::AbortedError(
        absl::StrCat("stock of ", Where(sku, node_id), " was changed by someone else; retry"));
  }
  (*level)->region = exists ? current->region : "";
  if (absl::Status status = Record(**level, {.kind = kind_name,
                                             .event_type = "StockAdjusted",
                                             .delta_on_hand = new_on_hand - on_hand,
                                             .reason = reason});
      !status.ok()) {
    return status;
  }
  if (!exists) return Get(sku, node_id);  // picks up the node's region
  return **level;
}

absl::Status SqliteStockRepository::Record(const domain::StockLevel& level, const Change& change) {
  const absl::Time now = clock_.Now();
  absl::StatusOr<Statement> ledger = connection_.Prepare(
      "INSERT INTO stock_ledger (sku, node_id, delta_on_hand, delta_reserved, kind, reason, "
      "order_id, occurred_at, principal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!ledger.ok()) return ledger.status();
  ledger->Bind(1, level.sku)
      .Bind(2, level.node_id)
      .Bind(3, change.delta_on_hand)
      .Bind(4, change.delta_reserved)
      .Bind(5, change.kind)
      .Bind(6, change.reason)
      .Bind(7, change.order_id)
      .Bind(8, ToMicros(now))
      .Bind(9, events_.actor().principal_id);
  if (absl::Status status = ledger->Run(); !status.ok()) return status;

  const std::string aggregate_id = absl::StrCat(level.sku, "@", level.node_id);
  std::string summary;
  if (change.delta_reserved > 0) {
    summary = absl::StrFormat("reserved %d of %s for order %s; %d available", change.delta_reserved,
                              Where(level.sku, level.node_id), change.order_id, level.available());
  } else if (change.delta_reserved < 0) {
    summary =
        absl::StrFormat("released %d of %s from order %s; %d available", -change.delta_reserved,
                        Where(level.sku, level.node_id), change.order_id, level.available());
  } else {
    summary = absl::StrFormat("%s: %s on hand %+d, now %d (%d available)%s%s", change.kind,
                              Where(level.sku, level.node_id), change.delta_on_hand, level.on_hand,
                              level.available(), change.reason.empty() ? "" : ": ", change.reason);
  }
  nlohmann::json details = {{"sku", level.sku},
                            {"node_id", level.node_id},
                            {"kind", change.kind},
                            {"delta_on_hand", change.delta_on_hand},
                            {"delta_reserved", change.delta_reserved},
                            {"on_hand", level.on_hand},
                            {"reserved", level.reserved},
                            {"safety_stock", level.safety_stock},
                            {"available", level.available()}};
  if (!change.order_id.empty()) details["order_id"] = change.order_id;
  if (!change.reason.empty()) details["reason"] = change.reason;
  absl::StatusOr<int64_t> seq = events_.Append({.aggregate_type = "stock",
                                                .aggregate_id = aggregate_id,
                                                .aggregate_version = level.version,
                                                .event_type = change.event_type,
                                                .summary = summary,
                                                .occurred_at = now,
                                                .details = std::move(details)});
  return seq.status();
}

}  // namespace oms::storage
