#include "server/domain/order.h"

#include "server/domain/order_transitions.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace oms::domain {
namespace {

std::string Minor(int64_t minor, const std::string& currency) {
  const int64_t abs = minor < 0 ? -minor : minor;
  return absl::StrFormat("%s%d.%02d %s", minor < 0 ? "-" : "", abs / 100, abs % 100, currency);
}

bool TakesMoneyAtPlacement(TenderType t) { return t != TenderType::kCard; }

}  // namespace

absl::StatusOr<Order> Order::Place(const OrderDraft& draft, const SourcingPlan& plan) {
  OrderState s;
  s.order_id = draft.order_id;
  s.order_number = draft.order_number;
  s.region = draft.region;
  s.channel = draft.channel;
  s.external_ref = draft.external_ref;
  s.customer = draft.customer;
  s.shipping_address = draft.shipping_address;
  s.shipping_option = draft.shipping_option;
  s.pickup_node_id = draft.pickup_node_id;
  s.ship_complete = draft.ship_complete;
  s.currency = draft.currency;
  s.status = OrderStatus::kPending;
  s.created_at = draft.placed_at;
  s.updated_at = draft.placed_at;
  s.saga_deadline = draft.placed_at + draft.saga_timeout;

  int line_no = 0;
  for (const auto& in : draft.lines) {
    OrderLine line;
    line.line_no = ++line_no;
    line.sku = in.sku;
    line.name = in.name;
    line.unit_price_minor = in.unit_price_minor;
    line.line_total_minor = in.unit_price_minor * in.quantity;
    line.ordered = in.quantity;
    s.totals.subtotal_minor += line.line_total_minor;
    s.lines.push_back(std::move(line));
  }
  for (const auto& r : plan.reservations) {
    if (r.line_no < 1 || r.line_no > static_cast<int>(s.lines.size())) {
      return absl::InvalidArgumentError(absl::StrCat("sourcing plan names line ", r.line_no));
    }
    OrderLine& line = s.lines[r.line_no - 1];
    line.reserved += r.quantity;
    line.allocations.push_back({r.node_id, r.quantity, r.reason});
  }
  for (const auto& [no, qty] : plan.backordered) s.lines.at(no - 1).backordered += qty;
  for (const auto& [no, qty] : plan.preordered) s.lines.at(no - 1).preordered += qty;
  for (const auto& line : s.lines) {
    if (line.reserved + line.backordered + line.preordered != line.ordered) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "sourcing plan covers %d of %d units of line %d (%s)",
          line.reserved + line.backordered + line.preordered, line.ordered, line.line_no,
          line.sku));
    }
  }

  s.totals.discount_minor = draft.discount_minor;
  s.totals.shipping_minor = draft.shipping_minor;
  s.totals.tax_minor = draft.tax_minor;
  s.totals.total_minor = s.totals.subtotal_minor - draft.discount_minor + draft.shipping_minor +
                         draft.tax_minor;
  if (s.totals.total_minor < 0) {
    return absl::InvalidArgumentError("discount: the order total would be negative");
  }
  int64_t tendered = 0;
  int tender_no = 0;
  for (const auto& in : draft.tenders) {
    Tender t;
    t.tender_id = absl::StrCat("T", ++tender_no);
    t.type = in.type;
    t.amount_minor = in.amount_minor;
    t.card_token = in.card_token;
    t.status = TenderStatus::kPending;
    tendered += in.amount_minor;
    s.tenders.push_back(std::move(t));
  }
  if (tendered != s.totals.total_minor) {
    return absl::InvalidArgumentError(
        absl::StrCat("tenders: they add up to ", Minor(tendered, s.currency),
                     " but the order total is ", Minor(s.totals.total_minor, s.currency)));
  }

  Order order(std::move(s));
  order.Record("OrderPlaced",
               absl::StrFormat("order placed on %s: %d lines, %s", order.state_.channel,
                               order.state_.lines.size(),
                               Minor(order.state_.totals.total_minor, order.state_.currency)),
               draft.placed_at,
               {{"channel", order.state_.channel},
                {"nodes", absl::StrCat(plan.NodeCount())},
                {"total_minor", absl::StrCat(order.state_.totals.total_minor)}});
  return order;
}

Order Order::Restore(OrderState state) { return Order(std::move(state)); }

absl::Status Order::RecordSoldBeyondStock(int line_no, int64_t units, const std::string& channel,
                                          absl::Time now) {
  const OrderLine* line = line_no >= 1 && line_no <= static_cast<int>(state_.lines.size())
                              ? &state_.lines[line_no - 1]
                              : nullptr;
  if (line == nullptr || units <= 0 || line->backordered < units) {
    return absl::FailedPreconditionError(absl::StrCat(
        "order ", state_.order_number, " line ", line_no, " has fewer than ", units,
        " backordered units"));
  }
  Record("UnitsBackordered",
         absl::StrCat(units, " x ", line->sku, " sold on ", channel,
                      " beyond its available-to-sell: backordered"),
         now,
         {{"line_no", absl::StrCat(line_no)},
          {"quantity", absl::StrCat(units)},
          {"reason", "SOLD_BEYOND_STOCK"}});
  return absl::OkStatus();
}

