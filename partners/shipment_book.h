#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace oms::partners {

// What a 3PL is asked to ship (POST /3pl/v1/shipments), as parsed.
struct ShipmentCall {
  std::string idempotency_key;  // the Idempotency-Key header
  std::string shipment_id;
  std::string node_id;
  std::string order_id;
  std::string order_number;
  struct Line {
    int64_t line_no = 0;
    std::string sku;
    std::string name;
    int64_t quantity = 0;
  };
  std::vector<Line> lines;
  struct Address {
    std::string name, line1, line2, city, postal_code, country, phone;
  };
  Address ship_to;
  std::string shipping_option;
};

// One shipment as the simulated 3PL keeps it.
struct SimulatedShipment {
  enum class State { kRejected, kAccepted, kPicking, kCancelled, kShipped, kDelivered, kException };

  std::string partner_ref;  // "3pl_00000001"
  ShipmentCall request;     // the request that created it
  State state = State::kAccepted;
  std::string reject_reason;                  // set when rejected
  std::string carrier, service, tracking_id;  // set when shipped
  // The sequence of the last report planned for it (SHIPPED is 1, ...).
  int64_t last_sequence = 0;

  // "rejected", "accepted", "picking", "cancelled", "shipped", "delivered",
  // "exception".
  static const char* StateName(State state);
};

// The 3PL's answer to a shipment request or a cancellation.
struct LogisticsAnswer {
  bool accepted = false;
  std::string reason;       // when not accepted
  std::string partner_ref;  // of the shipment
};

// When the simulated 3PL turns shipment requests down.
struct RejectionRules {
  bool reject_all = false;               // "not accepting shipments"
  std::vector<std::string> reject_skus;  // "sku X is not stocked at this site"
};

// How a shipment moved, as the partner reports it.
enum class ReportKind { kShipped, kDelivered, kException };
const char* ReportKindName(ReportKind kind);  // "SHIPPED", "DELIVERED", "EXCEPTION"

struct ShipmentBookCounters {
  int64_t shipments = 0;  // distinct shipments requested
  int64_t accepted = 0;
  int64_t rejected = 0;
  int64_t cancellations = 0;  // cancellations that stopped a shipment
  int64_t replays = 0;        // calls answered from an earlier call with the key
};

// The 3PL's book of shipments: the rules of requests, cancellations and
// idempotency keys, and the shipment's own moves. No HTTP here.
//
// Rules:
//  - A request under a key seen before with the same content answers what
//    it answered then (also when the shipment moved since); with other
//    content it is ALREADY_EXISTS. A shipment id requested before under
//    another key is ALREADY_EXISTS too: the partner would ship it twice.
//  - A new request is rejected (an OK answer, accepted=false) by the rules;
//    otherwise accepted with a new partner_ref.
//  - Cancel: NOT_FOUND for a shipment the node does not have; accepted
//    while accepted (it becomes cancelled), cancelled or rejected (nothing
//    will ship); not accepted once picking or shipped. Cancellation keys
//    are idempotent as requests are.
//  - Report moves: SHIPPED from accepted or picking, DELIVERED and
//    EXCEPTION from shipped; anything else is FAILED_PRECONDITION. Each
//    move takes the shipment's next sequence number.
//
// Thread-safe: every method takes the book's mutex.
class ShipmentBook {
 public:
  // INVALID_ARGUMENT for a malformed call (no key, shipment id, order id or
  // lines; a line without SKU or with a quantity under 1).
  absl::StatusOr<LogisticsAnswer> Request(const ShipmentCall& call, const RejectionRules& rules);
  absl::StatusOr<LogisticsAnswer> Cancel(const std::string& idempotency_key,
                                         const std::string& node_id,
                                         const std::string& shipment_id);

  // The warehouse starts picking: a cancellation is then too late.
  absl::Status StartPicking(const std::string& shipment_id);
  // Moves the shipment and returns it with the move's sequence in
  // last_sequence. For kShipped, `carrier`, `service` and `tracking_id` are
  // recorded (a tracking id is made up when empty).
  absl::StatusOr<SimulatedShipment> Report(const std::string& shipment_id, ReportKind kind,
                                           const std::string& carrier, const std::string& service,
                                           const std::string& tracking_id);

  std::optional<SimulatedShipment> Find(const std::string& shipment_id) const;
  // Every shipment, in the order requested.
  std::vector<SimulatedShipment> All() const;
  ShipmentBookCounters counters() const;
  // Forgets every shipment, key and counter; partner refs keep counting.
  void Clear();

 private:
  struct Cancellation {
    std::string node_id;
    std::string shipment_id;
    LogisticsAnswer answer;
  };

  SimulatedShipment* FindLocked(const std::string& shipment_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::vector<SimulatedShipment> shipments_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, size_t> by_id_ ABSL_GUARDED_BY(mu_);  // -> shipments_
  // request key -> (shipments_ position, the answer given).
  absl::flat_hash_map<std::string, std::pair<size_t, LogisticsAnswer>> requests_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Cancellation> cancellations_ ABSL_GUARDED_BY(mu_);
  int64_t next_ref_ ABSL_GUARDED_BY(mu_) = 1;
  ShipmentBookCounters counters_ ABSL_GUARDED_BY(mu_);
};

}  // namespace oms::partners
