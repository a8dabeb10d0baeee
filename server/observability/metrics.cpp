#include "server/observability/metrics.h"

#include <map>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace oms::observability {
namespace {

using prometheus::Histogram;

// 1 ms .. ~16 s, doubling: RPCs, saga steps, partner calls.
const Histogram::BucketBoundaries& LatencyBuckets() {
  static const Histogram::BucketBoundaries buckets = {0.001, 0.002, 0.004, 0.008, 0.016,
                                                      0.032, 0.064, 0.128, 0.256, 0.512,
                                                      1.024, 2.048, 4.096, 8.192, 16.384};
  return buckets;
}

// 100 us .. ~400 ms: a commit is an fsync or two.
const Histogram::BucketBoundaries& CommitBuckets() {
  static const Histogram::BucketBoundaries buckets = {0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005,
                                                      0.01,   0.02,   0.05,   0.1,   0.2,   0.4};
  return buckets;
}

const Histogram::BucketBoundaries& BatchBuckets() {
  static const Histogram::BucketBoundaries buckets = {1, 2, 4, 8, 16, 32, 64, 128};
  return buckets;
}

}  // namespace

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  auto& r = *registry_;
  rpc_total_ = &prometheus::BuildCounter()
                    .Name("oms_rpc_requests_total")
                    .Help("Finished gRPC calls by method and status code")
                    .Register(r);
  rpc_seconds_ = &prometheus::BuildHistogram()
                      .Name("oms_rpc_duration_seconds")
                      .Help("gRPC call latency, from authentication to the answer")
                      .Register(r);
  placements_ = &prometheus::BuildCounter()
                     .Name("oms_placements_total")
                     .Help("Order placements by outcome")
                     .Register(r);
  saga_step_seconds_ = &prometheus::BuildHistogram()
                            .Name("oms_saga_step_duration_seconds")
                            .Help("Placement saga steps by step and result")
                            .Register(r);
  reservations_ = &prometheus::BuildCounter()
                       .Name("oms_stock_reservations_total")
                       .Help("Orders whose stock was reserved, refused or released")
                       .Register(r);
  commit_seconds_ = &prometheus::BuildHistogram()
                         .Name("oms_commit_duration_seconds")
                         .Help("Writer group commits, BEGIN IMMEDIATE to COMMIT")
                         .Register(r);
  commit_units_ = &prometheus::BuildHistogram()
                       .Name("oms_commit_batch_units")
                       .Help("Units of work per writer group commit")
                       .Register(r);
  commits_ = &prometheus::BuildCounter()
                  .Name("oms_commit_batches_total")
                  .Help("Writer group commits by result")
                  .Register(r);
  outbox_backlog_ = &prometheus::BuildGauge()
                         .Name("oms_outbox_backlog_events")
                         .Help("Outbox events after a relay destination's cursor")
                         .Register(r);
  replication_lag_events_ = &prometheus::BuildGauge()
                                 .Name("oms_replication_lag_events")
                                 .Help("Events of a peer region known to be missing here")
                                 .Register(r);
  replication_lag_seconds_ =
      &prometheus::BuildGauge()
           .Name("oms_replication_lag_seconds")
           .Help("Seconds since the replica of a peer region was last known complete")
           .Register(r);
  replication_connected_ = &prometheus::BuildGauge()
                                .Name("oms_replication_connected")
                                .Help("1 while the replication stream from a peer is open")
                                .Register(r);
  replication_applied_ = &prometheus::BuildCounter()
                              .Name("oms_replication_events_applied_total")
                              .Help("Events of a peer region applied to the replica here")
                              .Register(r);
  outbox_age_ = &prometheus::BuildGauge()
                     .Name("oms_outbox_oldest_undelivered_age_seconds")
                     .Help("Age of the oldest event a relay destination has not finished")
                     .Register(r);
  delivery_failures_ = &prometheus::BuildCounter()
                            .Name("oms_outbox_delivery_failures_total")
                            .Help("Failed event deliveries (each retry counts) by destination")
                            .Register(r);
  dead_letters_ = &prometheus::BuildCounter()
                       .Name("oms_outbox_dead_letters_total")
                       .Help("Events given up on and stored as dead letters, by destination")
                       .Register(r);
  partner_total_ = &prometheus::BuildCounter()
                        .Name("oms_partner_requests_total")
                        .Help("Outgoing partner HTTP calls by partner and outcome")
                        .Register(r);
  partner_seconds_ = &prometheus::BuildHistogram()
                          .Name("oms_partner_request_duration_seconds")
                          .Help("Outgoing partner HTTP call latency by partner")
                          .Register(r);
  serving_ = &prometheus::BuildGauge()
                  .Name("oms_health_serving")
                  .Help("1 while the database can be written and health says SERVING")
                  .Register(r);
  spans_ = &prometheus::BuildCounter()
                .Name("oms_trace_spans_total")
                .Help("Spans handed to the OTLP collector (exported) or lost (dropped)")
                .Register(r);
}

