#include "server/storage/sqlite_account_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/order_codec.h"
#include "server/storage/scopes_json.h"

namespace oms::storage {
namespace {

using application::StaffAccount;
using application::StoredToken;

constexpr char kAccountColumns[] =
    "username, principal_id, display_name, password_hash, role, scopes_json, disabled, "
    "failed_attempts, locked_until, last_login_at, version, created_at, updated_at";

constexpr char kTokenColumns[] =
    "token_hash, COALESCE(token_id, ''), kind, principal_id, display_name, role, scopes_json, "
    "name, description, expires_at, revoked_at, created_at, created_by";

std::optional<absl::Time> OptionalTime(const Statement& s, int col) {
  if (s.ColumnIsNull(col)) return std::nullopt;
  return FromMicros(s.ColumnInt(col));
}

void BindOptionalTime(Statement& s, int index, const std::optional<absl::Time>& t) {
  if (t.has_value()) {
    s.Bind(index, ToMicros(*t));
  } else {
    s.BindNull(index);
  }
}

absl::StatusOr<StaffAccount> ReadAccount(const Statement& s) {
  auto scopes = ScopesFromJson(s.ColumnText(5));
  if (!scopes.ok()) return scopes.status();
  return StaffAccount{.username = s.ColumnText(0),
                      .principal_id = s.ColumnText(1),
                      .display_name = s.ColumnText(2),
                      .password_hash = s.ColumnText(3),
                      .role = s.ColumnText(4),
                      .scopes = *scopes,
                      .disabled = s.ColumnInt(6) != 0,
                      .failed_attempts = static_cast<int>(s.ColumnInt(7)),
                      .locked_until = OptionalTime(s, 8),
                      .last_login_at = OptionalTime(s, 9),
                      .version = s.ColumnInt(10),
                      .created_at = FromMicros(s.ColumnInt(11)),
                      .updated_at = FromMicros(s.ColumnInt(12))};
}

StoredToken::Kind KindFrom(const std::string& name) {
  if (name == "demo") return StoredToken::Kind::kDemo;
  if (name == "refresh") return StoredToken::Kind::kRefresh;
  if (name == "service") return StoredToken::Kind::kService;
  return StoredToken::Kind::kAccess;
}

absl::StatusOr<StoredToken> ReadToken(const Statement& s) {
  auto scopes = ScopesFromJson(s.ColumnText(6));
  if (!scopes.ok()) return scopes.status();
  return StoredToken{.token_hash = s.ColumnText(0),
                     .token_id = s.ColumnText(1),
                     .kind = KindFrom(s.ColumnText(2)),
                     .principal_id = s.ColumnText(3),
                     .display_name = s.ColumnText(4),
                     .role = s.ColumnText(5),
                     .scopes = *scopes,
                     .name = s.ColumnText(7),
                     .description = s.ColumnText(8),
                     .expires_at = OptionalTime(s, 9),
                     .revoked_at = OptionalTime(s, 10),
                     .created_at = FromMicros(s.ColumnInt(11)),
                     .created_by = s.ColumnText(12)};
}

}  // namespace

absl::Status InsertStaffAccount(Connection& connection, const StaffAccount& a) {
  absl::StatusOr<Statement> insert = connection.Prepare(
      absl::StrCat("INSERT INTO staff_accounts (", kAccountColumns,
                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  if (!insert.ok()) return insert.status();
  insert->Bind(1, a.username)
      .Bind(2, a.principal_id)
      .Bind(3, a.display_name)
      .Bind(4, a.password_hash)
      .Bind(5, a.role)
      .Bind(6, ScopesToJson(a.scopes))
      .Bind(7, a.disabled ? 1 : 0)
      .Bind(8, a.failed_attempts);
  BindOptionalTime(*insert, 9, a.locked_until);
  BindOptionalTime(*insert, 10, a.last_login_at);
  insert->Bind(11, a.version).Bind(12, ToMicros(a.created_at)).Bind(13, ToMicros(a.updated_at));
  absl::Status status = insert->Run();
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError(
        absl::StrCat("an account named '", a.username, "' already exists; pick another username"));
  }
  return status;
}

absl::StatusOr<std::optional<StaffAccount>> SqliteAccountRepository::FindAccount(
    const std::string& username) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      absl::StrCat("SELECT ", kAccountColumns, " FROM staff_accounts WHERE username = ?1"));
  if (!select.ok()) return select.status();
  select->Bind(1, username);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<StaffAccount>();
  auto account = ReadAccount(*select);
  if (!account.ok()) return account.status();
  return std::optional<StaffAccount>(*std::move(account));
}

absl::StatusOr<std::vector<StaffAccount>> SqliteAccountRepository::ListAccounts() {
  absl::StatusOr<Statement> select = connection_.Prepare(
      absl::StrCat("SELECT ", kAccountColumns, " FROM staff_accounts ORDER BY username"));
  if (!select.ok()) return select.status();
  std::vector<StaffAccount> result;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto account = ReadAccount(*select);
    if (!account.ok()) return account.status();
    result.push_back(*std::move(account));
  }
  return result;
}

absl::Status SqliteAccountRepository::InsertAccount(const StaffAccount& account) {
  return InsertStaffAccount(connection_, account);
}

