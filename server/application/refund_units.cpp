#include "server/application/refund_units.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/application/policy.h"
#include "server/domain/ledger.h"

namespace oms::application::refund_units {
namespace {

using domain::Order;
using domain::RefundPart;
using domain::RefundPartKind;
using domain::RefundState;
using domain::TenderType;

}  // namespace

// Starts paying a refund out in this unit: units back into stock, wallet,
// store credit and cash parts settled, card parts queued.
absl::Status SettleRefund(Transaction& tx, Order& order, const std::string& refund_id,
                          absl::Time now, std::vector<RefundJob>& jobs) {
  const RefundState refund = *order.FindRefund(refund_id);
  for (const auto& m : order.RestockMoves(refund)) {
    auto adjusted = tx.stock().Adjust(m.sku, m.node_id, domain::StockAdjustment::kReceive,
                                      m.quantity, absl::StrCat("returned for refund ", refund_id));
    if (!adjusted.ok()) return adjusted.status();
  }
  const std::string& customer = order.state().customer.customer_id;
  for (const RefundPart& p : refund.parts) {
    if (p.status != domain::RefundPartStatus::kPending) continue;
    if (p.kind == RefundPartKind::kRefund && p.tender_type == TenderType::kCard) {
      RefundJob job{order.id(), refund_id, p.part_no, now, 0, ""};
      if (absl::Status s = tx.refunds().UpsertJob(job); !s.ok()) return s;
      jobs.push_back(std::move(job));
      continue;
    }
    // Money taken from a customer account at placement waits in the
    // clearing account; card and cash money turned into store credit is
    // issued (the merchant keeps the card money).
    const bool from_clearing =
        p.tender_type == TenderType::kWallet || p.tender_type == TenderType::kStoreCredit;
    std::string to;
    if (p.kind == RefundPartKind::kStoreCredit) {
      to = domain::StoreCreditAccount(customer);
    } else if (p.tender_type == TenderType::kWallet) {
      to = domain::WalletAccount(customer);
    } else if (p.tender_type == TenderType::kStoreCredit) {
      to = domain::StoreCreditAccount(customer);
    }
    if (!to.empty()) {
      if (customer.empty()) {
        return absl::FailedPreconditionError(absl::StrCat("order ", order.state().order_number,
                                                          " has no customer account to refund to"));
      }
      domain::LedgerEntry entry = domain::Transfer(
          absl::StrCat(refund_id, ":", p.part_no), order.state().currency, order.id(),
          absl::StrCat("refund ", refund_id, " (", domain::Name(p.tender_type), " ", p.tender_id,
                       ")"),
          from_clearing ? domain::kOrderClearingAccount : domain::kIssuanceAccount, to,
          p.amount_minor);
      if (absl::Status s = tx.ledger().Post(entry); !s.ok()) return s;
    }
    // Cash goes back at the till, as it was taken.
    if (absl::Status s = order.RecordRefundPartDone(refund_id, p.part_no, now); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> StartRefund(Transaction& tx, Order& order,
                                        const Order::RefundRequest& request, bool needs_approval,
                                        const Actor& actor, absl::Time now,
                                        std::vector<RefundJob>& jobs) {
  auto refund_id = order.RequestRefund(request, needs_approval, now);
  if (!refund_id.ok()) return refund_id.status();
  if (needs_approval) {
    const RefundState* r = order.FindRefund(*refund_id);
    if (absl::Status s = tx.refunds().AddPendingApproval(
            {*refund_id, order.id(), order.state().order_number, r->amount_minor,
             order.state().currency, r->requested_by, r->reason, now});
        !s.ok()) {
      return s;
    }
  } else if (absl::Status s = SettleRefund(tx, order, *refund_id, now, jobs); !s.ok()) {
    return s;
  }
  return refund_id;
}

absl::Status MayRefund(const Actor& actor) { return Authorize(kRefundOrder, actor); }

bool NeedsApproval(const Actor& actor, int64_t amount_minor, const RefundSettings& settings) {
  return RefundNeedsApproval(actor, amount_minor, settings.agent_refund_limit_minor);
}

absl::Status MayApprove(const Actor& actor) { return Authorize(kApproveRefund, actor); }

absl::StatusOr<std::string> OrderIdOfRefund(const std::string& refund_id) {
  const size_t at = refund_id.rfind("-R");
  if (at == std::string::npos || at == 0 || at + 2 >= refund_id.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("refund_id: '", refund_id, "' is not a refund id (ORDER-ID-Rn)"));
  }
  return refund_id.substr(0, at);
}

absl::StatusOr<Order> LoadOrder(Transaction& tx, const std::string& order_ref) {
  // Order numbers have two dashes (EU1-7Q2M-K9XD), ids one (EU1-01J...).
  auto order = std::count(order_ref.begin(), order_ref.end(), '-') == 2
                   ? tx.orders().LoadByNumber(order_ref)
                   : tx.orders().Load(order_ref);
  if (absl::IsNotFound(order.status())) {
    return absl::NotFoundError(absl::StrCat("order ", order_ref, " not found"));
  }
  return order;
}

absl::StatusOr<RefundPreview> Preview(Transaction& tx, const RefundCommand& command,
                                      const Actor& actor, const RefundSettings& settings) {
  if (absl::Status s = MayRefund(actor); !s.ok()) return s;
  auto order = LoadOrder(tx, command.order_ref);
  if (!order.ok()) return order.status();
  domain::Order::RefundRequest request = command.request;
  request.requested_by = actor.principal_id;
  auto preview = order->PreviewRefund(request);
  if (!preview.ok()) return preview.status();
  if (NeedsApproval(actor, preview->amount_minor, settings)) {
    preview->status = domain::RefundStatus::kPendingApproval;
  }
  return RefundPreview{std::move(*preview), order->state().currency};
}

absl::StatusOr<RefundOutcome> Request(Transaction& tx, const RefundCommand& command,
                                      const Actor& actor, const RefundSettings& settings,
                                      absl::Time now, std::vector<RefundJob>& jobs) {
  if (absl::Status s = MayRefund(actor); !s.ok()) return s;
  if (!command.request_id.empty()) {
    auto existing = tx.idempotency().Find(actor.principal_id, command.request_id);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      if ((*existing)->request_hash != command.request_hash) {
        return absl::AlreadyExistsError(absl::StrCat(
            "request_id ", command.request_id,
            " was already used for a different request; use a new request_id for a new refund"));
      }
      const std::string refund_id = (*existing)->resource_id;
      auto order_id = OrderIdOfRefund(refund_id);
      if (!order_id.ok()) return order_id.status();
      auto order = tx.orders().Load(*order_id);
      if (!order.ok()) return order.status();
      return RefundOutcome{order->state(), refund_id, true};
    }
  }
  auto order = LoadOrder(tx, command.order_ref);
  if (!order.ok()) return order.status();
  domain::Order::RefundRequest request = command.request;
  request.requested_by = actor.principal_id;
  auto preview = order->PreviewRefund(request);
  if (!preview.ok()) return preview.status();
  const bool needs_approval = NeedsApproval(actor, preview->amount_minor, settings);
  auto refund_id = StartRefund(tx, *order, request, needs_approval, actor, now, jobs);
  if (!refund_id.ok()) return refund_id.status();
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  if (!command.request_id.empty()) {
    if (absl::Status s =
            tx.idempotency().Insert({actor.principal_id, command.request_id, command.request_hash,
                                     *refund_id, order->state().region, now});
        !s.ok()) {
      return s;
    }
  }
  return RefundOutcome{order->state(), *refund_id, false};
}

absl::StatusOr<RefundOutcome> Decide(Transaction& tx, const std::string& refund_id, bool approve,
                                     const std::string& reason, const Actor& actor, absl::Time now,
                                     std::vector<RefundJob>& jobs) {
  if (absl::Status s = MayApprove(actor); !s.ok()) return s;
  auto order_id = OrderIdOfRefund(refund_id);
  if (!order_id.ok()) return order_id.status();
  auto order = tx.orders().Load(*order_id);
  if (absl::IsNotFound(order.status())) {
    return absl::NotFoundError(absl::StrCat("refund ", refund_id, " not found"));
  }
  if (!order.ok()) return order.status();
  if (approve) {
    if (absl::Status s = order->ApproveRefund(refund_id, actor.principal_id, now); !s.ok()) {
      return s;
    }
    if (absl::Status s = SettleRefund(tx, *order, refund_id, now, jobs); !s.ok()) return s;
  } else if (absl::Status s = order->RejectRefund(refund_id, actor.principal_id, reason, now);
             !s.ok()) {
    return s;
  }
  if (absl::Status s = tx.refunds().RemovePendingApproval(refund_id); !s.ok()) return s;
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  return RefundOutcome{order->state(), refund_id, false};
}

absl::Status RecordCardRefund(Transaction& tx, const RefundJob& job, absl::Time now) {
  auto order = tx.orders().Load(job.order_id);
  if (!order.ok()) return order.status();
  const RefundState* refund = order->FindRefund(job.refund_id);
  const bool pending =
      refund != nullptr &&
      std::any_of(refund->parts.begin(), refund->parts.end(), [&](const RefundPart& p) {
        return p.part_no == job.part_no && p.status == domain::RefundPartStatus::kPending;
      });
  if (!pending) return tx.refunds().DeleteJob(job);  // recorded by an earlier answer
  if (absl::Status s = order->RecordRefundPartDone(job.refund_id, job.part_no, now); !s.ok()) {
    return s;
  }
  if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
  return tx.refunds().DeleteJob(job);
}

}  // namespace oms::application::refund_units
