#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
template <typename T>
class Family;
}  // namespace prometheus

namespace oms::observability {

// omsd's Prometheus metrics (names, labels and meaning in
// docs/OBSERVABILITY.md). Every Record/Set is thread-safe and cheap enough
// for the writer thread and gRPC's callback threads (prometheus-cpp keeps a
// child per label set behind a mutex and updates it atomically).
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One finished RPC: `method` as "oms.v1.OrderService/PlaceOrder", `code`
  // as the gRPC code name ("OK", "NOT_FOUND").
  void RecordRpc(const std::string& method, const std::string& code, double seconds);
  // How a placement ended: confirmed, rejected, awaiting_payment, replayed, failed.
  void RecordPlacement(const std::string& outcome);
  // A placement saga step (create, authorize, apply_answer, outage, void)
  // and whether it succeeded ("ok", "error").
  void RecordSagaStep(const std::string& step, const std::string& result, double seconds);
  // Stock reservations: "reserved" (an order's lines held), "out_of_stock"
  // (refused), "released" (a rejected order gave them back).
  void RecordReservation(const std::string& result);
  // One group commit of the writer: its units, how long BEGIN..COMMIT took,
  // and whether COMMIT succeeded.
  void RecordCommit(int units, double seconds, bool committed);
  // A relay lane's backlog: events after its cursor, and the age of the
  // oldest event it has not finished (0 when none).
  void SetOutboxBacklog(const std::string& destination, int64_t events, double oldest_age_seconds);
  void RecordDeliveryFailure(const std::string& destination);
  void RecordDeadLetter(const std::string& destination);
  // One outgoing partner HTTP exchange by partner (host:port) and outcome
  // (the HTTP status class "2xx".."5xx", or "timeout", "unreachable", "broken").
  void RecordPartnerCall(const std::string& partner, const std::string& outcome, double seconds);
  // This region's replica of a peer region (docs/REGIONS.md): events known
  // to be missing, seconds since it was last known complete (0 when it is),
  // whether the stream is open; and events applied.
  void SetReplicationLag(const std::string& region, const std::string& peer, int64_t events,
                         double seconds, bool connected);
  void RecordReplicationApplied(const std::string& region, const std::string& peer, int64_t n);
  // 1 while the health service reports SERVING.
  void SetServing(bool serving);
  void RecordSpansExported(size_t n);
  void RecordSpansDropped(size_t n);

  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* rpc_total_;
  prometheus::Family<prometheus::Histogram>* rpc_seconds_;
  prometheus::Family<prometheus::Counter>* placements_;
  prometheus::Family<prometheus::Histogram>* saga_step_seconds_;
  prometheus::Family<prometheus::Counter>* reservations_;
  prometheus::Family<prometheus::Histogram>* commit_seconds_;
  prometheus::Family<prometheus::Histogram>* commit_units_;
  prometheus::Family<prometheus::Counter>* commits_;
  prometheus::Family<prometheus::Gauge>* outbox_backlog_;
  prometheus::Family<prometheus::Gauge>* outbox_age_;
  prometheus::Family<prometheus::Counter>* delivery_failures_;
  prometheus::Family<prometheus::Counter>* dead_letters_;
  prometheus::Family<prometheus::Counter>* partner_total_;
  prometheus::Family<prometheus::Histogram>* partner_seconds_;
  prometheus::Family<prometheus::Gauge>* serving_;
  prometheus::Family<prometheus::Gauge>* replication_lag_events_;
  prometheus::Family<prometheus::Gauge>* replication_lag_seconds_;
  prometheus::Family<prometheus::Gauge>* replication_connected_;
  prometheus::Family<prometheus::Counter>* replication_applied_;
  prometheus::Family<prometheus::Counter>* spans_;
};

// The process's metrics, shared like ProcessTracer(): one registry per omsd.
Metrics& ProcessMetrics();

}  // namespace oms::observability
