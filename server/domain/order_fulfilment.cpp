// The Order aggregate's fulfilment: shipments, the units they carry, and the
// card money that follows the goods. See order.h for the contracts.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/order.h"

namespace oms::domain {
namespace {

std::string Units(int64_t n) { return absl::StrCat(n, n == 1 ? " unit" : " units"); }

std::string Minor(int64_t minor, const std::string& currency) {
  return absl::StrFormat("%d.%02d %s", minor / 100, minor % 100, currency);
}

ShipmentKind KindOf(const OrderState& s) {
  if (s.shipping_option == "pickup") return ShipmentKind::kPickup;
  if (s.shipping_option == "carry_out") return ShipmentKind::kCarryOut;
  return ShipmentKind::kShip;
}

bool HandedOver(ShipmentStatus s) {
  return s == ShipmentStatus::kShipped || s == ShipmentStatus::kDelivered ||
         s == ShipmentStatus::kPickedUp;
}

int64_t GoodsOf(const OrderState& order, const ShipmentState& shipment) {
  int64_t goods = 0;
  for (const auto& sl : shipment.lines) {
    for (const auto& l : order.lines) {
      if (l.line_no == sl.line_no) goods += l.unit_price_minor * sl.quantity;
    }
  }
  return goods;
}

// Units still reserved at the node for this shipment: live, or stuck in an
// exception before they were shipped.
bool HoldsReservedUnits(const ShipmentState& s) {
  if (IsLive(s.status)) return true;
  if (s.status != ShipmentStatus::kException) return false;
  return std::none_of(s.history.begin(), s.history.end(), [](const ShipmentStatusChange& c) {
    return c.status == ShipmentStatus::kShipped;
  });
}

// No unit is left to ship: reserved, backordered or preordered.
bool ClosesOrder(const OrderState& s) {
  for (const auto& l : s.lines) {
    if (l.reserved + l.backordered + l.preordered > 0) return false;
  }
  return true;
}

bool Excluded(const OrderLine& line, const std::string& node) {
  return std::find(line.excluded_nodes.begin(), line.excluded_nodes.end(), node) !=
         line.excluded_nodes.end();
}

void AddAllocation(OrderLine& line, const std::string& node, int64_t quantity,
                   const std::string& reason) {
  for (auto& a : line.allocations) {
    if (a.node_id == node) {
      a.quantity += quantity;
      a.reason = reason;
      return;
    }
  }
  line.allocations.push_back({node, quantity, reason});
}

// Takes units off the line's allocation at `node`; false when it has fewer.
bool TakeAllocation(OrderLine& line, const std::string& node, int64_t quantity) {
  for (auto& a : line.allocations) {
    if (a.node_id != node) continue;
    if (a.quantity < quantity) return false;
    a.quantity -= quantity;
    std::erase_if(line.allocations, [](const Allocation& x) { return x.quantity == 0; });
    return true;
  }
  return false;
}

}  // namespace

const ShipmentState* Order::FindShipment(const std::string& shipment_id) const {
  for (const auto& s : state_.shipments) {
    if (s.shipment_id == shipment_id) return &s;
  }
  return nullptr;
}

ShipmentState* Order::MutableShipment(const std::string& shipment_id) {
  for (auto& s : state_.shipments) {
    if (s.shipment_id == shipment_id) return &s;
  }
  return nullptr;
}

OrderLine* Order::MutableLine(int line_no) {
  for (auto& l : state_.lines) {
    if (l.line_no == line_no) return &l;
  }
  return nullptr;
}

absl::Status Order::WithShipment(const std::string& shipment_id,
                                 const std::function<absl::Status(Shipment&)>& change) {
  ShipmentState* stored = MutableShipment(shipment_id);
  if (stored == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("order ", state_.order_number, " has no shipment ", shipment_id));
  }
  Shipment shipment = Shipment::Restore(*stored);
  if (absl::Status s = change(shipment); !s.ok()) return s;
  *stored = shipment.state();
  for (auto& e : shipment.TakeEvents()) {
    state_.updated_at = e.occurred_at;
    events_.push_back(std::move(e));
  }
  return absl::OkStatus();
}

