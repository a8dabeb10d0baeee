#include "server/application/refunds.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "server/application/backoff.h"
#include "server/application/refund_units.h"
#include "server/domain/ledger.h"

namespace oms::application {

Refunds::Refunds(UnitOfWork& unit_of_work, GatewayDirectory& gateways, const Clock& clock,
                 RefundSettings settings)
    : unit_of_work_(unit_of_work), gateways_(gateways), clock_(clock),
      settings_(std::move(settings)) {}

Refunds::~Refunds() { WaitIdle(absl::Seconds(5)); }

void Refunds::Preview(RefundCommand command, Actor actor,
                      std::function<void(absl::StatusOr<RefundPreview>)> done) {
  auto out = std::make_shared<RefundPreview>();
  const RefundSettings* settings = &settings_;
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        auto preview = refund_units::Preview(tx, command, actor, *settings);
        if (!preview.ok()) return preview.status();
        *out = std::move(*preview);
        return absl::OkStatus();  // a preview writes nothing
      },
      [out, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        done(std::move(*out));
      });
}

void Refunds::Request(RefundCommand command, Actor actor, Callback done) {
  const absl::Time now = clock_.Now();
  auto outcome = std::make_shared<RefundOutcome>();
  auto jobs = std::make_shared<std::vector<RefundJob>>();
  const RefundSettings* settings = &settings_;
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        tx.SetActor(actor);
        jobs->clear();
        auto result = refund_units::Request(tx, command, actor, *settings, now, *jobs);
        if (!result.ok()) return result.status();
        *outcome = std::move(*result);
        return absl::OkStatus();
      },
      [this, outcome, jobs, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        // Card parts go to their gateway now rather than at the next tick.
        RunJobs(*jobs);
        done(std::move(*outcome));
      });
}

void Refunds::Decide(std::string refund_id, bool approve, std::string reason, Actor actor,
                     Callback done) {
  const absl::Time now = clock_.Now();
  auto outcome = std::make_shared<RefundOutcome>();
  auto jobs = std::make_shared<std::vector<RefundJob>>();
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        tx.SetActor(actor);
        jobs->clear();
        auto result = refund_units::Decide(tx, refund_id, approve, reason, actor, now, *jobs);
        if (!result.ok()) return result.status();
        *outcome = std::move(*result);
        return absl::OkStatus();
      },
      [this, outcome, jobs, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        RunJobs(*jobs);
        done(std::move(*outcome));
      });
}

void Refunds::ListPendingApprovals(
    int limit, Actor actor,
    std::function<void(absl::StatusOr<std::vector<PendingApproval>>)> done) {
  auto out = std::make_shared<std::vector<PendingApproval>>();
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        if (absl::Status s = refund_units::MayApprove(actor); !s.ok()) return s;
        auto list = tx.refunds().PendingApprovals(limit);
        if (!list.ok()) return list.status();
        *out = std::move(*list);
        return absl::OkStatus();
      },
      [out, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        done(std::move(*out));
      });
}

void Refunds::Balances(std::string customer_id, Actor,
                       std::function<void(absl::StatusOr<CustomerBalances>)> done) {
  auto out = std::make_shared<CustomerBalances>();
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        auto customer = tx.customers().Get(customer_id);
        if (!customer.ok()) return customer.status();
        out->customer_id = customer_id;
        auto wallet = tx.ledger().Balance(domain::WalletAccount(customer_id));
        if (!wallet.ok()) return wallet.status();
        auto credit = tx.ledger().Balance(domain::StoreCreditAccount(customer_id));
        if (!credit.ok()) return credit.status();
        out->wallet_minor = *wallet;
        out->store_credit_minor = *credit;
        return absl::OkStatus();
      },
      [out, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        done(std::move(*out));
      });
}

void Refunds::Statement(std::string customer_id, bool store_credit, int limit, Actor,
                        std::function<void(absl::StatusOr<std::vector<StatementLine>>)> done) {
  auto out = std::make_shared<std::vector<StatementLine>>();
  unit_of_work_.Submit(
      [=](Transaction& tx) -> absl::Status {
        auto customer = tx.customers().Get(customer_id);
        if (!customer.ok()) return customer.status();
        auto lines = tx.refunds().Statement(store_credit
                                                ? domain::StoreCreditAccount(customer_id)
                                                : domain::WalletAccount(customer_id),
                                            limit);
        if (!lines.ok()) return lines.status();
        *out = std::move(*lines);
        return absl::OkStatus();
      },
      [out, done = std::move(done)](absl::Status status) {
        if (!status.ok()) return done(status);
        done(std::move(*out));
      });
}

