#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/repositories.h"
#include "server/storage/event_log.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Orders in SQLite: one `orders` row per order (searchable columns plus the
// whole OrderState as JSON in `body`), its search keys in order_skus,
// order_nodes and order_name_tokens, and its events in the outbox, all in
// the caller's transaction (see domain::OrderRepository).
//
// Insert and Update take the order's recorded events, write one outbox row
// each stamped with the new version (the last carrying the full snapshot,
// see EventLog), and leave `order` holding the saved state at its new
// version, ready for another change in the same unit. A save that fails
// leaves the transaction to be rolled back by the unit; the order's events
// are gone from the object by then, so it must not be saved again.
// Errors: NOT_FOUND for an unknown id or number, ALREADY_EXISTS on Insert of
// a taken id or number, ABORTED "order X was changed by someone else; retry"
// when the stored version moved on, INTERNAL for an unreadable body.
// Not thread-safe: writer thread only.
class SqliteOrderRepository : public domain::OrderRepository {
 public:
  SqliteOrderRepository(Connection& connection, EventLog& events);

  absl::StatusOr<domain::Order> Load(const std::string& order_id) override;
  absl::StatusOr<domain::Order> LoadByNumber(const std::string& order_number) override;
  absl::Status Insert(domain::Order& order) override;
  absl::Status Update(domain::Order& order) override;
  absl::StatusOr<bool> NumberTaken(const std::string& order_number) override;
  absl::StatusOr<int64_t> UnitsBought(const std::string& customer_id, const std::string& email,
                                      const std::string& sku) override;
  absl::StatusOr<std::optional<std::string>> FindByExternalRef(
      const std::string& channel, const std::string& external_ref) override;
  absl::StatusOr<std::vector<std::string>> WaitingFor(const std::string& sku, bool preorders,
                                                      int limit) override;
  absl::StatusOr<std::vector<std::string>> PreorderedSkus() override;
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PickupsExpiredBy(
      absl::Time now, int limit) override;
  absl::StatusOr<std::map<std::string, int>> ShipmentsCreatedSince(absl::Time since) override;
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AuthorizationsMadeBy(
      absl::Time made_by, absl::Time now, int limit) override;
  absl::Status PutOffRenewal(const std::string& order_id, const std::string& tender_id,
                             absl::Time until) override;

  // Another region's order as its home last saved it (docs/REGIONS.md): the
  // `orders` row and the keys search uses (SKUs, nodes, name words), so
  // GetOrder and SearchOrders find it here. Nothing else: no events (the
  // caller copies the home's), no shipments, card authorizations or
  // backorder queues, which only the home works on. A version not newer
  // than the stored one is left alone (false). INVALID_ARGUMENT for an
  // order of this region: that one is only ever saved by Insert and Update.
  absl::StatusOr<bool> StoreReplica(const domain::OrderState& state);

 private:
  absl::StatusOr<domain::Order> LoadWhere(std::string_view sql, const std::string& key,
                                          const char* what);
  absl::Status WriteIndexKeys(const domain::OrderState& state, const std::string& old_keys,
                              const std::string& new_keys);
  // Upserts the shipments projection of the order.
  absl::Status WriteShipments(const domain::OrderState& state);
  // Keeps card_authorizations (migration 0007) in step with the order's
  // card tenders: a row per open authorization, none for the others.
  absl::Status WriteCardAuthorizations(const domain::OrderState& state);
  absl::Status AppendEvents(domain::Order& order, domain::OrderState saved,
                            const std::string& body);

  Connection& connection_;
  EventLog& events_;
};

}  // namespace oms::storage
