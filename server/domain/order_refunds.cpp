// Refunds of the Order aggregate (declared in order.h, rules in
// docs/REFUNDS.md).
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/order.h"
#include "server/domain/order_transitions.h"

namespace oms::domain {
namespace {

std::string Minor(int64_t minor, const std::string& currency) {
  const int64_t abs = minor < 0 ? -minor : minor;
  return absl::StrFormat("%s%d.%02d %s", minor < 0 ? "-" : "", abs / 100, abs % 100, currency);
}

bool Open(const RefundState& r) {
  return r.status == RefundStatus::kPendingApproval || r.status == RefundStatus::kPending;
}

bool LeftNode(ShipmentStatus s) {
  return s == ShipmentStatus::kShipped || s == ShipmentStatus::kDelivered ||
         s == ShipmentStatus::kPickedUp;
}

// Money of open refunds not settled yet, per tender: (voids, refunds).
// Voids of PENDING refunds are executed at once, so only those waiting for
// approval still reserve.
std::pair<int64_t, int64_t> Reserved(const OrderState& s, const std::string& tender_id,
                                     const std::string& except_refund) {
  int64_t voids = 0, back = 0;
  for (const auto& r : s.refunds) {
    if (!Open(r) || r.refund_id == except_refund) continue;
    for (const auto& p : r.parts) {
      if (p.tender_id != tender_id || p.status != RefundPartStatus::kPending) continue;
      (p.kind == RefundPartKind::kVoid ? voids : back) += p.amount_minor;
    }
  }
  return {voids, back};
}

std::vector<TenderRoom> RoomOf(const OrderState& s, const std::string& except_refund) {
  // Card money no shipment has claimed yet: what card_due (authorized minus
  // voided) exceeds the charges fixed on shipments. Shipments capture in
  // tender order, so the unclaimed money sits on the last cards.
  int64_t unclaimed = 0;
  for (const auto& t : s.tenders) {
    if (t.type != TenderType::kCard) continue;
    if (t.status != TenderStatus::kAuthorized && t.status != TenderStatus::kCaptured) continue;
    unclaimed += t.authorized_minor - t.voided_minor;
  }
  for (const auto& sh : s.shipments) unclaimed -= sh.charge_minor;
  unclaimed = std::max<int64_t>(unclaimed, 0);

  std::vector<TenderRoom> rooms(s.tenders.size());
  for (size_t i = s.tenders.size(); i-- > 0;) {
    const Tender& t = s.tenders[i];
    TenderRoom& room = rooms[i];
    room.tender_id = t.tender_id;
    room.type = t.type;
    room.capture_rank = t.type == TenderType::kCard ? 1 : 0;
    const bool live = t.status == TenderStatus::kAuthorized ||
                      t.status == TenderStatus::kCaptured || t.status == TenderStatus::kRefunded;
    if (!live) continue;
    const auto [void_reserved, back_reserved] = Reserved(s, t.tender_id, except_refund);
    if (t.type == TenderType::kCard && t.status != TenderStatus::kRefunded) {
      const int64_t uncaptured = t.authorized_minor - t.voided_minor - t.captured_minor;
      const int64_t mine = std::min(std::max<int64_t>(uncaptured, 0), unclaimed);
      unclaimed -= mine;
      room.voidable_minor = std::max<int64_t>(mine - void_reserved, 0);
    }
    room.refundable_minor =
        std::max<int64_t>(t.captured_minor - t.refunded_minor - back_reserved, 0);
  }
  return rooms;
}

}  // namespace

std::vector<TenderRoom> Order::RefundRoom() const { return RoomOf(state_, ""); }

const RefundState* Order::FindRefund(const std::string& refund_id) const {
  for (const auto& r : state_.refunds) {
    if (r.refund_id == refund_id) return &r;
  }
  return nullptr;
}

absl::StatusOr<RefundState> Order::PreviewRefund(const RefundRequest& request) const {
  if (state_.status == OrderStatus::kPending || state_.status == OrderStatus::kRejected) {
    return absl::FailedPreconditionError(absl::StrCat("order ", state_.order_number, " is ",
                                                      Name(state_.status),
                                                      "; nothing was paid to refund"));
  }
  RefundState r;
  r.status = RefundStatus::kPending;
  r.policy = request.policy;
  r.reason = request.reason;
  r.requested_by = request.requested_by;
  std::set<int> seen;
  for (const auto& in : request.lines) {
    if (in.line_no < 1 || in.line_no > static_cast<int>(state_.lines.size())) {
      return absl::InvalidArgumentError(absl::StrCat("lines: order ", state_.order_number,
                                                     " has no line ", in.line_no));
    }
    if (!seen.insert(in.line_no).second) {
      return absl::InvalidArgumentError(absl::StrCat("lines: line ", in.line_no, " is repeated"));
    }
    if (in.quantity <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines: line ", in.line_no, ": quantity must be above zero"));
    }
    const OrderLine& line = state_.lines[in.line_no - 1];
    const int64_t coming_back = UnitsAwaitingReturn(in.line_no, request.for_return_id);
    const int64_t can = line.shipped - line.refunded - coming_back;
    if (in.quantity > can) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "line %d (%s): %d units cannot be refunded, %d shipped, %d refunded or waiting "
          "for a refund, %d in a return waiting for its goods (refunded on receipt); cancel "
          "units that have not shipped instead",
          line.line_no, line.sku, in.quantity, line.shipped, line.refunded, coming_back));
    }
    RefundLine out = in;
    out.amount_minor = line.unit_price_minor * in.quantity;
    r.amount_minor += out.amount_minor;
    r.lines.push_back(out);
  }
  if (request.shipping) {
    for (const auto& other : state_.refunds) {
      if (other.status != RefundStatus::kRejected && other.shipping_minor > 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the shipping of order ", state_.order_number, " was refunded by ", other.refund_id));
      }
    }
    if (state_.totals.shipping_minor <= 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("order ", state_.order_number, " was charged no shipping"));
    }
    r.shipping_minor = state_.totals.shipping_minor;
    r.amount_minor += r.shipping_minor;
  }
  if (request.goodwill_minor < 0) {
    return absl::InvalidArgumentError("goodwill: must not be negative");
  }
  r.goodwill_minor = request.goodwill_minor;
  r.amount_minor += r.goodwill_minor;
  if (request.amount_cap_minor < 0) {
    return absl::InvalidArgumentError("amount_cap: must not be negative");
  }
  if (request.amount_cap_minor > 0 && request.amount_cap_minor < r.amount_minor) {
    r.amount_minor = request.amount_cap_minor;
  }
  if (!request.for_return_id.empty() && FindReturn(request.for_return_id) == nullptr) {
    return absl::NotFoundError(absl::StrCat("return ", request.for_return_id, " not found"));
  }
  r.return_id = request.for_return_id;
  if (r.amount_minor <= 0) {
    return absl::InvalidArgumentError(
        "nothing to refund: name lines and quantities, the shipping, or a goodwill amount");
  }
  if (request.policy == RefundPolicy::kStoreCredit && state_.customer.customer_id.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "order ", state_.order_number, " has no customer account to give store credit to"));
  }
  auto parts = SplitRefund(RoomOf(state_, ""), r.amount_minor, r.policy, state_.currency);
  if (!parts.ok()) return parts.status();
  r.parts = std::move(*parts);
  return r;
}