absl::Status Order::RequireWorkable(absl::string_view action) const {
  if (state_.status != OrderStatus::kConfirmed &&
      state_.status != OrderStatus::kPartiallyFulfilled) {
    return absl::FailedPreconditionError(absl::StrCat("order ", state_.order_number, " is ",
                                                      Name(state_.status), "; no ", action,
                                                      " for it"));
  }
  if (IsHeld()) {
    return absl::FailedPreconditionError(absl::StrCat("order ", state_.order_number, " has a ",
                                                      Name(state_.holds.front().reason),
                                                      " hold; release it before ", action));
  }
  return absl::OkStatus();
}

void Order::RecountAllocated() {
  for (auto& line : state_.lines) {
    line.allocated = 0;
    for (const auto& s : state_.shipments) {
      if (!HoldsReservedUnits(s)) continue;
      for (const auto& sl : s.lines) {
        if (sl.line_no == line.line_no) line.allocated += sl.quantity;
      }
    }
  }
}

std::vector<std::string> Order::ReleaseToNodes(absl::Time now) {
  std::vector<std::string> created;
  if ((state_.status != OrderStatus::kConfirmed &&
       state_.status != OrderStatus::kPartiallyFulfilled) ||
      IsHeld()) {
    return created;
  }
  if (state_.ship_complete) {
    for (const auto& line : state_.lines) {
      if (line.backordered + line.preordered > 0) return created;
    }
  }
  // Per node, the units of each line reserved there and in no live shipment.
  std::map<std::string, std::vector<ShipmentLine>> free_units;
  std::map<std::string, std::string> reasons;
  for (const auto& line : state_.lines) {
    for (const auto& a : line.allocations) {
      int64_t in_shipments = 0;
      for (const auto& s : state_.shipments) {
        if (!HoldsReservedUnits(s) || s.node_id != a.node_id) continue;
        for (const auto& sl : s.lines) {
          if (sl.line_no == line.line_no) in_shipments += sl.quantity;
        }
      }
      const int64_t free = a.quantity - in_shipments;
      if (free <= 0) continue;
      free_units[a.node_id].push_back({line.line_no, line.sku, line.name, free});
      if (!reasons.count(a.node_id)) reasons[a.node_id] = a.reason;
    }
  }
  for (auto& [node, lines] : free_units) {
    ShipmentState s;
    s.shipment_id = absl::StrCat(state_.order_id, "-S", state_.shipments.size() + 1);
    s.order_id = state_.order_id;
    s.order_number = state_.order_number;
    s.node_id = node;
    s.kind = KindOf(state_);
    s.lines = std::move(lines);
    s.routing_reason = reasons[node];
    auto shipment = Shipment::Create(std::move(s), now);
    if (!shipment.ok()) continue;  // cannot happen: every line has units
    for (auto& e : shipment->TakeEvents()) events_.push_back(std::move(e));
    created.push_back(shipment->state().shipment_id);
    state_.shipments.push_back(shipment->state());
  }
  if (!created.empty()) {
    state_.updated_at = now;
    RecountAllocated();
  }
  return created;
}

absl::Status Order::StartPicking(const std::string& shipment_id, absl::Time now) {
  if (absl::Status s = RequireWorkable("picking"); !s.ok()) return s;
  return WithShipment(shipment_id, [&](Shipment& s) { return s.StartPicking(now); });
}

absl::Status Order::PackShipment(const std::string& shipment_id, absl::Time now) {
  if (absl::Status s = RequireWorkable("packing"); !s.ok()) return s;
  return WithShipment(shipment_id, [&](Shipment& s) { return s.Pack(now); });
}

std::vector<Order::StockMove> Order::HandOverUnits(const ShipmentState& shipment,
                                                   bool delivered) {
  std::vector<StockMove> moves;
  for (const auto& sl : shipment.lines) {
    OrderLine* line = MutableLine(sl.line_no);
    if (line == nullptr) continue;
    TakeAllocation(*line, shipment.node_id, sl.quantity);
    line->reserved -= sl.quantity;
    line->shipped += sl.quantity;
    if (delivered) line->delivered += sl.quantity;
    moves.push_back({sl.sku, shipment.node_id, sl.quantity});
  }
  RecountAllocated();
  return moves;
}

