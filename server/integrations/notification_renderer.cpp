#include "server/integrations/notification_renderer.h"

#include <fstream>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace oms::integrations {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

constexpr const char* kKinds[] = {"order_confirmed",  "shipment_shipped", "shipment_delivered",
                                  "ready_for_pickup", "order_cancelled",  "refund_succeeded"};

std::string Money(int64_t minor, const std::string& currency) {
  const int64_t abs = minor < 0 ? -minor : minor;
  return absl::StrFormat("%s%d.%02d %s", minor < 0 ? "-" : "", abs / 100, abs % 100, currency);
}

absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    return absl::NotFoundError(
        absl::StrCat("notification template ", path.string(), " cannot be read"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Plain text: nothing to escape.
std::string Render(const std::string& text, const data& values) {
  mustache tmpl(text);
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(values);
}

const domain::ShipmentState* FindShipment(const domain::OrderState& order,
                                          const std::string& shipment_id) {
  for (const auto& s : order.shipments) {
    if (s.shipment_id == shipment_id) return &s;
  }
  return nullptr;
}

data Lines(const domain::OrderState& order, const domain::ShipmentState* shipment) {
  data list{data::type::list};
  for (const auto& line : order.lines) {
    int64_t quantity = line.ordered;
    if (shipment != nullptr) {
      quantity = 0;
      for (const auto& sl : shipment->lines) {
        if (sl.line_no == line.line_no) quantity += sl.quantity;
      }
      if (quantity == 0) continue;
    }
    data item;
    item.set("name", line.name.empty() ? line.sku : line.name);
    item.set("sku", line.sku);
    item.set("quantity", std::to_string(quantity));
    list.push_back(item);
  }
  return list;
}

}  // namespace

absl::StatusOr<NotificationRenderer> NotificationRenderer::Load(const std::filesystem::path& dir) {
  NotificationRenderer renderer;
  for (const char* kind : kKinds) {
    Templates t;
    for (auto [suffix, out] :
         {std::pair{".subject.mustache", &t.subject}, std::pair{".txt.mustache", &t.text}}) {
      const std::filesystem::path path = dir / absl::StrCat(kind, suffix);
      auto text = ReadFile(path);
      if (!text.ok()) return text.status();
      mustache check(*text);
      if (!check.is_valid()) {
        return absl::InvalidArgumentError(
            absl::StrCat("notification template ", path.string(), ": ", check.error_message()));
      }
      *out = std::move(*text);
    }
    renderer.templates_[kind] = std::move(t);
  }
  return renderer;
}

std::optional<std::string> NotificationRenderer::KindOf(const application::StoredEvent& event) {
  if (event.aggregate_type != "order") return std::nullopt;
  if (event.event_type == "ShipmentShipped") return "shipment_shipped";
  if (event.event_type == "ShipmentDelivered") return "shipment_delivered";
  if (event.event_type == "ShipmentReadyForPickup") return "ready_for_pickup";
  if (event.event_type == "RefundSucceeded") return "refund_succeeded";
  if (event.event_type == "OrderStatusChanged") {
    auto payload = nlohmann::json::parse(event.payload_json, nullptr, /*allow_exceptions=*/false);
    if (payload.is_discarded()) return std::nullopt;
    const auto to = payload.value("/details/to"_json_pointer, std::string());
    if (to == "CONFIRMED" &&
        payload.value("/details/from"_json_pointer, std::string()) == "PENDING") {
      return "order_confirmed";
    }
    if (to == "CANCELLED") return "order_cancelled";
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<application::CustomerNotification>> NotificationRenderer::Render(
    const application::StoredEvent& event, const domain::OrderState& order) const {
  const std::optional<std::string> kind = KindOf(event);
  if (!kind.has_value()) return std::nullopt;
  auto payload = nlohmann::json::parse(event.payload_json, nullptr, /*allow_exceptions=*/false);
  if (payload.is_discarded() || !payload.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", event.sequence, ": the payload is not a JSON object"));
  }
  const nlohmann::json details = payload.value("details", nlohmann::json::object());
  auto detail = [&](const char* key) {
    auto it = details.find(key);
    return it != details.end() && it->is_string() ? it->get<std::string>() : std::string();
  };

  data values;
  values.set("customer_name", order.customer.name.empty() ? "customer" : order.customer.name);
  values.set("order_number", order.order_number);
  values.set("total", Money(order.totals.total_minor, order.currency));
  const domain::ShipmentState* shipment = nullptr;
  if (absl::StartsWith(event.event_type, "Shipment")) {
    shipment = FindShipment(order, detail("shipment_id"));
    if (shipment == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("event ", event.sequence, ": order ",
                                                     order.order_number, " has no shipment '",
                                                     detail("shipment_id"), "'"));
    }
    values.set("carrier", shipment->carrier);
    values.set("tracking_id", shipment->tracking_id);
    values.set("has_tracking", shipment->tracking_id.empty() ? data(false) : data(true));
    values.set("node_id", shipment->node_id);
    if (shipment->pickup_expires_at != absl::Time() &&
        shipment->pickup_expires_at != absl::InfinitePast()) {
      values.set("pickup_until", absl::FormatTime("%Y-%m-%d %H:%M UTC", shipment->pickup_expires_at,
                                                  absl::UTCTimeZone()));
    }
  }
  values.set("items", Lines(order, shipment));
  if (*kind == "refund_succeeded") {
    const std::string refund_id = detail("refund_id");
    const domain::RefundState* refund = nullptr;
    for (const auto& r : order.refunds) {
      if (r.refund_id == refund_id) refund = &r;
    }
    if (refund == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("event ", event.sequence, ": order ",
                                                     order.order_number, " has no refund '",
                                                     refund_id, "'"));
    }
    values.set("refund_amount", Money(refund->amount_minor, order.currency));
    bool store_credit = false;
    for (const auto& p : refund->parts) {
      store_credit = store_credit || p.kind == domain::RefundPartKind::kStoreCredit;
    }
    values.set("to_store_credit", store_credit ? data(true) : data(false));
  }

  const Templates& t = templates_.at(*kind);
  application::CustomerNotification n;
  n.kind = *kind;
  n.key = event.event_id;
  n.order_id = order.order_id;
  n.order_number = order.order_number;
  n.to_name = order.customer.name;
  n.to_email = order.customer.email;
  n.to_phone = order.customer.phone;
  n.subject = integrations::Render(t.subject, values);
  // A subject is one line.
  while (!n.subject.empty() && (n.subject.back() == '\n' || n.subject.back() == '\r')) {
    n.subject.pop_back();
  }
  n.text = integrations::Render(t.text, values);
  return n;
}

}  // namespace oms::integrations
