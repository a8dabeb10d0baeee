#include "server/application/fulfilment.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "server/application/backoff.h"
#include "server/application/system_cancellations.h"

namespace oms::application {

using fulfilment::CaptureStep;
using fulfilment::Outcome;

Fulfilment::Fulfilment(UnitOfWork& unit_of_work, GatewayDirectory& gateways,
                       NodeConnectorDirectory* nodes, const Clock& clock, Options options)
    : unit_of_work_(unit_of_work),
      gateways_(gateways),
      nodes_(nodes),
      clock_(clock),
      options_(std::move(options)) {}

Fulfilment::~Fulfilment() { WaitIdle(absl::Seconds(5)); }

void Fulfilment::Run(std::function<absl::StatusOr<Outcome>(Transaction&)> unit, Callback done) {
  SubmitForResult<Outcome>(unit_of_work_, std::move(unit), std::move(done));
}

void Fulfilment::Work(fulfilment::ShipmentCommand command, Actor actor, Callback done) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  Run([command = std::move(command), actor, settings,
       now](Transaction& tx) { return fulfilment::Work(tx, command, actor, *settings, now); },
      std::move(done));
}

void Fulfilment::ShortPick(std::string shipment_id, std::vector<fulfilment::ShortLine> lines,
                           std::string reason, fulfilment::RequestKey key, Actor actor,
                           Callback done) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  Run(
      [=](Transaction& tx) {
        return fulfilment::ShortPick(tx, shipment_id, lines, reason, key, actor, *settings, now);
      },
      std::move(done));
}

void Fulfilment::Reject(std::string shipment_id, std::string reason, fulfilment::RequestKey key,
                        Actor actor, Callback done) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  Run(
      [=](Transaction& tx) {
        return fulfilment::Reject(tx, shipment_id, reason, key, actor, *settings, now);
      },
      std::move(done));
}

void Fulfilment::AddNote(std::string order_id, std::string text, fulfilment::RequestKey key,
                         Actor actor, Callback done) {
  const absl::Time now = clock_.Now();
  Run([=](Transaction& tx) { return fulfilment::AddNote(tx, order_id, text, key, actor, now); },
      std::move(done));
}

void Fulfilment::ChangeHold(std::string order_id, bool hold, domain::HoldReason reason,
                            std::string note, std::string shipment_id, fulfilment::RequestKey key,
                            Actor actor, Callback done) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  Run(
      [=](Transaction& tx) {
        return fulfilment::ChangeHold(tx, order_id, hold, reason, note, shipment_id, key, actor,
                                      *settings, now);
      },
      std::move(done));
}

void Fulfilment::CancelOrder(std::string order_id, domain::Order::CancellationRequest request,
                             fulfilment::RequestKey key, Actor actor, CancelCallback done) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  SubmitForResult<cancellation::Outcome>(
      unit_of_work_,
      [=](Transaction& tx) {
        return cancellation::Cancel(tx, order_id, request, key, actor, *settings, now);
      },
      std::move(done));
}

void Fulfilment::RejectHold(std::string order_id, domain::HoldReason reason, std::string note,
                            fulfilment::RequestKey key, Actor actor, CancelCallback done) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  SubmitForResult<cancellation::Outcome>(
      unit_of_work_,
      [=](Transaction& tx) {
        return system_cancellation::RejectFraudHold(tx, order_id, reason, note, key, actor,
                                                    *settings, now);
      },
      std::move(done));
}

void Fulfilment::ApplyShipConfirmation(const ShipConfirmation& confirmation, Done done) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  unit_of_work_.Submit(
      [=](Transaction& tx) {
        return fulfilment::ApplyShipConfirmation(tx, confirmation, *settings, now);
      },
      std::move(done));
}

void Fulfilment::ApplyStockSnapshot(const StockSnapshot& snapshot, Done done) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  unit_of_work_.Submit(
      [=](Transaction& tx) { return fulfilment::ApplyStockSnapshot(tx, snapshot, *settings, now); },
      std::move(done));
}