absl::StatusOr<std::string> Order::RequestRefund(const RefundRequest& request,
                                                 bool needs_approval, absl::Time now) {
  auto preview = PreviewRefund(request);
  if (!preview.ok()) return preview.status();
  RefundState r = std::move(*preview);
  r.refund_id = absl::StrCat(state_.order_id, "-R", state_.refunds.size() + 1);
  r.status = needs_approval ? RefundStatus::kPendingApproval : RefundStatus::kPending;
  r.requested_at = now;
  for (auto& p : r.parts) {
    if (p.kind == RefundPartKind::kRefund && p.tender_type == TenderType::kCard) {
      p.gateway_key = absl::StrCat(state_.order_id, ":", p.tender_id, ":refund:", r.refund_id);
    }
  }
  // The units are reserved with the money: no second refund can take them.
  for (const auto& l : r.lines) state_.lines[l.line_no - 1].refunded += l.quantity;
  const std::string id = r.refund_id;
  state_.refunds.push_back(std::move(r));
  const RefundState& stored = state_.refunds.back();
  Record("RefundRequested",
         absl::StrCat("refund ", id, " of ", Minor(stored.amount_minor, state_.currency),
                      " requested by ", stored.requested_by,
                      needs_approval ? ", waiting for a supervisor" : "",
                      stored.reason.empty() ? "" : ": ", stored.reason),
         now,
         {{"refund_id", id},
          {"amount_minor", absl::StrCat(stored.amount_minor)},
          {"policy", std::string(Name(stored.policy))},
          {"status", std::string(Name(stored.status))},
          {"return_id", stored.return_id}});
  if (!needs_approval) ExecuteRefund(state_.refunds.size() - 1, now);
  return id;
}

