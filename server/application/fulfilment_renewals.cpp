// The authorization sweep of Fulfilment::Tick: card authorizations close to
// expiry are renewed at their gateway; a renewal declined once the old
// authorization has expired cancels what is still unpaid.
#include <memory>

#include "absl/strings/str_cat.h"
#include "server/application/fulfilment.h"
#include "server/application/system_cancellations.h"

namespace oms::application {
namespace {

std::string RenewalId(const fulfilment::RenewalStep& step) {
  return absl::StrCat(step.order_id, ":", step.tender_id);
}

// At most this many authorizations are renewed per tick.
constexpr int kRenewalsPerTick = 50;

}  // namespace

void Fulfilment::SweepAuthorizations(absl::Time now) {
  const FulfilmentSettings* settings = &options_.settings;
  auto due = std::make_shared<std::vector<fulfilment::RenewalStep>>();
  unit_of_work_.Submit(
      [due, settings, now](Transaction& tx) -> absl::Status {
        auto steps = fulfilment::RenewalsDue(tx, *settings, now, kRenewalsPerTick);
        if (!steps.ok()) return steps.status();
        *due = std::move(*steps);
        return absl::OkStatus();
      },
      [this, due](absl::Status status) {
        if (!status.ok()) return;
        for (const auto& step : *due) {
          {
            std::lock_guard lock(mu_);
            if (!renewals_in_flight_.insert(RenewalId(step)).second) continue;
          }
          RenewAuthorization(step);
        }
      });
}

void Fulfilment::EndRenewal(const std::string& id) {
  std::lock_guard lock(mu_);
  renewals_in_flight_.erase(id);
  idle_cv_.notify_all();
}

void Fulfilment::PutOffRenewal(const fulfilment::RenewalStep& step, absl::Time until) {
  unit_of_work_.Submit(
      [step, until](Transaction& tx) {
        return tx.orders().PutOffRenewal(step.order_id, step.tender_id, until);
      },
      [this, id = RenewalId(step)](absl::Status) { EndRenewal(id); });
}

void Fulfilment::RenewAuthorization(const fulfilment::RenewalStep& step) {
  PaymentGateway* gateway = gateways_.ByName(step.gateway);
  if (gateway == nullptr) {
    PutOffRenewal(step, clock_.Now() + options_.retry_max);
    return;
  }
  AuthorizeRequest request{fulfilment::RenewKey(step.order_id, step.tender_id, step.renewals + 1),
                           step.order_id, step.amount_minor, step.currency, step.card_token};
  gateway->Authorize(request, [this, step, gateway](absl::StatusOr<GatewayPayment> answer) {
    if (!answer.ok()) {
      // No answer is not a decline: ask again later under the same key.
      PutOffRenewal(step, clock_.Now() + options_.retry_max);
      return;
    }
    if (answer->state != GatewayPayment::State::kAuthorized) {
      RenewalDeclined(step, answer->decline_reason);
      return;
    }
    const std::string new_ref = answer->payment_ref;
    const absl::Time now = clock_.Now();
    unit_of_work_.Submit(
        [step, new_ref, now](Transaction& tx) {
          return fulfilment::RecordRenewal(tx, step.order_id, step.tender_id, step.payment_ref,
                                           new_ref, now);
        },
        [this, step, new_ref, gateway](absl::Status status) {
          const std::string n = absl::StrCat(step.renewals + 1);
          const absl::StatusCode code = status.code();
          if (status.ok()) {
            // The old authorization is no longer needed; a failed void only
            // leaves it to expire at the gateway.
            gateway->Void({absl::StrCat(step.order_id, ":", step.tender_id, ":void-renewed:", n),
                           step.payment_ref, 0, step.currency},
                          [](absl::StatusOr<GatewayPayment>) {});
          } else if (code == absl::StatusCode::kFailedPrecondition ||
                     code == absl::StatusCode::kNotFound) {
            // The order moved on while the gateway answered: the new
            // authorization holds money nobody will capture.
            gateway->Void({absl::StrCat(step.order_id, ":", step.tender_id, ":void-unneeded:", n),
                           new_ref, 0, step.currency},
                          [](absl::StatusOr<GatewayPayment>) {});
          }
          // Any other error (a write conflict) is retried by the next tick
          // under the same key.
          EndRenewal(RenewalId(step));
        });
  });
}

void Fulfilment::RenewalDeclined(const fulfilment::RenewalStep& step, const std::string& reason) {
  const absl::Time now = clock_.Now();
  if (now < step.expires_at) {
    // The old authorization still holds: captures use it until it expires;
    // the sweep asks again then (the gateway repeats its answer for the key).
    PutOffRenewal(step, step.expires_at);
    return;
  }
  const FulfilmentSettings* settings = &options_.settings;
  unit_of_work_.Submit(
      [step, reason, settings, now](Transaction& tx) -> absl::Status {
        return system_cancellation::CancelUnpaid(tx, step.order_id, step.tender_id,
                                                 step.payment_ref, reason, *settings, now)
            .status();
      },
      [](absl::Status) {});
  // Whatever could not be cancelled (packed, or waiting for a partner's
  // answer) is looked at again later, not on every tick.
  PutOffRenewal(step, now + options_.retry_max);
}

}  // namespace oms::application
