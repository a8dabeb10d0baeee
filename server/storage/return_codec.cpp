#include "server/storage/return_codec.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/storage/json_fields.h"
#include "server/storage/order_codec.h"

namespace oms::storage {
namespace {

using nlohmann::json;

using json_fields::Get;
using json_fields::GetEnum;
using json_fields::GetTime;

json ToJson(const domain::ReturnState& r) {
  json lines = json::array();
  for (const auto& l : r.lines) {
    lines.push_back({{"line_no", l.line_no},
                     {"sku", l.sku},
                     {"quantity", l.quantity},
                     {"reason", std::string(domain::Name(l.reason))},
                     {"note", l.note},
                     {"amount_minor", l.amount_minor},
                     {"restocked", l.restocked},
                     {"restock_node_id", l.restock_node_id},
                     {"damaged", l.damaged}});
  }
  json replacement = json::array();
  for (const auto& l : r.replacement) {
    replacement.push_back(
        {{"sku", l.sku}, {"quantity", l.quantity}, {"unit_price_minor", l.unit_price_minor}});
  }
  return {{"return_id", r.return_id},
          {"status", std::string(domain::Name(r.status))},
          {"lines", std::move(lines)},
          {"value_minor", r.value_minor},
          {"refund_timing", std::string(domain::Name(r.refund_timing))},
          {"refund_policy", std::string(domain::Name(r.refund_policy))},
          {"refund_needs_approval", r.refund_needs_approval},
          {"exchange_refund_id", r.exchange_refund_id},
          {"refund_id", r.refund_id},
          {"replacement", std::move(replacement)},
          {"replacement_value_minor", r.replacement_value_minor},
          {"replacement_order_id", r.replacement_order_id},
          {"requested_by", r.requested_by},
          {"received_by", r.received_by},
          {"cancel_reason", r.cancel_reason},
          {"created_at", ToMicros(r.created_at)},
          {"received_at", ToMicros(r.received_at)}};
}

domain::ReturnState ReturnFromJson(const json& j) {
  domain::ReturnState r;
  Get(j, "return_id", r.return_id);
  GetEnum(j, "status", r.status, &domain::ParseReturnStatus);
  if (auto it = j.find("lines"); it != j.end() && it->is_array()) {
    for (const json& l : *it) {
      domain::ReturnLine line;
      Get(l, "line_no", line.line_no);
      Get(l, "sku", line.sku);
      Get(l, "quantity", line.quantity);
      GetEnum(l, "reason", line.reason, &domain::ParseReturnReason);
      Get(l, "note", line.note);
      Get(l, "amount_minor", line.amount_minor);
      Get(l, "restocked", line.restocked);
      Get(l, "restock_node_id", line.restock_node_id);
      Get(l, "damaged", line.damaged);
      r.lines.push_back(std::move(line));
    }
  }
  Get(j, "value_minor", r.value_minor);
  GetEnum(j, "refund_timing", r.refund_timing, &domain::ParseRefundTiming);
  GetEnum(j, "refund_policy", r.refund_policy, &domain::ParseRefundPolicy);
  Get(j, "refund_needs_approval", r.refund_needs_approval);
  Get(j, "exchange_refund_id", r.exchange_refund_id);
  Get(j, "refund_id", r.refund_id);
  if (auto it = j.find("replacement"); it != j.end() && it->is_array()) {
    for (const json& l : *it) {
      domain::ReplacementLine line;
      Get(l, "sku", line.sku);
      Get(l, "quantity", line.quantity);
      Get(l, "unit_price_minor", line.unit_price_minor);
      r.replacement.push_back(std::move(line));
    }
  }
  Get(j, "replacement_value_minor", r.replacement_value_minor);
  Get(j, "replacement_order_id", r.replacement_order_id);
  Get(j, "requested_by", r.requested_by);
  Get(j, "received_by", r.received_by);
  Get(j, "cancel_reason", r.cancel_reason);
  GetTime(j, "created_at", r.created_at);
  GetTime(j, "received_at", r.received_at);
  return r;
}

}  // namespace

json ReturnsToJson(const std::vector<domain::ReturnState>& returns) {
  json out = json::array();
  for (const auto& r : returns) out.push_back(ToJson(r));
  return out;
}

absl::StatusOr<std::vector<domain::ReturnState>> ReturnsFromJson(const json& returns) {
  return json_fields::DecodeList<domain::ReturnState>(returns, "returns", ReturnFromJson);
}

}  // namespace oms::storage
