#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/application/actor.h"
#include "server/application/payment_gateway.h"
#include "server/application/refund_repository.h"
#include "server/application/unit_of_work.h"
#include "server/domain/order.h"

namespace oms::application {

struct RefundSettings {
  // Agents (and store staff) may refund up to this per refund; above it the
  // refund waits for a supervisor. Supervisors and admins have no limit.
  int64_t agent_refund_limit_minor = 10000;
  absl::Duration retry_initial = absl::Seconds(1);
  absl::Duration retry_max = absl::Minutes(5);
};

// A refund as asked for through the API.
struct RefundCommand {
  std::string order_ref;  // order id or order number
  domain::Order::RefundRequest request;
  std::string request_id;    // idempotency key (may be empty)
  std::string request_hash;  // hash of the request without its key
};

struct RefundOutcome {
  domain::OrderState order;
  std::string refund_id;
  bool replayed = false;  // request_id matched an earlier request
};

struct RefundPreview {
  domain::RefundState refund;
  std::string currency;
};

struct CustomerBalances {
  std::string customer_id;
  int64_t wallet_minor = 0;
  int64_t store_credit_minor = 0;
};

// Refunds as a use case (docs/REFUNDS.md): each command is one unit of work
// on the writer. A refund's wallet, store-credit and cash parts settle in the
// unit that starts paying it out (ledger transfers in the same transaction);
// card parts become stored RefundJobs that call the card's gateway with the
// part's idempotency key after commit, retried with backoff until answered
// (a timeout is asked again with the same key, so it is never paid twice).
//
// Who may do what (Actor::role): refund and preview: agent, store,
// supervisor, admin (agent and store above the limit wait for approval);
// approve, reject and list approvals: supervisor, admin; balances and
// statements: any authenticated caller. Others: PERMISSION_DENIED.
//
// Thread-safe. Callbacks run on the writer thread and must not block.
class Refunds {
 public:
  using Callback = std::function<void(absl::StatusOr<RefundOutcome>)>;

  Refunds(UnitOfWork& unit_of_work, GatewayDirectory& gateways, const Clock& clock,
          RefundSettings settings);
  ~Refunds();

  const RefundSettings& settings() const { return settings_; }

  // The refund as it would be made now (status PENDING_APPROVAL when the
  // caller would need approval), changing nothing.
  void Preview(RefundCommand command, Actor actor,
               std::function<void(absl::StatusOr<RefundPreview>)> done);
  // Creates the refund; once per request_id (a repeat answers the first
  // refund, replayed; other content under the same key is ALREADY_EXISTS).
  void Request(RefundCommand command, Actor actor, Callback done);
  // A supervisor's decision on a refund waiting for approval.
  void Decide(std::string refund_id, bool approve, std::string reason, Actor actor,
              Callback done);
  void ListPendingApprovals(int limit, Actor actor,
                            std::function<void(absl::StatusOr<std::vector<PendingApproval>>)> done);
  void Balances(std::string customer_id, Actor actor,
                std::function<void(absl::StatusOr<CustomerBalances>)> done);
  // `store_credit` picks the account (else the wallet); newest first.
  void Statement(std::string customer_id, bool store_credit, int limit, Actor actor,
                 std::function<void(absl::StatusOr<std::vector<StatementLine>>)> done);

  // Runs due card refund jobs. Never blocks on a gateway.
  void Tick();
  // Starts card refund jobs another use case queued (returns), rather than
  // at the next tick.
  void RunJobs(const std::vector<RefundJob>& jobs);
  // Waits until no tick or job is under way (tests, shutdown). False on timeout.
  bool WaitIdle(absl::Duration timeout);

 private:
  void RunJob(const RefundJob& job);
  void PayOut(const RefundJob& job, const domain::OrderState& order);
  void Reschedule(RefundJob job, const std::string& error);
  void EndJob(const std::string& job_id);

  UnitOfWork& unit_of_work_;
  GatewayDirectory& gateways_;
  const Clock& clock_;
  const RefundSettings settings_;

  std::mutex mu_;
  std::condition_variable idle_cv_;
  std::set<std::string> jobs_in_flight_;  // guarded by mu_
  int ticking_ = 0;                        // guarded by mu_
};

}  // namespace oms::application
