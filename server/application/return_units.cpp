#include "server/application/return_units.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/ids.h"
#include "server/application/fulfilment_units.h"
#include "server/application/placement_units.h"
#include "server/application/policy.h"
#include "server/application/refund_units.h"

namespace oms::application::return_units {
namespace {

using domain::HoldReason;
using domain::Order;
using domain::RefundTiming;
using domain::ReturnState;
using domain::TenderType;
using ReturnMoney = domain::Order::ReturnMoney;

absl::Status MayReceive(const Actor& actor) { return Authorize(kReceiveReturn, actor); }

// The earlier answer to a repeated request_id, if any.
absl::StatusOr<std::optional<ReturnOutcome>> Replay(Transaction& tx, const Actor& actor,
                                                    const std::string& request_id,
                                                    const std::string& request_hash) {
  if (request_id.empty()) return std::nullopt;
  auto existing = tx.idempotency().Find(actor.principal_id, request_id);
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return std::nullopt;
  if ((*existing)->request_hash != request_hash) {
    return absl::AlreadyExistsError(absl::StrCat(
        "request_id ", request_id,
        " was already used for a different request; use a new request_id for a new one"));
  }
  const std::string return_id = (*existing)->resource_id;
  auto order_id = OrderIdOfReturn(return_id);
  if (!order_id.ok()) return order_id.status();
  auto order = tx.orders().Load(*order_id);
  if (!order.ok()) return order.status();
  ReturnOutcome out{order->state(), return_id, std::nullopt, true};
  const ReturnState* r = order->FindReturn(return_id);
  if (r != nullptr && !r->replacement_order_id.empty()) {
    auto replacement = tx.orders().Load(r->replacement_order_id);
    if (replacement.ok()) out.replacement = replacement->state();
  }
  return std::optional<ReturnOutcome>(std::move(out));
}

absl::Status Remember(Transaction& tx, const Actor& actor, const std::string& request_id,
                      const std::string& request_hash, const std::string& return_id,
                      const domain::OrderState& order, absl::Time now) {
  if (request_id.empty()) return absl::OkStatus();
  return tx.idempotency().Insert(
      {actor.principal_id, request_id, request_hash, return_id, order.region, now});
}

absl::StatusOr<Order> LoadOrderOfReturn(Transaction& tx, const std::string& return_id) {
  auto order_id = OrderIdOfReturn(return_id);
  if (!order_id.ok()) return order_id.status();
  auto order = tx.orders().Load(*order_id);
  if (absl::IsNotFound(order.status())) {
    return absl::NotFoundError(absl::StrCat("return ", return_id, " not found"));
  }
  return order;
}

// Makes one of the return's two refunds, if it has anything to pay.
absl::Status Pay(Transaction& tx, Order& order, const std::string& return_id, ReturnMoney which,
                 bool needs_approval, const Actor& actor, absl::Time now,
                 std::vector<RefundJob>& jobs) {
  std::optional<Order::RefundRequest> request = order.ReturnRefundRequest(return_id, which);
  if (!request.has_value()) return absl::OkStatus();
  auto refund_id = refund_units::StartRefund(tx, order, *request, needs_approval, actor, now, jobs);
  if (!refund_id.ok()) return refund_id.status();
  return order.RecordReturnRefund(return_id, which, *refund_id, now);
}

// Prices the replacement from the catalog, in the order's currency.
absl::StatusOr<std::vector<domain::ReplacementLine>> PriceReplacement(
    Transaction& tx, const std::vector<CreateReturnCommand::Replacement>& wanted,
    const std::string& currency) {
  std::vector<std::string> skus;
  for (const auto& w : wanted) skus.push_back(w.sku);
  auto products = tx.catalog().Find(skus);
  if (!products.ok()) return products.status();
  std::vector<domain::ReplacementLine> out;
  for (size_t i = 0; i < wanted.size(); ++i) {
    auto p = products->find(wanted[i].sku);
    if (p == products->end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("replacement[", i, "].sku: no product ", wanted[i].sku));
    }
    if (p->second.currency != currency) {
      return absl::InvalidArgumentError(absl::StrCat("replacement[", i, "].sku: ", wanted[i].sku,
                                                     " is priced in ", p->second.currency,
                                                     ", the order in ", currency));
    }
    out.push_back({wanted[i].sku, wanted[i].quantity, p->second.price_minor});
  }
  return out;
}

// Places the exchange's replacement order in this unit, paid by the store
// credit the exchange credit has just posted (and the difference tender).
absl::StatusOr<domain::OrderState> PlaceReplacement(Transaction& tx, const Order& original,
                                                    const ReturnState& r,
                                                    const CreateReturnCommand& command,
                                                    const Actor& actor, const Context& context) {
  const domain::OrderState& o = original.state();
  PlaceOrderCommand c;
  c.channel = o.channel;
  c.external_ref = r.return_id;
  c.customer_id = o.customer.customer_id;
  c.contact = o.customer;
  c.shipping_address = o.shipping_address;
  c.shipping_option = o.shipping_option;
  c.pickup_node_id = o.pickup_node_id;
  c.currency = o.currency;
  for (const auto& l : r.replacement) {
    c.lines.push_back({l.sku, l.quantity, l.unit_price_minor, o.currency});
  }
  c.shipping.currency = c.tax.currency = c.discount.currency = o.currency;
  const int64_t credit = r.exchange_credit_minor();
  if (credit > 0) c.tenders.push_back({TenderType::kStoreCredit, credit, o.currency, ""});
  const int64_t due = r.replacement_value_minor - credit;
  if (due > 0) {
    if (!command.difference_tender.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "difference_tender: the replacement costs ",
          absl::StrFormat("%d.%02d %s", due / 100, due % 100, o.currency),
          " more than the returned goods; give a card, wallet or store credit to pay it"));
    }
    PlaceOrderCommand::Tender t = *command.difference_tender;
    if (t.type == TenderType::kCash && o.channel != "pos") {
      return absl::InvalidArgumentError("difference_tender.type: cash is taken only at a POS");
    }
    t.amount_minor = due;
    t.currency = o.currency;
    c.tenders.push_back(std::move(t));
  }
  if (r.refund_timing == RefundTiming::kOnReceipt) {
    c.hold = HoldReason::kAwaitingReturn;
    c.hold_note = absl::StrCat("ships when return ", r.return_id, " is received");
  }
  if (absl::Status s = ValidatePlaceOrder(c, context.placement.limits); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("replacement order: ", s.message()));
  }
  placement::CreateParams params{NewOrderId(context.placement.region, context.now),
                                 context.placement.region,
                                 context.now,
                                 context.placement.saga_timeout,
                                 /*answer_grace=*/absl::ZeroDuration(),
                                 context.placement.fulfilment,
                                 context.placement.channels.Find(c.channel)};
  auto placed = placement::CreateOrder(tx, c, actor, params);
  if (!placed.ok()) {
    return absl::Status(placed.status().code(),
                        absl::StrCat("replacement order: ", placed.status().message()));
  }
  return std::move(placed->order);
}

}  // namespace

