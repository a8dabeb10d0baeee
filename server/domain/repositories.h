#pragma once

#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/customer.h"
#include "server/domain/fulfillment_node.h"
#include "server/domain/ledger.h"
#include "server/domain/order.h"
#include "server/domain/stock.h"

// Repository interfaces of the domain. Implementations live in storage and
// work inside the caller's transaction; none of them commits. Every method
// that changes a stored fact also appends its event(s) to the outbox in that
// same transaction. Errors: NOT_FOUND for a missing row, ABORTED for a
// version conflict, UNAVAILABLE for a storage failure, INTERNAL for a broken
// invariant or unreadable row.
namespace oms::domain {

class OrderRepository {
 public:
  virtual ~OrderRepository() = default;
  virtual absl::StatusOr<Order> Load(const std::string& order_id) = 0;
  virtual absl::StatusOr<Order> LoadByNumber(const std::string& order_number) = 0;
  // Stores a new order at version 1 with the events it recorded (taken from
  // it). ALREADY_EXISTS when the id or number is taken.
  virtual absl::Status Insert(Order& order) = 0;
  // Stores the order's changes and events if the stored version is still
  // the one it was loaded at (ABORTED otherwise); bumps the version.
  virtual absl::Status Update(Order& order) = 0;
  virtual absl::StatusOr<bool> NumberTaken(const std::string& order_number) = 0;
  // Units of `sku` a customer has on orders that are neither cancelled nor
  // rejected (ordered minus cancelled), found by customer id or, for guests,
  // by e-mail (either may be empty). For flash-sale purchase limits.
  virtual absl::StatusOr<int64_t> UnitsBought(const std::string& customer_id,
                                              const std::string& email,
                                              const std::string& sku) = 0;
  // The id of the order a channel placed under its own external reference
  // (one per channel and reference), if any.
  virtual absl::StatusOr<std::optional<std::string>> FindByExternalRef(
      const std::string& channel, const std::string& external_ref) = 0;

  // Orders waiting for a SKU (backordered units, or preordered units when
  // `preorders`), oldest first.
  virtual absl::StatusOr<std::vector<std::string>> WaitingFor(const std::string& sku,
                                                              bool preorders, int limit) = 0;
  // Every SKU some order waits for as a preorder.
  virtual absl::StatusOr<std::vector<std::string>> PreorderedSkus() = 0;
  // Pickups READY_FOR_PICKUP whose collection time ended by `now`:
  // (order id, shipment id), soonest expired first.
  virtual absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PickupsExpiredBy(
      absl::Time now, int limit) = 0;
  // Shipments each node received since `since` (its load for capacity).
  virtual absl::StatusOr<std::map<std::string, int>> ShipmentsCreatedSince(absl::Time since) = 0;
  // Open card authorizations (card money authorized, not all captured or
  // voided, on a CONFIRMED or PARTIALLY_FULFILLED order) made at or before
  // `made_by` and not put off past `now`: (order id, tender id), oldest
  // first. Kept by Insert/Update from the order's tenders.
  virtual absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AuthorizationsMadeBy(
      absl::Time made_by, absl::Time now, int limit) = 0;
  // AuthorizationsMadeBy leaves this authorization out until `until`, or
  // until it is renewed. A tender no longer open is ignored.
  virtual absl::Status PutOffRenewal(const std::string& order_id, const std::string& tender_id,
                                     absl::Time until) = 0;
};

class StockRepository {
 public:
  virtual ~StockRepository() = default;
  // Every level of the given SKUs, at every node that has a row.
  virtual absl::StatusOr<std::vector<StockLevel>> ForSkus(const std::vector<std::string>& skus) = 0;
  virtual absl::StatusOr<StockLevel> Get(const std::string& sku, const std::string& node_id) = 0;
  // Conditional update: reserved += quantity only while available stays >= 0;
  // FAILED_PRECONDITION ("out of stock ...") otherwise. Ledger row + event.
  virtual absl::Status Reserve(const std::string& sku, const std::string& node_id,
                               int64_t quantity, const std::string& order_id) = 0;
  // reserved -= quantity (INTERNAL if that would go below zero). Ledger row + event.
  virtual absl::Status Release(const std::string& sku, const std::string& node_id,
                               int64_t quantity, const std::string& order_id) = 0;
  // Reserved units leave the node with a shipment: on_hand and reserved both
  // go down by quantity (INTERNAL if fewer are reserved). Ledger row + event.
  virtual absl::Status Consume(const std::string& sku, const std::string& node_id,
                               int64_t quantity, const std::string& order_id) = 0;
  // Receive, count or damage. Creates the row on a first receive or count.
  // FAILED_PRECONDITION when on hand would go below reserved units or zero.
  virtual absl::StatusOr<StockLevel> Adjust(const std::string& sku, const std::string& node_id,
                                            StockAdjustment kind, int64_t quantity,
                                            const std::string& reason) = 0;
};

class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;
  // The products of these SKUs that exist; missing SKUs are simply absent.
  virtual absl::StatusOr<std::map<std::string, Product>> Find(
      const std::vector<std::string>& skus) = 0;
  // preorder_sold += delta (never below zero or above the cap:
  // FAILED_PRECONDITION).
  virtual absl::Status AddPreorderSold(const std::string& sku, int64_t delta) = 0;
  // No more units may be preordered: the cap comes down to what is sold
  // now. NOT_FOUND for an unknown SKU; FAILED_PRECONDITION when the product
  // is not sold as a preorder.
  virtual absl::Status EndPreorders(const std::string& sku) = 0;
};

class NodeRepository {
 public:
  virtual ~NodeRepository() = default;
  virtual absl::StatusOr<std::vector<FulfillmentNode>> All() = 0;
};

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  virtual absl::StatusOr<Customer> Get(const std::string& customer_id) = 0;
};

class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;
  virtual absl::StatusOr<int64_t> Balance(const std::string& account) = 0;
  // Appends the entry. INVALID_ARGUMENT unless balanced; FAILED_PRECONDITION
  // when a customer account would go below zero.
  virtual absl::Status Post(const LedgerEntry& entry) = 0;
};

}  // namespace oms::domain
