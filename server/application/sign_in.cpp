#include "server/application/sign_in.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/ids.h"
#include "common/password_hash.h"
#include "common/sha256.h"

namespace oms::application {
namespace {

constexpr char kWrongCredentials[] =
    "wrong username or password (after repeated failures the account is locked for a while)";

absl::Status LockedError(const StaffAccount& account) {
  return absl::ResourceExhaustedError(absl::StrCat(
      "account ", account.username, " is locked after too many failed sign-ins until ",
      absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", *account.locked_until, absl::UTCTimeZone()),
      "; try again then, or ask an admin to reset the password"));
}

// A hash to check unknown usernames against, so they take as long to
// refuse as a wrong password does (no user enumeration by timing).
const std::string& DecoyHash() {
  static const std::string hash = [] {
    absl::StatusOr<std::string> h = HashPassword("decoy password never used");
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

}  // namespace

SignIn::SignIn(UnitOfWork& unit_of_work, const Clock& clock, SignInSettings settings,
               CredentialsListener* listener)
    : unit_of_work_(unit_of_work), clock_(clock), settings_(settings), listener_(listener) {}

void SignIn::Notify() {
  if (listener_ != nullptr) listener_->CredentialsChanged();
}

absl::StatusOr<Session> SignIn::Issue(AccountRepository& accounts, const StaffAccount& account,
                                      absl::Time now) {
  Session session{.access_token = NewSecretToken(32),
                  .access_expires_at = now + settings_.access_token_ttl,
                  .refresh_token = NewSecretToken(32),
                  .refresh_expires_at = now + settings_.refresh_token_ttl,
                  .principal_id = account.principal_id,
                  .display_name = account.display_name,
                  .role = account.role,
                  .scopes = account.scopes};
  StoredToken token{.kind = StoredToken::Kind::kAccess,
                    .principal_id = account.principal_id,
                    .display_name = account.display_name,
                    .role = account.role,
                    .scopes = account.scopes,
                    .created_at = now,
                    .created_by = account.principal_id};
  token.token_hash = Sha256Hex(session.access_token);
  token.expires_at = session.access_expires_at;
  if (absl::Status s = accounts.InsertToken(token); !s.ok()) return s;
  token.kind = StoredToken::Kind::kRefresh;
  token.token_hash = Sha256Hex(session.refresh_token);
  token.expires_at = session.refresh_expires_at;
  if (absl::Status s = accounts.InsertToken(token); !s.ok()) return s;
  return session;
}

absl::StatusOr<Session> SignIn::Login(const std::string& username, const std::string& password) {
  if (username.empty() || password.empty()) {
    return absl::InvalidArgumentError("sign-in needs a username and a password");
  }
  std::optional<StaffAccount> account;
  absl::Status read = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    auto found = tx.accounts().FindAccount(username);
    if (!found.ok()) return found.status();
    account = *std::move(found);
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  if (!account.has_value()) {
    VerifyPassword(DecoyHash(), password);
    return absl::UnauthenticatedError(kWrongCredentials);
  }
  if (account->locked_until.has_value() && *account->locked_until > clock_.Now()) {
    return LockedError(*account);
  }
  const bool matches = VerifyPassword(account->password_hash, password);

  std::optional<Session> session;
  absl::Status outcome;  // the answer when the unit itself commits
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    AccountRepository& accounts = tx.accounts();
    auto fresh = accounts.FindAccount(username);
    if (!fresh.ok()) return fresh.status();
    if (!fresh->has_value()) return absl::UnauthenticatedError(kWrongCredentials);
    StaffAccount a = **std::move(fresh);
    tx.SetActor(Actor{a.principal_id, a.role, ""});
    const absl::Time now = clock_.Now();
    if (a.locked_until.has_value() && *a.locked_until > now) {
      outcome = LockedError(a);
      return absl::OkStatus();
    }
    if (a.locked_until.has_value()) {  // the lock has run out: a fresh start
      a.locked_until.reset();
      a.failed_attempts = 0;
    }
    if (!matches || a.password_hash != account->password_hash) {
      a.failed_attempts += 1;
      a.updated_at = now;
      outcome = absl::UnauthenticatedError(kWrongCredentials);
      if (a.failed_attempts >= settings_.max_failed_attempts) {
        a.locked_until = now + settings_.lockout;
        a.failed_attempts = 0;
        if (absl::Status s = accounts.Record(
                {.aggregate_type = "account",
                 .aggregate_id = a.username,
                 .version = a.version + 1,
                 .event_type = "AccountLockedOut",
                 .summary = absl::StrCat("account ", a.username, " locked after ",
                                         settings_.max_failed_attempts, " failed sign-ins"),
                 .details = {{"locked_until", absl::FormatTime(*a.locked_until)}}},
                now);
            !s.ok()) {
          return s;
        }
        outcome = LockedError(a);
      }
      return accounts.UpdateAccount(a);
    }
    if (a.disabled) {
      outcome = absl::PermissionDeniedError(
          absl::StrCat("account ", a.username,
                       " is disabled; ask an admin to enable it (omsctl admin user "
                       "enable ",
                       a.username, ")"));
      return absl::OkStatus();
    }
    a.failed_attempts = 0;
    a.last_login_at = now;
    a.updated_at = now;
    if (absl::Status s = accounts.UpdateAccount(a); !s.ok()) return s;
    auto issued = Issue(accounts, a, now);
    if (!issued.ok()) return issued.status();
    session = *std::move(issued);
    return absl::OkStatus();
  });
  if (!unit.ok()) return unit;
  if (!outcome.ok()) return outcome;
  return *std::move(session);
}

absl::StatusOr<Session> SignIn::Refresh(const std::string& refresh_token) {
  constexpr char kRefused[] =
      "the refresh token is unknown, used, revoked or expired; sign in again";
  if (refresh_token.empty()) {
    return absl::InvalidArgumentError("refresh needs the refresh token from Login or Refresh");
  }
  std::optional<Session> session;
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    AccountRepository& accounts = tx.accounts();
    const absl::Time now = clock_.Now();
    auto token = accounts.FindTokenByHash(Sha256Hex(refresh_token));
    if (!token.ok()) return token.status();
    if (!token->has_value() || (*token)->kind != StoredToken::Kind::kRefresh ||
        !(*token)->LiveAt(now)) {
      return absl::UnauthenticatedError(kRefused);
    }
    absl::string_view username = (*token)->principal_id;
    if (!absl::ConsumePrefix(&username, "staff:")) return absl::UnauthenticatedError(kRefused);
    auto account = accounts.FindAccount(std::string(username));
    if (!account.ok()) return account.status();
    if (!account->has_value() || (*account)->disabled) {
      return absl::UnauthenticatedError(kRefused);
    }
    if (absl::Status s = accounts.RevokeToken((*token)->token_hash, now); !s.ok()) return s;
    auto issued = Issue(accounts, **account, now);
    if (!issued.ok()) return issued.status();
    session = *std::move(issued);
    return absl::OkStatus();
  });
  if (!unit.ok()) return unit;
  return *std::move(session);  // refresh tokens are never cached: nothing to forget
}