absl::StatusOr<std::string> OrderIdOfReturn(const std::string& return_id) {
  const size_t at = return_id.rfind("-RMA");
  if (at == std::string::npos || at == 0 || at + 4 >= return_id.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("return_id: '", return_id, "' is not a return id (ORDER-ID-RMAn)"));
  }
  return return_id.substr(0, at);
}

absl::StatusOr<ReturnOutcome> Create(Transaction& tx, const CreateReturnCommand& command,
                                     const Actor& actor, const Context& context,
                                     std::vector<RefundJob>& jobs) {
  if (absl::Status s = Authorize(kCreateReturn, actor); !s.ok()) return s;
  tx.SetActor(actor);
  auto replayed = Replay(tx, actor, command.request_id, command.request_hash);
  if (!replayed.ok()) return replayed.status();
  if (replayed->has_value()) return std::move(**replayed);

  auto order = refund_units::LoadOrder(tx, command.order_ref);
  if (!order.ok()) return order.status();
  Order::ReturnRequest request;
  request.lines = command.lines;
  request.refund_policy = command.refund_policy;
  request.refund_timing = context.returns.refund_timing;
  request.requested_by = actor.principal_id;
  if (!command.replacement.empty()) {
    auto priced = PriceReplacement(tx, command.replacement, order->state().currency);
    if (!priced.ok()) return priced.status();
    request.replacement = std::move(*priced);
  }
  auto preview = order->PreviewReturn(request);
  if (!preview.ok()) return preview.status();
  // Only money leaving the business needs a supervisor: an exchange credit
  // is spent on the replacement at once.
  request.refund_needs_approval =
      refund_units::NeedsApproval(actor, preview->money_back_minor(), context.refunds);
  auto return_id = order->CreateReturn(request, context.now);
  if (!return_id.ok()) return return_id.status();

  ReturnOutcome out;
  out.return_id = *return_id;
  const ReturnState r = *order->FindReturn(*return_id);
  if (r.is_exchange()) {
    if (absl::Status s = Pay(tx, *order, r.return_id, ReturnMoney::kExchangeCredit, false, actor,
                             context.now, jobs);
        !s.ok()) {
      return s;
    }
    auto replacement = PlaceReplacement(tx, *order, r, command, actor, context);
    if (!replacement.ok()) return replacement.status();
    if (absl::Status s = order->RecordReplacementOrder(r.return_id, replacement->order_id,
                                                       replacement->order_number, context.now);
        !s.ok()) {
      return s;
    }
    out.replacement = std::move(*replacement);
  }
  if (r.refund_timing == RefundTiming::kAtCreation) {
    if (absl::Status s = Pay(tx, *order, r.return_id, ReturnMoney::kMoneyBack,
                             r.refund_needs_approval, actor, context.now, jobs);
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  if (absl::Status s = Remember(tx, actor, command.request_id, command.request_hash, r.return_id,
                                order->state(), context.now);
      !s.ok()) {
    return s;
  }
  out.order = order->state();
  return out;
}

absl::StatusOr<ReturnOutcome> Receive(Transaction& tx, const ReceiveReturnCommand& command,
                                      const Actor& actor, const Context& context,
                                      std::vector<RefundJob>& jobs) {
  if (absl::Status s = MayReceive(actor); !s.ok()) return s;
  tx.SetActor(actor);
  auto replayed = Replay(tx, actor, command.request_id, command.request_hash);
  if (!replayed.ok()) return replayed.status();
  if (replayed->has_value()) return std::move(**replayed);

  auto order = LoadOrderOfReturn(tx, command.return_id);
  if (!order.ok()) return order.status();
  auto nodes = tx.nodes().All();
  if (!nodes.ok()) return nodes.status();
  for (size_t i = 0; i < command.lines.size(); ++i) {
    const std::string& node = command.lines[i].restock_node_id;
    if (node.empty()) continue;
    if (std::none_of(nodes->begin(), nodes->end(),
                     [&](const domain::FulfillmentNode& n) { return n.node_id == node; })) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines[", i, "].restock_node_id: no node ", node));
    }
  }
  auto moves =
      order->ReceiveReturn(command.return_id, command.lines, actor.principal_id, context.now);
  if (!moves.ok()) return moves.status();
  for (const auto& m : *moves) {
    auto adjusted = tx.stock().Adjust(m.sku, m.node_id, domain::StockAdjustment::kReceive,
                                      m.quantity, absl::StrCat("return ", command.return_id));
    if (!adjusted.ok()) return adjusted.status();
  }
  const ReturnState r = *order->FindReturn(command.return_id);
  // The money back follows the goods, unless it moved at creation. It is
  // made in the name of whoever created the return (their limit decided
  // whether a supervisor must approve it).
  if (r.refund_id.empty() && r.refund_timing == RefundTiming::kOnReceipt) {
    if (absl::Status s = Pay(tx, *order, r.return_id, ReturnMoney::kMoneyBack,
                             r.refund_needs_approval, actor, context.now, jobs);
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;

  ReturnOutcome out;
  out.return_id = r.return_id;
  if (!r.replacement_order_id.empty()) {
    auto replacement = tx.orders().Load(r.replacement_order_id);
    if (!replacement.ok()) return replacement.status();
    if (replacement->HasHold(HoldReason::kAwaitingReturn)) {
      if (absl::Status s = replacement->ReleaseHold(HoldReason::kAwaitingReturn, context.now);
          !s.ok()) {
        return s;
      }
      if (absl::Status s = fulfilment::ReleaseAndFollow(tx, *replacement,
                                                        context.placement.fulfilment, context.now);
          !s.ok()) {
        return s;
      }
      if (absl::Status s = tx.orders().Update(*replacement); !s.ok()) return s;
    }
    out.replacement = replacement->state();
  }
  // Restocked units serve customers waiting for them.
  std::map<std::string, bool> skus;
  for (const auto& m : *moves) skus[m.sku] = true;
  for (const auto& [sku, unused] : skus) {
    auto served = fulfilment::ServeWaiting(tx, sku, /*preorders=*/false,
                                           context.placement.fulfilment, context.now);
    if (!served.ok()) return served.status();
  }
  if (absl::Status s = Remember(tx, actor, command.request_id, command.request_hash, r.return_id,
                                order->state(), context.now);
      !s.ok()) {
    return s;
  }
  auto reloaded = tx.orders().Load(order->id());
  if (!reloaded.ok()) return reloaded.status();
  out.order = reloaded->state();
  return out;
}

absl::StatusOr<ReturnOutcome> Cancel(Transaction& tx, const std::string& return_id,
                                     const std::string& reason, const Actor& actor,
                                     absl::Time now) {
  if (absl::Status s = Authorize(kCancelReturn, actor); !s.ok()) return s;
  tx.SetActor(actor);
  auto order = LoadOrderOfReturn(tx, return_id);
  if (!order.ok()) return order.status();
  if (absl::Status s = order->CancelReturn(return_id, actor.principal_id, reason, now); !s.ok()) {
    return s;
  }
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  return ReturnOutcome{order->state(), return_id, std::nullopt, false};
}

}  // namespace oms::application::return_units
