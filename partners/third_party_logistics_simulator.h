#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "partners/callback_sender.h"
#include "partners/shipment_book.h"
#include "partners/simulated_partner.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace oms::partners {

// Faults of the 3PL's API (/3pl/v1); switchable at run time through
// POST /control/3pl or SetFaults.
struct LogisticsFaults {
  bool reject_all = false;                        // answer every new shipment accepted=false
  std::vector<std::string> reject_skus;           // reject new shipments holding these SKUs
  bool outage = false;                            // 503 to every 3PL call
  absl::Duration latency = absl::ZeroDuration();  // before every 3PL answer
  // Process the next N shipment/cancel calls fully, then hold them for
  // `hold` and drop the connection without a reply. Counts down.
  int lose_replies = 0;
  absl::Duration hold = absl::Seconds(30);
};

// INVALID_ARGUMENT when a duration or count is negative.
absl::Status ValidateLogisticsFaults(const LogisticsFaults& faults);

// Where the 3PL posts its reports, and with which secrets.
struct LogisticsSettings {
  // omsd's partner endpoint, "http://127.0.0.1:8092"; reports go to
  // {callback_url}/partners/v1/nodes/{node_id}/... Empty: Ship and
  // PostStockSnapshot are FAILED_PRECONDITION.
  std::string callback_url;
  // Shared with omsd per node: verifies shipment requests (X-Signature of
  // the body) and signs reports. Nodes not in node_secrets use `secret`.
  std::string secret = "oms-partners-dev-secret";
  std::map<std::string, std::string> node_secrets;
  CallbackRetry retry;

  const std::string& SecretFor(const std::string& node_id) const;
};

absl::Status ValidateLogisticsSettings(const LogisticsSettings& settings);

struct ThirdPartyLogisticsOptions {
  LogisticsSettings settings;  // in force at start and after a reset
  LogisticsFaults faults;      // likewise
};

// How one batch of reports travels to omsd.
struct ReportFaults {
  absl::Duration delay = absl::ZeroDuration();  // late: post only after this
  bool duplicate = false;                       // post every report twice
  bool out_of_order = false;                    // post the batch last report first
};

// "Ship" a shipment: what the warehouse reports.
struct ShipPlan {
  std::string carrier = "DHL";
  std::string service = "parcel";
  std::string tracking_id;  // made up from the partner_ref when empty
  bool deliver = true;      // report DELIVERED right after SHIPPED
  ReportFaults faults;
};

// One ship confirmation as the 3PL posts it (the body of
// POST /partners/v1/nodes/{node_id}/ship-confirmations).
struct PostedConfirmation {
  std::string confirmation_id;  // "3pl_00000001-1": partner ref and sequence
  std::string node_id;
  std::string shipment_id;
  int64_t sequence = 0;
  std::string kind;  // SHIPPED, DELIVERED, EXCEPTION
  std::string carrier, service, tracking_id, note;
  absl::Time occurred_at;
};

struct StockCount {
  std::string sku;
  int64_t on_hand = 0;
};

struct SnapshotPlan {
  std::optional<absl::Time> taken_at;  // now when unset
  ReportFaults faults;                 // out_of_order has no effect on one message
};

struct LogisticsCounters {
  int64_t shipment_calls = 0;  // POST /3pl/v1/shipments, whatever became of them
  int64_t cancel_calls = 0;
  int64_t bad_signatures = 0;
  int64_t outage_rejections = 0;
  int64_t replies_lost = 0;
  int64_t in_flight = 0;
  int64_t max_in_flight = 0;
  ShipmentBookCounters book;   // filled on read
  CallbackCounters callbacks;  // filled on read
};

// The simulated 3PL / drop-shipper: the API omsd calls under /3pl/v1, the
// reports it posts to omsd's partner endpoint, and its control API under
// /control/3pl (all in docs/PARTNERS.md).
//
// A shipment request is verified (X-Signature of the body under the node's
// secret), deduplicated by its Idempotency-Key, then accepted or rejected by
// the faults; the rules are ShipmentBook's. Ship() (or its control route)
// makes the warehouse ship it: the simulator then posts SHIPPED (carrier,
// tracking) and DELIVERED to omsd, signed, through a CallbackSender, which
// retries 409/429/5xx and unreachable with backoff; ReportFaults make the
// posts late, doubled or out of order.
//
// Thread-safety: every public method may be called from any thread.
// Latency and holds wait on `stopping` so a stopping server does not wait
// out a hold.
class ThirdPartyLogisticsSimulator final : public SimulatedPartner {
 public:
  // `stopping` must outlive this object; it is notified when the server stops.
  ThirdPartyLogisticsSimulator(ThirdPartyLogisticsOptions options,
                               const absl::Notification* stopping);
  ~ThirdPartyLogisticsSimulator() override;

