#include "server/api/refund_mapping.h"

#include "absl/strings/str_cat.h"
#include "server/api/proto_mapping.h"

namespace oms::api {
namespace {

v1::RefundStatus ToProto(domain::RefundStatus s) {
  switch (s) {
    case domain::RefundStatus::kPendingApproval: return v1::REFUND_STATUS_PENDING_APPROVAL;
    case domain::RefundStatus::kPending: return v1::REFUND_STATUS_PENDING;
    case domain::RefundStatus::kSucceeded: return v1::REFUND_STATUS_SUCCEEDED;
    case domain::RefundStatus::kRejected: return v1::REFUND_STATUS_REJECTED;
  }
  return v1::REFUND_STATUS_UNSPECIFIED;
}

v1::RefundPolicy ToProto(domain::RefundPolicy p) {
  switch (p) {
    case domain::RefundPolicy::kReverseCapture: return v1::REFUND_POLICY_REVERSE_CAPTURE;
    case domain::RefundPolicy::kStoreCredit: return v1::REFUND_POLICY_STORE_CREDIT;
    case domain::RefundPolicy::kProRata: return v1::REFUND_POLICY_PRO_RATA;
  }
  return v1::REFUND_POLICY_UNSPECIFIED;
}

v1::RefundPartKind ToProto(domain::RefundPartKind k) {
  switch (k) {
    case domain::RefundPartKind::kVoid: return v1::REFUND_PART_KIND_VOID;
    case domain::RefundPartKind::kRefund: return v1::REFUND_PART_KIND_REFUND;
    case domain::RefundPartKind::kStoreCredit: return v1::REFUND_PART_KIND_STORE_CREDIT;
  }
  return v1::REFUND_PART_KIND_UNSPECIFIED;
}

bool Set(absl::Time t) { return t != absl::Time() && t != absl::InfinitePast(); }

}  // namespace

void ToProto(const domain::RefundState& in, const std::string& currency, v1::Refund* out) {
  out->set_refund_id(in.refund_id);
  out->set_return_id(in.return_id);
  out->set_status(ToProto(in.status));
  out->set_policy(ToProto(in.policy));
  for (const auto& l : in.lines) {
    auto* line = out->add_lines();
    line->set_line_no(l.line_no);
    line->set_quantity(l.quantity);
    line->set_restock(l.restock);
    SetMoney(l.amount_minor, currency, line->mutable_amount());
  }
  SetMoney(in.shipping_minor, currency, out->mutable_shipping());
  SetMoney(in.goodwill_minor, currency, out->mutable_goodwill());
  SetMoney(in.amount_minor, currency, out->mutable_amount());
  out->set_reason(in.reason);
  out->set_requested_by(in.requested_by);
  out->set_approved_by(in.approved_by);
  out->set_rejection_reason(in.rejection_reason);
  for (const auto& p : in.parts) {
    auto* part = out->add_parts();
    part->set_part_no(p.part_no);
    part->set_tender_id(p.tender_id);
    part->set_kind(ToProto(p.kind));
    SetMoney(p.amount_minor, currency, part->mutable_amount());
    part->set_status(p.status == domain::RefundPartStatus::kSucceeded
                         ? v1::REFUND_PART_STATUS_SUCCEEDED
                         : v1::REFUND_PART_STATUS_PENDING);
    part->set_gateway_key(p.gateway_key);
    if (Set(p.completed_at)) SetTime(p.completed_at, part->mutable_completed_at());
  }
  if (Set(in.requested_at)) SetTime(in.requested_at, out->mutable_requested_at());
  if (Set(in.decided_at)) SetTime(in.decided_at, out->mutable_decided_at());
  if (Set(in.completed_at)) SetTime(in.completed_at, out->mutable_completed_at());
}

absl::StatusOr<domain::Order::RefundRequest> ToRefundRequest(const v1::RefundOrderRequest& in,
                                                             const std::string& currency_hint) {
  domain::Order::RefundRequest r;
  for (int i = 0; i < in.lines_size(); ++i) {
    const auto& l = in.lines(i);
    if (l.quantity() <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines[", i, "].quantity: must be above zero"));
    }
    r.lines.push_back({l.line_no(), l.quantity(), l.restock(), 0});
  }
  r.shipping = in.shipping();
  if (in.has_goodwill()) {
    if (in.goodwill().amount_minor() < 0) {
      return absl::InvalidArgumentError("goodwill.amount_minor: must not be negative");
    }
    if (!in.goodwill().currency().empty() && !currency_hint.empty() &&
        in.goodwill().currency() != currency_hint) {
      return absl::InvalidArgumentError(absl::StrCat("goodwill.currency: the order is in ",
                                                     currency_hint, ", not ",
                                                     in.goodwill().currency()));
    }
    r.goodwill_minor = in.goodwill().amount_minor();
  }
  switch (in.policy()) {
    case v1::REFUND_POLICY_UNSPECIFIED:
    case v1::REFUND_POLICY_REVERSE_CAPTURE: r.policy = domain::RefundPolicy::kReverseCapture; break;
    case v1::REFUND_POLICY_STORE_CREDIT: r.policy = domain::RefundPolicy::kStoreCredit; break;
    case v1::REFUND_POLICY_PRO_RATA: r.policy = domain::RefundPolicy::kProRata; break;
    default:
      return absl::InvalidArgumentError(absl::StrCat("policy: unknown value ", in.policy()));
  }
  if (in.reason().size() > 1000) {
    return absl::InvalidArgumentError("reason: at most 1000 characters");
  }
  r.reason = in.reason();
  return r;
}

}  // namespace oms::api
