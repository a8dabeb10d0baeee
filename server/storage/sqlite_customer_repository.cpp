#include "server/storage/sqlite_customer_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/row_readers.h"

namespace oms::storage {

absl::StatusOr<domain::Customer> GetCustomer(Connection& connection,
                                             const std::string& customer_id) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kCustomerColumns, " FROM customers WHERE customer_id = ?1");
  absl::StatusOr<Statement> select = connection.Prepare(kSql);
  if (!select.ok()) return select.status();
  select->Bind(1, customer_id);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat("customer ", customer_id, " not found"));
  return ReadCustomer(*select);
}

absl::StatusOr<domain::Customer> SqliteCustomerRepository::Get(const std::string& customer_id) {
  return GetCustomer(connection_, customer_id);
}

}  // namespace oms::storage
