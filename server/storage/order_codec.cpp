#include "server/storage/order_codec.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/storage/json_fields.h"
#include "server/storage/refund_codec.h"
#include "server/storage/return_codec.h"

namespace oms::storage {
namespace {

using nlohmann::json;

using json_fields::Get;
using json_fields::GetEnum;
using json_fields::GetTime;
using DecodeError = json_fields::JsonDecodeError;

const json& Child(const json& j, const char* key) {
  static const json kEmpty = json::object();
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? kEmpty : *it;
}

template <typename T, typename F>
std::vector<T> ListFromJson(const json& j, const char* key, F from_json);

json ToJson(const domain::CustomerRef& c) {
  return {{"customer_id", c.customer_id}, {"name", c.name}, {"email", c.email}, {"phone", c.phone}};
}

domain::CustomerRef CustomerFromJson(const json& j) {
  domain::CustomerRef c;
  Get(j, "customer_id", c.customer_id);
  Get(j, "name", c.name);
  Get(j, "email", c.email);
  Get(j, "phone", c.phone);
  return c;
}

json ToJson(const domain::PostalAddress& a) {
  return {{"name", a.name},
          {"line1", a.line1},
          {"line2", a.line2},
          {"city", a.city},
          {"postal_code", a.postal_code},
          {"country", a.country},
          {"phone", a.phone}};
}

domain::PostalAddress AddressFromJson(const json& j) {
  domain::PostalAddress a;
  Get(j, "name", a.name);
  Get(j, "line1", a.line1);
  Get(j, "line2", a.line2);
  Get(j, "city", a.city);
  Get(j, "postal_code", a.postal_code);
  Get(j, "country", a.country);
  Get(j, "phone", a.phone);
  return a;
}

json ToJson(const domain::OrderLine& l) {
  json allocations = json::array();
  for (const auto& a : l.allocations) {
    allocations.push_back({{"node_id", a.node_id}, {"quantity", a.quantity}, {"reason", a.reason}});
  }
  return {{"line_no", l.line_no},
          {"sku", l.sku},
          {"name", l.name},
          {"unit_price_minor", l.unit_price_minor},
          {"line_total_minor", l.line_total_minor},
          {"ordered", l.ordered},
          {"reserved", l.reserved},
          {"backordered", l.backordered},
          {"preordered", l.preordered},
          {"allocated", l.allocated},
          {"shipped", l.shipped},
          {"delivered", l.delivered},
          {"cancelled", l.cancelled},
          {"returned", l.returned},
          {"refunded", l.refunded},
          {"allocations", std::move(allocations)},
          {"excluded_nodes", l.excluded_nodes}};
}

domain::OrderLine LineFromJson(const json& j) {
  domain::OrderLine l;
  Get(j, "line_no", l.line_no);
  Get(j, "sku", l.sku);
  Get(j, "name", l.name);
  Get(j, "unit_price_minor", l.unit_price_minor);
  Get(j, "line_total_minor", l.line_total_minor);
  Get(j, "ordered", l.ordered);
  Get(j, "reserved", l.reserved);
  Get(j, "backordered", l.backordered);
  Get(j, "preordered", l.preordered);
  Get(j, "allocated", l.allocated);
  Get(j, "shipped", l.shipped);
  Get(j, "delivered", l.delivered);
  Get(j, "cancelled", l.cancelled);
  Get(j, "returned", l.returned);
  Get(j, "refunded", l.refunded);
  if (auto it = j.find("allocations"); it != j.end() && !it->is_null()) {
    for (const json& a : *it) {
      domain::Allocation allocation;
      Get(a, "node_id", allocation.node_id);
      Get(a, "quantity", allocation.quantity);
      Get(a, "reason", allocation.reason);
      l.allocations.push_back(std::move(allocation));
    }
  }
  Get(j, "excluded_nodes", l.excluded_nodes);
  return l;
}

json ToJson(const domain::Tender& t) {
  return {{"tender_id", t.tender_id},
          {"type", std::string(domain::Name(t.type))},
          {"amount_minor", t.amount_minor},
          {"status", std::string(domain::Name(t.status))},
          {"authorized_minor", t.authorized_minor},
          {"captured_minor", t.captured_minor},
          {"refunded_minor", t.refunded_minor},
          {"voided_minor", t.voided_minor},
          {"gateway", t.gateway},
          {"payment_ref", t.payment_ref},
          {"card_token", t.card_token},
          {"card_last4", t.card_last4},
          {"decline_reason", t.decline_reason},
          {"authorized_at", ToMicros(t.authorized_at)},
          {"renewals", t.renewals}};
}

domain::Tender TenderFromJson(const json& j) {
  domain::Tender t;
  Get(j, "tender_id", t.tender_id);
  GetEnum(j, "type", t.type, &domain::ParseTenderType);
  Get(j, "amount_minor", t.amount_minor);
  GetEnum(j, "status", t.status, &domain::ParseTenderStatus);
  Get(j, "authorized_minor", t.authorized_minor);
  Get(j, "captured_minor", t.captured_minor);
  Get(j, "refunded_minor", t.refunded_minor);
  Get(j, "voided_minor", t.voided_minor);
  Get(j, "gateway", t.gateway);
  Get(j, "payment_ref", t.payment_ref);
  Get(j, "card_token", t.card_token);
  Get(j, "card_last4", t.card_last4);
  Get(j, "decline_reason", t.decline_reason);
  GetTime(j, "authorized_at", t.authorized_at);
  Get(j, "renewals", t.renewals);
  return t;
}

json ToJson(const domain::Hold& h) {
  return {{"reason", std::string(domain::Name(h.reason))},
          {"note", h.note},
          {"placed_at", ToMicros(h.placed_at)}};
}

domain::Hold HoldFromJson(const json& j) {
  domain::Hold h;
  GetEnum(j, "reason", h.reason, &domain::ParseHoldReason);
  Get(j, "note", h.note);
  GetTime(j, "placed_at", h.placed_at);
  return h;
}

json LinesToJson(const std::vector<domain::ShipmentLine>& in) {
  json lines = json::array();
  for (const auto& l : in) {
    lines.push_back(
        {{"line_no", l.line_no}, {"sku", l.sku}, {"name", l.name}, {"quantity", l.quantity}});
  }
  return lines;
}

std::vector<domain::ShipmentLine> LinesFromJson(const json& j, const char* key) {
  std::vector<domain::ShipmentLine> out;
  if (auto it = j.find(key); it != j.end() && !it->is_null()) {
    for (const json& l : *it) {
      domain::ShipmentLine line;
      Get(l, "line_no", line.line_no);
      Get(l, "sku", line.sku);
      Get(l, "name", line.name);
      Get(l, "quantity", line.quantity);
      out.push_back(std::move(line));
    }
  }
  return out;
}

json ToJson(const domain::ShipmentState& s) {
  json lines = LinesToJson(s.lines);
  json holds = json::array();
  for (const auto& h : s.holds) holds.push_back(ToJson(h));
  json history = json::array();
  for (const auto& c : s.history) {
    history.push_back({{"status", std::string(domain::Name(c.status))},
                       {"at", ToMicros(c.at)},
                       {"note", c.note}});
  }
  return {{"shipment_id", s.shipment_id},
          {"order_id", s.order_id},
          {"order_number", s.order_number},
          {"node_id", s.node_id},
          {"kind", std::string(domain::Name(s.kind))},
          {"status", std::string(domain::Name(s.status))},
          {"lines", std::move(lines)},
          {"holds", std::move(holds)},
          {"history", std::move(history)},
          {"carrier", s.carrier},
          {"service", s.service},
          {"tracking_id", s.tracking_id},
          {"routing_reason", s.routing_reason},
          {"note", s.note},
          {"partner_ref", s.partner_ref},
          {"accepted_by_node", s.accepted_by_node},
          {"partner_sequence", s.partner_sequence},
          {"charge_minor", s.charge_minor},
          {"captured_minor", s.captured_minor},
          {"pickup_expires_at", ToMicros(s.pickup_expires_at)},
          {"cancel_requested", LinesToJson(s.cancel_requested)},
          {"cancel_reason", s.cancel_reason},
          {"created_at", ToMicros(s.created_at)},
          {"updated_at", ToMicros(s.updated_at)}};
}

domain::ShipmentState ShipmentFromJson(const json& j) {
  domain::ShipmentState s;
  Get(j, "shipment_id", s.shipment_id);
  Get(j, "order_id", s.order_id);
  Get(j, "order_number", s.order_number);
  Get(j, "node_id", s.node_id);
  GetEnum(j, "kind", s.kind, &domain::ParseShipmentKind);
  GetEnum(j, "status", s.status, &domain::ParseShipmentStatus);
  s.lines = LinesFromJson(j, "lines");
  s.holds = ListFromJson<domain::Hold>(j, "holds", HoldFromJson);
  if (auto it = j.find("history"); it != j.end() && !it->is_null()) {
    for (const json& c : *it) {
      domain::ShipmentStatusChange change;
      GetEnum(c, "status", change.status, &domain::ParseShipmentStatus);
      GetTime(c, "at", change.at);
      Get(c, "note", change.note);
      s.history.push_back(std::move(change));
    }
  }
  Get(j, "carrier", s.carrier);
  Get(j, "service", s.service);
  Get(j, "tracking_id", s.tracking_id);
  Get(j, "routing_reason", s.routing_reason);
  Get(j, "note", s.note);
  Get(j, "partner_ref", s.partner_ref);
  Get(j, "accepted_by_node", s.accepted_by_node);
  Get(j, "partner_sequence", s.partner_sequence);
  Get(j, "charge_minor", s.charge_minor);
  Get(j, "captured_minor", s.captured_minor);
  GetTime(j, "pickup_expires_at", s.pickup_expires_at);
  s.cancel_requested = LinesFromJson(j, "cancel_requested");
  Get(j, "cancel_reason", s.cancel_reason);
  GetTime(j, "created_at", s.created_at);
  GetTime(j, "updated_at", s.updated_at);
  return s;
}

json NotesToJson(const std::vector<domain::OrderNote>& notes) {
  json out = json::array();
  for (const auto& n : notes) {
    out.push_back({{"author", n.author}, {"text", n.text}, {"at", ToMicros(n.at)}});
  }
  return out;
}

json ToJson(const domain::OrderTotals& t) {
  return {{"subtotal_minor", t.subtotal_minor},
          {"discount_minor", t.discount_minor},
          {"shipping_minor", t.shipping_minor},
          {"tax_minor", t.tax_minor},
          {"total_minor", t.total_minor}};
}

domain::OrderTotals TotalsFromJson(const json& j) {
  domain::OrderTotals t;
  Get(j, "subtotal_minor", t.subtotal_minor);
  Get(j, "discount_minor", t.discount_minor);
  Get(j, "shipping_minor", t.shipping_minor);
  Get(j, "tax_minor", t.tax_minor);
  Get(j, "total_minor", t.total_minor);
  return t;
}

template <typename T, typename F>
std::vector<T> ListFromJson(const json& j, const char* key, F from_json) {
  std::vector<T> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  out.reserve(it->size());
  for (const json& item : *it) out.push_back(from_json(item));
  return out;
}

}  // namespace

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }

absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

json OrderStateToJson(const domain::OrderState& s) {
  json holds = json::array();
  for (const auto& h : s.holds) holds.push_back(ToJson(h));
  json lines = json::array();
  for (const auto& l : s.lines) lines.push_back(ToJson(l));
  json tenders = json::array();
  for (const auto& t : s.tenders) tenders.push_back(ToJson(t));
  json shipments = json::array();
  for (const auto& sh : s.shipments) shipments.push_back(ToJson(sh));
  return {{"order_id", s.order_id},
          {"order_number", s.order_number},
          {"region", s.region},
          {"channel", s.channel},
          {"external_ref", s.external_ref},
          {"customer", ToJson(s.customer)},
          {"shipping_address", ToJson(s.shipping_address)},
          {"shipping_option", s.shipping_option},
          {"pickup_node_id", s.pickup_node_id},
          {"ship_complete", s.ship_complete},
          {"currency", s.currency},
          {"status", std::string(domain::Name(s.status))},
          {"holds", std::move(holds)},
          {"lines", std::move(lines)},
          {"tenders", std::move(tenders)},
          {"shipments", std::move(shipments)},
          {"refunds", RefundsToJson(s.refunds)},
          {"returns", ReturnsToJson(s.returns)},
          {"notes", NotesToJson(s.notes)},
          {"totals", ToJson(s.totals)},
          {"rejection_reason", s.rejection_reason},
          {"created_at", ToMicros(s.created_at)},
          {"updated_at", ToMicros(s.updated_at)},
          {"saga_deadline", ToMicros(s.saga_deadline)},
          {"version", s.version}};
}

