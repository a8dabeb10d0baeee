#include "server/storage/sqlite_order_repository.h"

#include "server/storage/search_keys.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/storage/order_codec.h"
#include "server/storage/order_row.h"

namespace oms::storage {
namespace {

std::string_view InsertSqlFor(char table) {
  switch (table) {
    case 's':
      return "INSERT OR IGNORE INTO order_skus (sku, created_at, order_id) VALUES (?1, ?2, ?3)";
    case 'n':
      return "INSERT OR IGNORE INTO order_nodes (node_id, created_at, order_id) "
             "VALUES (?1, ?2, ?3)";
    case 'b':
      return "INSERT OR IGNORE INTO order_backorders (sku, created_at, order_id) "
             "VALUES (?1, ?2, ?3)";
    case 'p':
      return "INSERT OR IGNORE INTO order_preorders (sku, created_at, order_id) "
             "VALUES (?1, ?2, ?3)";
    default:
      return "INSERT OR IGNORE INTO order_name_tokens (token, created_at, order_id) "
             "VALUES (?1, ?2, ?3)";
  }
}

std::string_view DeleteSqlFor(char table) {
  switch (table) {
    case 's':
      return "DELETE FROM order_skus WHERE sku = ?1 AND created_at = ?2 AND order_id = ?3";
    case 'n':
      return "DELETE FROM order_nodes WHERE node_id = ?1 AND created_at = ?2 AND order_id = ?3";
    case 'b':
      return "DELETE FROM order_backorders WHERE sku = ?1 AND created_at = ?2 AND order_id = ?3";
    case 'p':
      return "DELETE FROM order_preorders WHERE sku = ?1 AND created_at = ?2 AND order_id = ?3";
    default:
      return "DELETE FROM order_name_tokens WHERE token = ?1 AND created_at = ?2 AND order_id = ?3";
  }
}

bool KeyLess(const IndexKey& a, const IndexKey& b) {
  return a.table != b.table ? a.table < b.table : a.key < b.key;
}

// Every column of an `orders` row, bound by BindRowColumns (?1 is the id).
constexpr char kInsertOrder[] =
    "INSERT INTO orders (order_id, order_number, region, channel, external_ref, customer_id, "
    "email_norm, phone_digits, customer_name, status, payment_status, fulfillment_status, "
    "total_minor, currency, line_count, holds, created_at, updated_at, version, index_keys, "
    "body, name_norm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";
constexpr char kUpdateOrder[] =
    "UPDATE orders SET order_number = ?2, region = ?3, channel = ?4, external_ref = ?5, "
    "customer_id = ?6, email_norm = ?7, phone_digits = ?8, customer_name = ?9, status = ?10, "
    "payment_status = ?11, fulfillment_status = ?12, total_minor = ?13, currency = ?14, "
    "line_count = ?15, holds = ?16, created_at = ?17, updated_at = ?18, version = ?19, "
    "index_keys = ?20, body = ?21, name_norm = ?22 WHERE order_id = ?1";

// The columns both INSERT and UPDATE write, bound from ?2 on (?1 is the id).
void BindRowColumns(Statement& s, const domain::OrderState& state, const OrderRow& row,
                    const std::string& body) {
  s.Bind(2, state.order_number)
      .Bind(3, state.region)
      .Bind(4, state.channel)
      .Bind(5, state.external_ref)
      .Bind(6, state.customer.customer_id)
      .Bind(7, row.email_norm)
      .Bind(8, row.phone_digits)
      .Bind(9, state.customer.name)
      .Bind(10, row.status)
      .Bind(11, row.payment_status)
      .Bind(12, row.fulfillment_status)
      .Bind(13, state.totals.total_minor)
      .Bind(14, state.currency)
      .Bind(15, static_cast<int64_t>(state.lines.size()))
      .Bind(16, row.holds)
      .Bind(17, ToMicros(state.created_at))
      .Bind(18, ToMicros(state.updated_at))
      .Bind(19, state.version)
      .Bind(20, row.index_keys)
      .Bind(21, body)
      .Bind(22, row.name_norm);
}

}  // namespace

SqliteOrderRepository::SqliteOrderRepository(Connection& connection, EventLog& events)
    : connection_(connection), events_(events) {}

absl::StatusOr<domain::Order> SqliteOrderRepository::Load(const std::string& order_id) {
  return LoadWhere("SELECT body, version FROM orders WHERE order_id = ?1", order_id, "order");
}

absl::StatusOr<domain::Order> SqliteOrderRepository::LoadByNumber(const std::string& order_number) {
  return LoadWhere("SELECT body, version FROM orders WHERE order_number = ?1", order_number,
                   "order number");
}

absl::StatusOr<domain::Order> SqliteOrderRepository::LoadWhere(std::string_view sql,
                                                               const std::string& key,
                                                               const char* what) {
  absl::StatusOr<Statement> select = connection_.Prepare(sql);
  if (!select.ok()) return select.status();
  select->Bind(1, key);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat(what, " ", key, " not found"));
  absl::StatusOr<domain::OrderState> state = DecodeOrderState(select->ColumnText(0));
  if (!state.ok()) return state.status();
  // The column is what Update compares against, so it is the version to hold.
  state->version = select->ColumnInt(1);
  return domain::Order::Restore(*std::move(state));
}

