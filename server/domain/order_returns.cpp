// Returns and exchanges of the Order aggregate (declared in order.h, rules
// in docs/RETURNS.md).
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "server/domain/order.h"

namespace oms::domain {
namespace {

constexpr size_t kMaxReturnNote = 500;

std::string Minor(int64_t minor, const std::string& currency) {
  const int64_t abs = minor < 0 ? -minor : minor;
  return absl::StrFormat("%s%d.%02d %s", minor < 0 ? "-" : "", abs / 100, abs % 100, currency);
}

// Not paid yet: a return waiting for its goods whose units no refund holds
// (exchanges are paid, in part at least, when they are made).
bool HoldsUnpaidUnits(const ReturnState& r) {
  return r.status != ReturnStatus::kCancelled && r.refund_id.empty() &&
         r.exchange_refund_id.empty();
}

}  // namespace

const ReturnState* Order::FindReturn(const std::string& return_id) const {
  for (const auto& r : state_.returns) {
    if (r.return_id == return_id) return &r;
  }
  return nullptr;
}

ReturnState* Order::MutableReturn(const std::string& return_id) {
  for (auto& r : state_.returns) {
    if (r.return_id == return_id) return &r;
  }
  return nullptr;
}

int64_t Order::UnitsAwaitingReturn(int line_no, const std::string& except_return) const {
  int64_t units = 0;
  for (const auto& r : state_.returns) {
    if (r.return_id == except_return || !HoldsUnpaidUnits(r)) continue;
    for (const auto& l : r.lines) {
      if (l.line_no == line_no) units += l.quantity;
    }
  }
  return units;
}

int64_t Order::ReturnableUnits(int line_no) const {
  if (line_no < 1 || line_no > static_cast<int>(state_.lines.size())) return 0;
  const OrderLine& line = state_.lines[line_no - 1];
  return std::max<int64_t>(line.delivered - line.refunded - UnitsAwaitingReturn(line_no, ""), 0);
}

absl::StatusOr<ReturnState> Order::PreviewReturn(const ReturnRequest& request) const {
  if (state_.status == OrderStatus::kPending || state_.status == OrderStatus::kRejected) {
    return absl::FailedPreconditionError(absl::StrCat(
        "order ", state_.order_number, " is ", Name(state_.status), "; nothing was delivered"));
  }
  if (request.lines.empty()) {
    return absl::InvalidArgumentError("lines: name the lines and quantities coming back");
  }
  ReturnState r;
  r.refund_timing = request.refund_timing;
  r.refund_policy = request.refund_policy;
  r.refund_needs_approval = request.refund_needs_approval;
  r.requested_by = request.requested_by;
  std::set<int> seen;
  for (size_t i = 0; i < request.lines.size(); ++i) {
    const auto& in = request.lines[i];
    const std::string field = absl::StrCat("lines[", i, "]");
    if (in.line_no < 1 || in.line_no > static_cast<int>(state_.lines.size())) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".line_no: order ", state_.order_number,
                                                     " has no line ", in.line_no));
    }
    if (!seen.insert(in.line_no).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".line_no: line ", in.line_no, " is repeated"));
    }
    if (in.quantity <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".quantity: must be above zero"));
    }
    if (in.note.size() > kMaxReturnNote) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".note: at most ", kMaxReturnNote, " characters"));
    }
    const OrderLine& line = state_.lines[in.line_no - 1];
    const int64_t can = ReturnableUnits(in.line_no);
    if (in.quantity > can) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "line %d (%s): %d units cannot be returned; %d delivered, %d refunded, %d already in "
          "returns waiting for their goods",
          line.line_no, line.sku, in.quantity, line.delivered, line.refunded,
          UnitsAwaitingReturn(in.line_no, "")));
    }
    ReturnLine out;
    out.line_no = in.line_no;
    out.sku = line.sku;
    out.quantity = in.quantity;
    out.reason = in.reason;
    out.note = in.note;
    out.amount_minor = line.unit_price_minor * in.quantity;
    r.value_minor += out.amount_minor;
    r.lines.push_back(std::move(out));
  }
  for (size_t i = 0; i < request.replacement.size(); ++i) {
    const auto& rep = request.replacement[i];
    const std::string field = absl::StrCat("replacement[", i, "]");
    if (rep.sku.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ".sku: required"));
    if (rep.quantity <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".quantity: must be above zero"));
    }
    if (rep.unit_price_minor < 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".unit_price: must not be negative"));
    }
    r.replacement.push_back(rep);
    r.replacement_value_minor += rep.unit_price_minor * rep.quantity;
  }
  if (r.is_exchange() && state_.customer.customer_id.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "order ", state_.order_number,
        " has no customer account: an exchange pays the replacement with store credit; return "
        "the goods for a refund and place a new order instead"));
  }
  return r;
}