absl::Status Order::ApproveRefund(const std::string& refund_id, const std::string& approver,
                                  absl::Time now) {
  auto it = std::find_if(state_.refunds.begin(), state_.refunds.end(),
                         [&](const RefundState& r) { return r.refund_id == refund_id; });
  if (it == state_.refunds.end()) {
    return absl::NotFoundError(absl::StrCat("refund ", refund_id, " not found"));
  }
  if (it->status != RefundStatus::kPendingApproval) {
    return absl::FailedPreconditionError(absl::StrCat("refund ", refund_id, " is ",
                                                      Name(it->status),
                                                      ", not waiting for approval"));
  }
  // The tenders may have moved since the request (a shipment claimed card
  // money): split again, this refund's own reservation left out.
  auto parts = SplitRefund(RoomOf(state_, refund_id), it->amount_minor, it->policy,
                           state_.currency);
  if (!parts.ok()) return parts.status();
  it->parts = std::move(*parts);
  for (auto& p : it->parts) {
    if (p.kind == RefundPartKind::kRefund && p.tender_type == TenderType::kCard) {
      p.gateway_key = absl::StrCat(state_.order_id, ":", p.tender_id, ":refund:", refund_id);
    }
  }
  it->status = RefundStatus::kPending;
  it->approved_by = approver;
  it->decided_at = now;
  Record("RefundApproved", absl::StrCat("refund ", refund_id, " approved by ", approver), now,
         {{"refund_id", refund_id}, {"approved_by", approver}});
  ExecuteRefund(static_cast<size_t>(it - state_.refunds.begin()), now);
  return absl::OkStatus();
}

absl::Status Order::RejectRefund(const std::string& refund_id, const std::string& by,
                                 const std::string& reason, absl::Time now) {
  auto it = std::find_if(state_.refunds.begin(), state_.refunds.end(),
                         [&](const RefundState& r) { return r.refund_id == refund_id; });
  if (it == state_.refunds.end()) {
    return absl::NotFoundError(absl::StrCat("refund ", refund_id, " not found"));
  }
  if (it->status != RefundStatus::kPendingApproval) {
    return absl::FailedPreconditionError(absl::StrCat("refund ", refund_id, " is ",
                                                      Name(it->status),
                                                      ", not waiting for approval"));
  }
  for (const auto& l : it->lines) state_.lines[l.line_no - 1].refunded -= l.quantity;
  // A return's refund said no to: the return is unpaid again (its units stay
  // spoken for, see UnitsAwaitingReturn) and may be paid by a new refund.
  for (auto& ret : state_.returns) {
    if (ret.refund_id == refund_id) ret.refund_id.clear();
    if (ret.exchange_refund_id == refund_id) ret.exchange_refund_id.clear();
  }
  it->status = RefundStatus::kRejected;
  it->approved_by = by;
  it->rejection_reason = reason;
  it->decided_at = now;
  Record("RefundRejected",
         absl::StrCat("refund ", refund_id, " rejected by ", by, reason.empty() ? "" : ": ",
                      reason),
         now, {{"refund_id", refund_id}, {"rejected_by", by}});
  return absl::OkStatus();
}

void Order::ExecuteRefund(size_t index, absl::Time now) {
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  RefundState& r = state_.refunds[index];
  for (const auto& l : r.lines) {
    OrderLine& line = state_.lines[l.line_no - 1];
    line.returned += l.quantity;
    Record("UnitsReturned",
           absl::StrFormat("%d x %s returned (%s) for refund %s", l.quantity, line.sku,
                           l.restock ? "restocked" : "written off", r.refund_id),
           now,
           {{"refund_id", r.refund_id},
            {"line_no", absl::StrCat(l.line_no)},
            {"quantity", absl::StrCat(l.quantity)},
            {"restock", l.restock ? "true" : "false"}});
  }
  for (auto& p : r.parts) {
    if (p.kind != RefundPartKind::kVoid) continue;
    Tender* t = MutableTender(p.tender_id);
    t->voided_minor += p.amount_minor;
    p.status = RefundPartStatus::kSucceeded;
    p.completed_at = now;
    Record("RefundPartCompleted",
           absl::StrCat("card money not captured yet released: ",
                        Minor(p.amount_minor, state_.currency), " on ", p.tender_id, " (",
                        r.refund_id, ")"),
           now,
           {{"refund_id", r.refund_id},
            {"part_no", absl::StrCat(p.part_no)},
            {"kind", "VOID"},
            {"amount_minor", absl::StrCat(p.amount_minor)}});
  }
  RecordDerivedChanges(before_p, before_f, now);
  FinishRefundIfDone(index, now);
}

