#include "server/api/return_mapping.h"

#include "absl/strings/str_cat.h"
#include "server/api/proto_mapping.h"

namespace oms::api {
namespace {

using domain::ReturnReason;

v1::ReturnStatus ToProto(domain::ReturnStatus s) {
  switch (s) {
    case domain::ReturnStatus::kAwaitingReceipt:
      return v1::RETURN_STATUS_AWAITING_RECEIPT;
    case domain::ReturnStatus::kReceived:
      return v1::RETURN_STATUS_RECEIVED;
    case domain::ReturnStatus::kCancelled:
      return v1::RETURN_STATUS_CANCELLED;
  }
  return v1::RETURN_STATUS_UNSPECIFIED;
}

v1::ReturnReason ToProto(ReturnReason r) {
  switch (r) {
    case ReturnReason::kDamaged:
      return v1::RETURN_REASON_DAMAGED;
    case ReturnReason::kDefective:
      return v1::RETURN_REASON_DEFECTIVE;
    case ReturnReason::kWrongItem:
      return v1::RETURN_REASON_WRONG_ITEM;
    case ReturnReason::kNotAsDescribed:
      return v1::RETURN_REASON_NOT_AS_DESCRIBED;
    case ReturnReason::kSizeOrFit:
      return v1::RETURN_REASON_SIZE_OR_FIT;
    case ReturnReason::kNoLongerNeeded:
      return v1::RETURN_REASON_NO_LONGER_NEEDED;
    case ReturnReason::kOther:
      return v1::RETURN_REASON_OTHER;
  }
  return v1::RETURN_REASON_UNSPECIFIED;
}

absl::StatusOr<ReturnReason> FromProto(v1::ReturnReason r, const std::string& field) {
  switch (r) {
    case v1::RETURN_REASON_DAMAGED:
      return ReturnReason::kDamaged;
    case v1::RETURN_REASON_DEFECTIVE:
      return ReturnReason::kDefective;
    case v1::RETURN_REASON_WRONG_ITEM:
      return ReturnReason::kWrongItem;
    case v1::RETURN_REASON_NOT_AS_DESCRIBED:
      return ReturnReason::kNotAsDescribed;
    case v1::RETURN_REASON_SIZE_OR_FIT:
      return ReturnReason::kSizeOrFit;
    case v1::RETURN_REASON_NO_LONGER_NEEDED:
      return ReturnReason::kNoLongerNeeded;
    case v1::RETURN_REASON_UNSPECIFIED:
    case v1::RETURN_REASON_OTHER:
      return ReturnReason::kOther;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": unknown value ", static_cast<int>(r)));
  }
}

bool Set(absl::Time t) { return t != absl::Time() && t != absl::InfinitePast(); }

}  // namespace

void ToProto(const domain::ReturnState& in, const std::string& currency, v1::Return* out) {
  out->set_return_id(in.return_id);
  out->set_status(ToProto(in.status));
  for (const auto& l : in.lines) {
    auto* line = out->add_lines();
    line->set_line_no(l.line_no);
    line->set_sku(l.sku);
    line->set_quantity(l.quantity);
    line->set_reason(ToProto(l.reason));
    line->set_note(l.note);
    SetMoney(l.amount_minor, currency, line->mutable_amount());
    line->set_restocked(l.restocked);
    line->set_restock_node_id(l.restock_node_id);
    line->set_damaged(l.damaged);
  }
  SetMoney(in.value_minor, currency, out->mutable_value());
  out->set_refund_timing(in.refund_timing == domain::RefundTiming::kAtCreation
                             ? v1::REFUND_TIMING_AT_CREATION
                             : v1::REFUND_TIMING_ON_RECEIPT);
  out->set_refund_policy(std::string(domain::Name(in.refund_policy)));
  out->set_refund_needs_approval(in.refund_needs_approval);
  out->set_exchange_refund_id(in.exchange_refund_id);
  out->set_refund_id(in.refund_id);
  for (const auto& l : in.replacement) {
    auto* line = out->add_replacement();
    line->set_sku(l.sku);
    line->set_quantity(l.quantity);
    SetMoney(l.unit_price_minor, currency, line->mutable_unit_price());
  }
  SetMoney(in.replacement_value_minor, currency, out->mutable_replacement_value());
  out->set_replacement_order_id(in.replacement_order_id);
  out->set_requested_by(in.requested_by);
  out->set_received_by(in.received_by);
  out->set_cancel_reason(in.cancel_reason);
  if (Set(in.created_at)) SetTime(in.created_at, out->mutable_created_at());
  if (Set(in.received_at)) SetTime(in.received_at, out->mutable_received_at());
}