absl::Status SqliteOrderRepository::Insert(domain::Order& order) {
  if (order.state().version != 0) {
    return absl::InternalError(absl::StrCat("order ", order.id(), " is already stored (version ",
                                            order.state().version, "); save it with Update"));
  }
  domain::OrderState saved = order.state();
  saved.version = 1;
  const OrderRow row = DeriveOrderRow(saved);

  absl::StatusOr<Statement> insert = connection_.Prepare(kInsertOrder);
  if (!insert.ok()) return insert.status();
  // Serialized once: the body is also the snapshot on the save's last event.
  const std::string body = EncodeOrderState(saved);
  insert->Bind(1, saved.order_id);
  BindRowColumns(*insert, saved, row, body);
  if (absl::Status status = insert->Run(); !status.ok()) {
    if (status.code() != absl::StatusCode::kAlreadyExists) return status;
    if (absl::StrContains(status.message(), "order_number")) {
      return absl::AlreadyExistsError(
          absl::StrCat("order number ", saved.order_number, " is taken"));
    }
    return absl::AlreadyExistsError(absl::StrCat("order ", saved.order_id, " already exists"));
  }
  if (absl::Status status = WriteIndexKeys(saved, "", row.index_keys); !status.ok()) {
    return status;
  }
  if (absl::Status status = WriteShipments(saved); !status.ok()) return status;
  if (absl::Status status = WriteCardAuthorizations(saved); !status.ok()) return status;
  return AppendEvents(order, std::move(saved), body);
}

absl::Status SqliteOrderRepository::Update(domain::Order& order) {
  const int64_t loaded_version = order.state().version;
  if (loaded_version <= 0) {
    return absl::InternalError(
        absl::StrCat("order ", order.id(), " was never stored; save it with Insert"));
  }
  if (order.state().region != events_.region()) {
    // A replica: only its home region writes it (docs/REGIONS.md). The API
    // forwards such changes home; this is the last line if one slips by.
    return absl::UnavailableError(absl::StrCat(
        "order ", order.id(), " belongs to region ", order.state().region,
        "; this region (", events_.region(), ") holds a read-only copy. Send the change to ",
        order.state().region, "."));
  }
  // The stored keys tell which search rows to remove; reading them also
  // tells a missing order (NOT_FOUND) from a changed one (ABORTED).
  std::string old_keys;
  {
    absl::StatusOr<Statement> select =
        connection_.Prepare("SELECT version, index_keys FROM orders WHERE order_id = ?1");
    if (!select.ok()) return select.status();
    select->Bind(1, order.id());
    absl::StatusOr<bool> found = select->Step();
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(absl::StrCat("order ", order.id(), " not found"));
    if (select->ColumnInt(0) != loaded_version) {
      return absl::AbortedError(
          absl::StrCat("order ", order.id(), " was changed by someone else; retry"));
    }
    old_keys = select->ColumnText(1);
  }

  domain::OrderState saved = order.state();
  saved.version = loaded_version + 1;
  const OrderRow row = DeriveOrderRow(saved);
  absl::StatusOr<Statement> update =
      connection_.Prepare(absl::StrCat(kUpdateOrder, " AND version = ?23"));
  if (!update.ok()) return update.status();
  const std::string body = EncodeOrderState(saved);
  update->Bind(1, saved.order_id);
  BindRowColumns(*update, saved, row, body);
  update->Bind(23, loaded_version);
  if (absl::Status status = update->Run(); !status.ok()) return status;
  if (connection_.Changes() != 1) {
    // Unreachable with one writer after the check above; kept because the
    // conditional write, not the read, is what guarantees no lost update.
    return absl::AbortedError(
        absl::StrCat("order ", order.id(), " was changed by someone else; retry"));
  }
  if (old_keys != row.index_keys) {
    if (absl::Status status = WriteIndexKeys(saved, old_keys, row.index_keys); !status.ok()) {
      return status;
    }
  }
  if (absl::Status status = WriteShipments(saved); !status.ok()) return status;
  if (absl::Status status = WriteCardAuthorizations(saved); !status.ok()) return status;
  return AppendEvents(order, std::move(saved), body);
}