int64_t Order::CardChargeFor(const ShipmentState& shipment, bool closes_order) const {
  int64_t card_due = 0;
  for (const auto& t : state_.tenders) {
    if (t.type != TenderType::kCard) continue;
    if (t.status != TenderStatus::kAuthorized && t.status != TenderStatus::kCaptured) continue;
    card_due += t.authorized_minor - t.voided_minor;
  }
  int64_t charged = 0, goods_owed = 0;
  for (const auto& l : state_.lines) goods_owed += l.unit_price_minor * (l.ordered - l.cancelled);
  for (const auto& s : state_.shipments) {
    if (s.shipment_id == shipment.shipment_id) continue;
    charged += s.charge_minor;
    if (HandedOver(s.status)) goods_owed -= GoodsOf(state_, s);
  }
  const int64_t left = std::max<int64_t>(card_due - charged, 0);
  const int64_t goods = GoodsOf(state_, shipment);
  if (closes_order || goods_owed <= 0 || goods >= goods_owed) return left;
  // 128-bit product: minor units times minor units can exceed 2^63.
  __extension__ typedef __int128 Wide;
  const Wide share = static_cast<Wide>(left) * goods / goods_owed;
  return std::min<int64_t>(static_cast<int64_t>(share), left);
}

absl::Status Order::FollowLines(absl::Time now) {
  int64_t open = 0, shipped = 0;
  for (const auto& l : state_.lines) {
    open += l.reserved + l.backordered + l.preordered;
    shipped += l.shipped;
  }
  OrderStatus target = state_.status;
  if (open == 0) {
    target = shipped > 0 ? OrderStatus::kFulfilled : OrderStatus::kCancelled;
  } else if (shipped > 0) {
    target = OrderStatus::kPartiallyFulfilled;
  }
  if (target == state_.status) return absl::OkStatus();
  return MoveTo(target, now);
}

absl::StatusOr<std::vector<Order::StockMove>> Order::LeaveNode(
    const std::string& shipment_id, absl::string_view action, bool delivered,
    const std::function<absl::Status(Shipment&)>& move, absl::Time now) {
  if (absl::Status s = RequireWorkable(action); !s.ok()) return s;
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  if (absl::Status s = WithShipment(shipment_id, move); !s.ok()) return s;
  ShipmentState& shipment = *MutableShipment(shipment_id);
  std::vector<StockMove> moves = HandOverUnits(shipment, delivered);
  shipment.charge_minor = CardChargeFor(shipment, ClosesOrder(state_));
  if (absl::Status s = FollowLines(now); !s.ok()) return s;
  RecordDerivedChanges(before_p, before_f, now);
  return moves;
}

absl::StatusOr<std::vector<Order::StockMove>> Order::ShipShipment(const std::string& shipment_id,
                                                                  const std::string& carrier,
                                                                  const std::string& service,
                                                                  const std::string& tracking_id,
                                                                  absl::Time now) {
  return LeaveNode(shipment_id, "shipping", /*delivered=*/false,
                   [&](Shipment& s) { return s.Ship(carrier, service, tracking_id, now); }, now);
}

absl::Status Order::DeliverShipment(const std::string& shipment_id, absl::Time now) {
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  if (absl::Status s = WithShipment(shipment_id, [&](Shipment& s) { return s.Deliver(now); });
      !s.ok()) {
    return s;
  }
  for (const auto& sl : FindShipment(shipment_id)->lines) {
    if (OrderLine* line = MutableLine(sl.line_no)) line->delivered += sl.quantity;
  }
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::Status Order::MarkReadyForPickup(const std::string& shipment_id, absl::Time now,
                                       absl::Time expires_at) {
  if (absl::Status s = RequireWorkable("offering it for pickup"); !s.ok()) return s;
  return WithShipment(shipment_id,
                      [&](Shipment& s) { return s.MarkReadyForPickup(now, expires_at); });
}

absl::StatusOr<std::vector<Order::StockMove>> Order::CompletePickup(
    const std::string& shipment_id, absl::Time now) {
  return LeaveNode(shipment_id, "a pickup", /*delivered=*/true,
                   [&](Shipment& s) { return s.CompletePickup(now); }, now);
}

absl::StatusOr<std::vector<Order::StockMove>> Order::CarryOut(const std::string& shipment_id,
                                                              absl::Time now) {
  return LeaveNode(shipment_id, "a carry-out", /*delivered=*/true,
                   [&](Shipment& s) { return s.HandOver(now); }, now);
}

absl::Status Order::ReportShipmentException(const std::string& shipment_id,
                                            const std::string& note, absl::Time now) {
  return WithShipment(shipment_id, [&](Shipment& s) { return s.ReportException(note, now); });
}

absl::Status Order::RecordShipmentAccepted(const std::string& shipment_id,
                                           const std::string& partner_ref, absl::Time now) {
  return WithShipment(shipment_id,
                      [&](Shipment& s) { return s.RecordAcceptedByNode(partner_ref, now); });
}

absl::Status Order::RecordPartnerSequence(const std::string& shipment_id, int64_t sequence) {
  ShipmentState* s = MutableShipment(shipment_id);
  if (s == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("order ", state_.order_number, " has no shipment ", shipment_id));
  }
  if (sequence <= s->partner_sequence) {
    return absl::FailedPreconditionError(
        absl::StrCat("confirmation ", sequence, " of shipment ", shipment_id,
                     " is not after the last one applied (", s->partner_sequence, ")"));
  }
  s->partner_sequence = sequence;
  return absl::OkStatus();
}

