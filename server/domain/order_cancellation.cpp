// The Order aggregate's cancellation: which units go (the cancellation
// table in cancellation.cpp decides), and what money is given back.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/order.h"

namespace oms::domain {
namespace {

using Plan = Order::CancellationPlan;

std::string Minor(int64_t minor, const std::string& currency) {
  return absl::StrFormat("%d.%02d %s", minor / 100, minor % 100, currency);
}

std::string Units(int64_t n) { return absl::StrCat(n, n == 1 ? " unit" : " units"); }

UnitState StateOf(const ShipmentState& s) {
  switch (s.status) {
    case ShipmentStatus::kCreated: return UnitState::kAtNode;
    case ShipmentStatus::kPicking: return UnitState::kPicking;
    case ShipmentStatus::kReadyForPickup: return UnitState::kReadyForPickup;
    default: return UnitState::kPacked;  // PACKED, or EXCEPTION before shipping
  }
}

// Units of the line in shipments still at nodes, by shipment.
struct Held {
  const ShipmentState* shipment;
  int64_t quantity;
};

std::vector<Held> HeldInShipments(const OrderState& order, int line_no) {
  std::vector<Held> held;
  for (const auto& s : order.shipments) {
    const bool at_node =
        IsLive(s.status) ||
        (s.status == ShipmentStatus::kException &&
         std::none_of(s.history.begin(), s.history.end(),
                      [](const ShipmentStatusChange& c) { return c.status == ShipmentStatus::kShipped; }));
    if (!at_node) continue;
    for (const auto& l : s.lines) {
      if (l.line_no == line_no && l.quantity > 0) held.push_back({&s, l.quantity});
    }
  }
  // The least advanced first: they are the cheapest to stop.
  std::stable_sort(held.begin(), held.end(), [](const Held& a, const Held& b) {
    return StateOf(*a.shipment) < StateOf(*b.shipment);
  });
  return held;
}

}  // namespace

int64_t Order::CancellationPlan::UnitsWith(CancelEffect effect) const {
  int64_t n = 0;
  for (const auto& p : parts) n += p.effect == effect ? p.quantity : 0;
  return n;
}

absl::StatusOr<Order::CancellationPlan> Order::PlanCancellation(
    const CancellationRequest& request,
    const std::function<NodeKind(const std::string&)>& node_kind) const {
  if (state_.status == OrderStatus::kPending) {
    return absl::FailedPreconditionError(absl::StrCat(
        "order ", state_.order_number, " is still being placed; cancel it once it is confirmed"));
  }
  if (IsTerminal(state_.status) || state_.status == OrderStatus::kFulfilled) {
    return absl::FailedPreconditionError(absl::StrCat(
        "order ", state_.order_number, " is ", Name(state_.status),
        "; nothing is left to cancel (shipped units are returned)"));
  }
  // Units asked for, per line.
  std::map<int, int64_t> wanted;
  for (const auto& l : request.lines) {
    const OrderLine* line = nullptr;
    for (const auto& x : state_.lines) {
      if (x.line_no == l.line_no) line = &x;
    }
    if (line == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines: order ", state_.order_number, " has no line ", l.line_no));
    }
    const int64_t open = line->ordered - line->cancelled - line->shipped;
    wanted[l.line_no] += l.quantity;
    if (l.quantity <= 0 || wanted[l.line_no] > open) {
      return absl::InvalidArgumentError(absl::StrCat(
          "lines: line ", l.line_no, " (", line->sku, ") has ", open,
          " units not shipped; cannot cancel ", wanted[l.line_no],
          " (shipped units are returned, not cancelled)"));
    }
  }
  const bool whole = request.lines.empty();

  CancellationPlan plan;
  const std::string& only = request.accepted_by_node_for;
  auto add = [&](const OrderLine& line, UnitState state, const std::string& node,
                 const std::string& shipment, int64_t quantity) {
    if (quantity <= 0) return;
    const NodeKind kind = node.empty() ? NodeKind::kInternal : node_kind(node);
    const CancelRule& rule = CancellationRuleFor(state, kind, request.initiator);
    CancelEffect effect = rule.effect;
    std::string why = rule.why;
    if (effect == CancelEffect::kAskNode && shipment == only) {
      effect = CancelEffect::kCancel;
      why = "the partner node accepted the cancellation";
    }
    plan.parts.push_back({line.line_no, line.sku, state, node, shipment, quantity, effect, why});
  };
  for (const auto& line : state_.lines) {
    int64_t left = whole ? line.ordered - line.cancelled - line.shipped
                         : (wanted.count(line.line_no) ? wanted[line.line_no] : 0);
    auto take = [&](int64_t available) {
      const int64_t n = std::min(left, available);
      left -= n;
      return n;
    };
    if (request.preordered_only) {
      add(line, UnitState::kPreordered, "", "", take(line.preordered));
      continue;
    }
    const std::vector<Held> held = HeldInShipments(state_, line.line_no);
    if (only.empty()) {
      add(line, UnitState::kBackordered, "", "", take(line.backordered));
      add(line, UnitState::kPreordered, "", "", take(line.preordered));
      // Reserved units in no shipment yet, per node.
      for (const auto& a : line.allocations) {
        int64_t in_shipments = 0;
        for (const auto& h : held) in_shipments += h.shipment->node_id == a.node_id ? h.quantity : 0;
        add(line, UnitState::kUnreleased, a.node_id, "", take(a.quantity - in_shipments));
      }
    }
    for (const auto& h : held) {
      if (!only.empty() && h.shipment->shipment_id != only) continue;
      add(line, StateOf(*h.shipment), h.shipment->node_id, h.shipment->shipment_id,
          take(h.quantity));
    }
  }

  // What the units cancelled now are worth: their share of what the order
  // still holds, by goods value (shipping, tax and discount follow the goods).
  int64_t goods_cancelled = 0, goods_live = 0, open_after = 0, shipped = 0;
  for (const auto& p : plan.parts) {
    if (p.effect != CancelEffect::kCancel) continue;
    for (const auto& l : state_.lines) {
      if (l.line_no == p.line_no) goods_cancelled += l.unit_price_minor * p.quantity;
    }
  }
  for (const auto& l : state_.lines) {
    // Units returned for a refund are no longer paid for: their money has
    // left total_left with the refund.
    goods_live += l.unit_price_minor * (l.ordered - l.cancelled - l.returned);
    open_after += l.ordered - l.cancelled - l.shipped;
    shipped += l.shipped;
  }
  open_after -= plan.UnitsWith(CancelEffect::kCancel);
  int64_t given_back = 0;
  for (const auto& t : state_.tenders) {
    if (t.status == TenderStatus::kDeclined) continue;
    given_back += t.voided_minor + t.refunded_minor;
  }
  const int64_t total_left = state_.totals.total_minor - given_back;
  plan.order_cancelled = open_after == 0 && shipped == 0;
  if (plan.order_cancelled) {
    plan.value_minor = total_left;
  } else if (goods_live > 0) {
    __extension__ typedef __int128 Wide;
    plan.value_minor =
        static_cast<int64_t>(static_cast<Wide>(total_left) * goods_cancelled / goods_live);
  }

  // The split: authorizations not yet captured are released first; then
  // money already taken goes back, last tender first.
  int64_t due = plan.value_minor;
  std::map<std::string, CancellationPlan::Money> by_tender;
  // Shipped shipments whose capture is still to come keep their money; the
  // capture job takes it from the cards in tender order.
  int64_t kept_for_shipped = 0;
  for (const auto& s : state_.shipments) kept_for_shipped += s.charge_minor - s.captured_minor;
  for (const auto& t : state_.tenders) {
    if (t.type != TenderType::kCard) continue;
    if (t.status != TenderStatus::kAuthorized && t.status != TenderStatus::kCaptured) continue;
    const int64_t room = t.authorized_minor - t.captured_minor - t.voided_minor;
    const int64_t kept = std::min(room, kept_for_shipped);
    kept_for_shipped -= kept;
    const int64_t n = std::min(due, room - kept);
    if (n <= 0) continue;
    by_tender[t.tender_id] = {t.tender_id, t.type, n, 0};
    due -= n;
  }
  for (auto it = state_.tenders.rbegin(); it != state_.tenders.rend() && due > 0; ++it) {
    const Tender& t = *it;
    if (t.type == TenderType::kCard || t.status != TenderStatus::kCaptured) continue;
    const int64_t n = std::min(due, t.captured_minor - t.refunded_minor);
    if (n <= 0) continue;
    auto& m = by_tender[t.tender_id];
    m.tender_id = t.tender_id;
    m.type = t.type;
    m.refund_minor += n;
    due -= n;
  }
  for (const auto& t : state_.tenders) {
    if (by_tender.count(t.tender_id)) plan.money.push_back(by_tender[t.tender_id]);
  }
  plan.unsettled_minor = due;
  return plan;
}

absl::StatusOr<std::vector<Order::StockMove>> Order::Cancel(const CancellationPlan& plan,
                                                            const CancellationRequest& request,
                                                            absl::Time now) {
  const int64_t units = plan.UnitsWith(CancelEffect::kCancel);
  if (units == 0) {
    std::string why = "nothing can be cancelled";
    for (const auto& p : plan.parts) why = absl::StrCat(Units(p.quantity), " of ", p.sku, ": ", p.why);
    return absl::FailedPreconditionError(
        absl::StrCat("order ", state_.order_number, ": ", why));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  const OrderState before = state_;
  const size_t events_before = events_.size();
  auto undo = [&](absl::Status s) {
    state_ = before;
    events_.resize(events_before);
    return s;
  };
  Record("CancellationRequested",
         absl::StrCat(Units(units), " cancelled (", Name(request.reason), ", by ",
                      Name(request.initiator), ")",
                      request.note.empty() ? "" : absl::StrCat(": ", request.note)),
         now,
         {{"reason", std::string(Name(request.reason))},
          {"initiator", std::string(Name(request.initiator))},
          {"units", absl::StrCat(units)},
          {"value_minor", absl::StrCat(plan.value_minor)}});
  std::vector<StockMove> released;
  for (const auto& p : plan.parts) {
    if (p.effect != CancelEffect::kCancel) continue;
    OrderLine* line = MutableLine(p.line_no);
    if (line == nullptr) return undo(absl::InternalError("the plan names an unknown line"));
    switch (p.state) {
      case UnitState::kBackordered:
        if (line->backordered < p.quantity) return undo(absl::AbortedError("the order changed"));
        line->backordered -= p.quantity;
        break;
      case UnitState::kPreordered:
        if (line->preordered < p.quantity) return undo(absl::AbortedError("the order changed"));
        line->preordered -= p.quantity;
        break;
      default: {
        if (!p.shipment_id.empty()) {
          const ShipmentState* s = FindShipment(p.shipment_id);
          if (s == nullptr) return undo(absl::InternalError("the plan names an unknown shipment"));
          const bool empties = Shipment::Restore(*s).TotalUnits() == p.quantity;
          absl::Status moved = WithShipment(p.shipment_id, [&](Shipment& sh) {
            return empties ? sh.Cancel(absl::StrCat("cancelled: ", Name(request.reason)), now)
                           : sh.RemoveUnits(p.line_no, p.quantity);
          });
          if (!moved.ok()) return undo(moved);
        }
        bool found = false;
        for (auto& a : line->allocations) {
          if (a.node_id != p.node_id) continue;
          if (a.quantity < p.quantity) return undo(absl::AbortedError("the order changed"));
          a.quantity -= p.quantity;
          found = true;
        }
        if (!found) return undo(absl::AbortedError("the order changed"));
        std::erase_if(line->allocations, [](const Allocation& a) { return a.quantity == 0; });
        line->reserved -= p.quantity;
        released.push_back({p.sku, p.node_id, p.quantity});
        break;
      }
    }
    line->cancelled += p.quantity;
    Record("UnitsCancelled",
           absl::StrCat(Units(p.quantity), " of ", p.sku, " cancelled (", Name(p.state),
                        p.node_id.empty() ? "" : absl::StrCat(" at ", p.node_id), ")"),
           now,
           {{"line_no", absl::StrCat(p.line_no)},
            {"quantity", absl::StrCat(p.quantity)},
            {"initiator", std::string(Name(request.initiator))},
            {"reason", std::string(Name(request.reason))}});
  }
  for (const auto& m : plan.money) {
    Tender* t = MutableTender(m.tender_id);
    if (t == nullptr) return undo(absl::InternalError("the plan names an unknown tender"));
    if (m.void_minor > 0) {
      t->voided_minor += m.void_minor;
      Record("AuthorizationReleased",
             absl::StrCat(Minor(m.void_minor, state_.currency), " of the card authorization ",
                          "released: it will not be captured"),
             now, {{"tender_id", t->tender_id}, {"amount_minor", absl::StrCat(m.void_minor)}});
    }
    if (m.refund_minor > 0) {
      if (t->refunded_minor + m.refund_minor > t->captured_minor) {
        return undo(absl::FailedPreconditionError(
            absl::StrCat("tender ", t->tender_id, ": refund above what was taken")));
      }
      t->refunded_minor += m.refund_minor;
      if (t->refunded_minor == t->captured_minor) t->status = TenderStatus::kRefunded;
      Record("TenderRefunded",
             absl::StrCat(Name(t->type), " ", Minor(m.refund_minor, state_.currency),
                          " given back for cancelled units"),
             now, {{"tender_id", t->tender_id}, {"amount_minor", absl::StrCat(m.refund_minor)}});
    }
  }
  RecountAllocated();
  if (absl::Status s = FollowLines(now); !s.ok()) return undo(s);
  for (const auto& line : state_.lines) {
    if (absl::Status s = CheckLineInvariants(line); !s.ok()) return undo(s);
  }
  RecordDerivedChanges(before_p, before_f, now);
  return released;
}

std::vector<std::string> Order::RequestNodeCancellation(const CancellationPlan& plan,
                                                       const CancellationRequest& request,
                                                       absl::Time now) {
  std::vector<std::string> asked;
  for (const auto& p : plan.parts) {
    if (p.effect != CancelEffect::kAskNode || p.shipment_id.empty()) continue;
    ShipmentState* s = MutableShipment(p.shipment_id);
    if (s == nullptr) continue;
    if (std::find(asked.begin(), asked.end(), p.shipment_id) == asked.end()) {
      asked.push_back(p.shipment_id);
      s->cancel_requested.clear();
      s->cancel_reason = std::string(Name(request.reason));
    }
    std::string name;
    for (const auto& l : s->lines) {
      if (l.line_no == p.line_no) name = l.name;
    }
    s->cancel_requested.push_back({p.line_no, p.sku, name, p.quantity});
    Record("CancellationAskedOfNode",
           absl::StrCat(Units(p.quantity), " of ", p.sku, ": ", p.node_id,
                        " is asked to cancel them (shipment ", p.shipment_id, ")"),
           now,
           {{"shipment_id", p.shipment_id},
            {"line_no", absl::StrCat(p.line_no)},
            {"quantity", absl::StrCat(p.quantity)},
            {"reason", std::string(Name(request.reason))}});
  }
  return asked;
}

absl::Status Order::RejectHold(HoldReason reason, const std::string& note, absl::Time now) {
  if (reason != HoldReason::kFraudReview) {
    return absl::FailedPreconditionError(absl::StrCat(
        "only a FRAUD_REVIEW hold can be rejected; release the ", Name(reason),
        " hold with ReleaseOrder, or cancel the order with CancelOrder"));
  }
  if (!HasHold(reason)) {
    std::string held;
    if (!state_.holds.empty()) {
      held = absl::StrCat(" (it is held for ", Name(state_.holds[0].reason), ")");
    }
    return absl::FailedPreconditionError(
        absl::StrCat("order ", state_.order_number, " has no FRAUD_REVIEW hold to reject", held,
                     "; cancel it with CancelOrder instead"));
  }
  Record("HoldRejected",
         absl::StrCat("FRAUD_REVIEW rejected", note.empty() ? "" : absl::StrCat(": ", note)), now,
         {{"reason", std::string(Name(reason))}, {"note", note}});
  return absl::OkStatus();
}

absl::Status Order::RecordNodeCancellationAnswer(const std::string& shipment_id, bool accepted,
                                                 const std::string& reason, absl::Time now) {
  ShipmentState* s = MutableShipment(shipment_id);
  if (s == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("order ", state_.order_number, " has no shipment ", shipment_id));
  }
  if (s->cancel_requested.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("shipment ", shipment_id, " has no cancellation waiting for an answer"));
  }
  const std::string node = s->node_id;
  s->cancel_requested.clear();
  s->cancel_reason.clear();
  Record(accepted ? "NodeAcceptedCancellation" : "NodeRefusedCancellation",
         absl::StrCat(node, accepted ? " accepted" : " refused", " the cancellation of shipment ",
                      shipment_id, reason.empty() ? "" : absl::StrCat(": ", reason)),
         now, {{"shipment_id", shipment_id}, {"reason", reason}});
  return absl::OkStatus();
}

}  // namespace oms::domain
