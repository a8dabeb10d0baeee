#include "server/storage/refund_codec.h"

#include <optional>
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

json ToJson(const domain::RefundPart& p) {
  return {{"part_no", p.part_no},
          {"tender_id", p.tender_id},
          {"tender_type", std::string(domain::Name(p.tender_type))},
          {"kind", std::string(domain::Name(p.kind))},
          {"amount_minor", p.amount_minor},
          {"status", std::string(domain::Name(p.status))},
          {"gateway_key", p.gateway_key},
          {"completed_at", ToMicros(p.completed_at)}};
}

domain::RefundPart PartFromJson(const json& j) {
  domain::RefundPart p;
  Get(j, "part_no", p.part_no);
  Get(j, "tender_id", p.tender_id);
  GetEnum(j, "tender_type", p.tender_type, &domain::ParseTenderType);
  GetEnum(j, "kind", p.kind, &domain::ParseRefundPartKind);
  Get(j, "amount_minor", p.amount_minor);
  GetEnum(j, "status", p.status, &domain::ParseRefundPartStatus);
  Get(j, "gateway_key", p.gateway_key);
  GetTime(j, "completed_at", p.completed_at);
  return p;
}

json ToJson(const domain::RefundState& r) {
  json lines = json::array();
  for (const auto& l : r.lines) {
    lines.push_back({{"line_no", l.line_no},
                     {"quantity", l.quantity},
                     {"restock", l.restock},
                     {"amount_minor", l.amount_minor}});
  }
  json parts = json::array();
  for (const auto& p : r.parts) parts.push_back(ToJson(p));
  return {{"refund_id", r.refund_id},
          {"return_id", r.return_id},
          {"status", std::string(domain::Name(r.status))},
          {"policy", std::string(domain::Name(r.policy))},
          {"lines", std::move(lines)},
          {"shipping_minor", r.shipping_minor},
          {"goodwill_minor", r.goodwill_minor},
          {"amount_minor", r.amount_minor},
          {"reason", r.reason},
          {"requested_by", r.requested_by},
          {"approved_by", r.approved_by},
          {"rejection_reason", r.rejection_reason},
          {"parts", std::move(parts)},
          {"requested_at", ToMicros(r.requested_at)},
          {"decided_at", ToMicros(r.decided_at)},
          {"completed_at", ToMicros(r.completed_at)}};
}

domain::RefundState RefundFromJson(const json& j) {
  domain::RefundState r;
  Get(j, "refund_id", r.refund_id);
  Get(j, "return_id", r.return_id);
  GetEnum(j, "status", r.status, &domain::ParseRefundStatus);
  GetEnum(j, "policy", r.policy, &domain::ParseRefundPolicy);
  if (auto it = j.find("lines"); it != j.end() && it->is_array()) {
    for (const json& l : *it) {
      domain::RefundLine line;
      Get(l, "line_no", line.line_no);
      Get(l, "quantity", line.quantity);
      Get(l, "restock", line.restock);
      Get(l, "amount_minor", line.amount_minor);
      r.lines.push_back(line);
    }
  }
  Get(j, "shipping_minor", r.shipping_minor);
  Get(j, "goodwill_minor", r.goodwill_minor);
  Get(j, "amount_minor", r.amount_minor);
  Get(j, "reason", r.reason);
  Get(j, "requested_by", r.requested_by);
  Get(j, "approved_by", r.approved_by);
  Get(j, "rejection_reason", r.rejection_reason);
  if (auto it = j.find("parts"); it != j.end() && it->is_array()) {
    for (const json& p : *it) r.parts.push_back(PartFromJson(p));
  }
  GetTime(j, "requested_at", r.requested_at);
  GetTime(j, "decided_at", r.decided_at);
  GetTime(j, "completed_at", r.completed_at);
  return r;
}

}  // namespace

json RefundsToJson(const std::vector<domain::RefundState>& refunds) {
  json out = json::array();
  for (const auto& r : refunds) out.push_back(ToJson(r));
  return out;
}

absl::StatusOr<std::vector<domain::RefundState>> RefundsFromJson(const json& refunds) {
  return json_fields::DecodeList<domain::RefundState>(refunds, "refunds", RefundFromJson);
}

}  // namespace oms::storage
