#include "server/storage/row_readers.h"

#include "absl/strings/str_cat.h"
#include "server/storage/order_codec.h"

namespace oms::storage {

domain::Product ReadProduct(const Statement& s) {
  domain::Product p;
  p.sku = s.ColumnText(0);
  p.name = s.ColumnText(1);
  p.price_minor = s.ColumnInt(2);
  p.currency = s.ColumnText(3);
  p.backorder_allowed = s.ColumnInt(4) != 0;
  p.preorder = s.ColumnInt(5) != 0;
  p.preorder_cap = s.ColumnInt(6);
  p.preorder_sold = s.ColumnInt(7);
  p.release_unix = s.ColumnInt(8);
  p.tax_class = s.ColumnText(9);
  return p;
}

absl::StatusOr<domain::FulfillmentNode> ReadNode(const Statement& s) {
  domain::FulfillmentNode n;
  n.node_id = s.ColumnText(0);
  n.name = s.ColumnText(1);
  const std::string type = s.ColumnText(2);
  std::optional<domain::NodeType> parsed = domain::ParseNodeType(type);
  if (!parsed.has_value()) {
    return absl::InternalError(absl::StrCat("node ", n.node_id, " has unknown type '", type,
                                            "' (written by a newer version?)"));
  }
  n.type = *parsed;
  n.region = s.ColumnText(3);
  n.city = s.ColumnText(4);
  n.postal_code = s.ColumnText(5);
  n.country = s.ColumnText(6);
  n.latitude = s.ColumnDouble(7);
  n.longitude = s.ColumnDouble(8);
  n.capabilities = static_cast<uint32_t>(s.ColumnInt(9));
  n.cost_per_shipment_minor = s.ColumnInt(10);
  n.daily_capacity = static_cast<int32_t>(s.ColumnInt(11));
  n.priority = static_cast<int32_t>(s.ColumnInt(12));
  return n;
}

domain::Customer ReadCustomer(const Statement& s) {
  domain::Customer c;
  c.customer_id = s.ColumnText(0);
  c.name = s.ColumnText(1);
  c.email = s.ColumnText(2);
  c.phone = s.ColumnText(3);
  c.home_region = s.ColumnText(4);
  return c;
}

application::StoredEvent ReadStoredEvent(const Statement& s) {
  application::StoredEvent e;
  e.sequence = s.ColumnInt(0);
  e.event_id = s.ColumnText(1);
  e.origin_region = s.ColumnText(2);
  e.aggregate_type = s.ColumnText(3);
  e.aggregate_id = s.ColumnText(4);
  e.aggregate_version = s.ColumnInt(5);
  e.event_type = s.ColumnText(6);
  e.occurred_at = FromMicros(s.ColumnInt(7));
  e.principal_id = s.ColumnText(8);
  e.trace_id = s.ColumnText(9);
  e.summary = s.ColumnText(10);
  e.method = s.ColumnText(11);
  e.request_id = s.ColumnText(12);
  return e;
}

}  // namespace oms::storage