absl::Status Order::MoveUnits(OrderLine& line, const std::string& node, int64_t quantity,
                              const std::vector<UnitMove>& moves, absl::Time now) {
  int64_t placed = 0;
  for (const auto& m : moves) {
    if (m.quantity <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line.line_no, ": a move needs a positive quantity"));
    }
    if (m.kind == UnitMove::Kind::kNode && (m.node_id == node || Excluded(line, m.node_id))) {
      return absl::FailedPreconditionError(
          absl::StrCat(m.node_id, " rejected or short-picked line ", line.line_no,
                       " of order ", state_.order_number, "; it is never chosen again for it"));
    }
    placed += m.quantity;
  }
  if (placed != quantity) {
    return absl::InvalidArgumentError(absl::StrCat("line ", line.line_no, ": moves place ", placed,
                                                   " of ", quantity, " units"));
  }
  if (!TakeAllocation(line, node, quantity)) {
    return absl::InternalError(absl::StrCat("line ", line.line_no, " has fewer than ", quantity,
                                            " units reserved at ", node));
  }
  line.reserved -= quantity;
  if (!Excluded(line, node)) line.excluded_nodes.push_back(node);
  for (const auto& m : moves) {
    switch (m.kind) {
      case UnitMove::Kind::kNode:
        line.reserved += m.quantity;
        AddAllocation(line, m.node_id, m.quantity, m.reason);
        Record("UnitsRerouted",
               absl::StrCat(Units(m.quantity), " of ", line.sku, " moved from ", node, " to ",
                            m.node_id, ": ", m.reason),
               now,
               {{"line_no", absl::StrCat(line.line_no)},
                {"from_node", node},
                {"to_node", m.node_id},
                {"quantity", absl::StrCat(m.quantity)}});
        break;
      case UnitMove::Kind::kBackorder:
        line.backordered += m.quantity;
        Record("UnitsBackordered",
               absl::StrCat(Units(m.quantity), " of ", line.sku, " backordered: ", m.reason), now,
               {{"line_no", absl::StrCat(line.line_no)}, {"quantity", absl::StrCat(m.quantity)}});
        break;
      case UnitMove::Kind::kCancel:
        line.cancelled += m.quantity;
        Record("UnitsCancelled",
               absl::StrCat(Units(m.quantity), " of ", line.sku, " cancelled by the system: ",
                            m.reason),
               now,
               {{"line_no", absl::StrCat(line.line_no)},
                {"quantity", absl::StrCat(m.quantity)},
                {"initiator", "system"}});
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status Order::ShortPick(const std::string& shipment_id, int line_no, int64_t missing,
                              const std::vector<UnitMove>& moves, const std::string& reason,
                              absl::Time now) {
  if (state_.status != OrderStatus::kConfirmed &&
      state_.status != OrderStatus::kPartiallyFulfilled) {
    return absl::FailedPreconditionError(absl::StrCat("order ", state_.order_number, " is ",
                                                      Name(state_.status),
                                                      "; no short pick for it"));
  }
  const ShipmentState* found = FindShipment(shipment_id);
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("order ", state_.order_number, " has no shipment ", shipment_id));
  }
  if (found->status != ShipmentStatus::kCreated && found->status != ShipmentStatus::kPicking) {
    return absl::FailedPreconditionError(
        absl::StrCat("shipment ", shipment_id, " is ", Name(found->status),
                     "; a short pick is reported before packing"));
  }
  const Shipment view = Shipment::Restore(*found);
  if (missing <= 0 || missing > view.UnitsOf(line_no)) {
    return absl::InvalidArgumentError(absl::StrCat("lines: shipment ", shipment_id, " holds ",
                                                   view.UnitsOf(line_no), " units of line ",
                                                   line_no, ", cannot be short by ", missing));
  }
  const std::string node = found->node_id;
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  const OrderState before = state_;
  const size_t events_before = events_.size();
  auto undo = [&](absl::Status s) {
    state_ = before;
    events_.resize(events_before);
    return s;
  };
  OrderLine* line = MutableLine(line_no);
  Record("ShortPickReported",
         absl::StrCat(node, " could not find ", Units(missing), " of ", line->sku,
                      " for shipment ", shipment_id, reason.empty() ? "" : ": ", reason),
         now,
         {{"shipment_id", shipment_id},
          {"line_no", absl::StrCat(line_no)},
          {"missing", absl::StrCat(missing)}});
  const bool emptied = missing == view.TotalUnits();
  absl::Status s = WithShipment(shipment_id, [&](Shipment& sh) {
    return emptied ? sh.Cancel(absl::StrCat("short pick: nothing left to pick"), now)
                   : sh.RemoveUnits(line_no, missing);
  });
  if (!s.ok()) return undo(s);
  if (s = MoveUnits(*line, node, missing, moves, now); !s.ok()) return undo(s);
  RecountAllocated();
  if (s = FollowLines(now); !s.ok()) return undo(s);
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::Status Order::RejectShipment(const std::string& shipment_id, const std::string& reason,
                                   const std::map<int, std::vector<UnitMove>>& moves,
                                   absl::Time now) {
  const ShipmentState* found = FindShipment(shipment_id);
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("order ", state_.order_number, " has no shipment ", shipment_id));
  }
  if (reason.empty()) return absl::InvalidArgumentError("reason: say why the node rejects it");
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  const OrderState before = state_;
  const size_t events_before = events_.size();
  auto undo = [&](absl::Status s) {
    state_ = before;
    events_.resize(events_before);
    return s;
  };
  const std::vector<ShipmentLine> lines = found->lines;
  const std::string node = found->node_id;
  absl::Status s = WithShipment(shipment_id, [&](Shipment& sh) { return sh.Reject(reason, now); });
  if (!s.ok()) return undo(s);
  for (const auto& sl : lines) {
    auto m = moves.find(sl.line_no);
    if (m == moves.end()) {
      return undo(absl::InvalidArgumentError(
          absl::StrCat("no destination for the units of line ", sl.line_no)));
    }
    if (s = MoveUnits(*MutableLine(sl.line_no), node, sl.quantity, m->second, now); !s.ok()) {
      return undo(s);
    }
  }
  RecountAllocated();
  if (s = FollowLines(now); !s.ok()) return undo(s);
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Order::StockMove>> Order::ExpirePickup(const std::string& shipment_id,
                                                                  absl::Time now) {
  const ShipmentState* found = FindShipment(shipment_id);
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("order ", state_.order_number, " has no shipment ", shipment_id));
  }
  if (found->status != ShipmentStatus::kReadyForPickup) {
    return absl::FailedPreconditionError(absl::StrCat(
        "shipment ", shipment_id, " is ", Name(found->status), ", not waiting for pickup"));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  const std::vector<ShipmentLine> lines = found->lines;
  const std::string node = found->node_id;
  if (absl::Status s = WithShipment(
          shipment_id, [&](Shipment& sh) { return sh.Cancel("not collected in time", now); });
      !s.ok()) {
    return s;
  }
  std::vector<StockMove> released;
  for (const auto& sl : lines) {
    OrderLine* line = MutableLine(sl.line_no);
    TakeAllocation(*line, node, sl.quantity);
    line->reserved -= sl.quantity;
    line->cancelled += sl.quantity;
    released.push_back({sl.sku, node, sl.quantity});
    Record("UnitsCancelled",
           absl::StrCat(Units(sl.quantity), " of ", sl.sku,
                        " cancelled by the system: not collected in time, restocked at ", node),
           now,
           {{"line_no", absl::StrCat(sl.line_no)},
            {"quantity", absl::StrCat(sl.quantity)},
            {"initiator", "system"}});
  }
  RecountAllocated();
  if (absl::Status s = FollowLines(now); !s.ok()) return s;
  RecordDerivedChanges(before_p, before_f, now);
  return released;
}

