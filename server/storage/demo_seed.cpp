#include "server/storage/demo_seed.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/password_hash.h"
#include "common/sha256.h"
#include "nlohmann/json.hpp"
#include "server/domain/fulfillment_node.h"
#include "server/domain/ledger.h"
#include "server/storage/event_log.h"
#include "server/storage/order_codec.h"
#include "server/storage/scopes_json.h"
#include "server/storage/search_keys.h"
#include "server/storage/sqlite_account_repository.h"
#include "server/storage/sqlite_ledger_repository.h"

namespace oms::storage {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::string_view kSeedPrincipal = "system:demo-seed";

// Thrown while walking one file's JSON; becomes INVALID_ARGUMENT.
struct BadData {
  std::string message;
};

absl::StatusOr<json> ReadJson(const fs::path& dir, const std::string& name) {
  const fs::path path = dir / name;
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("demo data file ", path.string(),
                                            " not found; point the resources folder at the "
                                            "one that holds demo/"));
  }
  std::stringstream text;
  text << in.rdbuf();
  json j = json::parse(text.str(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(path.string(), " is not valid JSON"));
  }
  return j;
}

// Each entry of j[key], with its position for messages.
template <typename F>
void ForEachEntry(const json& j, const char* key, F f) {
  const json& list = j.at(key);
  for (size_t i = 0; i < list.size(); ++i) {
    try {
      f(list.at(i));
    } catch (const json::exception& e) {
      throw BadData{absl::StrCat(key, "[", i, "]: ", e.what())};
    } catch (const BadData& e) {
      throw BadData{absl::StrCat(key, "[", i, "]: ", e.message)};
    }
  }
}

// Runs one statement; storage errors are thrown so one check covers a file.
struct Storage {
  absl::Status error;
};

void Run(Connection& c, std::string_view sql, const std::vector<json>& args) {
  absl::StatusOr<Statement> s = c.Prepare(sql);
  if (!s.ok()) throw Storage{s.status()};
  for (size_t i = 0; i < args.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const json& a = args[i];
    if (a.is_string()) {
      s->Bind(index, a.get<std::string>());
    } else if (a.is_boolean()) {
      s->Bind(index, static_cast<int64_t>(a.get<bool>() ? 1 : 0));
    } else if (a.is_number_integer()) {
      s->Bind(index, a.get<int64_t>());
    } else if (a.is_number()) {
      s->Bind(index, a.get<double>());
    } else {
      s->BindNull(index);
    }
  }
  if (absl::Status status = s->Run(); !status.ok()) throw Storage{status};
}

uint32_t Capabilities(const json& names) {
  uint32_t bits = 0;
  for (const json& n : names) {
    const std::string name = n.get<std::string>();
    if (name == "ship") {
      bits |= domain::kCanShip;
    } else if (name == "pickup") {
      bits |= domain::kCanPickup;
    } else if (name == "same_day") {
      bits |= domain::kCanSameDay;
    } else if (name == "carry_out") {
      bits |= domain::kCanCarryOut;
    } else {
      throw BadData{
          absl::StrCat("unknown capability '", name, "' (ship, pickup, same_day, carry_out)")};
    }
  }
  return bits;
}

std::string LoadConfig(Connection& c, const json& config, const std::string& region) {
  for (const auto& [r, currency] : config.at("currencies").items()) {
    Run(c, "INSERT INTO settings (key, value) VALUES (?1, ?2)",
        {absl::StrCat("currency.", r), currency});
  }
  if (!config.at("currencies").contains(region)) {
    throw BadData{absl::StrCat("currencies has no entry for region ", region)};
  }
  ForEachEntry(config, "tax_rates", [&](const json& t) {
    Run(c, "INSERT INTO tax_rates (region, tax_class, rate_bp) VALUES (?1, ?2, ?3)",
        {t.at("region"), t.at("tax_class"), t.at("rate_bp")});
  });
  ForEachEntry(config, "shipping_options", [&](const json& o) {
    for (const auto& [currency, price] : o.at("prices").items()) {
      Run(c,
          "INSERT INTO shipping_options (code, currency, name, price_minor) "
          "VALUES (?1, ?2, ?3, ?4)",
          {o.at("code"), currency, o.at("name"), price});
    }
  });
  return config.at("currencies").at(region).get<std::string>();
}