absl::StatusOr<bool> SqliteOrderRepository::StoreReplica(const domain::OrderState& state) {
  if (state.region == events_.region()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "order ", state.order_id, " belongs to this region (", state.region,
        "); a replica is only kept of another region's order"));
  }
  if (state.version < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("order ", state.order_id, ": a replica needs a saved version"));
  }
  std::string old_keys;
  bool exists = false;
  {
    absl::StatusOr<Statement> select =
        connection_.Prepare("SELECT version, index_keys FROM orders WHERE order_id = ?1");
    if (!select.ok()) return select.status();
    select->Bind(1, state.order_id);
    absl::StatusOr<bool> found = select->Step();
    if (!found.ok()) return found.status();
    if (*found) {
      if (select->ColumnInt(0) >= state.version) return false;
      exists = true;
      old_keys = select->ColumnText(1);
    }
  }
  OrderRow row = DeriveOrderRow(state);
  // Backorder and preorder queues are the home's work list: a replica in
  // them would be allocated stock here.
  std::vector<IndexKey> keys = DecodeIndexKeys(row.index_keys);
  std::erase_if(keys, [](const IndexKey& k) { return k.table == 'b' || k.table == 'p'; });
  row.index_keys = EncodeIndexKeys(keys);
  const std::string body = EncodeOrderState(state);
  // The channel's reference stays in the body (GetOrder shows it) but not in
  // the column: (channel, external_ref) is unique among this region's own
  // orders, the ones its intake deduplicates, and a channel order taken by
  // two regions must not stop replication of everything after it.
  domain::OrderState row_state = state;
  row_state.external_ref.clear();
  absl::StatusOr<Statement> write = connection_.Prepare(exists ? kUpdateOrder : kInsertOrder);
  if (!write.ok()) return write.status();
  write->Bind(1, state.order_id);
  BindRowColumns(*write, row_state, row, body);
  if (absl::Status status = write->Run(); !status.ok()) return status;
  if (absl::Status status = WriteIndexKeys(state, old_keys, row.index_keys); !status.ok()) {
    return status;
  }
  return true;
}

absl::StatusOr<std::vector<std::string>> SqliteOrderRepository::WaitingFor(
    const std::string& sku, bool preorders, int limit) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      preorders ? "SELECT order_id FROM order_preorders WHERE sku = ?1 "
                  "ORDER BY created_at, order_id LIMIT ?2"
                : "SELECT order_id FROM order_backorders WHERE sku = ?1 "
                  "ORDER BY created_at, order_id LIMIT ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, sku).Bind(2, limit);
  std::vector<std::string> ids;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back(select->ColumnText(0));
  }
  return ids;
}

absl::StatusOr<std::vector<std::string>> SqliteOrderRepository::PreorderedSkus() {
  absl::StatusOr<Statement> select =
      connection_.Prepare("SELECT DISTINCT sku FROM order_preorders ORDER BY sku");
  if (!select.ok()) return select.status();
  std::vector<std::string> skus;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    skus.push_back(select->ColumnText(0));
  }
  return skus;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
SqliteOrderRepository::PickupsExpiredBy(absl::Time now, int limit) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT order_id, shipment_id FROM shipments WHERE status = 'READY_FOR_PICKUP' AND "
      "pickup_expires_at <= ?1 ORDER BY pickup_expires_at LIMIT ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, ToMicros(now)).Bind(2, limit);
  std::vector<std::pair<std::string, std::string>> due;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    due.emplace_back(select->ColumnText(0), select->ColumnText(1));
  }
  return due;
}

