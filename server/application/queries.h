#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"
#include "server/application/rejected_intake.h"
#include "server/domain/customer.h"
#include "server/domain/fulfillment_node.h"
#include "server/domain/order_state.h"
#include "server/domain/stock.h"

// The read side: queries answered from read connections, never waiting for
// the writer. Implementations are thread-safe.
namespace oms::application {

// What a principal may see, applied to a search on top of its filters
// (access_scope.h). Each list that is set must match; an empty set list
// matches nothing.
struct SearchScope {
  std::optional<std::vector<std::string>> regions;
  std::optional<std::vector<std::string>> channels;
  std::optional<std::vector<std::string>> any_node;  // the order touches one of them
};

struct OrderSearch {
  std::string order_number;  // exact, or a prefix of at least 5 characters
  std::string email;         // case-insensitive exact
  std::string phone;         // digits only compared
  std::string customer_name; // word prefix, case-insensitive
  std::string sku;
  std::vector<domain::OrderStatus> statuses;
  std::string channel;
  std::string node_id;
  std::string region;
  std::optional<absl::Time> created_from;  // inclusive
  std::optional<absl::Time> created_to;    // exclusive
  bool oldest_first = false;
  int page_size = 50;
  std::string page_token;  // from a previous page; opaque
  SearchScope scope;
};

struct OrderSummaryRow {
  std::string order_id;
  std::string order_number;
  std::string region;
  std::string channel;
  domain::OrderStatus status = domain::OrderStatus::kPending;
  domain::PaymentStatus payment_status = domain::PaymentStatus::kUnpaid;
  domain::FulfillmentStatus fulfillment_status = domain::FulfillmentStatus::kUnfulfilled;
  domain::CustomerRef customer;
  int64_t total_minor = 0;
  std::string currency;
  int line_count = 0;
  absl::Time created_at;
  std::vector<domain::HoldReason> holds;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;  // empty at the end
};

// One outbox row as read back.
struct StoredEvent {
  int64_t sequence = 0;
  std::string event_id;
  std::string origin_region;
  std::string aggregate_type;
  std::string aggregate_id;
  int64_t aggregate_version = 0;
  std::string event_type;
  absl::Time occurred_at;
  std::string principal_id;
  std::string trace_id;
  std::string summary;
  std::string payload_json;
  std::string method;      // the RPC that made the change; empty for background work
  std::string request_id;  // the caller's idempotency key, if it sent one
};

// ListAuditLog: the changes by an order, a principal and/or a time window,
// oldest first.
struct AuditQuery {
  std::string aggregate_id;  // an order id (or any aggregate's)
  std::string principal_id;
  std::optional<absl::Time> from;  // inclusive
  std::optional<absl::Time> to;    // exclusive
  int page_size = 100;
  std::string page_token;
};

struct CustomerProfile {
  domain::Customer customer;
  int64_t store_credit_minor = 0;
  int64_t wallet_minor = 0;
  std::string currency;
};

struct StockFilter {
  std::string sku;
  std::string node_id;
  std::string region;
  int page_size = 100;
  std::string page_token;
};

struct ShipmentFilter {
  std::string node_id;
  std::vector<domain::ShipmentStatus> statuses;
  std::string order_id;
  int page_size = 100;
  std::string page_token;
};

// A shipment as read: with its order's currency (for the captured money).
struct ShipmentView {
  domain::ShipmentState shipment;
  std::string currency;
};

struct Principal {
  std::string principal_id;
  std::string display_name;
  std::string role;
  Scopes scopes = Scopes::All();
  std::optional<absl::Time> expires_at;  // the token's; none: never expires
};

// The region that first took an idempotency key, and what it made there.
struct KeyHolder {
  std::string region;
  std::string resource_id;  // an order id
};

class ReadModel {
 public:
  virtual ~ReadModel() = default;
  // NOT_FOUND for an unknown id or number.
  virtual absl::StatusOr<domain::OrderState> GetOrder(const std::string& order_id) = 0;
  virtual absl::StatusOr<domain::OrderState> GetOrderByNumber(const std::string& number) = 0;
  // INVALID_ARGUMENT for a malformed page token.
  virtual absl::StatusOr<Page<OrderSummaryRow>> SearchOrders(const OrderSearch& search) = 0;
  virtual absl::StatusOr<Page<StoredEvent>> ListEvents(const std::string& aggregate_id,
                                                       int page_size,
                                                       const std::string& page_token) = 0;
  // The audit log (payloads left out). INVALID_ARGUMENT for a malformed
  // page token or one from another query.
  virtual absl::StatusOr<Page<StoredEvent>> ListAuditLog(const AuditQuery& query) = 0;

  virtual absl::StatusOr<std::vector<domain::StockLevel>> Availability(const std::string& sku) = 0;
  virtual absl::StatusOr<Page<domain::StockLevel>> ListStock(const StockFilter& filter) = 0;

  virtual absl::StatusOr<domain::Product> GetProduct(const std::string& sku) = 0;
  virtual absl::StatusOr<Page<domain::Product>> ListProducts(const std::string& name_contains,
                                                             int page_size,
                                                             const std::string& page_token) = 0;
  virtual absl::StatusOr<CustomerProfile> GetCustomer(const std::string& customer_id) = 0;
  virtual absl::StatusOr<Page<CustomerProfile>> SearchCustomers(const std::string& query,
                                                                int page_size,
                                                                const std::string& page_token) = 0;
  virtual absl::StatusOr<std::vector<domain::FulfillmentNode>> ListNodes() = 0;

  // Shipments oldest first. NOT_FOUND for an unknown shipment id.
  virtual absl::StatusOr<Page<ShipmentView>> ListShipments(const ShipmentFilter& filter) = 0;
  virtual absl::StatusOr<ShipmentView> GetShipment(const std::string& shipment_id) = 0;

  // Refused channel payloads, newest first; `channel` empty: every channel.
  // INVALID_ARGUMENT for a malformed page token.
  virtual absl::StatusOr<Page<RejectedIntake>> ListRejectedIntake(
      const std::string& channel, int page_size, const std::string& page_token) = 0;

  // The principal a bearer token names; NOT_FOUND for an unknown token.
  virtual absl::StatusOr<Principal> PrincipalForToken(const std::string& token) = 0;

  // Where a principal's idempotency key was first taken (its region and
  // what it made), this region's own keys and those learnt from peers'
  // events (docs/REGIONS.md); nullopt for a key never seen.
  virtual absl::StatusOr<std::optional<KeyHolder>> KeyHolderOf(const std::string& principal_id,
                                                               const std::string& key) = 0;
};

}  // namespace oms::application