void LoadCatalog(Connection& c, const json& catalog, const std::string& currency, absl::Time now) {
  ForEachEntry(catalog, "products", [&](const json& p) {
    const json& prices = p.at("prices");
    if (!prices.contains(currency)) {
      throw BadData{absl::StrCat(p.at("sku").get<std::string>(), " has no price in ", currency)};
    }
    const int64_t release_unix =
        p.contains("release_in_days")
            ? absl::ToUnixSeconds(now + absl::Hours(24) * p.at("release_in_days").get<int>())
            : 0;
    Run(c,
        "INSERT INTO products (sku, name, price_minor, currency, backorder_allowed, preorder, "
        "preorder_cap, release_unix, tax_class) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        {p.at("sku"), p.at("name"), prices.at(currency), currency,
         p.value("backorder_allowed", false), p.value("preorder", false),
         p.value("preorder_cap", 0), release_unix, p.value("tax_class", "standard")});
    for (const auto& [cur, price] : prices.items()) {
      Run(c, "INSERT INTO product_prices (sku, currency, price_minor) VALUES (?1, ?2, ?3)",
          {p.at("sku"), cur, price});
    }
  });
}

void LoadNodes(Connection& c, const json& nodes) {
  ForEachEntry(nodes, "nodes", [&](const json& n) {
    const std::string type = n.at("type").get<std::string>();
    if (!domain::ParseNodeType(type).has_value()) {
      throw BadData{absl::StrCat("unknown node type '", type, "'")};
    }
    Run(c,
        "INSERT INTO nodes (node_id, name, type, region, city, postal_code, country, latitude, "
        "longitude, capabilities, cost_minor, daily_capacity, priority) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        {n.at("node_id"), n.at("name"), type, n.at("region"), n.at("city"), n.at("postal_code"),
         n.at("country"), n.at("latitude").get<double>(), n.at("longitude").get<double>(),
         Capabilities(n.at("capabilities")), n.value("cost_minor", 0), n.value("daily_capacity", 0),
         n.value("priority", 0)});
  });
}

void LoadStock(Connection& c, const json& stock, absl::Time now) {
  ForEachEntry(stock, "stock", [&](const json& s) {
    Run(c, "INSERT INTO stock (sku, node_id, on_hand, safety_stock) VALUES (?1, ?2, ?3, ?4)",
        {s.at("sku"), s.at("node_id"), s.at("on_hand"), s.value("safety_stock", 0)});
    Run(c,
        "INSERT INTO stock_ledger (sku, node_id, delta_on_hand, delta_reserved, kind, reason, "
        "occurred_at, principal) VALUES (?1, ?2, ?3, 0, 'count', 'demo opening stock', ?4, ?5)",
        {s.at("sku"), s.at("node_id"), s.at("on_hand"), ToMicros(now), kSeedPrincipal});
  });
}

void LoadCustomers(Connection& c, const json& customers, const json& config,
                   const std::string& region, absl::Time now) {
  SystemClock clock;
  EventLog events(c, region);
  events.SetActor({std::string(kSeedPrincipal), "system", ""});
  SqliteLedgerRepository ledger(c, events, clock);
  ForEachEntry(customers, "customers", [&](const json& j) {
    const std::string id = j.at("customer_id").get<std::string>();
    const std::string name = j.at("name").get<std::string>();
    const std::string email = j.at("email").get<std::string>();
    const std::string phone = j.at("phone").get<std::string>();
    const std::string home = j.at("home_region").get<std::string>();
    Run(c,
        "INSERT INTO customers (customer_id, name, name_norm, email_norm, phone_digits, email, "
        "phone, home_region, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        {id, name, NormalizeName(name), NormalizeEmail(email), PhoneDigits(phone), email, phone,
         home, ToMicros(now)});
    const std::string currency = config.at("currencies").at(home).get<std::string>();
    auto open = [&](const char* key, const std::string& account, const char* what) {
      const int64_t amount = j.value(key, int64_t{0});
      if (amount <= 0) return;
      absl::Status posted = ledger.Post(domain::Transfer(
          absl::StrCat("opening-", account), currency, "", absl::StrCat("demo opening ", what),
          domain::kIssuanceAccount, account, amount));
      if (!posted.ok()) throw Storage{posted};
    };
    open("wallet_minor", domain::WalletAccount(id), "wallet balance");
    open("store_credit_minor", domain::StoreCreditAccount(id), "store credit");
  });
}

application::Scopes ScopesOf(const json& entry) {
  if (!entry.contains("scopes")) return application::Scopes::All();
  absl::StatusOr<application::Scopes> scopes = ScopesFromJson(entry.at("scopes").dump());
  if (!scopes.ok()) throw BadData{std::string(scopes.status().message())};
  return *scopes;
}