absl::Status SignIn::Logout(const std::string& access_token, const std::string& refresh_token) {
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    AccountRepository& accounts = tx.accounts();
    const absl::Time now = clock_.Now();
    auto access = accounts.FindTokenByHash(Sha256Hex(access_token));
    if (!access.ok()) return access.status();
    if (!access->has_value()) return absl::OkStatus();
    if ((*access)->kind == StoredToken::Kind::kAccess) {
      if (absl::Status s = accounts.RevokeToken((*access)->token_hash, now); !s.ok()) return s;
    }
    if (refresh_token.empty()) return absl::OkStatus();
    auto refresh = accounts.FindTokenByHash(Sha256Hex(refresh_token));
    if (!refresh.ok()) return refresh.status();
    if (refresh->has_value() && (*refresh)->kind == StoredToken::Kind::kRefresh &&
        (*refresh)->principal_id == (*access)->principal_id) {
      return accounts.RevokeToken((*refresh)->token_hash, now);
    }
    return absl::OkStatus();
  });
  if (unit.ok()) Notify();
  return unit;
}

const char* StoredToken::KindName(Kind kind) {
  switch (kind) {
    case Kind::kDemo:
      return "demo";
    case Kind::kAccess:
      return "access";
    case Kind::kRefresh:
      return "refresh";
    case Kind::kService:
      return "service";
  }
  return "access";
}

}  // namespace oms::application