absl::StatusOr<application::CreateReturnCommand> ToCommand(const v1::CreateReturnRequest& in) {
  if (in.order_id().empty()) return absl::InvalidArgumentError("order_id: required");
  if (in.request_id().size() > 255) {
    return absl::InvalidArgumentError("request_id: at most 255 characters");
  }
  application::CreateReturnCommand c;
  c.order_ref = in.order_id();
  for (int i = 0; i < in.lines_size(); ++i) {
    const auto& l = in.lines(i);
    auto reason = FromProto(l.reason(), absl::StrCat("lines[", i, "].reason"));
    if (!reason.ok()) return reason.status();
    c.lines.push_back({l.line_no(), l.quantity(), *reason, l.note()});
  }
  switch (in.refund_policy()) {
    case v1::REFUND_POLICY_UNSPECIFIED:
    case v1::REFUND_POLICY_REVERSE_CAPTURE:
      c.refund_policy = domain::RefundPolicy::kReverseCapture;
      break;
    case v1::REFUND_POLICY_STORE_CREDIT:
      c.refund_policy = domain::RefundPolicy::kStoreCredit;
      break;
    case v1::REFUND_POLICY_PRO_RATA:
      c.refund_policy = domain::RefundPolicy::kProRata;
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("refund_policy: unknown value ", in.refund_policy()));
  }
  for (int i = 0; i < in.replacement_size(); ++i) {
    const auto& r = in.replacement(i);
    if (r.sku().empty()) {
      return absl::InvalidArgumentError(absl::StrCat("replacement[", i, "].sku: required"));
    }
    if (r.quantity() <= 0 || r.quantity() > 10'000) {
      return absl::InvalidArgumentError(
          absl::StrCat("replacement[", i, "].quantity: must be 1 to 10000"));
    }
    c.replacement.push_back({r.sku(), r.quantity()});
  }
  if (in.has_difference_tender()) {
    const auto& t = in.difference_tender();
    application::PlaceOrderCommand::Tender tender;
    switch (t.type()) {
      case v1::TENDER_TYPE_CARD:
        if (t.card_token().empty()) {
          return absl::InvalidArgumentError("difference_tender.card_token: required for a card");
        }
        tender.type = domain::TenderType::kCard;
        break;
      case v1::TENDER_TYPE_WALLET:
        tender.type = domain::TenderType::kWallet;
        break;
      case v1::TENDER_TYPE_STORE_CREDIT:
        tender.type = domain::TenderType::kStoreCredit;
        break;
      case v1::TENDER_TYPE_CASH:
        tender.type = domain::TenderType::kCash;
        break;
      default:
        return absl::InvalidArgumentError(
            "difference_tender.type: must be CARD, WALLET, STORE_CREDIT or CASH");
    }
    tender.card_token = t.card_token();
    c.difference_tender = std::move(tender);
  }
  c.request_id = in.request_id();
  v1::CreateReturnRequest without_key = in;
  without_key.clear_request_id();
  c.request_hash = absl::StrCat("return:", Fingerprint(without_key));
  return c;
}

absl::StatusOr<application::ReceiveReturnCommand> ToCommand(const v1::ReceiveReturnRequest& in) {
  if (in.return_id().empty()) return absl::InvalidArgumentError("return_id: required");
  if (in.request_id().size() > 255) {
    return absl::InvalidArgumentError("request_id: at most 255 characters");
  }
  if (in.lines_size() == 0) {
    return absl::InvalidArgumentError(
        "lines: give each line of the return its restocked and damaged units");
  }
  application::ReceiveReturnCommand c;
  c.return_id = in.return_id();
  for (const auto& l : in.lines()) {
    c.lines.push_back({l.line_no(), l.restocked(), l.restock_node_id(), l.damaged()});
  }
  c.request_id = in.request_id();
  v1::ReceiveReturnRequest without_key = in;
  without_key.clear_request_id();
  c.request_hash = absl::StrCat("receive-return:", Fingerprint(without_key));
  return c;
}

}  // namespace oms::api
