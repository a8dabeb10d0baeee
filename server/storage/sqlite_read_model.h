#pragma once

#include <string>
#include <vector>

#include "server/application/queries.h"
#include "server/storage/read_pool.h"

namespace oms::storage {

// application::ReadModel answered from the ReadPool's read-only connections:
// each call leases one connection for its duration and never waits for the
// writer (WAL snapshots); a call that reads several tables does so in one
// read transaction, so it sees one consistent moment.
//
// Paging everywhere is keyset paging with opaque tokens (page_token.h):
// page sizes are clamped to 1..500 (0 or less: 50 orders, 100 events or
// stock rows, 50 products or customers); next_page_token is empty on the
// last page; a malformed or foreign token is INVALID_ARGUMENT "page_token: ...".
//   SearchOrders     see order_search_sql.h for filters and index use; a
//                    name or number prefix is first probed (a capped count
//                    on its index) to decide whether it drives the query.
//   ListEvents       one aggregate's events by sequence; an empty aggregate
//                    id lists the region's whole log.
//   ListStock        by SKU, node and/or the node's region, in (sku, node) order.
//   ListProducts     name or SKU containing the text, case-insensitive, by SKU.
//   SearchCustomers  "@" in the query: exact email; only digits and phone
//                    punctuation: exact phone digits; otherwise a prefix of the
//                    name (words lower-cased); empty: everyone; by id or name.
//   GetCustomer      with wallet and store-credit balances and the currency
//                    of those accounts (or of the home region, from settings
//                    "currency.<region>", when they have no postings yet).
//   ListShipments    by node, statuses and/or order, oldest first, from the
//                    shipments projection; each answered from its order's body.
//   PrincipalForToken  looks up the SHA-256 of the token; NOT_FOUND when
//                    unknown (the message never repeats the token).
// NOT_FOUND for a missing order, product or customer; INTERNAL for a row this
// version cannot read. The pool must outlive this object. Thread-safe.
class SqliteReadModel : public application::ReadModel {
 public:
  explicit SqliteReadModel(ReadPool& pool) : pool_(pool) {}

  absl::StatusOr<domain::OrderState> GetOrder(const std::string& order_id) override;
  absl::StatusOr<domain::OrderState> GetOrderByNumber(const std::string& number) override;
  absl::StatusOr<application::Page<application::OrderSummaryRow>> SearchOrders(
      const application::OrderSearch& search) override;
  absl::StatusOr<application::Page<application::StoredEvent>> ListAuditLog(
      const application::AuditQuery& query) override;
  absl::StatusOr<application::Page<application::StoredEvent>> ListEvents(
      const std::string& aggregate_id, int page_size, const std::string& page_token) override;

  absl::StatusOr<std::vector<domain::StockLevel>> Availability(const std::string& sku) override;
  absl::StatusOr<application::Page<domain::StockLevel>> ListStock(
      const application::StockFilter& filter) override;

  absl::StatusOr<domain::Product> GetProduct(const std::string& sku) override;
  absl::StatusOr<application::Page<domain::Product>> ListProducts(
      const std::string& name_contains, int page_size, const std::string& page_token) override;
  absl::StatusOr<application::CustomerProfile> GetCustomer(const std::string& customer_id) override;
  absl::StatusOr<application::Page<application::CustomerProfile>> SearchCustomers(
      const std::string& query, int page_size, const std::string& page_token) override;
  absl::StatusOr<std::vector<domain::FulfillmentNode>> ListNodes() override;

  absl::StatusOr<application::Page<application::RejectedIntake>> ListRejectedIntake(
      const std::string& channel, int page_size, const std::string& page_token) override;

  absl::StatusOr<application::Principal> PrincipalForToken(const std::string& token) override;
  absl::StatusOr<std::optional<application::KeyHolder>> KeyHolderOf(
      const std::string& principal_id, const std::string& key) override;

  absl::StatusOr<application::Page<application::ShipmentView>> ListShipments(
      const application::ShipmentFilter& filter) override;
  absl::StatusOr<application::ShipmentView> GetShipment(const std::string& shipment_id) override;

 private:
  ReadPool& pool_;
};

}  // namespace oms::storage