absl::Status Order::AllocateWaitingUnits(int line_no, Waiting from, const std::string& node_id,
                                         int64_t quantity, const std::string& reason,
                                         absl::Time now) {
  OrderLine* line = MutableLine(line_no);
  if (line == nullptr) {
    return absl::NotFoundError(absl::StrCat("order ", state_.order_number, " has no line ", line_no));
  }
  int64_t& waiting = from == Waiting::kBackordered ? line->backordered : line->preordered;
  if (quantity <= 0 || quantity > waiting) {
    return absl::FailedPreconditionError(
        absl::StrCat("line ", line_no, " has ", waiting, " units waiting, cannot allocate ",
                     quantity));
  }
  if (Excluded(*line, node_id)) {
    return absl::FailedPreconditionError(absl::StrCat(
        node_id, " rejected or short-picked line ", line_no, "; it is never chosen again for it"));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  waiting -= quantity;
  line->reserved += quantity;
  AddAllocation(*line, node_id, quantity, reason);
  const bool backorder = from == Waiting::kBackordered;
  Record(backorder ? "BackorderAllocated" : "PreorderReleased",
         absl::StrCat(Units(quantity), " of ", line->sku, backorder ? " backordered" : " preordered",
                      " now reserved at ", node_id, ": ", reason),
         now,
         {{"line_no", absl::StrCat(line_no)},
          {"node_id", node_id},
          {"quantity", absl::StrCat(quantity)}});
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::Status Order::PlaceShipmentHold(const std::string& shipment_id, HoldReason reason,
                                      const std::string& note, absl::Time now) {
  return WithShipment(shipment_id, [&](Shipment& s) { return s.PlaceHold(reason, note, now); });
}

absl::Status Order::ReleaseShipmentHold(const std::string& shipment_id, HoldReason reason,
                                        absl::Time now) {
  return WithShipment(shipment_id, [&](Shipment& s) { return s.ReleaseHold(reason, now); });
}

absl::Status Order::RecordShipmentCapture(const std::string& tender_id,
                                          const std::string& shipment_id, int64_t amount,
                                          absl::Time now) {
  Tender* t = MutableTender(tender_id);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no tender ", tender_id));
  ShipmentState* shipment = MutableShipment(shipment_id);
  if (shipment == nullptr) {
    return absl::NotFoundError(absl::StrCat("no shipment ", shipment_id));
  }
  if (t->type != TenderType::kCard ||
      (t->status != TenderStatus::kAuthorized && t->status != TenderStatus::kCaptured)) {
    return absl::FailedPreconditionError(
        absl::StrCat("tender ", tender_id, " is ", Name(t->status), "; nothing to capture"));
  }
  const int64_t room = t->authorized_minor - t->captured_minor - t->voided_minor;
  const int64_t due = shipment->charge_minor - shipment->captured_minor;
  if (amount <= 0 || amount > room || amount > due) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "capture of %s on tender %s for shipment %s: the tender has %s left, the shipment owes %s",
        Minor(amount, state_.currency), tender_id, shipment_id, Minor(room, state_.currency),
        Minor(due, state_.currency)));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  t->captured_minor += amount;
  t->status = TenderStatus::kCaptured;
  shipment->captured_minor += amount;
  Record("TenderCaptured",
         absl::StrCat("card ending ", t->card_last4.empty() ? "????" : t->card_last4, ": ",
                      Minor(amount, state_.currency), " captured for shipment ", shipment_id),
         now,
         {{"tender_id", tender_id},
          {"shipment_id", shipment_id},
          {"amount_minor", absl::StrCat(amount)}});
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::Status Order::RecordReauthorization(const std::string& tender_id,
                                          const std::string& payment_ref, absl::Time now) {
  Tender* t = MutableTender(tender_id);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no tender ", tender_id));
  if (t->type != TenderType::kCard ||
      (t->status != TenderStatus::kAuthorized && t->status != TenderStatus::kCaptured)) {
    return absl::FailedPreconditionError(
        absl::StrCat("tender ", tender_id, " is ", Name(t->status), "; nothing to renew"));
  }
  const std::string old_ref = t->payment_ref;
  t->payment_ref = payment_ref;
  t->authorized_at = now;
  t->renewals += 1;
  Record("TenderReauthorized",
         absl::StrCat("card authorization renewed before it expired (", old_ref, " -> ",
                      payment_ref, ")"),
         now, {{"tender_id", tender_id}, {"payment_ref", payment_ref}, {"old_ref", old_ref}});
  return absl::OkStatus();
}

}  // namespace oms::domain