absl::StatusOr<std::string> Order::CreateReturn(const ReturnRequest& request, absl::Time now) {
  auto preview = PreviewReturn(request);
  if (!preview.ok()) return preview.status();
  ReturnState r = std::move(*preview);
  r.return_id = absl::StrCat(state_.order_id, "-RMA", state_.returns.size() + 1);
  r.status = ReturnStatus::kAwaitingReceipt;
  r.created_at = now;
  std::vector<std::string> what;
  for (const auto& l : r.lines) {
    what.push_back(absl::StrCat(l.quantity, " x ", l.sku, " (", Name(l.reason), ")"));
  }
  std::string summary =
      absl::StrCat("return ", r.return_id, " of ", absl::StrJoin(what, ", "), " worth ",
                   Minor(r.value_minor, state_.currency), " created by ", r.requested_by);
  if (r.is_exchange()) {
    absl::StrAppend(&summary, ", exchanged for goods worth ",
                    Minor(r.replacement_value_minor, state_.currency));
  }
  const std::string id = r.return_id;
  Record("ReturnCreated", std::move(summary), now,
         {{"return_id", id},
          {"value_minor", absl::StrCat(r.value_minor)},
          {"exchange", r.is_exchange() ? "true" : "false"},
          {"refund_timing", std::string(Name(r.refund_timing))}});
  state_.returns.push_back(std::move(r));
  return id;
}

absl::StatusOr<std::vector<Order::StockMove>> Order::ReceiveReturn(
    const std::string& return_id, const std::vector<ReceivedLine>& lines,
    const std::string& received_by, absl::Time now) {
  ReturnState* r = MutableReturn(return_id);
  if (r == nullptr) return absl::NotFoundError(absl::StrCat("return ", return_id, " not found"));
  if (r->status != ReturnStatus::kAwaitingReceipt) {
    return absl::FailedPreconditionError(
        absl::StrCat("return ", return_id, " is ", Name(r->status), ", not awaiting receipt"));
  }
  std::set<int> seen;
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& in = lines[i];
    const std::string field = absl::StrCat("lines[", i, "]");
    auto it = std::find_if(r->lines.begin(), r->lines.end(),
                           [&](const ReturnLine& l) { return l.line_no == in.line_no; });
    if (it == r->lines.end()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".line_no: return ", return_id,
                                                     " has no units of line ", in.line_no));
    }
    if (!seen.insert(in.line_no).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".line_no: line ", in.line_no, " is repeated"));
    }
    if (in.restocked < 0 || in.damaged < 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": counts must not be negative"));
    }
    if (in.restocked + in.damaged != it->quantity) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: line %d came back with %d units; %d restocked + %d damaged is %d", field, in.line_no,
          it->quantity, in.restocked, in.damaged, in.restocked + in.damaged));
    }
    if (in.restocked > 0 && in.restock_node_id.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".restock_node_id: required to restock units"));
    }
  }
  if (seen.size() != r->lines.size()) {
    for (const auto& l : r->lines) {
      if (!seen.contains(l.line_no)) {
        return absl::InvalidArgumentError(
            absl::StrCat("lines: every line of the return needs its dispositions; line ", l.line_no,
                         " is missing"));
      }
    }
  }
  std::vector<StockMove> moves;
  std::vector<std::string> what;
  for (const auto& in : lines) {
    auto it = std::find_if(r->lines.begin(), r->lines.end(),
                           [&](const ReturnLine& l) { return l.line_no == in.line_no; });
    it->restocked = in.restocked;
    it->damaged = in.damaged;
    it->restock_node_id = in.restocked > 0 ? in.restock_node_id : "";
    if (in.restocked > 0) {
      moves.push_back({it->sku, in.restock_node_id, in.restocked});
      what.push_back(
          absl::StrCat(in.restocked, " x ", it->sku, " restocked at ", in.restock_node_id));
    }
    if (in.damaged > 0) what.push_back(absl::StrCat(in.damaged, " x ", it->sku, " damaged"));
  }
  r->status = ReturnStatus::kReceived;
  r->received_by = received_by;
  r->received_at = now;
  Record("ReturnReceived",
         absl::StrCat("return ", return_id, " received by ", received_by, ": ",
                      absl::StrJoin(what, ", ")),
         now, {{"return_id", return_id}});
  return moves;
}