Metrics::~Metrics() = default;

void Metrics::RecordRpc(const std::string& method, const std::string& code, double seconds) {
  rpc_total_->Add({{"method", method}, {"code", code}}).Increment();
  rpc_seconds_->Add({{"method", method}, {"code", code}}, LatencyBuckets()).Observe(seconds);
}

void Metrics::RecordPlacement(const std::string& outcome) {
  placements_->Add({{"outcome", outcome}}).Increment();
}

void Metrics::RecordSagaStep(const std::string& step, const std::string& result, double seconds) {
  saga_step_seconds_->Add({{"step", step}, {"result", result}}, LatencyBuckets()).Observe(seconds);
}

void Metrics::RecordReservation(const std::string& result) {
  reservations_->Add({{"result", result}}).Increment();
}

void Metrics::RecordCommit(int units, double seconds, bool committed) {
  commits_->Add({{"result", committed ? "committed" : "failed"}}).Increment();
  commit_seconds_->Add({}, CommitBuckets()).Observe(seconds);
  commit_units_->Add({}, BatchBuckets()).Observe(units);
}

void Metrics::SetOutboxBacklog(const std::string& destination, int64_t events,
                               double oldest_age_seconds) {
  outbox_backlog_->Add({{"destination", destination}}).Set(static_cast<double>(events));
  outbox_age_->Add({{"destination", destination}}).Set(oldest_age_seconds);
}

void Metrics::SetReplicationLag(const std::string& region, const std::string& peer,
                                int64_t events, double seconds, bool connected) {
  const std::map<std::string, std::string> labels{{"region", region}, {"peer", peer}};
  replication_lag_events_->Add(labels).Set(static_cast<double>(events));
  replication_lag_seconds_->Add(labels).Set(seconds);
  replication_connected_->Add(labels).Set(connected ? 1 : 0);
}

void Metrics::RecordReplicationApplied(const std::string& region, const std::string& peer,
                                       int64_t n) {
  replication_applied_->Add({{"region", region}, {"peer", peer}}).Increment(static_cast<double>(n));
}

void Metrics::RecordDeliveryFailure(const std::string& destination) {
  delivery_failures_->Add({{"destination", destination}}).Increment();
}

void Metrics::RecordDeadLetter(const std::string& destination) {
  dead_letters_->Add({{"destination", destination}}).Increment();
}

void Metrics::RecordPartnerCall(const std::string& partner, const std::string& outcome,
                                double seconds) {
  partner_total_->Add({{"partner", partner}, {"outcome", outcome}}).Increment();
  partner_seconds_->Add({{"partner", partner}}, LatencyBuckets()).Observe(seconds);
}

void Metrics::SetServing(bool serving) { serving_->Add({}).Set(serving ? 1 : 0); }

void Metrics::RecordSpansExported(size_t n) {
  spans_->Add({{"result", "exported"}}).Increment(static_cast<double>(n));
}

void Metrics::RecordSpansDropped(size_t n) {
  spans_->Add({{"result", "dropped"}}).Increment(static_cast<double>(n));
}

Metrics& ProcessMetrics() {
  static Metrics* metrics = new Metrics();  // never destroyed: threads may record during exit
  return *metrics;
}

}  // namespace oms::observability