absl::Status Order::RecordRefundPartDone(const std::string& refund_id, int part_no,
                                         absl::Time now) {
  auto it = std::find_if(state_.refunds.begin(), state_.refunds.end(),
                         [&](const RefundState& r) { return r.refund_id == refund_id; });
  if (it == state_.refunds.end()) {
    return absl::NotFoundError(absl::StrCat("refund ", refund_id, " not found"));
  }
  if (it->status != RefundStatus::kPending) {
    return absl::FailedPreconditionError(
        absl::StrCat("refund ", refund_id, " is ", Name(it->status), ", not being paid out"));
  }
  auto part = std::find_if(it->parts.begin(), it->parts.end(),
                           [&](const RefundPart& p) { return p.part_no == part_no; });
  if (part == it->parts.end()) {
    return absl::NotFoundError(absl::StrCat("refund ", refund_id, " has no part ", part_no));
  }
  if (part->status != RefundPartStatus::kPending) {
    return absl::FailedPreconditionError(
        absl::StrCat("refund ", refund_id, " part ", part_no, " is already done"));
  }
  Tender* t = MutableTender(part->tender_id);
  if (t == nullptr) return absl::InternalError(absl::StrCat("no tender ", part->tender_id));
  if (t->refunded_minor + part->amount_minor > t->captured_minor) {
    return absl::InternalError(absl::StrCat("refund ", refund_id, " would refund more than ",
                                            t->tender_id, " captured"));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  t->refunded_minor += part->amount_minor;
  if (t->refunded_minor == t->captured_minor &&
      t->authorized_minor - t->voided_minor - t->captured_minor <= 0) {
    t->status = TenderStatus::kRefunded;
  }
  part->status = RefundPartStatus::kSucceeded;
  part->completed_at = now;
  Record("RefundPartCompleted",
         absl::StrCat(Minor(part->amount_minor, state_.currency), " of ", t->tender_id, " (",
                      Name(t->type), ") given back",
                      part->kind == RefundPartKind::kStoreCredit ? " as store credit" : "", " (",
                      refund_id, ")"),
         now,
         {{"refund_id", refund_id},
          {"part_no", absl::StrCat(part_no)},
          {"kind", std::string(Name(part->kind))},
          {"tender_id", t->tender_id},
          {"amount_minor", absl::StrCat(part->amount_minor)}});
  RecordDerivedChanges(before_p, before_f, now);
  FinishRefundIfDone(static_cast<size_t>(it - state_.refunds.begin()), now);
  return absl::OkStatus();
}

void Order::FinishRefundIfDone(size_t index, absl::Time now) {
  RefundState& r = state_.refunds[index];
  if (r.status != RefundStatus::kPending) return;
  for (const auto& p : r.parts) {
    if (p.status != RefundPartStatus::kSucceeded) return;
  }
  r.status = RefundStatus::kSucceeded;
  r.completed_at = now;
  Record("RefundSucceeded",
         absl::StrCat("refund ", r.refund_id, " of ", Minor(r.amount_minor, state_.currency),
                      " completed"),
         now, {{"refund_id", r.refund_id}});
  // REFUNDED (DESIGN.md): every unit cancelled or returned, every captured
  // amount refunded, and no refund still open.
  for (const auto& l : state_.lines) {
    if (l.cancelled + l.returned < l.ordered) return;
  }
  for (const auto& t : state_.tenders) {
    if (t.refunded_minor < t.captured_minor) return;
  }
  if (std::any_of(state_.refunds.begin(), state_.refunds.end(), Open)) return;
  if (FindOrderTransition(state_.status, OrderStatus::kRefunded) == nullptr) return;
  (void)MoveTo(OrderStatus::kRefunded, now);
}

std::vector<Order::StockMove> Order::RestockMoves(const RefundState& refund) const {
  std::vector<StockMove> moves;
  for (const auto& l : refund.lines) {
    if (!l.restock) continue;
    const OrderLine& line = state_.lines[l.line_no - 1];
    // Back to the node that shipped the line (the first such shipment).
    std::string node;
    for (const auto& s : state_.shipments) {
      if (!LeftNode(s.status)) continue;
      for (const auto& sl : s.lines) {
        if (sl.line_no == l.line_no && node.empty()) node = s.node_id;
      }
    }
    if (!node.empty()) moves.push_back({line.sku, node, l.quantity});
  }
  return moves;
}

}  // namespace oms::domain
