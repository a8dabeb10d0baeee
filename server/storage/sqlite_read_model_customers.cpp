// SqliteReadModel: customers and API tokens (see sqlite_read_model.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "server/domain/ledger.h"
#include "server/storage/page_token.h"
#include "server/storage/order_codec.h"
#include "server/storage/read_helpers.h"
#include "server/storage/row_readers.h"
#include "server/storage/search_keys.h"
#include "server/storage/sqlite_customer_repository.h"
#include "server/storage/sqlite_ledger_repository.h"
#include "server/storage/sqlite_read_model.h"
#include "server/storage/scopes_json.h"

namespace oms::storage {
namespace {

constexpr int kMaxPageSize = 500;
constexpr size_t kMinPhoneDigits = 3;

absl::StatusOr<application::CustomerProfile> Profile(Connection& connection,
                                                     domain::Customer customer) {
  application::CustomerProfile profile;
  const std::string store_credit = domain::StoreCreditAccount(customer.customer_id);
  const std::string wallet = domain::WalletAccount(customer.customer_id);
  absl::StatusOr<int64_t> credit = AccountBalance(connection, store_credit);
  if (!credit.ok()) return credit.status();
  absl::StatusOr<int64_t> wallet_balance = AccountBalance(connection, wallet);
  if (!wallet_balance.ok()) return wallet_balance.status();
  profile.store_credit_minor = *credit;
  profile.wallet_minor = *wallet_balance;

  // The accounts' own currency when they have postings; before that, the
  // currency the home region trades in.
  absl::StatusOr<Statement> currency = connection.Prepare(
      "SELECT currency FROM ledger_postings WHERE account IN (?1, ?2) "
      "UNION ALL SELECT value FROM settings WHERE key = ?3 LIMIT 1");
  if (!currency.ok()) return currency.status();
  currency->Bind(1, store_credit)
      .Bind(2, wallet)
      .Bind(3, absl::StrCat("currency.", customer.home_region));
  absl::StatusOr<bool> row = currency->Step();
  if (!row.ok()) return row.status();
  if (*row) profile.currency = currency->ColumnText(0);
  profile.customer = std::move(customer);
  return profile;
}

bool LooksLikePhone(const std::string& query) {
  for (const char c : query) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != ' ' && c != '+' && c != '-' &&
        c != '(' && c != ')' && c != '.' && c != '/') {
      return false;
    }
  }
  return PhoneDigits(query).size() >= kMinPhoneDigits;
}

}  // namespace

absl::StatusOr<application::CustomerProfile> SqliteReadModel::GetCustomer(
    const std::string& customer_id) {
  ReadPool::Lease connection = pool_.Acquire();
  ReadSnapshot snapshot(*connection);
  absl::StatusOr<domain::Customer> customer = storage::GetCustomer(*connection, customer_id);
  if (!customer.ok()) return customer.status();
  return Profile(*connection, *std::move(customer));
}