void Fulfilment::Tick() {
  {
    std::lock_guard lock(mu_);
    ++ticking_;
  }
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  auto due = std::make_shared<std::vector<FulfilmentJob>>();
  // Each sweep is its own unit: a failing one does not hold the others back.
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        return fulfilment::ExpirePickups(tx, *settings, now).status();
      },
      [](absl::Status) {});
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        return fulfilment::ReleaseDuePreorders(tx, *settings, now).status();
      },
      [](absl::Status) {});
  SweepAuthorizations(now);
  unit_of_work_.Submit(
      [due, now](Transaction& tx) -> absl::Status {
        auto jobs = tx.jobs().Due(now, 200);
        if (!jobs.ok()) return jobs.status();
        *due = std::move(*jobs);
        return absl::OkStatus();
      },
      [this, due](absl::Status status) {
        if (status.ok()) {
          for (const auto& job : *due) RunJob(job);
        }
        std::lock_guard lock(mu_);
        --ticking_;
        idle_cv_.notify_all();
      });
}

bool Fulfilment::WaitIdle(absl::Duration timeout) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(lock, absl::ToChronoMilliseconds(timeout),
                           [this] {
                             return jobs_in_flight_.empty() && renewals_in_flight_.empty() &&
                                    ticking_ == 0;
                           });
}

void Fulfilment::DropJob(const FulfilmentJob& job) {
  const std::string id = job.job_id();
  unit_of_work_.Submit([job](Transaction& tx) { return tx.jobs().Delete(job); },
                       [this, id](absl::Status) { EndJob(id); });
}

void Fulfilment::FinishJob(const FulfilmentJob& job, absl::string_view what,
                           std::function<absl::Status(Transaction&)> unit) {
  unit_of_work_.Submit(std::move(unit), [this, job, what = std::string(what)](absl::Status status) {
    if (!status.ok()) {
      Reschedule(job, absl::StrCat(what, status.message()));
      return;
    }
    EndJob(job.job_id());
  });
}

void Fulfilment::EndJob(const std::string& job_id) {
  std::lock_guard lock(mu_);
  jobs_in_flight_.erase(job_id);
  idle_cv_.notify_all();
}

void Fulfilment::Reschedule(FulfilmentJob job, const std::string& error) {
  job.attempts += 1;
  job.next_attempt =
      clock_.Now() + Backoff(options_.retry_initial, options_.retry_max, job.attempts);
  job.last_error = error;
  const std::string id = job.job_id();
  unit_of_work_.Submit([job](Transaction& tx) { return tx.jobs().Upsert(job); },
                       [this, id](absl::Status) { EndJob(id); });
}

void Fulfilment::RunJob(const FulfilmentJob& job) {
  {
    std::lock_guard lock(mu_);
    if (!jobs_in_flight_.insert(job.job_id()).second) return;
  }
  auto order = std::make_shared<domain::OrderState>();
  unit_of_work_.Submit(
      [order, job](Transaction& tx) -> absl::Status {
        auto loaded = tx.orders().Load(job.order_id);
        if (!loaded.ok()) return loaded.status();
        *order = loaded->state();
        return absl::OkStatus();
      },
      [this, order, job](absl::Status status) {
        if (!status.ok()) {
          Reschedule(job, std::string(status.message()));
          return;
        }
        switch (job.kind) {
          case FulfilmentJob::Kind::kCapture:
            Capture(job, *order);
            break;
          case FulfilmentJob::Kind::kNodeRequest:
            RequestFromNode(job, *order);
            break;
          case FulfilmentJob::Kind::kNodeCancel:
            AskNodeToCancel(job, *order);
            break;
          case FulfilmentJob::Kind::kRelease:
            ReleaseAfterGrace(job);
            break;
        }
      });
}

void Fulfilment::Capture(const FulfilmentJob& job, const domain::OrderState& order) {
  std::optional<CaptureStep> step =
      fulfilment::NextCapture(order, job.shipment_id, options_.settings, clock_.Now());
  if (!step.has_value()) {
    DropJob(job);
    return;
  }
  if (step->renew_first) {
    Renew(job, *step);
  } else {
    CaptureNow(job, *step);
  }
}

