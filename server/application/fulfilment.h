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
#include "server/application/authorization_renewal.h"
#include "server/application/cancellation_units.h"
#include "server/application/fulfilment_settings.h"
#include "server/application/fulfilment_units.h"
#include "server/application/fulfillment_partner.h"
#include "server/application/payment_gateway.h"
#include "server/application/unit_of_work.h"

namespace oms::application {

// Fulfilment as a use case: the shipment actions of the API and of partner
// nodes, each one unit of work on the writer, and the background work that
// follows them (Tick): captures of shipped shipments' card money, shipment
// requests to partner nodes, pickups that expire, preorders released on
// their date, card authorizations renewed before they expire. Background
// work is stored (FulfilmentJob), so a crash loses none of it; gateways and
// nodes are called asynchronously and no thread waits for them.
//
// Thread-safe. Callbacks run on the writer thread.
class Fulfilment : public PartnerInbox {
 public:
  struct Options {
    FulfilmentSettings settings;
    absl::Duration retry_initial = absl::Seconds(1);
    absl::Duration retry_max = absl::Minutes(5);
  };
  using Callback = std::function<void(absl::StatusOr<fulfilment::Outcome>)>;

  // `nodes` may be null when no partner node is configured.
  Fulfilment(UnitOfWork& unit_of_work, GatewayDirectory& gateways, NodeConnectorDirectory* nodes,
             const Clock& clock, Options options);
  ~Fulfilment() override;

  const FulfilmentSettings& settings() const { return options_.settings; }

  void Work(fulfilment::ShipmentCommand command, Actor actor, Callback done);
  void ShortPick(std::string shipment_id, std::vector<fulfilment::ShortLine> lines,
                 std::string reason, fulfilment::RequestKey key, Actor actor, Callback done);
  void Reject(std::string shipment_id, std::string reason, fulfilment::RequestKey key,
              Actor actor, Callback done);
  void AddNote(std::string order_id, std::string text, fulfilment::RequestKey key, Actor actor,
               Callback done);
  void ChangeHold(std::string order_id, bool hold, domain::HoldReason reason, std::string note,
                  std::string shipment_id, fulfilment::RequestKey key, Actor actor,
                  Callback done);

  using CancelCallback = std::function<void(absl::StatusOr<cancellation::Outcome>)>;
  void CancelOrder(std::string order_id, domain::Order::CancellationRequest request,
                   fulfilment::RequestKey key, Actor actor, CancelCallback done);
  // A reviewer rejects the order's fraud hold: the system cancels what it
  // can (system_cancellation::RejectFraudHold).
  void RejectHold(std::string order_id, domain::HoldReason reason, std::string note,
                  fulfilment::RequestKey key, Actor actor, CancelCallback done);

  // PartnerInbox: what partner nodes post to omsd.
  void ApplyShipConfirmation(const ShipConfirmation& confirmation, Done done) override;
  void ApplyStockSnapshot(const StockSnapshot& snapshot, Done done) override;

  // Expires pickups, releases due preorders, renews card authorizations
  // close to expiry (cancelling what is unpaid when a renewal is declined
  // after the old one expired) and runs due jobs. Never blocks on a gateway
  // or node.
  void Tick();

  // Waits until no tick or job is under way in this process (tests,
  // shutdown). False on timeout.
  bool WaitIdle(absl::Duration timeout);

 private:
  void Run(std::function<absl::StatusOr<fulfilment::Outcome>(Transaction&)> unit, Callback done);
  void RunJob(const FulfilmentJob& job);
  void Capture(const FulfilmentJob& job, const domain::OrderState& order);
  void CaptureNow(const FulfilmentJob& job, const fulfilment::CaptureStep& step);
  void Renew(const FulfilmentJob& job, const fulfilment::CaptureStep& step);
  void RequestFromNode(const FulfilmentJob& job, const domain::OrderState& order);
  void AskNodeToCancel(const FulfilmentJob& job, const domain::OrderState& order);
  void ReleaseAfterGrace(const FulfilmentJob& job);
  // The authorization sweep (fulfilment_renewals.cpp): finds due renewals
  // in one unit, then asks each one's gateway.
  void SweepAuthorizations(absl::Time now);
  void RenewAuthorization(const fulfilment::RenewalStep& step);
  void RenewalDeclined(const fulfilment::RenewalStep& step, const std::string& reason);
  // The sweep looks at this authorization again at `until` at the earliest.
  void PutOffRenewal(const fulfilment::RenewalStep& step, absl::Time until);
  void EndRenewal(const std::string& id);
  void Reschedule(FulfilmentJob job, const std::string& error);
  void EndJob(const std::string& job_id);
  // The job's work is done or moot: delete it.
  void DropJob(const FulfilmentJob& job);
  // Runs `unit` for a job on the writer: success ends the job, an error
  // reschedules it with backoff and `what` + the error as its last error.
  void FinishJob(const FulfilmentJob& job, absl::string_view what,
                 std::function<absl::Status(Transaction&)> unit);

  UnitOfWork& unit_of_work_;
  GatewayDirectory& gateways_;
  NodeConnectorDirectory* nodes_;
  const Clock& clock_;
  const Options options_;

  std::mutex mu_;
  std::condition_variable idle_cv_;
  std::set<std::string> jobs_in_flight_;      // guarded by mu_
  std::set<std::string> renewals_in_flight_;  // order:tender; guarded by mu_
  int ticking_ = 0;                        // guarded by mu_
};

}  // namespace oms::application
