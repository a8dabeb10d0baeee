#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/application/accounts.h"
#include "server/application/unit_of_work.h"

namespace oms::application {

// What a successful sign-in or refresh hands back: two secrets shown once.
struct Session {
  std::string access_token;
  absl::Time access_expires_at;
  std::string refresh_token;
  absl::Time refresh_expires_at;
  std::string principal_id;
  std::string display_name;
  std::string role;
  Scopes scopes;
};

// Staff sign-in: Login with name and password, Refresh (rotating), Logout.
// Thread-safe. Password checks run on the calling thread (they are slow on
// purpose), never on the database writer.
class SignIn {
 public:
  SignIn(UnitOfWork& unit_of_work, const Clock& clock, SignInSettings settings,
         CredentialsListener* listener = nullptr);

  // INVALID_ARGUMENT for an empty username or password.
  // UNAUTHENTICATED "wrong username or password" for an unknown user and a
  // wrong password alike; RESOURCE_EXHAUSTED while the account is locked
  // after `max_failed_attempts` failures (the message says until when);
  // PERMISSION_DENIED for a disabled account (only to the right password).
  absl::StatusOr<Session> Login(const std::string& username, const std::string& password);
  // Exchanges a refresh token for a new pair; the one given stops working.
  // INVALID_ARGUMENT for an empty one.
  // UNAUTHENTICATED for an unknown, used, revoked or expired refresh token
  // or one of a disabled account.
  absl::StatusOr<Session> Refresh(const std::string& refresh_token);
  // Revokes the access token and, when not empty, the refresh token (if it
  // is the same principal's).
  absl::Status Logout(const std::string& access_token, const std::string& refresh_token);

 private:
  absl::StatusOr<Session> Issue(AccountRepository& accounts, const StaffAccount& account,
                                absl::Time now);
  void Notify();

  UnitOfWork& unit_of_work_;
  const Clock& clock_;
  const SignInSettings settings_;
  CredentialsListener* listener_;
};

}  // namespace oms::application