absl::StatusOr<std::map<std::string, int>> SqliteOrderRepository::ShipmentsCreatedSince(
    absl::Time since) {
  // From a UTC midnight (what routing asks), the per-day counts of
  // node_day_shipments (migration 0012) give the same answer in one row per
  // node and day; any other instant counts the shipments themselves.
  constexpr int64_t kMicrosPerDay = int64_t{86'400'000'000};
  const int64_t since_micros = ToMicros(since);
  const bool whole_days = since_micros >= 0 && since_micros % kMicrosPerDay == 0;
  absl::StatusOr<Statement> select = connection_.Prepare(
      whole_days ? "SELECT node_id, SUM(shipments) FROM node_day_shipments WHERE day >= ?1 "
                   "GROUP BY node_id"
                 : "SELECT node_id, COUNT(*) FROM shipments WHERE created_at >= ?1 "
                   "GROUP BY node_id");
  if (!select.ok()) return select.status();
  select->Bind(1, whole_days ? since_micros / kMicrosPerDay : since_micros);
  std::map<std::string, int> load;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    load[select->ColumnText(0)] = static_cast<int>(select->ColumnInt(1));
  }
  return load;
}

absl::Status SqliteOrderRepository::WriteShipments(const domain::OrderState& state) {
  for (const auto& s : state.shipments) {
    absl::StatusOr<Statement> upsert = connection_.Prepare(
        "INSERT INTO shipments (shipment_id, order_id, node_id, kind, status, created_at, "
        "updated_at, pickup_expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (shipment_id) DO UPDATE SET status = excluded.status, "
        "updated_at = excluded.updated_at, pickup_expires_at = excluded.pickup_expires_at "
        "WHERE status != excluded.status OR updated_at != excluded.updated_at");
    if (!upsert.ok()) return upsert.status();
    const bool waiting = s.status == domain::ShipmentStatus::kReadyForPickup;
    upsert->Bind(1, s.shipment_id)
        .Bind(2, s.order_id)
        .Bind(3, s.node_id)
        .Bind(4, std::string(domain::Name(s.kind)))
        .Bind(5, std::string(domain::Name(s.status)))
        .Bind(6, ToMicros(s.created_at))
        .Bind(7, ToMicros(s.updated_at))
        .Bind(8, waiting ? ToMicros(s.pickup_expires_at) : int64_t{0});
    if (absl::Status status = upsert->Run(); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status SqliteOrderRepository::WriteCardAuthorizations(const domain::OrderState& state) {
  const bool shipping = state.status == domain::OrderStatus::kConfirmed ||
                        state.status == domain::OrderStatus::kPartiallyFulfilled;
  for (const auto& t : state.tenders) {
    if (t.type != domain::TenderType::kCard) continue;
    const bool open =
        shipping &&
        (t.status == domain::TenderStatus::kAuthorized ||
         t.status == domain::TenderStatus::kCaptured) &&
        t.authorized_minor - t.captured_minor - t.voided_minor > 0;
    // A renewed authorization (a new authorized_at) is due again at once.
    absl::StatusOr<Statement> write = connection_.Prepare(
        open ? "INSERT INTO card_authorizations (order_id, tender_id, authorized_at) "
               "VALUES (?1, ?2, ?3) ON CONFLICT (order_id, tender_id) DO UPDATE SET "
               "authorized_at = excluded.authorized_at, retry_at = 0 "
               "WHERE authorized_at != excluded.authorized_at"
             : "DELETE FROM card_authorizations WHERE order_id = ?1 AND tender_id = ?2");
    if (!write.ok()) return write.status();
    write->Bind(1, state.order_id).Bind(2, t.tender_id);
    if (open) write->Bind(3, ToMicros(t.authorized_at));
    if (absl::Status status = write->Run(); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
SqliteOrderRepository::AuthorizationsMadeBy(absl::Time made_by, absl::Time now, int limit) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT order_id, tender_id FROM card_authorizations WHERE authorized_at <= ?1 AND "
      "retry_at <= ?2 ORDER BY authorized_at LIMIT ?3");
  if (!select.ok()) return select.status();
  select->Bind(1, ToMicros(made_by)).Bind(2, ToMicros(now)).Bind(3, limit);
  std::vector<std::pair<std::string, std::string>> due;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    due.emplace_back(select->ColumnText(0), select->ColumnText(1));
  }
  return due;
}

absl::Status SqliteOrderRepository::PutOffRenewal(const std::string& order_id,
                                                  const std::string& tender_id,
                                                  absl::Time until) {
  absl::StatusOr<Statement> update = connection_.Prepare(
      "UPDATE card_authorizations SET retry_at = ?3 WHERE order_id = ?1 AND tender_id = ?2");
  if (!update.ok()) return update.status();
  update->Bind(1, order_id).Bind(2, tender_id).Bind(3, ToMicros(until));
  return update->Run();
}

absl::StatusOr<bool> SqliteOrderRepository::NumberTaken(const std::string& order_number) {
  absl::StatusOr<Statement> select =
      connection_.Prepare("SELECT 1 FROM orders WHERE order_number = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, order_number);
  return select->Step();
}

absl::StatusOr<int64_t> SqliteOrderRepository::UnitsBought(const std::string& customer_id,
                                                           const std::string& email,
                                                           const std::string& sku) {
  // The customer's orders come from an index (orders_by_customer, or
  // orders_by_email for guests); only those with the SKU are opened.
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT COALESCE(SUM(json_extract(l.value, '$.ordered') - "
      "json_extract(l.value, '$.cancelled')), 0) "
      "FROM orders o, json_each(o.body, '$.lines') l "
      "WHERE ((?1 <> '' AND o.customer_id = ?1) OR (?1 = '' AND ?2 <> '' AND o.email_norm = ?2)) "
      "AND o.status NOT IN ('CANCELLED', 'REJECTED') "
      "AND EXISTS (SELECT 1 FROM order_skus s WHERE s.sku = ?3 AND s.created_at = o.created_at "
      "AND s.order_id = o.order_id) "
      "AND json_extract(l.value, '$.sku') = ?3");
  if (!select.ok()) return select.status();
  select->Bind(1, customer_id).Bind(2, NormalizeEmail(email)).Bind(3, sku);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return *row ? select->ColumnInt(0) : 0;
}

absl::StatusOr<std::optional<std::string>> SqliteOrderRepository::FindByExternalRef(
    const std::string& channel, const std::string& external_ref) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      "SELECT order_id FROM orders WHERE channel = ?1 AND external_ref = ?2 "
      "AND external_ref <> ''");
  if (!select.ok()) return select.status();
  select->Bind(1, channel).Bind(2, external_ref);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return select->ColumnText(0);
}

absl::Status SqliteOrderRepository::WriteIndexKeys(const domain::OrderState& state,
                                                   const std::string& old_keys,
                                                   const std::string& new_keys) {
  std::vector<IndexKey> before = DecodeIndexKeys(old_keys);
  std::vector<IndexKey> after = DecodeIndexKeys(new_keys);
  std::vector<IndexKey> removed;
  std::vector<IndexKey> added;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(removed), KeyLess);
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added), KeyLess);
  const int64_t created_at = ToMicros(state.created_at);
  auto run = [&](std::string_view sql, const IndexKey& key) -> absl::Status {
    absl::StatusOr<Statement> statement = connection_.Prepare(sql);
    if (!statement.ok()) return statement.status();
    statement->Bind(1, key.key).Bind(2, created_at).Bind(3, state.order_id);
    return statement->Run();
  };
  for (const IndexKey& key : removed) {
    if (absl::Status status = run(DeleteSqlFor(key.table), key); !status.ok()) return status;
  }
  for (const IndexKey& key : added) {
    if (absl::Status status = run(InsertSqlFor(key.table), key); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status SqliteOrderRepository::AppendEvents(domain::Order& order, domain::OrderState saved,
                                                 const std::string& body) {
  std::vector<domain::DomainEvent> recorded = order.TakeEvents();
  if (!recorded.empty()) {
    for (size_t i = 0; i < recorded.size(); ++i) {
      const domain::DomainEvent& e = recorded[i];
      EventLog::Event event{
          .aggregate_type = "order",
          .aggregate_id = saved.order_id,
          .aggregate_version = saved.version,
          .event_type = e.type,
          .summary = e.summary,
          .occurred_at = e.occurred_at,
          .details = EventLog::DetailsJson(e),
          .snapshot_json = i + 1 == recorded.size() ? std::string_view(body) : std::string_view()};
      if (absl::StatusOr<int64_t> seq = events_.Append(event); !seq.ok()) return seq.status();
    }
  }
  order = domain::Order::Restore(std::move(saved));
  return absl::OkStatus();
}

}  // namespace oms::storage
