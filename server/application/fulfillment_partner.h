#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

// The boundary between omsd and the nodes that are not worked inside the
// OMS (3PLs and drop-shippers). Outbound: a shipment request that the
// partner accepts or rejects. Inbound: ship confirmations and stock
// snapshots that the partner posts to omsd's partner endpoint.
namespace oms::application {

// What omsd asks a node to ship.
struct ShipmentRequest {
  std::string idempotency_key;  // stable for this shipment: retries are safe
  std::string shipment_id;
  std::string order_id;
  std::string order_number;
  std::string node_id;
  struct Line {
    int line_no = 0;
    std::string sku;
    std::string name;
    int64_t quantity = 0;
  };
  std::vector<Line> lines;
  struct Address {
    std::string name, line1, line2, city, postal_code, country, phone;
  };
  Address ship_to;
  std::string shipping_option;  // standard, express
};

// The node's answer to a shipment request (an OK answer either way).
struct NodeAnswer {
  bool accepted = false;
  std::string reason;       // why rejected ("no stock", "address not served")
  std::string partner_ref;  // the partner's id for the shipment
};

// A node type's way of receiving shipments. Asynchronous: every call answers
// exactly once through `done`, on a thread owned by the adapter, and `done`
// must not block. Status as for PaymentGateway: OK with the answer,
// DEADLINE_EXCEEDED (unknown: ask again with the same key), UNAVAILABLE
// (down, open circuit), INVALID_ARGUMENT (malformed request).
// A new node type is one new class implementing this.
class NodeConnector {
 public:
  using Callback = std::function<void(absl::StatusOr<NodeAnswer>)>;
  virtual ~NodeConnector() = default;
  virtual void RequestShipment(const ShipmentRequest& request, Callback done) = 0;
  // Asks the node to stop working a shipment; accepted=false when it is too
  // late (picked, packed).
  virtual void RequestCancellation(const std::string& node_id, const std::string& shipment_id,
                                   const std::string& idempotency_key, Callback done) = 0;
};

// Chooses the connector for a node by its configured endpoint. Thread-safe.
class NodeConnectorDirectory {
 public:
  virtual ~NodeConnectorDirectory() = default;
  // nullptr for nodes worked inside the OMS (warehouses, stores without a
  // configured endpoint).
  virtual NodeConnector* ForNode(const std::string& node_id) = 0;
};

// A partner's report that a shipment moved (posted to omsd).
struct ShipConfirmation {
  std::string node_id;          // the authenticated partner node
  std::string confirmation_id;  // the partner's id: the same id is applied once
  std::string shipment_id;
  int64_t sequence = 0;         // per shipment, increasing; orders the reports
  enum class Kind { kShipped, kDelivered, kException } kind = Kind::kShipped;
  std::string carrier;
  std::string service;
  std::string tracking_id;
  std::string note;
  absl::Time occurred_at;
};

// A partner's count of its site (posted to omsd): on hand per SKU.
struct StockSnapshot {
  std::string node_id;
  std::string snapshot_id;  // applied once
  absl::Time taken_at;      // older than the last applied snapshot: refused
  struct Item {
    std::string sku;
    int64_t on_hand = 0;
  };
  std::vector<Item> items;
};

// What the partner endpoint hands its reports to. `done` gets:
//   OK                   applied, or already applied (duplicate id)
//   FAILED_PRECONDITION  refused with a reason (out of order, shipment
//                        cancelled, unknown SKU ...): the partner may retry
//   NOT_FOUND            no such shipment at that node
//   INVALID_ARGUMENT     malformed
//   UNAVAILABLE          try again later
class PartnerInbox {
 public:
  using Done = std::function<void(absl::Status)>;
  virtual ~PartnerInbox() = default;
  virtual void ApplyShipConfirmation(const ShipConfirmation& confirmation, Done done) = 0;
  virtual void ApplyStockSnapshot(const StockSnapshot& snapshot, Done done) = 0;
};

}  // namespace oms::application