// Demo accounts are hashed at libsodium's minimum cost: their passwords are
// published, and a demo database is seeded often (every integration test).
// Returns each account's scopes by principal id, for its fixed token.
std::map<std::string, application::Scopes> LoadAccounts(Connection& c, const json& staff,
                                                        absl::Time now) {
  std::map<std::string, application::Scopes> scopes_by_principal;
  if (!staff.contains("accounts")) return scopes_by_principal;
  ForEachEntry(staff, "accounts", [&](const json& a) {
    const std::string username = a.at("username").get<std::string>();
    absl::StatusOr<std::string> hash =
        HashPassword(a.at("password").get<std::string>(), PasswordCost::kMinimum);
    if (!hash.ok()) throw Storage{hash.status()};
    application::StaffAccount account{.username = username,
                                      .principal_id = absl::StrCat("staff:", username),
                                      .display_name = a.at("display_name").get<std::string>(),
                                      .password_hash = *hash,
                                      .role = a.at("role").get<std::string>(),
                                      .scopes = ScopesOf(a),
                                      .version = 1,
                                      .created_at = now,
                                      .updated_at = now};
    if (absl::Status s = InsertStaffAccount(c, account); !s.ok()) throw Storage{s};
    scopes_by_principal[account.principal_id] = account.scopes;
  });
  return scopes_by_principal;
}

void LoadTokens(Connection& c, const json& staff, absl::Time now) {
  const std::map<std::string, application::Scopes> account_scopes = LoadAccounts(c, staff, now);
  ForEachEntry(staff, "tokens", [&](const json& t) {
    const std::string principal = t.at("principal_id").get<std::string>();
    // A token's own scopes win; without them it takes its account's.
    auto it = account_scopes.find(principal);
    const application::Scopes scopes =
        t.contains("scopes") || it == account_scopes.end() ? ScopesOf(t) : it->second;
    Run(c,
        "INSERT INTO api_tokens (token_hash, principal_id, display_name, role, created_at, kind, "
        "scopes_json) VALUES (?1, ?2, ?3, ?4, ?5, 'demo', ?6)",
        {Sha256Hex(t.at("token").get<std::string>()), principal, t.at("display_name"),
         t.at("role"), ToMicros(now), ScopesToJson(scopes)});
  });
}

absl::StatusOr<bool> AlreadySeeded(Connection& c) {
  absl::StatusOr<Statement> s = c.Prepare(
      "SELECT EXISTS (SELECT 1 FROM products) OR EXISTS (SELECT 1 FROM nodes) OR "
      "EXISTS (SELECT 1 FROM customers) OR EXISTS (SELECT 1 FROM api_tokens)");
  if (!s.ok()) return s.status();
  absl::StatusOr<bool> row = s->Step();
  if (!row.ok()) return row.status();
  return *row && s->ColumnInt(0) != 0;
}

}  // namespace

absl::Status LoadDemoData(Connection& connection, const std::string& resources_dir,
                          const std::string& region) {
  fs::path dir = fs::path(resources_dir) / "demo";
  if (!fs::exists(dir / "catalog.json")) dir = fs::path(resources_dir);

  // Read and parse everything first: a missing or broken file changes nothing.
  static constexpr const char* kFiles[] = {"config.json", "catalog.json",   "nodes.json",
                                           "stock.json",  "customers.json", "staff.json"};
  std::vector<json> files;
  for (const char* name : kFiles) {
    absl::StatusOr<json> j = ReadJson(dir, name);
    if (!j.ok()) return j.status();
    files.push_back(*std::move(j));
  }

  absl::StatusOr<bool> seeded = AlreadySeeded(connection);
  if (!seeded.ok()) return seeded.status();
  if (*seeded) return absl::OkStatus();

  if (absl::Status s = connection.Exec("SAVEPOINT demo_seed"); !s.ok()) return s;
  const absl::Time now = absl::Now();
  size_t file = 0;
  absl::Status result;
  try {
    const std::string currency = LoadConfig(connection, files[0], region);
    LoadCatalog(connection, files[file = 1], currency, now);
    LoadNodes(connection, files[file = 2]);
    LoadStock(connection, files[file = 3], now);
    LoadCustomers(connection, files[file = 4], files[0], region, now);
    LoadTokens(connection, files[file = 5], now);
  } catch (const BadData& e) {
    result =
        absl::InvalidArgumentError(absl::StrCat((dir / kFiles[file]).string(), ": ", e.message));
  } catch (const json::exception& e) {
    result =
        absl::InvalidArgumentError(absl::StrCat((dir / kFiles[file]).string(), ": ", e.what()));
  } catch (const Storage& e) {
    result = absl::Status(e.error.code(), absl::StrCat("loading ", (dir / kFiles[file]).string(),
                                                       ": ", e.error.message()));
  }
  if (result.ok()) return connection.Exec("RELEASE demo_seed");
  connection.Exec("ROLLBACK TO demo_seed").IgnoreError();
  connection.Exec("RELEASE demo_seed").IgnoreError();
  return result;
}

}  // namespace oms::storage
