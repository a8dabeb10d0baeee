#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/domain/hold.h"
#include "server/domain/refund.h"
#include "server/domain/return.h"
#include "server/domain/shipment.h"
#include "server/domain/statuses.h"

namespace oms::domain {

// Units of a line reserved at one node, with the routing reason.
struct Allocation {
  std::string node_id;
  int64_t quantity = 0;
  std::string reason;
};

// One line. The quantities are the truth; statuses derive from them.
// Invariant: ordered = cancelled + shipped + reserved + backordered + preordered
// (every open unit is reserved, backordered or preordered); allocated <= reserved;
// delivered <= shipped; returned <= shipped; sum(allocations) = reserved;
// allocated = the line's units in live shipments (CREATED to
// READY_FOR_PICKUP), each at a node where the line has an allocation.
struct OrderLine {
  int line_no = 0;
  std::string sku;
  std::string name;
  int64_t unit_price_minor = 0;
  int64_t line_total_minor = 0;
  int64_t ordered = 0;
  int64_t reserved = 0;
  int64_t backordered = 0;
  int64_t preordered = 0;
  int64_t allocated = 0;
  int64_t shipped = 0;
  int64_t delivered = 0;
  int64_t cancelled = 0;
  int64_t returned = 0;
  int64_t refunded = 0;
  std::vector<Allocation> allocations;
  // Nodes that rejected or short-picked units of this line: never again.
  std::vector<std::string> excluded_nodes;
};

// One payment instrument on the order.
struct Tender {
  std::string tender_id;  // T1, T2... within the order
  TenderType type = TenderType::kCard;
  int64_t amount_minor = 0;
  TenderStatus status = TenderStatus::kPending;
  int64_t authorized_minor = 0;
  int64_t captured_minor = 0;
  int64_t refunded_minor = 0;
  int64_t voided_minor = 0;
  std::string gateway;
  std::string payment_ref;
  std::string card_token;
  std::string card_last4;
  std::string decline_reason;
  absl::Time authorized_at;  // card: when the current authorization was made
  int renewals = 0;          // card: re-authorizations so far
};

struct CustomerRef {
  std::string customer_id;
  std::string name;
  std::string email;
  std::string phone;
};

struct PostalAddress {
  std::string name;
  std::string line1;
  std::string line2;
  std::string city;
  std::string postal_code;
  std::string country;
  std::string phone;
};

// An agent's note on the order; notes are never edited or removed.
struct OrderNote {
  std::string author;  // the principal, e.g. staff:alice
  std::string text;
  absl::Time at;
};

struct OrderTotals {
  int64_t subtotal_minor = 0;
  int64_t discount_minor = 0;
  int64_t shipping_minor = 0;
  int64_t tax_minor = 0;
  int64_t total_minor = 0;
};

// Everything stored about an order. Only Order changes it.
struct OrderState {
  std::string order_id;
  std::string order_number;
  std::string region;
  std::string channel;
  std::string external_ref;
  CustomerRef customer;
  PostalAddress shipping_address;
  std::string shipping_option;
  std::string pickup_node_id;
  // The customer waits for everything in one parcel: nothing is released
  // to a node while any unit is backordered or preordered.
  bool ship_complete = false;
  std::string currency;
  OrderStatus status = OrderStatus::kPending;
  std::vector<Hold> holds;
  std::vector<OrderLine> lines;
  std::vector<Tender> tenders;
  std::vector<ShipmentState> shipments;
  // Refunds, oldest first (order_refunds.cpp); their open parts reserve
  // money on the tenders.
  std::vector<RefundState> refunds;
  // Returns and exchanges, oldest first (order_returns.cpp).
  std::vector<ReturnState> returns;
  std::vector<OrderNote> notes;  // oldest first
  OrderTotals totals;
  std::string rejection_reason;
  absl::Time created_at;
  absl::Time updated_at;
  absl::Time saga_deadline;  // PENDING orders: rejected if still pending then
  int64_t version = 0;       // 0 until first stored; bumped by every save
};

}  // namespace oms::domain
