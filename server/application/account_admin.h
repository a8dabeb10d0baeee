#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/application/accounts.h"
#include "server/application/unit_of_work.h"

namespace oms::application {

struct NewAccount {
  std::string username;
  std::string display_name;
  std::string password;
  std::string role;
  Scopes scopes;
};

struct AccountChanges {
  std::string username;
  std::optional<std::string> display_name;
  std::optional<std::string> role;
  std::optional<Scopes> scopes;
};

struct NewServiceToken {
  std::string name;
  std::string description;
  std::string role;
  Scopes scopes;
  std::optional<absl::Duration> expires_in;  // none: never expires
};

struct IssuedServiceToken {
  StoredToken token;
  std::string secret;  // shown once
};

// What admins do to accounts and service credentials. Every call needs an
// actor with role admin (PERMISSION_DENIED otherwise; the lead's policy
// table will take this over). Every change writes one event ("account" or
// "service_token") in the same transaction, and tells the listener after
// the commit so cached tokens are re-checked at once. Thread-safe.
class AccountAdmin {
 public:
  AccountAdmin(UnitOfWork& unit_of_work, const Clock& clock,
               CredentialsListener* listener = nullptr);

  // INVALID_ARGUMENT for a bad username, role or short password;
  // ALREADY_EXISTS when the username is taken.
  absl::StatusOr<StaffAccount> CreateUser(const Actor& actor, const NewAccount& request);
  // NOT_FOUND for an unknown username.
  absl::StatusOr<StaffAccount> UpdateUser(const Actor& actor, const AccountChanges& changes);
  // Disabling revokes the account's sessions; FAILED_PRECONDITION when an
  // admin disables their own account.
  absl::StatusOr<StaffAccount> SetDisabled(const Actor& actor, const std::string& username,
                                           bool disabled);
  // New password, lock-out cleared, sessions revoked.
  absl::StatusOr<StaffAccount> ResetPassword(const Actor& actor, const std::string& username,
                                             const std::string& new_password);
  absl::StatusOr<std::vector<StaffAccount>> ListUsers(const Actor& actor);

  absl::StatusOr<IssuedServiceToken> CreateServiceToken(const Actor& actor,
                                                        const NewServiceToken& request);
  // NOT_FOUND for an unknown token id; revoking twice is fine.
  absl::StatusOr<StoredToken> RevokeServiceToken(const Actor& actor, const std::string& token_id);
  absl::StatusOr<std::vector<StoredToken>> ListServiceTokens(const Actor& actor,
                                                             bool include_revoked);

 private:
  absl::StatusOr<StaffAccount> Change(
      const Actor& actor, const std::string& username, const std::string& event_type,
      const std::function<absl::Status(StaffAccount&, AccountRepository&, AccountEvent&)>& change);
  void Notify();

  UnitOfWork& unit_of_work_;
  const Clock& clock_;
  CredentialsListener* listener_;
};

// INVALID_ARGUMENT unless 3..64 characters of a-z 0-9 . _ -
absl::Status ValidateAccountName(const std::string& name, const char* what);

}  // namespace oms::application
