#pragma once

#include "server/application/accounts.h"
#include "server/storage/event_log.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Staff accounts (staff_accounts) and bearer tokens (api_tokens) on the
// writer's connection; events go to the unit's EventLog.
// Not thread-safe: writer thread only.
class SqliteAccountRepository : public application::AccountRepository {
 public:
  SqliteAccountRepository(Connection& connection, EventLog& events)
      : connection_(connection), events_(events) {}

  absl::StatusOr<std::optional<application::StaffAccount>> FindAccount(
      const std::string& username) override;
  absl::StatusOr<std::vector<application::StaffAccount>> ListAccounts() override;
  absl::Status InsertAccount(const application::StaffAccount& account) override;
  absl::Status UpdateAccount(const application::StaffAccount& account) override;
  absl::Status InsertToken(const application::StoredToken& token) override;
  absl::StatusOr<std::optional<application::StoredToken>> FindTokenByHash(
      const std::string& hash) override;
  absl::StatusOr<std::optional<application::StoredToken>> FindTokenById(
      const std::string& id) override;
  absl::Status RevokeToken(const std::string& token_hash, absl::Time at) override;
  absl::Status RevokeSessionsOf(const std::string& principal_id, absl::Time at) override;
  absl::StatusOr<std::vector<application::StoredToken>> ListServiceTokens(
      bool include_revoked) override;
  absl::Status Record(const application::AccountEvent& event, absl::Time at) override;

 private:
  absl::StatusOr<std::optional<application::StoredToken>> FindToken(const char* column,
                                                                    const std::string& value);
  Connection& connection_;
  EventLog& events_;
};

// Inserts a staff account row (the demo seed uses it too). ALREADY_EXISTS
// when the username is taken.
absl::Status InsertStaffAccount(Connection& connection, const application::StaffAccount& account);

}  // namespace oms::storage
