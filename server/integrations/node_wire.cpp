#include "server/integrations/node_wire.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace oms::integrations::node_wire {
namespace {

using nlohmann::json;

constexpr size_t kMaxQuotedBody = 200;

std::string Dump(const json& j) {
  // Names and addresses come from customers; replace bad UTF-8 rather than throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string ShipmentRequestBody(const application::ShipmentRequest& r) {
  json lines = json::array();
  for (const application::ShipmentRequest::Line& l : r.lines) {
    lines.push_back(
        json{{"line_no", l.line_no}, {"sku", l.sku}, {"name", l.name}, {"quantity", l.quantity}});
  }
  const application::ShipmentRequest::Address& a = r.ship_to;
  return Dump(json{{"shipment_id", r.shipment_id},
                   {"node_id", r.node_id},
                   {"order_id", r.order_id},
                   {"order_number", r.order_number},
                   {"lines", std::move(lines)},
                   {"ship_to", json{{"name", a.name},
                                    {"line1", a.line1},
                                    {"line2", a.line2},
                                    {"city", a.city},
                                    {"postal_code", a.postal_code},
                                    {"country", a.country},
                                    {"phone", a.phone}}},
                   {"shipping_option", r.shipping_option}});
}

std::string CancellationTarget(std::string_view shipment_id) {
  return absl::StrCat(kShipmentsTarget, "/", PercentEncode(shipment_id), "/cancel");
}

std::string CancellationBody(std::string_view node_id, std::string_view shipment_id) {
  return Dump(json{{"shipment_id", shipment_id}, {"node_id", node_id}});
}

absl::StatusOr<application::NodeAnswer> ParseAnswer(std::string_view body) {
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("the reply is not a JSON object");
  }
  application::NodeAnswer answer;
  auto accepted = j.find("accepted");
  if (accepted == j.end() || !accepted->is_boolean()) {
    return absl::InvalidArgumentError("the reply has no boolean 'accepted'");
  }
  answer.accepted = accepted->get<bool>();
  for (auto [name, out] :
       {std::pair{"reason", &answer.reason}, std::pair{"partner_ref", &answer.partner_ref}}) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) continue;
    if (!it->is_string()) {
      return absl::InvalidArgumentError(absl::StrCat("the reply's '", name, "' is not a string"));
    }
    *out = it->get<std::string>();
  }
  return answer;
}

std::string ErrorMessage(std::string_view body) {
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    for (const char* field : {"message", "error"}) {
      auto it = j.find(field);
      if (it != j.end() && it->is_string()) return it->get<std::string>();
    }
  }
  if (body.empty()) return "(empty reply)";
  std::string quoted(body.substr(0, kMaxQuotedBody));
  if (body.size() > kMaxQuotedBody) quoted += "...";
  return quoted;
}

}  // namespace oms::integrations::node_wire