absl::StatusOr<application::Page<application::CustomerProfile>> SqliteReadModel::SearchCustomers(
    const std::string& query, int page_size, const std::string& page_token) {
  const int size = ClampPageSize(page_size, 50, kMaxPageSize);
  const std::string text(absl::StripAsciiWhitespace(query));

  // Each mode pages in the order of the index it uses: (key, customer_id).
  static const std::string kAll =
      absl::StrCat("SELECT ", kCustomerColumns,
                   ", '' FROM customers WHERE ?1 = '' AND customer_id > ?3 "
                   "ORDER BY customer_id LIMIT ?4");
  static const std::string kByEmail =
      absl::StrCat("SELECT ", kCustomerColumns,
                   ", '' FROM customers WHERE email_norm = ?1 "
                   "AND customer_id > ?3 ORDER BY customer_id LIMIT ?4");
  static const std::string kByPhone =
      absl::StrCat("SELECT ", kCustomerColumns,
                   ", '' FROM customers WHERE phone_digits = ?1 "
                   "AND customer_id > ?3 ORDER BY customer_id LIMIT ?4");
  static const std::string kByName =
      absl::StrCat("SELECT ", kCustomerColumns,
                   ", name_norm FROM customers WHERE name_norm >= ?1 "
                   "AND (?5 = '' OR name_norm < ?5) AND (name_norm, customer_id) > (?2, ?3) "
                   "ORDER BY name_norm, customer_id LIMIT ?4");
  const std::string* sql = &kAll;
  std::string key;
  if (text.empty()) {
    key = "";
  } else if (text.find('@') != std::string::npos) {
    sql = &kByEmail;
    key = NormalizeEmail(text);
  } else if (LooksLikePhone(text)) {
    sql = &kByPhone;
    key = PhoneDigits(text);
  } else {
    sql = &kByName;
    key = NormalizeName(text);
    if (key.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("query: '", text, "' has no letters or digits to search for"));
    }
  }

  std::string after_sort_key;
  std::string after_id;
  if (!page_token.empty()) {
    absl::StatusOr<std::vector<std::string>> parts = DecodePageToken(page_token, "customers", 3);
    if (!parts.ok()) return parts.status();
    if ((*parts)[0] != key) {
      return absl::InvalidArgumentError(
          "page_token: it belongs to another customer search; leave it empty to start again");
    }
    after_sort_key = (*parts)[1];
    after_id = (*parts)[2];
  }

  ReadPool::Lease connection = pool_.Acquire();
  ReadSnapshot snapshot(*connection);
  std::vector<std::pair<domain::Customer, std::string>> found;  // with its sort key
  {
    absl::StatusOr<Statement> select = connection->Prepare(*sql);
    if (!select.ok()) return select.status();
    select->Bind(1, key).Bind(2, after_sort_key).Bind(3, after_id).Bind(4, size + 1);
    if (sql == &kByName) select->Bind(5, PrefixEnd(key));
    absl::Status status = ForEachRow(
        *select, [&](Statement& s) { found.emplace_back(ReadCustomer(s), s.ColumnText(5)); });
    if (!status.ok()) return status;
  }
  application::Page<application::CustomerProfile> page;
  if (static_cast<int>(found.size()) > size) {
    found.pop_back();
    page.next_page_token =
        EncodePageToken("customers", {key, found.back().second, found.back().first.customer_id});
  }
  for (auto& [customer, sort_key] : found) {
    absl::StatusOr<application::CustomerProfile> profile =
        Profile(*connection, std::move(customer));
    if (!profile.ok()) return profile.status();
    page.items.push_back(*std::move(profile));
  }
  return page;
}

absl::StatusOr<application::Principal> SqliteReadModel::PrincipalForToken(
    const std::string& token) {
  ReadPool::Lease connection = pool_.Acquire();
  // A staff token takes role, scopes and name from the account as it is now,
  // so an admin's change applies on the next call; a disabled account's
  // tokens do not resolve. The fixed demo tokens keep the scopes they were
  // seeded with (staff.json). Expiry is the caller's to check (its clock).
  absl::StatusOr<Statement> select = connection->Prepare(
      "SELECT t.principal_id, COALESCE(a.display_name, t.display_name), "
      "COALESCE(a.role, t.role), "
      "CASE WHEN t.kind = 'demo' THEN t.scopes_json ELSE COALESCE(a.scopes_json, t.scopes_json) "
      "END, t.expires_at "
      "FROM api_tokens t LEFT JOIN staff_accounts a ON a.principal_id = t.principal_id "
      "WHERE t.token_hash = ?1 AND t.kind <> 'refresh' AND t.revoked_at IS NULL "
      "AND COALESCE(a.disabled, 0) = 0");
  if (!select.ok()) return select.status();
  select->Bind(1, Sha256Hex(token));
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError("unknown or revoked API token");
  absl::StatusOr<application::Scopes> scopes = ScopesFromJson(select->ColumnText(3));
  if (!scopes.ok()) return scopes.status();
  application::Principal principal{.principal_id = select->ColumnText(0),
                                   .display_name = select->ColumnText(1),
                                   .role = select->ColumnText(2),
                                   .scopes = *scopes};
  if (!select->ColumnIsNull(4)) principal.expires_at = FromMicros(select->ColumnInt(4));
  return principal;
}

absl::StatusOr<std::optional<application::KeyHolder>> SqliteReadModel::KeyHolderOf(
    const std::string& principal_id, const std::string& key) {
  ReadPool::Lease connection = pool_.Acquire();
  absl::StatusOr<Statement> select = connection->Prepare(
      "SELECT region, resource_id FROM idempotency_keys WHERE principal = ?1 AND key = ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, principal_id).Bind(2, key);
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return application::KeyHolder{select->ColumnText(0), select->ColumnText(1)};
}

}  // namespace oms::storage
