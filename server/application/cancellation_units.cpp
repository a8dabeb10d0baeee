#include "server/application/cancellation_units.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/application/fulfilment_steps.h"
#include "server/domain/ledger.h"

namespace oms::application::cancellation {

using domain::CancelEffect;
using domain::Order;

std::function<domain::NodeKind(const std::string&)> NodeKinds(const FulfilmentSettings& settings) {
  return [&settings](const std::string& node) {
    return settings.is_partner_node && settings.is_partner_node(node) ? domain::NodeKind::kPartner
                                                                      : domain::NodeKind::kInternal;
  };
}

namespace {

// Cancels the plan's CANCEL parts and settles their money in `tx`.
absl::Status ApplyPlan(Transaction& tx, Order& order, const Order::CancellationPlan& plan,
                       const Order::CancellationRequest& request, absl::Time now) {
  const std::string order_id = order.id();
  auto released = order.Cancel(plan, request, now);
  if (!released.ok()) return released.status();
  for (const auto& m : *released) {
    if (absl::Status s = tx.stock().Release(m.sku, m.node_id, m.quantity, order_id); !s.ok()) {
      return s;
    }
  }
  for (const auto& p : plan.parts) {
    if (p.effect != CancelEffect::kCancel || p.state != domain::UnitState::kPreordered) continue;
    if (absl::Status s = tx.catalog().AddPreorderSold(p.sku, -p.quantity); !s.ok()) return s;
  }
  const domain::OrderState& state = order.state();
  for (const auto& m : plan.money) {
    if (m.refund_minor == 0) continue;
    if (m.type != domain::TenderType::kWallet && m.type != domain::TenderType::kStoreCredit) {
      continue;  // cash is handed back at the till
    }
    const std::string account = m.type == domain::TenderType::kWallet
                                    ? domain::WalletAccount(state.customer.customer_id)
                                    : domain::StoreCreditAccount(state.customer.customer_id);
    const int64_t n = state.version;  // one entry per tender per saved version
    if (absl::Status s = tx.ledger().Post(domain::Transfer(
            absl::StrCat(order_id, ":", m.tender_id, ":cancel:", n), state.currency, order_id,
            absl::StrCat("order ", state.order_number, ": cancelled units"),
            domain::kOrderClearingAccount, account, m.refund_minor));
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = fulfilment::steps::VoidIfCancelled(tx, order, now); !s.ok()) return s;
  return absl::OkStatus();
}

// Cancels what can go now and asks partner nodes for the rest.
absl::Status CarryOut(Transaction& tx, Order& order, const Order::CancellationPlan& plan,
                      const Order::CancellationRequest& request, absl::Time now) {
  if (plan.UnitsWith(CancelEffect::kCancel) > 0 || plan.UnitsWith(CancelEffect::kAskNode) == 0) {
    if (absl::Status s = ApplyPlan(tx, order, plan, request, now); !s.ok()) return s;
  }
  for (const std::string& shipment : order.RequestNodeCancellation(plan, request, now)) {
    FulfilmentJob job;
    job.kind = FulfilmentJob::Kind::kNodeCancel;
    job.order_id = order.id();
    job.shipment_id = shipment;
    job.next_attempt = now;
    if (absl::Status s = tx.jobs().Upsert(job); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Order::CancellationPlan> Preview(Transaction& tx, const std::string& order_id,
                                                const Order::CancellationRequest& request,
                                                const FulfilmentSettings& settings) {
  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  return order->PlanCancellation(request, NodeKinds(settings));
}

absl::StatusOr<Outcome> Cancel(Transaction& tx, const std::string& order_id,
                               const Order::CancellationRequest& request,
                               const fulfilment::RequestKey& key, const Actor& actor,
                               const FulfilmentSettings& settings, absl::Time now) {
  tx.SetActor(actor);
  auto replay = fulfilment::steps::Replay(tx, actor, key, "");
  if (!replay.ok()) return replay.status();
  if (replay->has_value()) return Outcome{(*replay)->order, {}, true};

  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  auto plan = order->PlanCancellation(request, NodeKinds(settings));
  if (!plan.ok()) return plan.status();
  if (!request.lines.empty()) {
    std::vector<std::string> refused;
    for (const auto& p : plan->parts) {
      if (p.effect != CancelEffect::kReturnInstead) continue;
      refused.push_back(absl::StrCat(p.quantity, " of ", p.sku, " (", domain::Name(p.state),
                                     p.node_id.empty() ? "" : absl::StrCat(" at ", p.node_id),
                                     "): ", p.why));
    }
    if (!refused.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "order ", order->state().order_number, ": nothing cancelled, because ",
          absl::StrJoin(refused, "; "), ". Cancel the other units, or return these"));
    }
  }
  if (absl::Status s = CarryOut(tx, *order, *plan, request, now); !s.ok()) return s;
  auto saved = fulfilment::steps::Save(tx, *order, actor, key, "", now);
  if (!saved.ok()) return saved.status();
  return Outcome{saved->order, *std::move(plan), false};
}

absl::StatusOr<Order::CancellationPlan> CancelBySystem(Transaction& tx, Order& order,
                                                       const Order::CancellationRequest& request,
                                                       const FulfilmentSettings& settings,
                                                       absl::Time now) {
  if (request.initiator != domain::Initiator::kSystem) {
    return absl::InternalError("CancelBySystem needs a SYSTEM request");
  }
  auto plan = order.PlanCancellation(request, NodeKinds(settings));
  if (!plan.ok()) return plan.status();
  if (absl::Status s = CarryOut(tx, order, *plan, request, now); !s.ok()) return s;
  return *std::move(plan);
}

absl::StatusOr<Outcome> ApplyNodeAnswer(Transaction& tx, const std::string& shipment_id,
                                        bool accepted, const std::string& reason,
                                        const FulfilmentSettings& settings, absl::Time now) {
  auto order_id = fulfilment::OrderIdOfShipment(shipment_id);
  if (!order_id.ok()) return order_id.status();
  auto order = fulfilment::steps::LoadForShipment(tx, *order_id, shipment_id);
  if (!order.ok()) return order.status();
  const domain::ShipmentState* shipment = order->FindShipment(shipment_id);
  tx.SetActor(Actor{absl::StrCat("node:", shipment->node_id), "node", ""});
  if (shipment->cancel_requested.empty()) return Outcome{order->state(), {}, false};
  Order::CancellationRequest request;
  for (const auto& l : shipment->cancel_requested) request.lines.push_back({l.line_no, l.quantity});
  request.reason = domain::ParseCancelReason(shipment->cancel_reason)
                       .value_or(domain::CancelReason::kCustomerRequest);
  request.accepted_by_node_for = shipment_id;
  if (absl::Status s = order->RecordNodeCancellationAnswer(shipment_id, accepted, reason, now);
      !s.ok()) {
    return s;
  }
  Order::CancellationPlan plan;
  if (accepted) {
    auto planned = order->PlanCancellation(request, NodeKinds(settings));
    if (!planned.ok()) return planned.status();
    plan = std::move(*planned);
    if (plan.UnitsWith(CancelEffect::kCancel) > 0) {
      if (absl::Status s = ApplyPlan(tx, *order, plan, request, now); !s.ok()) return s;
    }
  }
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  return Outcome{order->state(), std::move(plan), false};
}

}  // namespace oms::application::cancellation