absl::Status Order::CancelReturn(const std::string& return_id, const std::string& by,
                                 const std::string& reason, absl::Time now) {
  ReturnState* r = MutableReturn(return_id);
  if (r == nullptr) return absl::NotFoundError(absl::StrCat("return ", return_id, " not found"));
  if (r->status != ReturnStatus::kAwaitingReceipt) {
    return absl::FailedPreconditionError(absl::StrCat("return ", return_id, " is ", Name(r->status),
                                                      "; only a return awaiting "
                                                      "its goods can be cancelled"));
  }
  if (!r->refund_id.empty() || !r->exchange_refund_id.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "return ", return_id, " was paid when it was made (",
        r->is_exchange() ? "an exchange" : "refund at creation", "); it can only be received"));
  }
  r->status = ReturnStatus::kCancelled;
  r->cancel_reason = reason;
  Record(
      "ReturnCancelled",
      absl::StrCat("return ", return_id, " cancelled by ", by, reason.empty() ? "" : ": ", reason),
      now, {{"return_id", return_id}});
  return absl::OkStatus();
}

std::optional<Order::RefundRequest> Order::ReturnRefundRequest(const std::string& return_id,
                                                               ReturnMoney which) const {
  const ReturnState* r = FindReturn(return_id);
  if (r == nullptr) return std::nullopt;
  RefundRequest request;
  request.for_return_id = return_id;
  request.requested_by = r->requested_by;
  std::vector<std::string> reasons;
  for (const auto& l : r->lines) reasons.push_back(std::string(Name(l.reason)));
  if (which == ReturnMoney::kExchangeCredit) {
    if (!r->is_exchange() || r->exchange_credit_minor() <= 0) return std::nullopt;
    // The units ride on the credit: they are paid for from now on.
    for (const auto& l : r->lines) request.lines.push_back({l.line_no, l.quantity, false, 0});
    request.policy = RefundPolicy::kStoreCredit;
    request.amount_cap_minor = r->exchange_credit_minor();
    request.reason = absl::StrCat("exchange credit for return ", return_id);
    return request;
  }
  request.policy = r->refund_policy;
  if (r->is_exchange()) {
    if (r->money_back_minor() <= 0) return std::nullopt;
    request.goodwill_minor = r->money_back_minor();
    request.reason = absl::StrCat("return ", return_id, ": value above the replacement");
    return request;
  }
  for (const auto& l : r->lines) request.lines.push_back({l.line_no, l.quantity, false, 0});
  request.reason = absl::StrCat("return ", return_id, " (", absl::StrJoin(reasons, ", "), ")");
  // Earlier refunds (goodwill, say) may have given back part of what the
  // units cost: the return pays what the tenders have left, and nothing when
  // they have nothing, so the goods are always received.
  int64_t left = 0;
  for (const TenderRoom& t : RefundRoom()) {
    left += std::max<int64_t>(t.voidable_minor, 0) + std::max<int64_t>(t.refundable_minor, 0);
  }
  if (left <= 0) return std::nullopt;
  request.amount_cap_minor = left;
  return request;
}

absl::Status Order::RecordReturnRefund(const std::string& return_id, ReturnMoney which,
                                       const std::string& refund_id, absl::Time now) {
  ReturnState* r = MutableReturn(return_id);
  if (r == nullptr) return absl::NotFoundError(absl::StrCat("return ", return_id, " not found"));
  std::string& slot = which == ReturnMoney::kExchangeCredit ? r->exchange_refund_id : r->refund_id;
  if (!slot.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("return ", return_id, " is already paid by ", slot));
  }
  slot = refund_id;
  state_.updated_at = now;
  return absl::OkStatus();
}

absl::Status Order::RecordReplacementOrder(const std::string& return_id,
                                           const std::string& order_id,
                                           const std::string& order_number, absl::Time now) {
  ReturnState* r = MutableReturn(return_id);
  if (r == nullptr) return absl::NotFoundError(absl::StrCat("return ", return_id, " not found"));
  if (!r->is_exchange()) {
    return absl::FailedPreconditionError(absl::StrCat("return ", return_id, " is not an exchange"));
  }
  if (!r->replacement_order_id.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "return ", return_id, " already has replacement order ", r->replacement_order_id));
  }
  r->replacement_order_id = order_id;
  Record("ReplacementOrderPlaced",
         absl::StrCat("replacement order ", order_number, " placed for return ", return_id), now,
         {{"return_id", return_id}, {"replacement_order_id", order_id}});
  return absl::OkStatus();
}

}  // namespace oms::domain