PaymentStatus Order::payment_status() const { return DerivePaymentStatus(state_.tenders); }

FulfillmentStatus Order::fulfillment_status() const {
  return DeriveFulfillmentStatus(state_.lines);
}

bool Order::HasHold(HoldReason reason) const {
  return std::any_of(state_.holds.begin(), state_.holds.end(),
                     [&](const Hold& h) { return h.reason == reason; });
}

const Tender* Order::FindTender(const std::string& tender_id) const {
  for (const auto& t : state_.tenders) {
    if (t.tender_id == tender_id) return &t;
  }
  return nullptr;
}

Tender* Order::MutableTender(const std::string& tender_id) {
  for (auto& t : state_.tenders) {
    if (t.tender_id == tender_id) return &t;
  }
  return nullptr;
}

absl::Status Order::RecordAuthorization(const std::string& tender_id, const std::string& gateway,
                                        const std::string& payment_ref, int64_t authorized_minor,
                                        const std::string& card_last4, absl::Time now) {
  Tender* t = MutableTender(tender_id);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no tender ", tender_id));
  if (t->type != TenderType::kCard || t->status != TenderStatus::kPending) {
    return absl::FailedPreconditionError(absl::StrCat("tender ", tender_id, " is ",
                                                      Name(t->status), ", not awaiting a card "
                                                      "authorization"));
  }
  if (authorized_minor != t->amount_minor) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "tender %s: gateway authorized %s, the tender is %s", tender_id,
        Minor(authorized_minor, state_.currency), Minor(t->amount_minor, state_.currency)));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  t->status = TenderStatus::kAuthorized;
  t->authorized_minor = authorized_minor;
  t->gateway = gateway;
  t->payment_ref = payment_ref;
  t->card_last4 = card_last4;
  t->authorized_at = now;
  Record("TenderAuthorized",
         absl::StrCat("card ending ", card_last4.empty() ? "????" : card_last4, " authorized for ",
                      Minor(authorized_minor, state_.currency), " at ", gateway),
         now, {{"tender_id", tender_id}, {"payment_ref", payment_ref}, {"gateway", gateway}});
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::Status Order::RecordDecline(const std::string& tender_id, const std::string& gateway,
                                  const std::string& reason, absl::Time now) {
  Tender* t = MutableTender(tender_id);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no tender ", tender_id));
  if (t->type != TenderType::kCard || t->status != TenderStatus::kPending) {
    return absl::FailedPreconditionError(
        absl::StrCat("tender ", tender_id, " is ", Name(t->status), ", cannot be declined"));
  }
  t->status = TenderStatus::kDeclined;
  t->gateway = gateway;
  t->decline_reason = reason;
  Record("TenderDeclined", absl::StrCat("card declined by ", gateway, ": ", reason), now,
         {{"tender_id", tender_id}, {"reason", reason}});
  return absl::OkStatus();
}