absl::Status SqliteAccountRepository::UpdateAccount(const StaffAccount& a) {
  absl::StatusOr<Statement> update = connection_.Prepare(
      "UPDATE staff_accounts SET display_name = ?2, password_hash = ?3, role = ?4, "
      "scopes_json = ?5, disabled = ?6, failed_attempts = ?7, locked_until = ?8, "
      "last_login_at = ?9, updated_at = ?10, version = version + 1 "
      "WHERE username = ?1 AND version = ?11");
  if (!update.ok()) return update.status();
  update->Bind(1, a.username)
      .Bind(2, a.display_name)
      .Bind(3, a.password_hash)
      .Bind(4, a.role)
      .Bind(5, ScopesToJson(a.scopes))
      .Bind(6, a.disabled ? 1 : 0)
      .Bind(7, a.failed_attempts);
  BindOptionalTime(*update, 8, a.locked_until);
  BindOptionalTime(*update, 9, a.last_login_at);
  update->Bind(10, ToMicros(a.updated_at)).Bind(11, a.version);
  if (absl::Status s = update->Run(); !s.ok()) return s;
  if (connection_.Changes() == 0) {
    return absl::AbortedError(
        absl::StrCat("account ", a.username, " was changed by someone else meanwhile; retry"));
  }
  return absl::OkStatus();
}

absl::Status SqliteAccountRepository::InsertToken(const StoredToken& t) {
  absl::StatusOr<Statement> insert = connection_.Prepare(absl::StrCat(
      "INSERT INTO api_tokens (token_hash, token_id, kind, principal_id, display_name, role, "
      "scopes_json, name, description, expires_at, revoked_at, created_at, created_by) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  if (!insert.ok()) return insert.status();
  insert->Bind(1, t.token_hash);
  if (t.token_id.empty()) {
    insert->BindNull(2);
  } else {
    insert->Bind(2, t.token_id);
  }
  insert->Bind(3, StoredToken::KindName(t.kind))
      .Bind(4, t.principal_id)
      .Bind(5, t.display_name)
      .Bind(6, t.role)
      .Bind(7, ScopesToJson(t.scopes))
      .Bind(8, t.name)
      .Bind(9, t.description);
  BindOptionalTime(*insert, 10, t.expires_at);
  BindOptionalTime(*insert, 11, t.revoked_at);
  insert->Bind(12, ToMicros(t.created_at)).Bind(13, t.created_by);
  return insert->Run();
}

absl::StatusOr<std::optional<StoredToken>> SqliteAccountRepository::FindToken(
    const char* column, const std::string& value) {
  absl::StatusOr<Statement> select = connection_.Prepare(
      absl::StrCat("SELECT ", kTokenColumns, " FROM api_tokens WHERE ", column, " = ?1"));
  if (!select.ok()) return select.status();
  select->Bind(1, value);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<StoredToken>();
  auto token = ReadToken(*select);
  if (!token.ok()) return token.status();
  return std::optional<StoredToken>(*std::move(token));
}

absl::StatusOr<std::optional<StoredToken>> SqliteAccountRepository::FindTokenByHash(
    const std::string& hash) {
  return FindToken("token_hash", hash);
}

absl::StatusOr<std::optional<StoredToken>> SqliteAccountRepository::FindTokenById(
    const std::string& id) {
  return FindToken("token_id", id);
}

absl::Status SqliteAccountRepository::RevokeToken(const std::string& token_hash, absl::Time at) {
  absl::StatusOr<Statement> update = connection_.Prepare(
      "UPDATE api_tokens SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL");
  if (!update.ok()) return update.status();
  update->Bind(1, token_hash).Bind(2, ToMicros(at));
  return update->Run();
}

absl::Status SqliteAccountRepository::RevokeSessionsOf(const std::string& principal_id,
                                                       absl::Time at) {
  absl::StatusOr<Statement> update = connection_.Prepare(
      "UPDATE api_tokens SET revoked_at = ?2 WHERE principal_id = ?1 AND revoked_at IS NULL "
      "AND kind IN ('access', 'refresh')");
  if (!update.ok()) return update.status();
  update->Bind(1, principal_id).Bind(2, ToMicros(at));
  return update->Run();
}

absl::StatusOr<std::vector<StoredToken>> SqliteAccountRepository::ListServiceTokens(
    bool include_revoked) {
  absl::StatusOr<Statement> select =
      connection_.Prepare(absl::StrCat("SELECT ", kTokenColumns,
                                       " FROM api_tokens WHERE kind = 'service' AND (?1 OR "
                                       "revoked_at IS NULL) ORDER BY created_at, token_id"));
  if (!select.ok()) return select.status();
  select->Bind(1, include_revoked ? 1 : 0);
  std::vector<StoredToken> result;
  while (true) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto token = ReadToken(*select);
    if (!token.ok()) return token.status();
    result.push_back(*std::move(token));
  }
  return result;
}

absl::Status SqliteAccountRepository::Record(const application::AccountEvent& event,
                                             absl::Time at) {
  nlohmann::json details = nlohmann::json::object();
  for (const auto& [key, value] : event.details) details[key] = value;
  absl::StatusOr<int64_t> seq = events_.Append({.aggregate_type = event.aggregate_type,
                                                .aggregate_id = event.aggregate_id,
                                                .aggregate_version = event.version,
                                                .event_type = event.event_type,
                                                .summary = event.summary,
                                                .occurred_at = at,
                                                .details = std::move(details)});
  return seq.status();
}

}  // namespace oms::storage
