#include "server/application/placement_saga.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "server/application/backoff.h"
#include "server/application/placement_units.h"
#include "server/application/saga_trace.h"
#include "server/observability/metrics.h"
#include "server/observability/trace_context.h"

namespace oms::application {

using domain::TenderStatus;
using domain::TenderType;
using placement::Outcome;

namespace {

absl::Status CheckChannel(const PlaceOrderCommand& command, const ChannelDirectory& channels) {
  if (channels.empty()) return absl::OkStatus();
  const Channel* channel = channels.Find(command.channel);
  if (channel == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("channel: unknown channel '", command.channel,
                                                   "'; configured: ", channels.Ids()));
  }
  for (size_t i = 0; i < command.tenders.size(); ++i) {
    if (command.tenders[i].type == TenderType::kMarketplace &&
        channel->type != ChannelType::kMarketplace) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tenders[", i, "].type: a MARKETPLACE tender is only for orders a marketplace sold; ",
          "channel ", channel->id, " is a ", Name(channel->type)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

PlacementSaga::PlacementSaga(UnitOfWork& unit_of_work, GatewayDirectory& gateways,
                             const Clock& clock, Options options)
    : unit_of_work_(unit_of_work), gateways_(gateways), clock_(clock),
      options_(std::move(options)) {}

PlacementSaga::~PlacementSaga() { WaitIdle(absl::Seconds(5)); }

void PlacementSaga::Place(PlaceOrderCommand command, Actor actor, Callback done) {
  done = [done = std::move(done)](absl::StatusOr<PlaceOrderResult> result) {
    RecordPlacementOutcome(result);
    done(std::move(result));
  };
  if (absl::Status s = ValidatePlaceOrder(command, options_.limits); !s.ok()) {
    done(s);
    return;
  }
  if (absl::Status s = CheckChannel(command, options_.channels); !s.ok()) {
    done(s);
    return;
  }
  for (size_t i = 0; i < command.tenders.size(); ++i) {
    if (command.tenders[i].type == TenderType::kCard &&
        gateways_.ForCurrency(command.currency, options_.region) == nullptr) {
      done(absl::InvalidArgumentError(absl::StrCat("tenders[", i, "]: no card gateway takes ",
                                                   command.currency, " in region ",
                                                   options_.region)));
      return;
    }
  }
  const absl::Time now = clock_.Now();
  placement::CreateParams params{NewOrderId(options_.region, now), options_.region, now,
                                 options_.saga_timeout, options_.answer_grace,
                                 options_.fulfilment, options_.channels.Find(command.channel),
                                 &options_.limits.units_per_customer,
                                 &options_.peer_regions};
  auto outcome = std::make_shared<Outcome>();
  auto shared_command = std::make_shared<PlaceOrderCommand>(std::move(command));
  SagaStep step = StartSagaStep("create_order");
  observability::TraceScope in_step(step->context());
  unit_of_work_.Submit(
      [outcome, shared_command, actor, params](Transaction& tx) -> absl::Status {
        auto result = placement::CreateOrder(tx, *shared_command, actor, params);
        if (!result.ok()) return result.status();
        *outcome = std::move(*result);
        return absl::OkStatus();
      },
      [this, outcome, actor, step, done = std::move(done)](absl::Status status) mutable {
        step->End(status);
        observability::TraceScope after(step->parent());
        if (!status.ok()) {
          done(status);
          return;
        }
        if (!outcome->replayed) observability::ProcessMetrics().RecordReservation("reserved");
        if (outcome->replayed || outcome->finished) {
          done(PlaceOrderResult{std::move(outcome->order), outcome->replayed});
          return;
        }
        const std::string order_id = outcome->order.order_id;
        {
          std::lock_guard lock(mu_);
          waiters_[order_id] = std::move(done);
          in_flight_.insert(order_id);
        }
        for (const auto& t : outcome->order.tenders) {
          if (t.type == TenderType::kCard && t.status == TenderStatus::kPending) {
            Authorize(order_id, t, outcome->order.currency, actor, /*lookup_first=*/false);
          }
        }
      });
}

void PlacementSaga::Authorize(const std::string& order_id, const domain::Tender& tender,
                              const std::string& currency, const Actor& actor,
                              bool lookup_first) {
  PaymentGateway* gateway = tender.gateway.empty()
                                ? gateways_.ForCurrency(currency, options_.region)
                                : gateways_.ByName(tender.gateway);
  if (gateway == nullptr) {
    EnterOutage(order_id, absl::StrCat("no card gateway takes ", currency), actor);
    return;
  }
  // Kept for the whole exchange, so that a retry under the same key needs
  // no second read of the order.
  auto request = std::make_shared<const AuthorizeRequest>(
      AuthorizeRequest{placement::AuthorizeKey(order_id, tender.tender_id), order_id,
                       tender.amount_minor, currency, tender.card_token});
  const std::string tender_id = tender.tender_id;
  const std::string name = gateway->name();
  SagaStep step = StartSagaStep(lookup_first ? "lookup" : "authorize");
  observability::TraceScope in_step(step->context());
  if (lookup_first) {
    gateway->Lookup(request->idempotency_key, [=, this](absl::StatusOr<GatewayPayment> answer) {
      step->End(answer.status());
      observability::TraceScope after(step->parent());
      OnAnswer(tender_id, name, request, actor, std::move(answer), true, 0);
    });
    return;
  }
  gateway->Authorize(*request, [=, this](absl::StatusOr<GatewayPayment> answer) {
    step->End(answer.status());
    observability::TraceScope after(step->parent());
    OnAnswer(tender_id, name, request, actor, std::move(answer), false, 1);
  });
}

void PlacementSaga::OnAnswer(const std::string& tender_id, const std::string& gateway_name,
                             std::shared_ptr<const AuthorizeRequest> request, const Actor& actor,
                             absl::StatusOr<GatewayPayment> answer, bool was_lookup,
                             int authorize_tries) {
  const std::string& order_id = request->order_id;
  if (answer.ok()) {
    ApplyAnswer(order_id, tender_id, gateway_name, *answer, actor);
    return;
  }
  PaymentGateway* gateway = gateways_.ByName(gateway_name);
  const absl::Status& s = answer.status();
  if (absl::IsDeadlineExceeded(s) && !was_lookup && gateway != nullptr) {
    // No answer in time: the payment may exist. Ask, never assume.
    SagaStep step = StartSagaStep("lookup");
    observability::TraceScope in_step(step->context());
    gateway->Lookup(request->idempotency_key, [=, this](absl::StatusOr<GatewayPayment> found) {
      step->End(found.status());
      observability::TraceScope after(step->parent());
      OnAnswer(tender_id, gateway_name, request, actor, std::move(found), true, authorize_tries);
    });
    return;
  }
  if (absl::IsNotFound(s) && was_lookup && gateway != nullptr && authorize_tries < 3) {
    // The gateway never saw the request: send it (again) under the same key.
    SagaStep step = StartSagaStep("authorize");
    observability::TraceScope in_step(step->context());
    gateway->Authorize(*request, [=, this](absl::StatusOr<GatewayPayment> again) {
      step->End(again.status());
      observability::TraceScope after(step->parent());
      OnAnswer(tender_id, gateway_name, request, actor, std::move(again), false,
               authorize_tries + 1);
    });
    return;
  }
  if (absl::IsFailedPrecondition(s) || absl::IsInvalidArgument(s) || absl::IsAlreadyExists(s)) {
    // The gateway refused the request itself: that is a decline, not an outage.
    GatewayPayment refused;
    refused.state = GatewayPayment::State::kDeclined;
    refused.decline_reason = absl::StrCat("gateway refused the request: ", s.message());
    ApplyAnswer(order_id, tender_id, gateway_name, refused, actor);
    return;
  }
  EnterOutage(order_id, absl::StrCat("gateway ", gateway_name, " unavailable: ", s.message()),
              actor);
}

void PlacementSaga::ApplyAnswer(const std::string& order_id, const std::string& tender_id,
                                const std::string& gateway, const GatewayPayment& payment,
                                const Actor& actor) {
  auto outcome = std::make_shared<Outcome>();
  const absl::Time now = clock_.Now();
  const FulfilmentSettings* fulfilment = &options_.fulfilment;
  SagaStep step = StartSagaStep("apply_answer");
  observability::TraceScope in_step(step->context());
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        tx.SetActor(actor);
        auto result = placement::ApplyGatewayAnswer(tx, order_id, tender_id, gateway, payment,
                                                    now, *fulfilment);
        if (!result.ok()) return result.status();
        *outcome = std::move(*result);
        return absl::OkStatus();
      },
      [=, this](absl::Status status) {
        step->End(status);
        observability::TraceScope after(step->parent());
        if (!status.ok()) {
          // The answer is not lost: the gateway keeps it under its key, and
          // the stored saga looks it up on its next attempt.
          Finish(order_id, absl::UnavailableError(absl::StrCat(
                               "order ", order_id, " was placed but its payment answer could "
                               "not be stored (", status.message(), "); it will be retried")));
          EndFlight(order_id);
          return;
        }
        if (!outcome->finished) return;  // other tenders still to answer
        Finish(order_id, PlaceOrderResult{outcome->order, false});
        if (outcome->needs_void) {
          VoidAuthorizations(order_id, actor);
        } else {
          EndFlight(order_id);
        }
      });
}

void PlacementSaga::EnterOutage(const std::string& order_id, const std::string& why,
                                const Actor& actor) {
  auto outcome = std::make_shared<Outcome>();
  const absl::Time now = clock_.Now();
  auto attempts = std::make_shared<int>(0);
  SagaStep step = StartSagaStep("hold_for_payment");
  observability::TraceScope in_step(step->context());
  unit_of_work_.Submit(
      [=, this](Transaction& tx) -> absl::Status {
        tx.SetActor(actor);
        auto saga = tx.sagas().Find(order_id);
        if (saga.ok() && saga->has_value()) *attempts = (*saga)->attempts;
        auto result = placement::HoldForPayment(tx, order_id, why, now, Backoff(*attempts));
        if (!result.ok()) return result.status();
        *outcome = std::move(*result);
        return absl::OkStatus();
      },
      [=, this](absl::Status status) {
        step->End(status);
        observability::TraceScope after(step->parent());
        if (!status.ok()) {
          Finish(order_id, status);
        } else {
          Finish(order_id, PlaceOrderResult{outcome->order, false});
        }
        EndFlight(order_id);
      });
}

void PlacementSaga::VoidAuthorizations(const std::string& order_id, const Actor& actor) {
  auto state = std::make_shared<domain::OrderState>();
  // One span over every void of the order, ended by the last answer.
  SagaStep step = StartSagaStep("void");
  observability::TraceScope in_step(step->context());
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        auto order = tx.orders().Load(order_id);
        if (!order.ok()) return order.status();
        *state = order->state();
        return absl::OkStatus();
      },
      [=, this](absl::Status status) {
        if (!status.ok()) {
          step->End(status);
          EndFlight(order_id);
          return;
        }
        struct Tally {
          std::atomic<int> remaining{1};
          std::atomic<bool> failed{false};
        };
        auto tally = std::make_shared<Tally>();
        // Called once per finished void; the last one closes or reschedules the saga.
        auto finish_one = [=, this](bool ok) {
          if (!ok) tally->failed = true;
          if (--tally->remaining != 0) return;
          const bool failed = tally->failed;
          step->End(failed ? absl::UnavailableError("a void was not confirmed; retried later")
                           : absl::OkStatus());
          const absl::Time now = clock_.Now();
          unit_of_work_.Submit(
              [=, this](Transaction& tx) -> absl::Status {
                if (!failed) return tx.sagas().Delete(order_id);
                auto saga = tx.sagas().Find(order_id);
                if (!saga.ok() || !saga->has_value()) return saga.status();
                SagaRecord record = **saga;
                record.attempts += 1;
                record.next_attempt = now + Backoff(record.attempts);
                return tx.sagas().Upsert(record);
              },
              [=, this](absl::Status) { EndFlight(order_id); });
        };
        for (const auto& t : state->tenders) {
          if (t.type != TenderType::kCard) continue;
          const bool authorized = t.status == TenderStatus::kAuthorized;
          const bool unanswered = t.status == TenderStatus::kDeclined &&
                                  absl::StartsWith(t.decline_reason, placement::kUnansweredDecline);
          if (!authorized && !unanswered) continue;
          PaymentGateway* gateway = t.gateway.empty()
                                        ? gateways_.ForCurrency(state->currency, state->region)
                                        : gateways_.ByName(t.gateway);
          if (gateway == nullptr) continue;
          ++tally->remaining;
          const std::string tender_id = t.tender_id;
          const std::string currency = state->currency;
          auto void_payment = [=, this](const std::string& payment_ref, bool record_on_order) {
            gateway->Void({placement::VoidKey(order_id, tender_id), payment_ref, 0, currency},
                          [=, this](absl::StatusOr<GatewayPayment> voided) {
                            // Already voided or never capturable: nothing left to undo.
                            const bool done_ok =
                                voided.ok() || absl::IsFailedPrecondition(voided.status());
                            if (!done_ok || !record_on_order) {
                              finish_one(done_ok);
                              return;
                            }
                            const absl::Time now = clock_.Now();
                            unit_of_work_.Submit(
                                [=](Transaction& tx) -> absl::Status {
                                  tx.SetActor(actor);
                                  auto order = tx.orders().Load(order_id);
                                  if (!order.ok()) return order.status();
                                  const domain::Tender* current = order->FindTender(tender_id);
                                  if (current == nullptr ||
                                      current->status != TenderStatus::kAuthorized) {
                                    return absl::OkStatus();
                                  }
                                  if (absl::Status s = order->RecordVoid(tender_id, now); !s.ok()) {
                                    return s;
                                  }
                                  return tx.orders().Update(*order);
                                },
                                [=](absl::Status s) { finish_one(s.ok()); });
                          });
          };
          if (authorized) {
            void_payment(t.payment_ref, true);
          } else {
            // The gateway may have authorized after we gave up: look, and void if so.
            gateway->Lookup(placement::AuthorizeKey(order_id, tender_id),
                            [=](absl::StatusOr<GatewayPayment> found) {
                              if (absl::IsNotFound(found.status())) {
                                finish_one(true);
                              } else if (!found.ok()) {
                                finish_one(false);
                              } else if (found->state == GatewayPayment::State::kAuthorized) {
                                void_payment(found->payment_ref, false);
                              } else {
                                finish_one(true);
                              }
                            });
          }
        }
        finish_one(true);  // releases the initial count of one
      });
}

