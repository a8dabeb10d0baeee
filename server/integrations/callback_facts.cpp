#include "server/integrations/callback_facts.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/statuses.h"

namespace oms::integrations {
namespace {

using Facts = CallbackFacts;

std::string Detail(const application::OutboxEvent& event, const std::string& key) {
  auto it = event.details.find(key);
  return it == event.details.end() ? std::string() : it->second;
}

absl::Status Missing(const application::OutboxEvent& event, absl::string_view what) {
  return absl::FailedPreconditionError(absl::StrCat("event ", event.seq, " (", event.event_type,
                                                    " of order ", event.aggregate_id, "): ", what));
}

const domain::OrderLine* FindLine(const domain::OrderState& order, int line_no) {
  for (const auto& l : order.lines) {
    if (l.line_no == line_no) return &l;
  }
  return nullptr;
}

absl::Status Shipment(const application::OutboxEvent& event, Facts& facts) {
  const std::string id = Detail(event, "shipment_id");
  for (const domain::ShipmentState& s : event.order->shipments) {
    if (s.shipment_id != id) continue;
    facts.shipment_id = s.shipment_id;
    facts.carrier = s.carrier;
    facts.service = s.service;
    facts.tracking_id = s.tracking_id;
    for (const auto& sl : s.lines) {
      const domain::OrderLine* line = FindLine(*event.order, sl.line_no);
      facts.items.push_back({sl.line_no, line != nullptr ? line->sku : "", sl.quantity});
    }
    return absl::OkStatus();
  }
  return Missing(event, absl::StrCat("the order has no shipment '", id, "'"));
}

// The units of one line an event names (details line_no and quantity).
absl::Status LineUnits(const application::OutboxEvent& event, Facts& facts) {
  int line_no = 0;
  int64_t quantity = 0;
  if (!absl::SimpleAtoi(Detail(event, "line_no"), &line_no) ||
      !absl::SimpleAtoi(Detail(event, "quantity"), &quantity)) {
    return Missing(event, "line_no and quantity are required");
  }
  const domain::OrderLine* line = FindLine(*event.order, line_no);
  if (line == nullptr) return Missing(event, absl::StrCat("the order has no line ", line_no));
  facts.items.push_back({line_no, line->sku, quantity});
  return absl::OkStatus();
}

absl::Status Cancellation(const application::OutboxEvent& event, Facts& facts) {
  if (absl::Status s = LineUnits(event, facts); !s.ok()) return s;
  facts.cancel_reason = Detail(event, "reason");
  if (facts.cancel_reason.empty()) facts.cancel_reason = "OTHER";
  facts.initiator = absl::AsciiStrToUpper(Detail(event, "initiator"));
  if (facts.initiator.empty()) facts.initiator = "SYSTEM";
  return absl::OkStatus();
}

absl::Status Refund(const application::OutboxEvent& event, Facts& facts) {
  const std::string id = Detail(event, "refund_id");
  for (const domain::RefundState& r : event.order->refunds) {
    if (r.refund_id != id) continue;
    facts.refund_id = r.refund_id;
    facts.refund_minor = r.amount_minor;
    facts.refund_shipping_minor = r.shipping_minor;
    facts.refund_reason = r.reason;
    for (const auto& rl : r.lines) {
      const domain::OrderLine* line = FindLine(*event.order, rl.line_no);
      facts.items.push_back({rl.line_no, line != nullptr ? line->sku : "", rl.quantity});
    }
    return absl::OkStatus();
  }
  return Missing(event, absl::StrCat("the order has no refund '", id, "'"));
}

}  // namespace

const std::vector<std::string>& CallbackEventTypes() {
  static const std::vector<std::string> kTypes = {"ShipmentShipped", "ShipmentDelivered",
                                                  "UnitsCancelled", "UnitsBackordered",
                                                  "RefundSucceeded"};
  return kTypes;
}

absl::StatusOr<CallbackFacts> FactsOf(const application::OutboxEvent& event) {
  Facts facts;
  if (event.event_type == "ShipmentShipped") {
    facts.kind = Facts::Kind::kShipmentShipped;
  } else if (event.event_type == "ShipmentDelivered") {
    facts.kind = Facts::Kind::kShipmentDelivered;
  } else if (event.event_type == "UnitsCancelled") {
    facts.kind = Facts::Kind::kUnitsCancelled;
  } else if (event.event_type == "UnitsBackordered") {
    facts.kind = Facts::Kind::kUnitsBackordered;
  } else if (event.event_type == "RefundSucceeded") {
    facts.kind = Facts::Kind::kRefundSucceeded;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", event.seq, ": channels are not told of ", event.event_type));
  }
  if (!event.order.has_value()) return Missing(event, "the event carries no order");
  const domain::OrderState& order = *event.order;
  facts.event_id = event.event_id;
  facts.occurred_at = event.occurred_at;
  facts.channel = order.channel;
  facts.order_id = order.order_id;
  facts.order_number = order.order_number;
  facts.external_ref = order.external_ref;
  facts.order_status = std::string(domain::Name(order.status));
  facts.currency = order.currency;
  switch (facts.kind) {
    case Facts::Kind::kShipmentShipped:
    case Facts::Kind::kShipmentDelivered:
      if (absl::Status s = Shipment(event, facts); !s.ok()) return s;
      break;
    case Facts::Kind::kUnitsCancelled:
      if (absl::Status s = Cancellation(event, facts); !s.ok()) return s;
      break;
    case Facts::Kind::kUnitsBackordered:
      if (absl::Status s = LineUnits(event, facts); !s.ok()) return s;
      break;
    case Facts::Kind::kRefundSucceeded:
      if (absl::Status s = Refund(event, facts); !s.ok()) return s;
      break;
  }
  return facts;
}

std::string DecimalAmount(int64_t minor) {
  const uint64_t magnitude = minor < 0 ? 0 - static_cast<uint64_t>(minor) : minor;
  return absl::StrFormat("%s%d.%02d", minor < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

}  // namespace oms::integrations
