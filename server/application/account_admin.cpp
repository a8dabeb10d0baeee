#include "server/application/account_admin.h"

#include "server/application/policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/ids.h"
#include "common/password_hash.h"
#include "common/sha256.h"

namespace oms::application {
namespace {

constexpr size_t kMinPasswordLength = 10;

// Every AdminService row of the policy table names admins alone; asked
// here too, so the use case holds without the gRPC layer.
absl::Status RequireAdmin(const Actor& actor) {
  return Authorize("oms.v1.AdminService/CreateUser", actor);
}

absl::Status ValidateRole(const std::string& role, bool staff) {
  const auto& roles = KnownRoles();
  if (std::find(roles.begin(), roles.end(), role) == roles.end() || (staff && role == "channel")) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown role '", role, "'; one of ", absl::StrJoin(roles, ", "),
                     staff ? " (channel is for service tokens)" : ""));
  }
  return absl::OkStatus();
}

absl::Status ValidatePassword(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("the password needs at least ", kMinPasswordLength, " characters"));
  }
  return absl::OkStatus();
}

std::string ScopesText(const Scopes& s) {
  return absl::StrCat(
      "stores=", absl::StrJoin(s.stores, ","), " nodes=", absl::StrJoin(s.nodes, ","),
      " regions=", absl::StrJoin(s.regions, ","), " channels=", absl::StrJoin(s.channels, ","));
}

}  // namespace

absl::Status ValidateAccountName(const std::string& name, const char* what) {
  const bool ok =
      name.size() >= 3 && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " '", name, "' is not valid: use 3 to 64 of a-z, 0-9, '.', '_' and '-'"));
}

AccountAdmin::AccountAdmin(UnitOfWork& unit_of_work, const Clock& clock,
                           CredentialsListener* listener)
    : unit_of_work_(unit_of_work), clock_(clock), listener_(listener) {}

void AccountAdmin::Notify() {
  if (listener_ != nullptr) listener_->CredentialsChanged();
}

absl::StatusOr<StaffAccount> AccountAdmin::CreateUser(const Actor& actor,
                                                      const NewAccount& request) {
  if (absl::Status s = RequireAdmin(actor); !s.ok()) return s;
  if (absl::Status s = ValidateAccountName(request.username, "username"); !s.ok()) return s;
  if (absl::Status s = ValidateRole(request.role, /*staff=*/true); !s.ok()) return s;
  if (absl::Status s = ValidatePassword(request.password); !s.ok()) return s;
  auto hash = HashPassword(request.password);
  if (!hash.ok()) return hash.status();
  StaffAccount account{
      .username = request.username,
      .principal_id = absl::StrCat("staff:", request.username),
      .display_name = request.display_name.empty() ? request.username : request.display_name,
      .password_hash = *hash,
      .role = request.role,
      .scopes = request.scopes,
      .version = 1};
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    tx.SetActor(actor);
    account.created_at = account.updated_at = clock_.Now();
    if (absl::Status s = tx.accounts().InsertAccount(account); !s.ok()) return s;
    return tx.accounts().Record(
        {.aggregate_type = "account",
         .aggregate_id = account.username,
         .version = 1,
         .event_type = "AccountCreated",
         .summary = absl::StrCat("account ", account.username, " created with role ", account.role),
         .details = {{"role", account.role},
                     {"display_name", account.display_name},
                     {"scopes", ScopesText(account.scopes)}}},
        account.created_at);
  });
  if (!unit.ok()) return unit;
  return account;
}

absl::StatusOr<StaffAccount> AccountAdmin::Change(
    const Actor& actor, const std::string& username, const std::string& event_type,
    const std::function<absl::Status(StaffAccount&, AccountRepository&, AccountEvent&)>& change) {
  if (absl::Status s = RequireAdmin(actor); !s.ok()) return s;
  StaffAccount result;
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    tx.SetActor(actor);
    AccountRepository& accounts = tx.accounts();
    auto found = accounts.FindAccount(username);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("no account named '", username, "' (omsctl admin user list shows them)"));
    }
    StaffAccount account = **std::move(found);
    AccountEvent event{.aggregate_type = "account",
                       .aggregate_id = username,
                       .version = account.version + 1,
                       .event_type = event_type};
    if (absl::Status s = change(account, accounts, event); !s.ok()) return s;
    account.updated_at = clock_.Now();
    if (absl::Status s = accounts.UpdateAccount(account); !s.ok()) return s;
    account.version += 1;
    result = account;
    return accounts.Record(event, account.updated_at);
  });
  if (!unit.ok()) return unit;
  Notify();
  return result;
}

absl::StatusOr<StaffAccount> AccountAdmin::UpdateUser(const Actor& actor,
                                                      const AccountChanges& changes) {
  if (changes.role.has_value()) {
    if (absl::Status s = ValidateRole(*changes.role, true); !s.ok()) return s;
  }
  return Change(actor, changes.username, "AccountUpdated",
                [&](StaffAccount& a, AccountRepository&, AccountEvent& e) {
                  if (changes.display_name) a.display_name = *changes.display_name;
                  if (changes.role) a.role = *changes.role;
                  if (changes.scopes) a.scopes = *changes.scopes;
                  e.summary = absl::StrCat("account ", a.username, " updated: role ", a.role, ", ",
                                           ScopesText(a.scopes));
                  e.details = {{"role", a.role},
                               {"display_name", a.display_name},
                               {"scopes", ScopesText(a.scopes)}};
                  return absl::OkStatus();
                });
}