void PlacementSaga::DriveDue() { Drive(clock_.Now()); }

void PlacementSaga::ResumeAll() { Drive(absl::InfiniteFuture()); }

void PlacementSaga::Drive(absl::Time due_before) {
  {
    std::lock_guard lock(mu_);
    ++driving_;
  }
  auto due = std::make_shared<std::vector<SagaRecord>>();
  unit_of_work_.Submit(
      [due, due_before](Transaction& tx) -> absl::Status {
        auto sagas = tx.sagas().Due(due_before, 500);
        if (!sagas.ok()) return sagas.status();
        *due = std::move(*sagas);
        return absl::OkStatus();
      },
      [this, due](absl::Status status) {
        if (status.ok()) {
          for (const auto& saga : *due) DriveOne(saga);
        }
        std::lock_guard lock(mu_);
        --driving_;
        idle_cv_.notify_all();
      });
}

void PlacementSaga::DriveOne(const SagaRecord& saga) {
  {
    std::lock_guard lock(mu_);
    if (!in_flight_.insert(saga.order_id).second) return;
  }
  const Actor actor{saga.principal_id, "", saga.trace_id};
  const std::string order_id = saga.order_id;
  // A resumed saga continues the trace of the request that placed the order.
  observability::TraceScope resumed(observability::TraceContext{saga.trace_id, ""},
                                    saga.principal_id);
  if (saga.step == SagaRecord::Step::kVoiding) {
    VoidAuthorizations(order_id, actor);
    return;
  }
  if (clock_.Now() >= saga.deadline) {
    auto outcome = std::make_shared<Outcome>();
    const absl::Time now = clock_.Now();
    unit_of_work_.Submit(
        [=](Transaction& tx) -> absl::Status {
          tx.SetActor(actor);
          auto result = placement::RejectPastDeadline(tx, order_id, now);
          if (!result.ok()) return result.status();
          *outcome = std::move(*result);
          return absl::OkStatus();
        },
        [=, this](absl::Status status) {
          if (status.ok()) Finish(order_id, PlaceOrderResult{outcome->order, false});
          if (status.ok() && outcome->needs_void) {
            VoidAuthorizations(order_id, actor);
          } else {
            EndFlight(order_id);
          }
        });
    return;
  }
  // Resume authorizing: ask the gateway what it knows before sending again.
  auto state = std::make_shared<domain::OrderState>();
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        auto order = tx.orders().Load(order_id);
        if (!order.ok()) return order.status();
        *state = order->state();
        if (state->status != domain::OrderStatus::kPending) return tx.sagas().Delete(order_id);
        return absl::OkStatus();
      },
      [=, this](absl::Status status) {
        bool any = false;
        if (status.ok() && state->status == domain::OrderStatus::kPending) {
          for (const auto& t : state->tenders) {
            if (t.type == TenderType::kCard && t.status == TenderStatus::kPending) {
              any = true;
              Authorize(order_id, t, state->currency, actor, /*lookup_first=*/true);
            }
          }
        }
        if (!any) EndFlight(order_id);
      });
}

void PlacementSaga::Finish(const std::string& order_id, absl::StatusOr<PlaceOrderResult> result) {
  Callback waiter;
  {
    std::lock_guard lock(mu_);
    auto it = waiters_.find(order_id);
    if (it == waiters_.end()) {
      // A saga finished after its caller had its answer (a retry after an
      // outage, a resumed saga): its final outcome counts too; a repeated
      // hold does not.
      if (result.ok() && result->order.status != domain::OrderStatus::kPending) {
        RecordPlacementOutcome(result);
      }
      return;
    }
    waiter = std::move(it->second);
    waiters_.erase(it);
  }
  waiter(std::move(result));
}

void PlacementSaga::EndFlight(const std::string& order_id) {
  std::lock_guard lock(mu_);
  in_flight_.erase(order_id);
  idle_cv_.notify_all();
}

bool PlacementSaga::WaitIdle(absl::Duration timeout) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                           [this] { return in_flight_.empty() && driving_ == 0; });
}

absl::Duration PlacementSaga::Backoff(int attempts) const {
  // After the n-th failed attempt the saga waits as a (n+1)-th retry would.
  return application::Backoff(options_.retry_initial, options_.retry_max, attempts + 1);
}

}  // namespace oms::application
