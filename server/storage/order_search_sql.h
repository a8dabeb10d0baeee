#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "server/application/queries.h"

namespace oms::storage {

// The SQL of one SearchOrders page. Every filter that is set is ANDed; one
// of them drives the query through its index, the others are checked per
// row (as one-row lookups where they live in a side table):
//   order number (exact, or a prefix of 5+ characters) > email > phone >
//   customer name (the longest word, by prefix, in order_name_tokens) > SKU
//   (order_skus) > node (order_nodes) > status/channel/region/created range
//   (the planner picks among the orders indexes).
// A prefix that matches many rows (hints below) does not drive: sorting
// every match would cost more than walking the orders newest first until a
// page is full, so it is checked per row instead.
// Rows come in (created_at, order_id) order, newest first unless
// oldest_first, and a page token continues after its row (keyset paging).
// The token also carries the direction and a fingerprint of the filters, so
// a token is refused (INVALID_ARGUMENT "page_token: ...") by any other search.
struct OrderSearchSql {
  using Arg = std::variant<int64_t, std::string>;
  std::string sql;        // selects kOrderSummaryColumns
  std::vector<Arg> args;  // for ?1, ?2, ... in order
};

// The columns the SQL selects, in order (see ReadOrderSummary).
inline constexpr int kOrderSummaryColumnCount = 16;

// A prefix matching at least this many rows is broad.
inline constexpr int kBroadPrefixRows = 2000;

// What the caller learned by running the probes below before building.
struct OrderSearchHints {
  bool broad_name = false;    // the longest name word matches >= kBroadPrefixRows tokens
  bool broad_number = false;  // the number prefix matches >= kBroadPrefixRows orders
};

// SQL answering how many rows (capped at kBroadPrefixRows) the search's
// longest name word, or its order number prefix, matches; nullopt when the
// search has no such prefix or another filter drives it anyway. Cheap: it
// reads at most kBroadPrefixRows index entries.
std::optional<OrderSearchSql> NamePrefixProbe(const application::OrderSearch& search);
std::optional<OrderSearchSql> NumberPrefixProbe(const application::OrderSearch& search);

absl::StatusOr<OrderSearchSql> BuildOrderSearchSql(const application::OrderSearch& search,
                                                   int limit, const OrderSearchHints& hints = {});

// The page token that continues after a row with these keys.
std::string OrderSearchPageToken(const application::OrderSearch& search, int64_t created_micros,
                                 const std::string& order_id);

}  // namespace oms::storage
