#pragma once

#include "absl/status/statusor.h"
#include "server/application/queries.h"
#include "server/domain/customer.h"
#include "server/domain/fulfillment_node.h"
#include "server/domain/stock.h"
#include "server/storage/sqlite_db.h"

// Column lists and row readers shared by the writer's repositories and the
// read model, so that both read a table the same way. Each Read* function
// reads the columns of its k*Columns list, in that order, starting at
// column 0. Thread-safe (pure functions; the statement is the caller's).
namespace oms::storage {

inline constexpr char kProductColumns[] =
    "sku, name, price_minor, currency, backorder_allowed, preorder, preorder_cap, "
    "preorder_sold, release_unix, tax_class";
domain::Product ReadProduct(const Statement& s);

inline constexpr char kNodeColumns[] =
    "node_id, name, type, region, city, postal_code, country, latitude, longitude, "
    "capabilities, cost_minor, daily_capacity, priority";
// INTERNAL for a node type this version does not know.
absl::StatusOr<domain::FulfillmentNode> ReadNode(const Statement& s);

inline constexpr char kCustomerColumns[] = "customer_id, name, email, phone, home_region";
domain::Customer ReadCustomer(const Statement& s);

// An outbox row. The payload column may be selected as '' when not wanted.
inline constexpr char kStoredEventColumns[] =
    "seq, event_id, origin_region, aggregate_type, aggregate_id, aggregate_version, "
    "event_type, occurred_at, principal, trace_id, summary, method, request_id";
application::StoredEvent ReadStoredEvent(const Statement& s);

}  // namespace oms::storage
