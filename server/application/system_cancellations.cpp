#include "server/application/system_cancellations.h"

#include "absl/strings/str_cat.h"
#include "server/application/fulfilment_steps.h"
#include "server/application/policy.h"

namespace oms::application::system_cancellation {
namespace {

using domain::CancelEffect;
using domain::Order;

bool SomethingToDo(const Order::CancellationPlan& plan) {
  return plan.UnitsWith(CancelEffect::kCancel) > 0 || plan.UnitsWith(CancelEffect::kAskNode) > 0;
}

int64_t OpenUnits(const domain::OrderState& order) {
  int64_t open = 0;
  for (const auto& l : order.lines) open += l.ordered - l.cancelled - l.shipped;
  return open;
}

}  // namespace

absl::Status RequireReviewer(const Actor& actor, absl::string_view what) {
  // Rejecting a review and dropping a preorder share the managers' rule.
  if (Authorize(kRejectOrderHold, actor).ok()) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      actor.principal_id, " (", actor.role, ") may not ", what, "; a supervisor or an admin must"));
}

absl::StatusOr<cancellation::Outcome> RejectFraudHold(
    Transaction& tx, const std::string& order_id, domain::HoldReason reason,
    const std::string& note, const fulfilment::RequestKey& key, const Actor& actor,
    const FulfilmentSettings& settings, absl::Time now) {
  if (absl::Status s = RequireReviewer(actor, "reject a fraud review"); !s.ok()) return s;
  tx.SetActor(actor);
  auto replay = fulfilment::steps::Replay(tx, actor, key, "");
  if (!replay.ok()) return replay.status();
  if (replay->has_value()) return cancellation::Outcome{(*replay)->order, {}, true};

  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  if (absl::Status s = order->RejectHold(reason, note, now); !s.ok()) return s;
  Order::CancellationRequest request;
  request.reason = domain::CancelReason::kFraud;
  request.initiator = domain::Initiator::kSystem;
  request.note =
      note.empty() ? "fraud review rejected" : absl::StrCat("fraud review rejected: ", note);
  auto plan = order->PlanCancellation(request, cancellation::NodeKinds(settings));
  if (!plan.ok()) return plan.status();
  if (SomethingToDo(*plan)) {
    auto done = cancellation::CancelBySystem(tx, *order, request, settings, now);
    if (!done.ok()) return done.status();
    plan = std::move(done);
  }
  // Held units are never handed over: the hold goes only when nothing is
  // left that could still be (packed units, units a partner may keep).
  if (OpenUnits(order->state()) == 0) {
    if (absl::Status s = order->ReleaseHold(reason, now); !s.ok()) return s;
  }
  auto saved = fulfilment::steps::Save(tx, *order, actor, key, "", now);
  if (!saved.ok()) return saved.status();
  return cancellation::Outcome{saved->order, *std::move(plan), false};
}

absl::StatusOr<int64_t> DropPreorderedUnits(Transaction& tx, const std::string& order_id,
                                            const std::string& sku, const std::string& why,
                                            const Actor& actor, const FulfilmentSettings& settings,
                                            absl::Time now) {
  tx.SetActor(actor);
  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  Order::CancellationRequest request;
  request.reason = domain::CancelReason::kOutOfStock;
  request.initiator = domain::Initiator::kSystem;
  request.preordered_only = true;
  request.note = absl::StrCat("preorder of ", sku, " dropped: ", why);
  for (const auto& line : order->state().lines) {
    if (line.sku == sku && line.preordered > 0) {
      request.lines.push_back({line.line_no, line.preordered});
    }
  }
  if (request.lines.empty()) return 0;
  auto plan = cancellation::CancelBySystem(tx, *order, request, settings, now);
  if (!plan.ok()) return plan.status();
  // The counts given back must not be sold again.
  if (absl::Status s = tx.catalog().EndPreorders(sku); !s.ok()) return s;
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  return plan->UnitsWith(CancelEffect::kCancel);
}

absl::StatusOr<int64_t> CancelUnpaid(Transaction& tx, const std::string& order_id,
                                     const std::string& tender_id, const std::string& payment_ref,
                                     const std::string& decline_reason,
                                     const FulfilmentSettings& settings, absl::Time now) {
  tx.SetActor(SystemActor());
  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  bool still_expired = false;
  for (const auto& t : order->state().tenders) {
    still_expired |= t.tender_id == tender_id && t.payment_ref == payment_ref;
  }
  if (!still_expired) return 0;
  Order::CancellationRequest request;
  request.reason = domain::CancelReason::kPaymentFailure;
  request.initiator = domain::Initiator::kSystem;
  request.note =
      absl::StrCat("the card authorization expired and its renewal was declined",
                   decline_reason.empty() ? "" : absl::StrCat(" (", decline_reason, ")"));
  auto plan = order->PlanCancellation(request, cancellation::NodeKinds(settings));
  if (!plan.ok()) {
    // Over or still being placed: nothing of this order is the sweep's to cancel.
    if (plan.status().code() == absl::StatusCode::kFailedPrecondition) return 0;
    return plan.status();
  }
  if (!SomethingToDo(*plan)) return 0;
  auto done = cancellation::CancelBySystem(tx, *order, request, settings, now);
  if (!done.ok()) return done.status();
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  return done->UnitsWith(CancelEffect::kCancel);
}

}  // namespace oms::application::system_cancellation
