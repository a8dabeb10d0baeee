#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/relay_store.h"

namespace oms::integrations {

// What a channel callback tells, read from an outbox event and the order
// after it, before any channel's format shapes it (callback_formats.h).
struct CallbackFacts {
  enum class Kind {
    kShipmentShipped,
    kShipmentDelivered,
    kUnitsCancelled,
    kUnitsBackordered,  // units waiting for stock (sold beyond it, or nowhere to re-route)
    kRefundSucceeded,
  };
  struct Item {
    int line_no = 0;
    std::string sku;
    int64_t quantity = 0;
  };

  Kind kind = Kind::kShipmentShipped;
  std::string event_id;
  absl::Time occurred_at;
  std::string channel;
  std::string order_id;
  std::string order_number;
  std::string external_ref;  // the channel's own order id
  std::string order_status;  // after the event, e.g. "CANCELLED"
  std::string currency;
  // Shipments: the shipment and its units; cancellations and backorders:
  // the units concerned; refunds: the units refunded (none for shipping or
  // goodwill).
  std::vector<Item> items;
  std::string shipment_id;
  std::string carrier;
  std::string service;
  std::string tracking_id;
  // Cancellations.
  std::string cancel_reason;  // CUSTOMER_REQUEST, OUT_OF_STOCK... (OTHER when unsaid)
  std::string initiator;      // CUSTOMER, STAFF, SYSTEM
  // Refunds.
  std::string refund_id;
  int64_t refund_minor = 0;
  int64_t refund_shipping_minor = 0;
  std::string refund_reason;
};

// The event types channel callbacks carry: ShipmentShipped,
// ShipmentDelivered, UnitsCancelled, UnitsBackordered, RefundSucceeded.
const std::vector<std::string>& CallbackEventTypes();

// INVALID_ARGUMENT for another event type; FAILED_PRECONDITION when the
// event has no order, or names a shipment, line or refund the order lacks.
absl::StatusOr<CallbackFacts> FactsOf(const application::OutboxEvent& event);

// "12.50" for 1250 minor units (two minor digits, as FormatMoney assumes).
std::string DecimalAmount(int64_t minor);

// "2024-05-01T09:30:00Z" (seconds, UTC).
std::string Rfc3339(absl::Time t);

}  // namespace oms::integrations