void Fulfilment::Renew(const FulfilmentJob& job, const CaptureStep& step) {
  PaymentGateway* gateway = gateways_.ByName(step.gateway);
  if (gateway == nullptr) {
    Reschedule(job, absl::StrCat("card gateway ", step.gateway, " is not configured"));
    return;
  }
  AuthorizeRequest request{fulfilment::RenewKey(step.order_id, step.tender_id, step.renewals + 1),
                           step.order_id, step.uncaptured_minor, step.currency, step.card_token};
  gateway->Authorize(request, [this, job, step, gateway](absl::StatusOr<GatewayPayment> answer) {
    const bool renewed = answer.ok() && (answer->state == GatewayPayment::State::kAuthorized);
    if (!renewed) {
      // The old authorization has not expired yet: capture on it.
      CaptureStep old = step;
      old.renew_first = false;
      CaptureNow(job, old);
      return;
    }
    const std::string new_ref = answer->payment_ref;
    const absl::Time now = clock_.Now();
    unit_of_work_.Submit(
        [job, step, new_ref, now](Transaction& tx) -> absl::Status {
          return fulfilment::RecordRenewal(tx, job.order_id, step.tender_id, step.payment_ref,
                                           new_ref, now);
        },
        [this, job, step, new_ref, gateway](absl::Status status) {
          if (!status.ok()) {
            Reschedule(job,
                       absl::StrCat("recording the renewed authorization: ", status.message()));
            return;
          }
          // The old authorization is no longer needed; a failed void only
          // leaves it to expire at the gateway.
          gateway->Void({absl::StrCat(step.order_id, ":", step.tender_id,
                                      ":void-renewed:", step.renewals + 1),
                         step.payment_ref, 0, step.currency},
                        [](absl::StatusOr<GatewayPayment>) {});
          CaptureStep renewed = step;
          renewed.payment_ref = new_ref;
          renewed.renew_first = false;
          CaptureNow(job, renewed);
        });
  });
}

void Fulfilment::CaptureNow(const FulfilmentJob& job, const CaptureStep& step) {
  PaymentGateway* gateway = gateways_.ByName(step.gateway);
  if (gateway == nullptr) {
    Reschedule(job, absl::StrCat("card gateway ", step.gateway, " is not configured"));
    return;
  }
  PaymentOperation op{fulfilment::CaptureKey(step.order_id, step.tender_id, step.shipment_id),
                      step.payment_ref, step.amount_minor, step.currency};
  gateway->Capture(op, [this, job, step](absl::StatusOr<GatewayPayment> answer) {
    if (!answer.ok()) {
      Reschedule(job, absl::StrCat("capture at ", step.gateway, ": ", answer.status().message()));
      return;
    }
    const absl::Time now = clock_.Now();
    const FulfilmentSettings* settings = &options_.settings;
    auto more = std::make_shared<bool>(false);
    FinishJob(
        job, "recording the capture: ",
        [job, step, now, settings, more](Transaction& tx) -> absl::Status {
          auto order = tx.orders().Load(job.order_id);
          if (!order.ok()) return order.status();
          if (absl::Status s = order->RecordShipmentCapture(step.tender_id, step.shipment_id,
                                                            step.amount_minor, now);
              !s.ok()) {
            return s;
          }
          if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
          *more =
              fulfilment::NextCapture(order->state(), job.shipment_id, *settings, now).has_value();
          if (*more) {
            FulfilmentJob next = job;
            next.next_attempt = now;
            return tx.jobs().Upsert(next);
          }
          return tx.jobs().Delete(job);
        });
  });
}

