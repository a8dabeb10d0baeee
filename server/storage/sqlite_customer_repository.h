#pragma once

#include <string>

#include "server/domain/repositories.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Customers in SQLite. NOT_FOUND "customer X not found".
// Not thread-safe: one connection's thread only.
class SqliteCustomerRepository : public domain::CustomerRepository {
 public:
  explicit SqliteCustomerRepository(Connection& connection) : connection_(connection) {}

  absl::StatusOr<domain::Customer> Get(const std::string& customer_id) override;

 private:
  Connection& connection_;
};

// The shared query behind Get(), also used by the read model.
absl::StatusOr<domain::Customer> GetCustomer(Connection& connection,
                                             const std::string& customer_id);

}  // namespace oms::storage
