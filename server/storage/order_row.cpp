#include "server/storage/order_row.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/domain/order.h"
#include "server/storage/search_keys.h"

namespace oms::storage {

OrderRow DeriveOrderRow(const domain::OrderState& state) {
  OrderRow row;
  row.email_norm = NormalizeEmail(state.customer.email);
  row.phone_digits = PhoneDigits(state.customer.phone);
  row.name_norm = NormalizeName(state.customer.name);
  row.status = std::string(domain::Name(state.status));
  row.payment_status = std::string(domain::Name(domain::DerivePaymentStatus(state.tenders)));
  row.fulfillment_status = std::string(domain::Name(domain::DeriveFulfillmentStatus(state.lines)));
  row.holds = absl::StrJoin(state.holds, ",", [](std::string* out, const domain::Hold& h) {
    absl::StrAppend(out, domain::Name(h.reason));
  });
  row.index_keys = EncodeIndexKeys(IndexKeysOf(state));
  return row;
}

std::vector<IndexKey> IndexKeysOf(const domain::OrderState& state) {
  std::vector<IndexKey> keys;
  for (const auto& line : state.lines) {
    keys.push_back({'s', line.sku});
    for (const auto& allocation : line.allocations) keys.push_back({'n', allocation.node_id});
    if (line.backordered > 0) keys.push_back({'b', line.sku});
    if (line.preordered > 0) keys.push_back({'p', line.sku});
  }
  for (const auto& shipment : state.shipments) keys.push_back({'n', shipment.node_id});
  if (!state.pickup_node_id.empty()) keys.push_back({'n', state.pickup_node_id});
  for (auto& token : NameTokens(state.customer.name)) keys.push_back({'t', std::move(token)});
  std::sort(keys.begin(), keys.end(), [](const IndexKey& a, const IndexKey& b) {
    return a.table != b.table ? a.table < b.table : a.key < b.key;
  });
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string EncodeIndexKeys(const std::vector<IndexKey>& keys) {
  return absl::StrJoin(keys, "\n", [](std::string* out, const IndexKey& k) {
    out->push_back(k.table);
    out->push_back(':');
    out->append(k.key);
  });
}

std::vector<IndexKey> DecodeIndexKeys(const std::string& text) {
  std::vector<IndexKey> keys;
  for (absl::string_view item : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (item.size() < 2 || item[1] != ':') continue;  // not written by EncodeIndexKeys
    keys.push_back({item[0], std::string(item.substr(2))});
  }
  return keys;
}

}  // namespace oms::storage