void Fulfilment::RequestFromNode(const FulfilmentJob& job, const domain::OrderState& order) {
  const domain::ShipmentState* shipment = nullptr;
  for (const auto& s : order.shipments) {
    if (s.shipment_id == job.shipment_id) shipment = &s;
  }
  const bool open = shipment != nullptr && !shipment->accepted_by_node &&
                    (shipment->status == domain::ShipmentStatus::kCreated ||
                     shipment->status == domain::ShipmentStatus::kPicking);
  NodeConnector* connector =
      open && nodes_ != nullptr ? nodes_->ForNode(shipment->node_id) : nullptr;
  if (!open || connector == nullptr) {
    // Nothing to ask (moved on), or nobody to ask (the node is worked inside).
    DropJob(job);
    return;
  }
  ShipmentRequest request;
  request.idempotency_key = absl::StrCat(shipment->shipment_id, ":request");
  request.shipment_id = shipment->shipment_id;
  request.order_id = order.order_id;
  request.order_number = order.order_number;
  request.node_id = shipment->node_id;
  for (const auto& l : shipment->lines) {
    request.lines.push_back({l.line_no, l.sku, l.name, l.quantity});
  }
  const auto& a = order.shipping_address;
  request.ship_to = {a.name, a.line1, a.line2, a.city, a.postal_code, a.country, a.phone};
  request.shipping_option = order.shipping_option;
  connector->RequestShipment(request, [this, job](absl::StatusOr<NodeAnswer> answer) {
    if (!answer.ok()) {
      Reschedule(job, absl::StrCat("shipment request: ", answer.status().message()));
      return;
    }
    const absl::Time now = clock_.Now();
    const FulfilmentSettings* settings = &options_.settings;
    const NodeAnswer node_answer = *answer;
    FinishJob(job, "recording the node's answer: ",
              [job, node_answer, settings, now](Transaction& tx) -> absl::Status {
                return fulfilment::ApplyNodeAnswer(tx, job.shipment_id, node_answer, *settings, now)
                    .status();
              });
  });
}

void Fulfilment::AskNodeToCancel(const FulfilmentJob& job, const domain::OrderState& order) {
  const domain::ShipmentState* shipment = nullptr;
  for (const auto& s : order.shipments) {
    if (s.shipment_id == job.shipment_id) shipment = &s;
  }
  NodeConnector* connector =
      shipment != nullptr && !shipment->cancel_requested.empty() && nodes_ != nullptr
          ? nodes_->ForNode(shipment->node_id)
          : nullptr;
  if (connector == nullptr) {
    DropJob(job);
    return;
  }
  connector->RequestCancellation(
      shipment->node_id, shipment->shipment_id, absl::StrCat(shipment->shipment_id, ":cancel"),
      [this, job](absl::StatusOr<NodeAnswer> answer) {
        if (!answer.ok()) {
          Reschedule(job, absl::StrCat("cancellation request: ", answer.status().message()));
          return;
        }
        const absl::Time now = clock_.Now();
        const FulfilmentSettings* settings = &options_.settings;
        const NodeAnswer node_answer = *answer;
        FinishJob(job, "recording the node's answer: ",
                  [job, node_answer, settings, now](Transaction& tx) -> absl::Status {
                    auto applied =
                        cancellation::ApplyNodeAnswer(tx, job.shipment_id, node_answer.accepted,
                                                      node_answer.reason, *settings, now);
                    if (!applied.ok()) return applied.status();
                    return tx.jobs().Delete(job);
                  });
      });
}

void Fulfilment::ReleaseAfterGrace(const FulfilmentJob& job) {
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* settings = &options_.settings;
  FinishJob(
      job,
      "release after the grace window: ", [job, settings, now](Transaction& tx) -> absl::Status {
        auto order = tx.orders().Load(job.order_id);
        if (!order.ok()) return order.status();
        const size_t before = order->state().shipments.size();
        if (absl::Status s = fulfilment::ReleaseAndFollow(tx, *order, *settings, now); !s.ok()) {
          return s;
        }
        if (order->state().shipments.size() != before) {
          if (absl::Status s = tx.orders().Update(*order); !s.ok()) return s;
        }
        return tx.jobs().Delete(job);
      });
}

}  // namespace oms::application
