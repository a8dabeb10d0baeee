#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/application/actor.h"
#include "server/application/channels.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/payment_gateway.h"
#include "server/application/place_order_command.h"
#include "server/application/unit_of_work.h"

namespace oms::application {

struct PlaceOrderResult {
  domain::OrderState order;
  bool replayed = false;  // the request_id matched an earlier request
};

// The order-placement saga (DESIGN.md, Placing an order):
//   1. validate; dedupe by (principal, request_id);
//   2+3. one unit of work on the writer: route, create the order PENDING,
//      reserve every unit with a conditional update, debit wallet and store
//      credit, record the saga; orders without cards are CONFIRMED here;
//   4. authorize card tenders through their gateway, asynchronously; a
//      timeout is "unknown" and is resolved by looking the payment up;
//   5. one unit: CONFIRMED, or REJECTED with reservations released, ledger
//      debits reversed and authorizations voided (voids run after commit
//      and are retried until done). A gateway outage puts an
//      AWAITING_PAYMENT hold on the order; DriveDue retries with backoff
//      until the deadline, then rejects.
// Saga progress is stored (SagaRecord), so ResumeAll at start-up finishes
// every saga a crash interrupted. No thread ever waits for a gateway or a
// commit: each completion queues the next step.
//
// Thread-safe. Callbacks run on the writer or the gateway thread.
class PlacementSaga {
 public:
  struct Options {
    std::string region = "EU1";
    absl::Duration saga_timeout = absl::Minutes(15);
    absl::Duration retry_initial = absl::Seconds(1);
    absl::Duration retry_max = absl::Seconds(30);
    // How long a placement may wait for its first gateway answer before the
    // saga looks again (a reply lost on the way).
    absl::Duration answer_grace = absl::Seconds(30);
    PlacementLimits limits;
    FulfilmentSettings fulfilment;  // confirmed orders are released to nodes
    // The configured channels: an order from another channel id is
    // INVALID_ARGUMENT, and only a marketplace may pay with a MARKETPLACE
    // tender. Empty: any channel id (tests without configuration).
    ChannelDirectory channels;
    // Other regions (docs/REGIONS.md): a customer homed in one of them pays
    // here by card only; their balances are spent in their home region.
    std::vector<std::string> peer_regions;
  };
  using Callback = std::function<void(absl::StatusOr<PlaceOrderResult>)>;

  PlacementSaga(UnitOfWork& unit_of_work, GatewayDirectory& gateways, const Clock& clock,
                Options options);
  ~PlacementSaga();

  const Options& options() const { return options_; }

  // Places an order. `done` is called exactly once: with the CONFIRMED or
  // REJECTED order, with a PENDING order under an AWAITING_PAYMENT hold
  // when the gateway is down, or with an error (INVALID_ARGUMENT,
  // FAILED_PRECONDITION out of stock or balance, ALREADY_EXISTS for a
  // reused key with other content, UNAVAILABLE).
  void Place(PlaceOrderCommand command, Actor actor, Callback done);

  // Drives every stored saga whose next attempt is due (DriveDue) or every
  // open saga (ResumeAll, at start-up). Never blocks on a gateway.
  void DriveDue();
  void ResumeAll();

  // Waits until no saga step is in flight in this process (tests, shutdown).
  // Returns false on timeout.
  bool WaitIdle(absl::Duration timeout);

 private:
  struct Pending;
  void Drive(absl::Time due_before);
  void DriveOne(const SagaRecord& saga);
  void Authorize(const std::string& order_id, const domain::Tender& tender,
                 const std::string& currency, const Actor& actor, bool lookup_first);
  void OnAnswer(const std::string& tender_id, const std::string& gateway_name,
                std::shared_ptr<const AuthorizeRequest> request, const Actor& actor,
                absl::StatusOr<GatewayPayment> answer, bool was_lookup, int authorize_tries);
  void ApplyAnswer(const std::string& order_id, const std::string& tender_id,
                   const std::string& gateway, const GatewayPayment& payment, const Actor& actor);
  void EnterOutage(const std::string& order_id, const std::string& why, const Actor& actor);
  void RejectPastDeadline(const std::string& order_id, const Actor& actor);
  void VoidAuthorizations(const std::string& order_id, const Actor& actor);
  void Finish(const std::string& order_id, absl::StatusOr<PlaceOrderResult> result);
  void EndFlight(const std::string& order_id);
  absl::Duration Backoff(int attempts) const;

  UnitOfWork& unit_of_work_;
  GatewayDirectory& gateways_;
  const Clock& clock_;
  const Options options_;

  std::mutex mu_;
  std::condition_variable idle_cv_;
  // Callers waiting for their PlaceOrder answer, by order id. Guarded by mu_.
  std::unordered_map<std::string, Callback> waiters_;
  // Orders with a saga step under way in this process. Guarded by mu_.
  std::set<std::string> in_flight_;
  int driving_ = 0;  // DriveDue scans under way; guarded by mu_
};

}  // namespace oms::application