absl::Status Order::RecordImmediateCapture(const std::string& tender_id, absl::Time now) {
  Tender* t = MutableTender(tender_id);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no tender ", tender_id));
  if (!TakesMoneyAtPlacement(t->type) || t->status != TenderStatus::kPending) {
    return absl::FailedPreconditionError(
        absl::StrCat("tender ", tender_id, " (", Name(t->type), ", ", Name(t->status),
                     ") is not taken at placement"));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  t->status = TenderStatus::kCaptured;
  t->authorized_minor = t->amount_minor;
  t->captured_minor = t->amount_minor;
  Record("TenderCaptured",
         absl::StrCat(Name(t->type), " ", Minor(t->amount_minor, state_.currency), " taken"), now,
         {{"tender_id", tender_id}, {"amount_minor", absl::StrCat(t->amount_minor)}});
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::Status Order::RecordVoid(const std::string& tender_id, absl::Time now) {
  Tender* t = MutableTender(tender_id);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no tender ", tender_id));
  if (t->status != TenderStatus::kAuthorized) {
    return absl::FailedPreconditionError(
        absl::StrCat("tender ", tender_id, " is ", Name(t->status), ", only an authorization "
                     "can be voided"));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  t->status = TenderStatus::kVoided;
  t->voided_minor = t->authorized_minor - t->captured_minor;
  Record("TenderVoided",
         absl::StrCat("authorization of ", Minor(t->voided_minor, state_.currency), " voided"), now,
         {{"tender_id", tender_id}});
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::Status Order::RecordDebitReversed(const std::string& tender_id, absl::Time now) {
  Tender* t = MutableTender(tender_id);
  if (t == nullptr) return absl::NotFoundError(absl::StrCat("no tender ", tender_id));
  if (!TakesMoneyAtPlacement(t->type) || t->status != TenderStatus::kCaptured) {
    return absl::FailedPreconditionError(
        absl::StrCat("tender ", tender_id, " is ", Name(t->status), ", nothing to give back"));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  const int64_t back = t->captured_minor - t->refunded_minor;
  t->refunded_minor = t->captured_minor;
  t->status = TenderStatus::kRefunded;
  Record("TenderRefunded",
         absl::StrCat(Name(t->type), " ", Minor(back, state_.currency), " given back"), now,
         {{"tender_id", tender_id}, {"amount_minor", absl::StrCat(back)}});
  RecordDerivedChanges(before_p, before_f, now);
  return absl::OkStatus();
}

absl::Status Order::Confirm(absl::Time now) {
  for (const auto& t : state_.tenders) {
    if (t.status != TenderStatus::kAuthorized && t.status != TenderStatus::kCaptured) {
      return absl::FailedPreconditionError(absl::StrCat(
          "order ", state_.order_number, " cannot be confirmed: tender ", t.tender_id, " is ",
          Name(t.status)));
    }
  }
  // A confirmed order no longer waits for payment.
  std::erase_if(state_.holds,
                [](const Hold& h) { return h.reason == HoldReason::kAwaitingPayment; });
  return MoveTo(OrderStatus::kConfirmed, now);
}

absl::Status Order::Reject(const std::string& reason, absl::Time now) {
  if (state_.status != OrderStatus::kPending) {
    return absl::FailedPreconditionError(absl::StrCat("order ", state_.order_number, " is ",
                                                      Name(state_.status),
                                                      "; only a pending order can be rejected"));
  }
  const PaymentStatus before_p = payment_status();
  const FulfillmentStatus before_f = fulfillment_status();
  for (auto& line : state_.lines) {
    const int64_t open = line.reserved + line.backordered + line.preordered;
    line.cancelled += open;
    line.reserved = 0;
    line.backordered = 0;
    line.preordered = 0;
    line.allocated = 0;
    line.allocations.clear();
  }
  state_.holds.clear();
  state_.rejection_reason = reason;
  RecordDerivedChanges(before_p, before_f, now);
  return MoveTo(OrderStatus::kRejected, now);
}

absl::Status Order::AddNote(const std::string& author, const std::string& text,
                            absl::Time now) {
  if (text.empty() || text.size() > 2000) {
    return absl::InvalidArgumentError("text: a note needs 1 to 2000 characters");
  }
  state_.notes.push_back({author, text, now});
  Record("NoteAdded", absl::StrCat(author, ": ", text), now, {{"author", author}});
  return absl::OkStatus();
}

absl::Status Order::PlaceHold(HoldReason reason, const std::string& note, absl::Time now) {
  if (IsTerminal(state_.status)) {
    return absl::FailedPreconditionError(absl::StrCat("order ", state_.order_number, " is ",
                                                      Name(state_.status), "; it cannot be held"));
  }
  if (HasHold(reason)) {
    return absl::FailedPreconditionError(
        absl::StrCat("order ", state_.order_number, " already has a ", Name(reason), " hold"));
  }
  state_.holds.push_back({reason, note, now});
  Record("HoldPlaced", absl::StrCat("hold ", Name(reason), note.empty() ? "" : ": ", note), now,
         {{"reason", std::string(Name(reason))}});
  return absl::OkStatus();
}

absl::Status Order::ReleaseHold(HoldReason reason, absl::Time now) {
  if (!HasHold(reason)) {
    return absl::NotFoundError(
        absl::StrCat("order ", state_.order_number, " has no ", Name(reason), " hold"));
  }
  std::erase_if(state_.holds, [&](const Hold& h) { return h.reason == reason; });
  Record("HoldReleased", absl::StrCat("hold ", Name(reason), " released"), now,
         {{"reason", std::string(Name(reason))}});
  return absl::OkStatus();
}

std::vector<DomainEvent> Order::TakeEvents() {
  std::vector<DomainEvent> out;
  out.swap(events_);
  return out;
}

absl::Status Order::MoveTo(OrderStatus to, absl::Time now) {
  const OrderTransition* t = FindOrderTransition(state_.status, to);
  if (t == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("order ", state_.order_number, " is ",
                                                      Name(state_.status), " and cannot become ",
                                                      Name(to)));
  }
  const OrderStatus from = state_.status;
  state_.status = to;
  Record("OrderStatusChanged",
         absl::StrCat(Name(from), " -> ", Name(to),
                      to == OrderStatus::kRejected ? absl::StrCat(": ", state_.rejection_reason)
                                                   : ""),
         now,
         {{"from", std::string(Name(from))},
          {"to", std::string(Name(to))},
          {"transition", t->event_type}});
  return absl::OkStatus();
}

void Order::Record(std::string type, std::string summary, absl::Time now,
                   std::vector<std::pair<std::string, std::string>> details) {
  state_.updated_at = now;
  events_.push_back({std::move(type), std::move(summary), std::move(details), now});
}

void Order::RecordDerivedChanges(PaymentStatus payment_before,
                                 FulfillmentStatus fulfillment_before, absl::Time now) {
  const PaymentStatus p = payment_status();
  if (p != payment_before) {
    Record("PaymentStatusChanged", absl::StrCat("payment ", Name(payment_before), " -> ", Name(p)),
           now, {{"from", std::string(Name(payment_before))}, {"to", std::string(Name(p))}});
  }
  const FulfillmentStatus f = fulfillment_status();
  if (f != fulfillment_before) {
    Record("FulfillmentStatusChanged",
           absl::StrCat("fulfillment ", Name(fulfillment_before), " -> ", Name(f)), now,
           {{"from", std::string(Name(fulfillment_before))}, {"to", std::string(Name(f))}});
  }
}

PaymentStatus DerivePaymentStatus(const std::vector<Tender>& tenders) {
  int64_t amount = 0, authorized = 0, captured = 0, refunded = 0;
  bool any_live = false, all_voided = !tenders.empty();
  for (const auto& t : tenders) {
    if (t.status == TenderStatus::kDeclined) continue;
    if (t.status != TenderStatus::kVoided) all_voided = false;
    // An unanswered card still counts toward what the order must be paid;
    // an authorization released for cancelled units no longer does.
    amount += t.amount_minor - t.voided_minor;
    if (t.status == TenderStatus::kPending) continue;
    any_live = true;
    authorized += t.authorized_minor - t.voided_minor;
    captured += t.captured_minor;
    refunded += t.refunded_minor;
  }
  if (all_voided && any_live) return PaymentStatus::kVoided;
  if (refunded > 0) {
    return refunded >= captured ? PaymentStatus::kRefunded : PaymentStatus::kPartiallyRefunded;
  }
  if (captured > 0) {
    return captured >= amount ? PaymentStatus::kCaptured : PaymentStatus::kPartiallyCaptured;
  }
  if (authorized > 0) return PaymentStatus::kAuthorized;
  return PaymentStatus::kUnpaid;
}

FulfillmentStatus DeriveFulfillmentStatus(const std::vector<OrderLine>& lines) {
  int64_t open = 0, shipped = 0, delivered = 0, backordered = 0, preordered = 0;
  for (const auto& l : lines) {
    open += l.ordered - l.cancelled;
    shipped += l.shipped;
    delivered += l.delivered;
    backordered += l.backordered;
    preordered += l.preordered;
  }
  if (open <= 0) return FulfillmentStatus::kUnfulfilled;
  if (delivered >= open) return FulfillmentStatus::kDelivered;
  if (delivered > 0) return FulfillmentStatus::kPartiallyDelivered;
  if (shipped >= open) return FulfillmentStatus::kShipped;
  if (shipped > 0) return FulfillmentStatus::kPartiallyShipped;
  if (backordered > 0) return FulfillmentStatus::kBackordered;
  if (preordered > 0) return FulfillmentStatus::kPreordered;
  return FulfillmentStatus::kUnfulfilled;
}

absl::Status CheckLineInvariants(const OrderLine& l) {
  for (int64_t q : {l.ordered, l.reserved, l.backordered, l.preordered, l.allocated, l.shipped,
                    l.delivered, l.cancelled, l.returned, l.refunded}) {
    if (q < 0) {
      return absl::InternalError(absl::StrCat("line ", l.line_no, ": a quantity is negative"));
    }
  }
  if (l.cancelled + l.shipped + l.reserved + l.backordered + l.preordered != l.ordered) {
    return absl::InternalError(absl::StrCat("line ", l.line_no, ": open units do not add up"));
  }
  if (l.allocated > l.reserved || l.delivered > l.shipped || l.returned > l.shipped) {
    return absl::InternalError(absl::StrCat("line ", l.line_no, ": quantities out of order"));
  }
  int64_t in_allocations = 0;
  for (const auto& a : l.allocations) in_allocations += a.quantity;
  if (in_allocations != l.reserved) {
    return absl::InternalError(
        absl::StrCat("line ", l.line_no, ": allocations do not match reserved units"));
  }
  return absl::OkStatus();
}

}  // namespace oms::domain
