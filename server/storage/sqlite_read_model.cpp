#include "server/storage/sqlite_read_model.h"

#include <array>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/storage/order_codec.h"
#include "server/storage/order_search_sql.h"
#include "server/storage/page_token.h"
#include "server/storage/read_helpers.h"
#include "server/storage/row_readers.h"

// Orders and events; stock, catalog and nodes are in
// sqlite_read_model_catalog.cpp, customers and tokens in
// sqlite_read_model_customers.cpp.
namespace oms::storage {
namespace {

constexpr int kMaxPageSize = 500;

template <typename E, size_t N>
absl::StatusOr<E> ParseByName(const std::array<E, N>& values, const std::string& name,
                              const char* what, const std::string& order_id) {
  for (E value : values) {
    if (domain::Name(value) == name) return value;
  }
  return absl::InternalError(absl::StrCat("order ", order_id, " has unknown ", what, " '", name,
                                          "' (written by a newer version?)"));
}

constexpr std::array kPaymentStatuses = {domain::PaymentStatus::kUnpaid,
                                         domain::PaymentStatus::kAuthorized,
                                         domain::PaymentStatus::kPartiallyCaptured,
                                         domain::PaymentStatus::kCaptured,
                                         domain::PaymentStatus::kPartiallyRefunded,
                                         domain::PaymentStatus::kRefunded,
                                         domain::PaymentStatus::kVoided};

constexpr std::array kFulfillmentStatuses = {
    domain::FulfillmentStatus::kUnfulfilled, domain::FulfillmentStatus::kPartiallyShipped,
    domain::FulfillmentStatus::kShipped,     domain::FulfillmentStatus::kPartiallyDelivered,
    domain::FulfillmentStatus::kDelivered,   domain::FulfillmentStatus::kBackordered,
    domain::FulfillmentStatus::kPreordered};

// Reads the columns order_search_sql.h selects.
absl::StatusOr<application::OrderSummaryRow> ReadOrderSummary(const Statement& s) {
  application::OrderSummaryRow r;
  r.order_id = s.ColumnText(0);
  r.order_number = s.ColumnText(1);
  r.region = s.ColumnText(2);
  r.channel = s.ColumnText(3);
  const std::string status = s.ColumnText(4);
  std::optional<domain::OrderStatus> parsed = domain::ParseOrderStatus(status);
  if (!parsed) {
    return absl::InternalError(absl::StrCat("order ", r.order_id, " has unknown status '", status,
                                            "' (written by a newer version?)"));
  }
  r.status = *parsed;
  absl::StatusOr<domain::PaymentStatus> payment =
      ParseByName(kPaymentStatuses, s.ColumnText(5), "payment status", r.order_id);
  if (!payment.ok()) return payment.status();
  r.payment_status = *payment;
  absl::StatusOr<domain::FulfillmentStatus> fulfillment =
      ParseByName(kFulfillmentStatuses, s.ColumnText(6), "fulfillment status", r.order_id);
  if (!fulfillment.ok()) return fulfillment.status();
  r.fulfillment_status = *fulfillment;
  r.customer.customer_id = s.ColumnText(7);
  r.customer.name = s.ColumnText(8);
  r.customer.email = s.ColumnText(9);
  r.customer.phone = s.ColumnText(10);
  r.total_minor = s.ColumnInt(11);
  r.currency = s.ColumnText(12);
  r.line_count = static_cast<int>(s.ColumnInt(13));
  r.created_at = FromMicros(s.ColumnInt(14));
  for (absl::string_view name : absl::StrSplit(s.ColumnText(15), ',', absl::SkipEmpty())) {
    std::optional<domain::HoldReason> hold = domain::ParseHoldReason(name);
    if (!hold) {
      return absl::InternalError(absl::StrCat("order ", r.order_id, " has unknown hold '", name,
                                              "' (written by a newer version?)"));
    }
    r.holds.push_back(*hold);
  }
  return r;
}

void BindArgs(Statement& statement, const std::vector<OrderSearchSql::Arg>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    std::visit([&](const auto& value) { statement.Bind(index, value); }, args[i]);
  }
}

absl::StatusOr<int64_t> CountRows(Connection& connection, const OrderSearchSql& probe) {
  absl::StatusOr<Statement> count = connection.Prepare(probe.sql);
  if (!count.ok()) return count.status();
  BindArgs(*count, probe.args);
  absl::StatusOr<bool> row = count->Step();
  if (!row.ok()) return row.status();
  return *row ? count->ColumnInt(0) : 0;
}

absl::StatusOr<domain::OrderState> LoadOrder(Connection& connection, std::string_view sql,
                                             const std::string& key, const char* what) {
  absl::StatusOr<Statement> select = connection.Prepare(sql);
  if (!select.ok()) return select.status();
  select->Bind(1, key);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat(what, " ", key, " not found"));
  absl::StatusOr<domain::OrderState> state = DecodeOrderState(select->ColumnText(0));
  if (state.ok()) state->version = select->ColumnInt(1);
  return state;
}

}  // namespace