absl::StatusOr<StaffAccount> AccountAdmin::SetDisabled(const Actor& actor,
                                                       const std::string& username, bool disabled) {
  return Change(actor, username, disabled ? "AccountDisabled" : "AccountEnabled",
                [&](StaffAccount& a, AccountRepository& accounts, AccountEvent& e) -> absl::Status {
                  if (disabled && a.principal_id == actor.principal_id) {
                    return absl::FailedPreconditionError(
                        "an admin cannot disable their own account; ask another admin");
                  }
                  a.disabled = disabled;
                  e.summary =
                      absl::StrCat("account ", a.username, disabled ? " disabled" : " enabled");
                  if (!disabled) return absl::OkStatus();
                  return accounts.RevokeSessionsOf(a.principal_id, clock_.Now());
                });
}

absl::StatusOr<StaffAccount> AccountAdmin::ResetPassword(const Actor& actor,
                                                         const std::string& username,
                                                         const std::string& new_password) {
  if (absl::Status s = RequireAdmin(actor); !s.ok()) return s;
  if (absl::Status s = ValidatePassword(new_password); !s.ok()) return s;
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  return Change(actor, username, "AccountPasswordReset",
                [&](StaffAccount& a, AccountRepository& accounts, AccountEvent& e) {
                  a.password_hash = *hash;
                  a.failed_attempts = 0;
                  a.locked_until.reset();
                  e.summary = absl::StrCat("password of ", a.username,
                                           " reset; lock-out cleared, sessions ended");
                  return accounts.RevokeSessionsOf(a.principal_id, clock_.Now());
                });
}

absl::StatusOr<std::vector<StaffAccount>> AccountAdmin::ListUsers(const Actor& actor) {
  if (absl::Status s = RequireAdmin(actor); !s.ok()) return s;
  std::vector<StaffAccount> result;
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    auto list = tx.accounts().ListAccounts();
    if (!list.ok()) return list.status();
    result = *std::move(list);
    return absl::OkStatus();
  });
  if (!unit.ok()) return unit;
  return result;
}

absl::StatusOr<IssuedServiceToken> AccountAdmin::CreateServiceToken(
    const Actor& actor, const NewServiceToken& request) {
  if (absl::Status s = RequireAdmin(actor); !s.ok()) return s;
  if (absl::Status s = ValidateAccountName(request.name, "token name"); !s.ok()) return s;
  if (absl::Status s = ValidateRole(request.role, /*staff=*/false); !s.ok()) return s;
  if (request.expires_in.has_value() && *request.expires_in <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("expires_in must be positive (or absent: never expires)");
  }
  IssuedServiceToken issued{.secret = absl::StrCat("oms_", NewSecretToken(32))};
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    tx.SetActor(actor);
    const absl::Time now = clock_.Now();
    StoredToken& t = issued.token;
    t = StoredToken{
        .token_hash = Sha256Hex(issued.secret),
        .token_id = absl::StrCat("tok_", NewUlid(now)),
        .kind = StoredToken::Kind::kService,
        .principal_id = absl::StrCat("service:", request.name),
        .display_name = request.description.empty() ? request.name : request.description,
        .role = request.role,
        .scopes = request.scopes,
        .name = request.name,
        .description = request.description,
        .created_at = now,
        .created_by = actor.principal_id};
    if (request.expires_in.has_value()) t.expires_at = now + *request.expires_in;
    if (absl::Status s = tx.accounts().InsertToken(t); !s.ok()) return s;
    return tx.accounts().Record(
        {.aggregate_type = "service_token",
         .aggregate_id = t.token_id,
         .version = 1,
         .event_type = "ServiceTokenCreated",
         .summary = absl::StrCat("service token ", t.token_id, " (", t.name, ") created with role ",
                                 t.role),
         .details = {{"name", t.name},
                     {"role", t.role},
                     {"scopes", ScopesText(t.scopes)},
                     {"expires_at", t.expires_at ? absl::FormatTime(*t.expires_at) : "never"}}},
        now);
  });
  if (!unit.ok()) return unit;
  return issued;
}

absl::StatusOr<StoredToken> AccountAdmin::RevokeServiceToken(const Actor& actor,
                                                             const std::string& token_id) {
  if (absl::Status s = RequireAdmin(actor); !s.ok()) return s;
  StoredToken result;
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    tx.SetActor(actor);
    const absl::Time now = clock_.Now();
    auto found = tx.accounts().FindTokenById(token_id);
    if (!found.ok()) return found.status();
    if (!found->has_value() || (*found)->kind != StoredToken::Kind::kService) {
      return absl::NotFoundError(absl::StrCat("no service token with id '", token_id,
                                              "' (omsctl admin token list shows them)"));
    }
    result = **found;
    if (result.revoked_at.has_value()) return absl::OkStatus();
    result.revoked_at = now;
    if (absl::Status s = tx.accounts().RevokeToken(result.token_hash, now); !s.ok()) return s;
    return tx.accounts().Record(
        {.aggregate_type = "service_token",
         .aggregate_id = token_id,
         .version = 2,
         .event_type = "ServiceTokenRevoked",
         .summary = absl::StrCat("service token ", token_id, " (", result.name, ") revoked"),
         .details = {{"name", result.name}}},
        now);
  });
  if (!unit.ok()) return unit;
  Notify();
  return result;
}

absl::StatusOr<std::vector<StoredToken>> AccountAdmin::ListServiceTokens(const Actor& actor,
                                                                         bool include_revoked) {
  if (absl::Status s = RequireAdmin(actor); !s.ok()) return s;
  std::vector<StoredToken> result;
  absl::Status unit = unit_of_work_.RunSync([&](Transaction& tx) -> absl::Status {
    auto list = tx.accounts().ListServiceTokens(include_revoked);
    if (!list.ok()) return list.status();
    result = *std::move(list);
    return absl::OkStatus();
  });
  if (!unit.ok()) return unit;
  return result;
}

}  // namespace oms::application