void Refunds::Tick() {
  {
    std::lock_guard lock(mu_);
    ++ticking_;
  }
  const absl::Time now = clock_.Now();
  auto due = std::make_shared<std::vector<RefundJob>>();
  unit_of_work_.Submit(
      [due, now](Transaction& tx) -> absl::Status {
        auto jobs = tx.refunds().DueJobs(now, 200);
        if (!jobs.ok()) return jobs.status();
        *due = std::move(*jobs);
        return absl::OkStatus();
      },
      [this, due](absl::Status status) {
        if (status.ok()) RunJobs(*due);
        std::lock_guard lock(mu_);
        --ticking_;
        idle_cv_.notify_all();
      });
}

bool Refunds::WaitIdle(absl::Duration timeout) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(lock, absl::ToChronoMilliseconds(timeout),
                           [this] { return jobs_in_flight_.empty() && ticking_ == 0; });
}

void Refunds::RunJobs(const std::vector<RefundJob>& jobs) {
  for (const auto& job : jobs) RunJob(job);
}

void Refunds::EndJob(const std::string& job_id) {
  std::lock_guard lock(mu_);
  jobs_in_flight_.erase(job_id);
  idle_cv_.notify_all();
}

void Refunds::Reschedule(RefundJob job, const std::string& error) {
  job.attempts += 1;
  job.next_attempt =
      clock_.Now() + Backoff(settings_.retry_initial, settings_.retry_max, job.attempts);
  job.last_error = error;
  const std::string id = job.job_id();
  unit_of_work_.Submit([job](Transaction& tx) { return tx.refunds().UpsertJob(job); },
                       [this, id](absl::Status) { EndJob(id); });
}

void Refunds::RunJob(const RefundJob& job) {
  {
    // One call per part at a time in this process: a tick and the request
    // that queued the job may both try to start it.
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
        if (!status.ok()) return Reschedule(job, std::string(status.message()));
        PayOut(job, *order);
      });
}

void Refunds::PayOut(const RefundJob& job, const domain::OrderState& order) {
  const domain::RefundState* refund = nullptr;
  for (const auto& r : order.refunds) {
    if (r.refund_id == job.refund_id) refund = &r;
  }
  const domain::RefundPart* part = nullptr;
  if (refund != nullptr && refund->status == domain::RefundStatus::kPending) {
    for (const auto& p : refund->parts) {
      if (p.part_no == job.part_no && p.status == domain::RefundPartStatus::kPending) part = &p;
    }
  }
  const domain::Tender* tender = nullptr;
  if (part != nullptr) {
    for (const auto& t : order.tenders) {
      if (t.tender_id == part->tender_id) tender = &t;
    }
  }
  if (tender == nullptr) {
    // Done already (a tick and a retry crossed): nothing to pay.
    const std::string id = job.job_id();
    unit_of_work_.Submit([job](Transaction& tx) { return tx.refunds().DeleteJob(job); },
                         [this, id](absl::Status) { EndJob(id); });
    return;
  }
  PaymentGateway* gateway = gateways_.ByName(tender->gateway);
  if (gateway == nullptr) {
    return Reschedule(job, absl::StrCat("card gateway ", tender->gateway, " is not configured"));
  }
  PaymentOperation op{part->gateway_key, tender->payment_ref, part->amount_minor, order.currency};
  const std::string gateway_name = tender->gateway;
  gateway->Refund(op, [this, job, gateway_name](absl::StatusOr<GatewayPayment> answer) {
    if (!answer.ok()) {
      // DEADLINE_EXCEEDED is unknown, not failed: the retry sends the same
      // key, which the gateway answers without refunding twice.
      return Reschedule(job,
                        absl::StrCat("refund at ", gateway_name, ": ", answer.status().message()));
    }
    const absl::Time now = clock_.Now();
    unit_of_work_.Submit(
        [job, now](Transaction& tx) { return refund_units::RecordCardRefund(tx, job, now); },
        [this, job](absl::Status status) {
          if (!status.ok()) {
            return Reschedule(job, absl::StrCat("recording the refund: ", status.message()));
          }
          EndJob(job.job_id());
        });
  });
}

}  // namespace oms::application
