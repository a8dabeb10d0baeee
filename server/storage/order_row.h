#pragma once

#include <string>
#include <vector>

#include "server/domain/order_state.h"

// The columns of an `orders` row and its search-table keys that are derived
// from an OrderState (everything but the state itself, which is the body).
// Thread-safe (pure functions).
namespace oms::storage {

struct OrderRow {
  std::string email_norm;
  std::string phone_digits;
  std::string name_norm;
  std::string status;
  std::string payment_status;
  std::string fulfillment_status;
  std::string holds;       // hold reason names, comma-separated, in order
  std::string index_keys;  // see IndexKey
};

// One row of a search table: order_skus ('s'), order_nodes ('n'),
// order_name_tokens ('t'), order_backorders ('b') or order_preorders ('p').
struct IndexKey {
  char table;
  std::string key;
  bool operator==(const IndexKey&) const = default;
};

OrderRow DeriveOrderRow(const domain::OrderState& state);

// The search keys of an order: its distinct SKUs, the nodes of its
// allocations and shipments, the words of its customer's name, the SKUs it
// waits for (backordered, preordered).
std::vector<IndexKey> IndexKeysOf(const domain::OrderState& state);

// The stored form of a sorted key list ("s:SKU\nn:NODE\n...") and back.
// Keys never contain a newline (SKUs, node ids and name words do not).
std::string EncodeIndexKeys(const std::vector<IndexKey>& keys);
std::vector<IndexKey> DecodeIndexKeys(const std::string& text);

}  // namespace oms::storage