absl::StatusOr<domain::OrderState> OrderStateFromJson(const json& j) {
  domain::OrderState s;
  try {
    if (!j.is_object()) throw DecodeError{"the order is not a JSON object"};
    Get(j, "order_id", s.order_id);
    Get(j, "order_number", s.order_number);
    Get(j, "region", s.region);
    Get(j, "channel", s.channel);
    Get(j, "external_ref", s.external_ref);
    s.customer = CustomerFromJson(Child(j, "customer"));
    s.shipping_address = AddressFromJson(Child(j, "shipping_address"));
    Get(j, "shipping_option", s.shipping_option);
    Get(j, "pickup_node_id", s.pickup_node_id);
    Get(j, "ship_complete", s.ship_complete);
    Get(j, "currency", s.currency);
    GetEnum(j, "status", s.status, &domain::ParseOrderStatus);
    s.holds = ListFromJson<domain::Hold>(j, "holds", HoldFromJson);
    s.lines = ListFromJson<domain::OrderLine>(j, "lines", LineFromJson);
    s.tenders = ListFromJson<domain::Tender>(j, "tenders", TenderFromJson);
    s.shipments = ListFromJson<domain::ShipmentState>(j, "shipments", ShipmentFromJson);
    if (auto it = j.find("refunds"); it != j.end()) {
      auto refunds = RefundsFromJson(*it);
      if (!refunds.ok()) throw DecodeError{std::string(refunds.status().message())};
      s.refunds = std::move(*refunds);
    }
    if (auto it = j.find("returns"); it != j.end()) {
      auto returns = ReturnsFromJson(*it);
      if (!returns.ok()) throw DecodeError{std::string(returns.status().message())};
      s.returns = std::move(*returns);
    }
    if (auto it = j.find("notes"); it != j.end() && !it->is_null()) {
      for (const json& n : *it) {
        domain::OrderNote note;
        Get(n, "author", note.author);
        Get(n, "text", note.text);
        GetTime(n, "at", note.at);
        s.notes.push_back(std::move(note));
      }
    }
    s.totals = TotalsFromJson(Child(j, "totals"));
    Get(j, "rejection_reason", s.rejection_reason);
    GetTime(j, "created_at", s.created_at);
    GetTime(j, "updated_at", s.updated_at);
    GetTime(j, "saga_deadline", s.saga_deadline);
    Get(j, "version", s.version);
  } catch (const DecodeError& e) {
    return absl::InternalError(absl::StrCat("order ", s.order_id, " cannot be read: ", e.message));
  } catch (const json::exception& e) {
    return absl::InternalError(absl::StrCat("order ", s.order_id, " cannot be read: ", e.what()));
  }
  return s;
}

std::string EncodeOrderState(const domain::OrderState& state) {
  return DumpJson(OrderStateToJson(state));
}

std::string DumpJson(const json& j) {
  // Text from outside (names, notes) is meant to be UTF-8; a stray invalid
  // byte must not make an order unsaveable, so it is replaced, not thrown.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

absl::StatusOr<domain::OrderState> DecodeOrderState(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return absl::InternalError("a stored order is not valid JSON; the database may be damaged");
  }
  return OrderStateFromJson(j);
}

}  // namespace oms::storage
