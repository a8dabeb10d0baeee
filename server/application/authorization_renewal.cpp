#include "server/application/authorization_renewal.h"

#include "absl/strings/str_cat.h"

namespace oms::application::fulfilment {

absl::StatusOr<std::vector<RenewalStep>> RenewalsDue(Transaction& tx,
                                                     const FulfilmentSettings& settings,
                                                     absl::Time now, int limit) {
  const absl::Time made_by = now - settings.authorization_validity + settings.renew_before;
  auto due = tx.orders().AuthorizationsMadeBy(made_by, now, limit);
  if (!due.ok()) return due.status();
  std::vector<RenewalStep> steps;
  for (const auto& [order_id, tender_id] : *due) {
    auto order = tx.orders().Load(order_id);
    if (!order.ok()) return order.status();
    const domain::OrderState& state = order->state();
    for (const auto& t : state.tenders) {
      if (t.tender_id != tender_id) continue;
      RenewalStep step;
      step.order_id = order_id;
      step.tender_id = tender_id;
      step.gateway = t.gateway;
      step.payment_ref = t.payment_ref;
      step.currency = state.currency;
      step.card_token = t.card_token;
      step.amount_minor = t.authorized_minor - t.captured_minor - t.voided_minor;
      step.renewals = t.renewals;
      step.expires_at = t.authorized_at + settings.authorization_validity;
      if (step.amount_minor > 0) steps.push_back(std::move(step));
    }
  }
  return steps;
}

absl::Status RecordRenewal(Transaction& tx, const std::string& order_id,
                           const std::string& tender_id, const std::string& old_ref,
                           const std::string& new_ref, absl::Time now) {
  auto order = tx.orders().Load(order_id);
  if (!order.ok()) return order.status();
  const domain::OrderState& state = order->state();
  for (const auto& t : state.tenders) {
    if (t.tender_id != tender_id) continue;
    // The sweep and a capture may renew the same authorization under the
    // same key: the gateway answers both with one payment.
    if (t.payment_ref == new_ref) return absl::OkStatus();
    if (domain::IsTerminal(state.status) ||
        t.authorized_minor - t.captured_minor - t.voided_minor <= 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("order ", state.order_number, " holds no card money on tender ", tender_id,
                       " any more; ", new_ref, " is not needed"));
    }
    if (t.payment_ref != old_ref) {
      return absl::FailedPreconditionError(
          absl::StrCat("tender ", tender_id, " of order ", order_id, " was renewed meanwhile (",
                       t.payment_ref, "); ", new_ref, " is not needed"));
    }
  }
  if (absl::Status s = order->RecordReauthorization(tender_id, new_ref, now); !s.ok()) return s;
  return tx.orders().Update(*order);
}

}  // namespace oms::application::fulfilment