absl::StatusOr<domain::OrderState> SqliteReadModel::GetOrder(const std::string& order_id) {
  ReadPool::Lease connection = pool_.Acquire();
  return LoadOrder(*connection, "SELECT body, version FROM orders WHERE order_id = ?1", order_id,
                   "order");
}

absl::StatusOr<domain::OrderState> SqliteReadModel::GetOrderByNumber(const std::string& number) {
  ReadPool::Lease connection = pool_.Acquire();
  return LoadOrder(*connection, "SELECT body, version FROM orders WHERE order_number = ?1", number,
                   "order number");
}

absl::StatusOr<application::Page<application::OrderSummaryRow>> SqliteReadModel::SearchOrders(
    const application::OrderSearch& search) {
  const int page_size = ClampPageSize(search.page_size, 50, kMaxPageSize);
  ReadPool::Lease connection = pool_.Acquire();
  ReadSnapshot snapshot(*connection);
  OrderSearchHints hints;
  if (std::optional<OrderSearchSql> probe = NamePrefixProbe(search)) {
    absl::StatusOr<int64_t> matches = CountRows(*connection, *probe);
    if (!matches.ok()) return matches.status();
    hints.broad_name = *matches >= kBroadPrefixRows;
  }
  if (std::optional<OrderSearchSql> probe = NumberPrefixProbe(search)) {
    absl::StatusOr<int64_t> matches = CountRows(*connection, *probe);
    if (!matches.ok()) return matches.status();
    hints.broad_number = *matches >= kBroadPrefixRows;
  }
  // One row more than the page tells whether another page follows.
  absl::StatusOr<OrderSearchSql> query = BuildOrderSearchSql(search, page_size + 1, hints);
  if (!query.ok()) return query.status();

  absl::StatusOr<Statement> select = connection->Prepare(query->sql);
  if (!select.ok()) return select.status();
  BindArgs(*select, query->args);
  application::Page<application::OrderSummaryRow> page;
  absl::Status status = ForEachRow(*select, [&](Statement& s) -> absl::Status {
    absl::StatusOr<application::OrderSummaryRow> row = ReadOrderSummary(s);
    if (!row.ok()) return row.status();
    page.items.push_back(*std::move(row));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (static_cast<int>(page.items.size()) > page_size) {
    page.items.pop_back();
    const application::OrderSummaryRow& last = page.items.back();
    page.next_page_token = OrderSearchPageToken(search, ToMicros(last.created_at), last.order_id);
  }
  return page;
}

absl::StatusOr<application::Page<application::StoredEvent>> SqliteReadModel::ListEvents(
    const std::string& aggregate_id, int page_size, const std::string& page_token) {
  const int size = ClampPageSize(page_size, 100, kMaxPageSize);
  int64_t after_seq = 0;
  if (!page_token.empty()) {
    absl::StatusOr<std::vector<std::string>> parts = DecodePageToken(page_token, "events", 2);
    if (!parts.ok()) return parts.status();
    if ((*parts)[0] != aggregate_id || !absl::SimpleAtoi((*parts)[1], &after_seq)) {
      return absl::InvalidArgumentError(
          "page_token: it belongs to another aggregate's events; leave it empty to start again");
    }
  }
  ReadPool::Lease connection = pool_.Acquire();
  static const std::string kColumns =
      absl::StrCat("SELECT ", kStoredEventColumns, ", payload FROM outbox ");
  static const std::string kByAggregate =
      absl::StrCat(kColumns, "WHERE aggregate_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
  static const std::string kAll = absl::StrCat(kColumns, "WHERE seq > ?2 ORDER BY seq LIMIT ?3");
  absl::StatusOr<Statement> select =
      connection->Prepare(aggregate_id.empty() ? kAll : kByAggregate);
  if (!select.ok()) return select.status();
  if (!aggregate_id.empty()) select->Bind(1, aggregate_id);
  select->Bind(2, after_seq).Bind(3, size + 1);

  application::Page<application::StoredEvent> page;
  absl::Status status = ForEachRow(*select, [&](Statement& s) {
    application::StoredEvent e = ReadStoredEvent(s);
    e.payload_json = s.ColumnText(13);
    page.items.push_back(std::move(e));
  });
  if (!status.ok()) return status;
  if (static_cast<int>(page.items.size()) > size) {
    page.items.pop_back();
    page.next_page_token =
        EncodePageToken("events", {aggregate_id, absl::StrCat(page.items.back().sequence)});
  }
  return page;
}

absl::StatusOr<application::Page<application::StoredEvent>> SqliteReadModel::ListAuditLog(
    const application::AuditQuery& query) {
  const int size = ClampPageSize(query.page_size, 100, 500);
  // The token holds the last sequence and the query it belongs to.
  const std::string fingerprint = absl::StrCat(query.aggregate_id, "|", query.principal_id, "|",
                                               query.from ? ToMicros(*query.from) : -1, "|",
                                               query.to ? ToMicros(*query.to) : -1);
  int64_t after_seq = 0;
  if (!query.page_token.empty()) {
    absl::StatusOr<std::vector<std::string>> parts = DecodePageToken(query.page_token, "audit", 2);
    if (!parts.ok()) return parts.status();
    if ((*parts)[1] != fingerprint || !absl::SimpleAtoi((*parts)[0], &after_seq)) {
      return absl::InvalidArgumentError(
          "page_token: it belongs to another audit query; leave it empty to start again");
    }
  }
  // Each filter is "?n is empty or matches", so one statement serves them all;
  // the principal and aggregate indexes lead when given.
  std::string sql = absl::StrCat("SELECT ", kStoredEventColumns, " FROM outbox WHERE seq > ?1");
  if (!query.aggregate_id.empty()) absl::StrAppend(&sql, " AND aggregate_id = ?2");
  if (!query.principal_id.empty()) absl::StrAppend(&sql, " AND principal = ?3");
  if (query.from) absl::StrAppend(&sql, " AND occurred_at >= ?4");
  if (query.to) absl::StrAppend(&sql, " AND occurred_at < ?5");
  absl::StrAppend(&sql, " ORDER BY seq LIMIT ?6");
  ReadPool::Lease connection = pool_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(sql);
  if (!select.ok()) return select.status();
  select->Bind(1, after_seq);
  if (!query.aggregate_id.empty()) select->Bind(2, query.aggregate_id);
  if (!query.principal_id.empty()) select->Bind(3, query.principal_id);
  if (query.from) select->Bind(4, ToMicros(*query.from));
  if (query.to) select->Bind(5, ToMicros(*query.to));
  select->Bind(6, size + 1);
  application::Page<application::StoredEvent> page;
  absl::Status status =
      ForEachRow(*select, [&](Statement& s) { page.items.push_back(ReadStoredEvent(s)); });
  if (!status.ok()) return status;
  if (static_cast<int>(page.items.size()) > size) {
    page.items.pop_back();
    page.next_page_token =
        EncodePageToken("audit", {absl::StrCat(page.items.back().sequence), fingerprint});
  }
  return page;
}

}  // namespace oms::storage
