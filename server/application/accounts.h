#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/actor.h"

namespace oms::application {

// The roles a principal can hold (docs/SECURITY.md). Staff accounts take
// any but channel; service tokens take any.
inline const std::vector<std::string>& KnownRoles() {
  static const std::vector<std::string> roles = {"agent", "supervisor", "warehouse",
                                                 "store", "admin",      "channel"};
  return roles;
}

// A person who signs in with a name and password.
struct StaffAccount {
  std::string username;
  std::string principal_id;  // staff:<username>
  std::string display_name;
  std::string password_hash;  // crypto_pwhash_str (common/password_hash.h)
  std::string role;
  Scopes scopes;
  bool disabled = false;
  int failed_attempts = 0;
  std::optional<absl::Time> locked_until;
  std::optional<absl::Time> last_login_at;
  int64_t version = 0;
  absl::Time created_at;
  absl::Time updated_at;
};

// A bearer token as stored: only the SHA-256 of its secret is kept.
struct StoredToken {
  enum class Kind { kDemo, kAccess, kRefresh, kService };
  std::string token_hash;  // hex SHA-256 of the secret
  std::string token_id;    // public handle of service tokens; empty for others
  Kind kind = Kind::kAccess;
  std::string principal_id;
  std::string display_name;
  std::string role;
  Scopes scopes;
  std::string name;
  std::string description;
  std::optional<absl::Time> expires_at;
  std::optional<absl::Time> revoked_at;
  absl::Time created_at;
  std::string created_by;

  bool LiveAt(absl::Time now) const {
    return !revoked_at.has_value() && (!expires_at.has_value() || *expires_at > now);
  }
  static const char* KindName(Kind kind);
};

// An audit record of a change to an account or service token, written to the
// outbox in the unit's transaction. Never holds a secret or a hash.
struct AccountEvent {
  std::string aggregate_type;  // account, service_token
  std::string aggregate_id;    // username, token id
  int64_t version = 0;
  std::string event_type;  // AccountCreated, AccountDisabled, ServiceTokenRevoked...
  std::string summary;
  std::map<std::string, std::string> details;
};

// Staff accounts and tokens in the unit's transaction. Not thread-safe:
// valid only inside the unit of work that handed it out.
class AccountRepository {
 public:
  virtual ~AccountRepository() = default;
  virtual absl::StatusOr<std::optional<StaffAccount>> FindAccount(const std::string& username) = 0;
  virtual absl::StatusOr<std::vector<StaffAccount>> ListAccounts() = 0;
  // ALREADY_EXISTS when the username is taken.
  virtual absl::Status InsertAccount(const StaffAccount& account) = 0;
  // Writes every field; `account.version` must be the stored one (ABORTED
  // otherwise) and is incremented in the row.
  virtual absl::Status UpdateAccount(const StaffAccount& account) = 0;

  virtual absl::Status InsertToken(const StoredToken& token) = 0;
  virtual absl::StatusOr<std::optional<StoredToken>> FindTokenByHash(const std::string& hash) = 0;
  virtual absl::StatusOr<std::optional<StoredToken>> FindTokenById(const std::string& id) = 0;
  virtual absl::Status RevokeToken(const std::string& token_hash, absl::Time at) = 0;
  // Revokes every live access and refresh token of the principal.
  virtual absl::Status RevokeSessionsOf(const std::string& principal_id, absl::Time at) = 0;
  virtual absl::StatusOr<std::vector<StoredToken>> ListServiceTokens(bool include_revoked) = 0;

  virtual absl::Status Record(const AccountEvent& event, absl::Time at) = 0;
};

// Sign-in rules ([auth] in the configuration).
struct SignInSettings {
  absl::Duration access_token_ttl = absl::Minutes(15);
  absl::Duration refresh_token_ttl = absl::Hours(12);
  int max_failed_attempts = 5;
  absl::Duration lockout = absl::Minutes(15);
};

// Told when credentials change so that caches of resolved tokens forget
// them at once (the API's Authenticator). Called after the commit.
class CredentialsListener {
 public:
  virtual ~CredentialsListener() = default;
  virtual void CredentialsChanged() = 0;
};

}  // namespace oms::application