  void RegisterRoutes(httplib::Server& server) override;
  // Forgets shipments, reports and counters; faults and settings back to
  // the options.
  void Reset() override;
  // Stops posting reports (pending ones are dropped).
  void Stop() override;

  LogisticsFaults faults() const;
  void SetFaults(const LogisticsFaults& faults);
  LogisticsSettings settings() const;
  // INVALID_ARGUMENT for invalid retry settings.
  absl::Status SetSettings(const LogisticsSettings& settings);
  // Shorthand for the usual test set-up: reports for every node go to
  // `callback_url`, signed with `secret`.
  void SetCallback(const std::string& callback_url, const std::string& secret);

  // The warehouse starts picking: a cancellation is then too late.
  // NOT_FOUND, or FAILED_PRECONDITION unless accepted.
  absl::Status StartPicking(const std::string& shipment_id);
  // Ships an accepted (or picking) shipment and schedules its reports;
  // returns them in sequence order (not in the order they will be posted).
  // NOT_FOUND for an unknown shipment; FAILED_PRECONDITION when it is not
  // accepted or no callback_url is set.
  absl::StatusOr<std::vector<PostedConfirmation>> Ship(const std::string& shipment_id,
                                                       const ShipPlan& plan);
  // DELIVERED, or EXCEPTION with `note`, for a shipped shipment.
  absl::StatusOr<PostedConfirmation> Deliver(const std::string& shipment_id,
                                             const ReportFaults& faults);
  absl::StatusOr<PostedConfirmation> ReportException(const std::string& shipment_id,
                                                     const std::string& note,
                                                     const ReportFaults& faults);
  // Schedules a stock snapshot of `node_id`; returns its snapshot_id.
  // FAILED_PRECONDITION when no callback_url is set.
  absl::StatusOr<std::string> PostStockSnapshot(const std::string& node_id,
                                                const std::vector<StockCount>& items,
                                                const SnapshotPlan& plan);

  std::vector<SimulatedShipment> shipments() const { return book_.All(); }
  std::optional<SimulatedShipment> shipment(const std::string& id) const { return book_.Find(id); }
  // Every post to omsd so far, with the answer it got.
  std::vector<CallbackAttempt> callbacks() const { return sender_.attempts(); }
  LogisticsCounters counters() const;
  // Blocks until `reached` holds or `timeout` passes; returns whether it
  // holds. `reached` sees every field except `book` and `callbacks`.
  bool AwaitCounters(const std::function<bool(const LogisticsCounters&)>& reached,
                     absl::Duration timeout) const;
  bool AwaitCallbacks(const std::function<bool(const std::vector<CallbackAttempt>&)>& reached,
                      absl::Duration timeout) const {
    return sender_.AwaitAttempts(reached, timeout);
  }
  // Until no report is waiting or being posted.
  bool AwaitCallbacksIdle(absl::Duration timeout) const { return sender_.AwaitIdle(timeout); }

 private:
  struct Answer {
    int status = 200;
    std::string body;
  };

  void Handle(bool cancel, const httplib::Request& req, httplib::Response& res);
  Answer Dispatch(bool cancel, const httplib::Request& req);
  bool TakeLostReply();
  void HoldThenDrop(absl::Duration hold, httplib::Response& res) const;
  absl::StatusOr<CallbackEndpoint> EndpointFor(const std::string& node_id) const;
  absl::Status CheckCallbackSet() const;
  // Moves the shipment and returns the report of the move.
  absl::StatusOr<PostedConfirmation> Move(const std::string& shipment_id, ReportKind kind,
                                          const ShipPlan& details, const std::string& note,
                                          absl::Time occurred_at);
  void Schedule(const std::vector<PostedConfirmation>& reports, const ReportFaults& faults);

  const ThirdPartyLogisticsOptions options_;
  const absl::Notification* const stopping_;
  ShipmentBook book_;

  mutable absl::Mutex mu_;
  LogisticsFaults faults_ ABSL_GUARDED_BY(mu_);
  LogisticsSettings settings_ ABSL_GUARDED_BY(mu_);
  LogisticsCounters counters_ ABSL_GUARDED_BY(mu_);  // .book, .callbacks filled on read
  int64_t next_snapshot_ ABSL_GUARDED_BY(mu_) = 1;

  CallbackSender sender_;  // last: its thread calls back into the members above
};

}  // namespace oms::partners
