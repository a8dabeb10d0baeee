#include "tools/oms-bench/seed.h"

#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/ids.h"
#include "server/domain/order.h"
#include "server/domain/sourcing.h"
#include "server/storage/store.h"
#include "tools/oms-bench/spawned_servers.h"

namespace oms::bench {
namespace {

namespace fs = std::filesystem;

struct CatalogItem {
  std::string sku;
  std::string name;
  int64_t price_minor = 0;
};

absl::StatusOr<std::vector<CatalogItem>> ReadCatalog(const std::string& resources) {
  nlohmann::json catalog =
      nlohmann::json::parse(std::ifstream(resources + "/demo/catalog.json"), nullptr, false);
  if (catalog.is_discarded()) return absl::InternalError("cannot read the demo catalog");
  std::vector<CatalogItem> items;
  for (const auto& p : catalog["products"]) {
    if (!p.contains("prices") || !p["prices"].contains("EUR")) continue;
    if (p.value("preorder", false)) continue;
    items.push_back({p["sku"], p["name"], p["prices"]["EUR"].get<int64_t>()});
  }
  if (items.empty()) return absl::InternalError("the demo catalog has no EUR products");
  return items;
}

constexpr const char* kFirst[] = {"Lena", "Jonas", "Mia", "Paul", "Emma", "Luca", "Sofia",
                                  "Noah", "Clara", "Felix", "Marie", "Elias", "Anna", "Tom",
                                  "Julia", "Ben", "Laura", "Finn", "Nora", "Max"};
constexpr const char* kLast[] = {"Fischer", "Schmidt", "Dubois", "Rossi", "Garcia", "Novak",
                                 "Jansen", "Kowalski", "Martin", "Weber", "Moreau", "Bianchi",
                                 "Lopez", "Horvat", "de Vries", "Nowak", "Bernard", "Ricci"};

domain::CustomerRef Customer(int64_t i) {
  const std::string first = kFirst[i % std::size(kFirst)];
  const std::string last = kLast[(i / std::size(kFirst)) % std::size(kLast)];
  domain::CustomerRef c;
  c.name = absl::StrCat(first, " ", last);
  std::string local = absl::StrCat(first, ".", last, ".", i);
  for (char& ch : local) ch = ch == ' ' ? '-' : static_cast<char>(std::tolower(ch));
  c.email = absl::StrCat(local, "@example.com");
  c.phone = absl::StrFormat("+49 30 %08d", i % 100'000'000);
  return c;
}

}  // namespace

absl::StatusOr<nlohmann::ordered_json> SeedOrders(const SeedOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("--data-dir is required");
  if (fs::exists(fs::path(options.data_dir) / "oms.db")) {
    return absl::FailedPreconditionError(
        absl::StrCat(options.data_dir, " already holds a database; seed a fresh folder"));
  }
  absl::StatusOr<std::string> resources = FindResourcesNearBinary();
  if (!resources.ok()) return resources.status();
  absl::StatusOr<std::vector<CatalogItem>> catalog = ReadCatalog(*resources);
  if (!catalog.ok()) return catalog.status();
  storage::SqliteStore::Options store_options;
  store_options.synchronous_full = false;  // a bulk load; the result is checkpointed at close
  auto store = storage::SqliteStore::Open(options.data_dir, "EU1", store_options);
  if (!store.ok()) return store.status();
  if (absl::Status s = (*store)->LoadDemoData(*resources); !s.ok()) return s;

  const int64_t customers = options.customers > 0 ? options.customers
                                                  : std::max<int64_t>(1, options.orders / 4);
  std::mt19937_64 random(20261125);
  const absl::Time now = absl::Now();
  const absl::Duration span = absl::Hours(24) * options.days;
  nlohmann::ordered_json samples = {{"numbers", nlohmann::json::array()},
                                    {"emails", nlohmann::json::array()},
                                    {"phones", nlohmann::json::array()},
                                    {"skus", nlohmann::json::array()}};
  for (const CatalogItem& item : *catalog) samples["skus"].push_back(item.sku);
  std::map<std::string, int64_t> by_status;
  const absl::Time started = absl::Now();
  int64_t written = 0;
  while (written < options.orders) {
    const int64_t count = std::min(options.chunk, options.orders - written);
    absl::Status s = (*store)->unit_of_work().RunSync([&](application::Transaction& tx) {
      for (int64_t k = 0; k < count; ++k) {
        const int64_t n = written + k;
        const absl::Time placed_at =
            now - absl::Nanoseconds(static_cast<int64_t>(random() % absl::ToInt64Nanoseconds(span)));
        domain::OrderDraft draft;
        draft.order_id = NewOrderId("EU1", placed_at);
        do {
          draft.order_number = NewOrderNumber("EU1");
          absl::StatusOr<bool> taken = tx.orders().NumberTaken(draft.order_number);
          if (!taken.ok()) return taken.status();
          if (!*taken) break;
        } while (true);
        draft.region = "EU1";
        draft.channel = random() % 5 == 0 ? "phone" : "web";
        draft.external_ref = absl::StrCat("SEED-", n);
        draft.customer = Customer(static_cast<int64_t>(random() % customers));
        draft.shipping_address = {draft.customer.name, "Kastanienallee 12", "", "Berlin",
                                  "10435", "DE", draft.customer.phone};
        draft.shipping_option = "standard";
        draft.currency = "EUR";
        draft.placed_at = placed_at;
        domain::SourcingPlan plan;
        const int lines = 1 + static_cast<int>(random() % 3);
        int64_t total = 0;
        std::set<size_t> used;
        for (int l = 0; l < lines; ++l) {
          size_t pick = random() % catalog->size();
          while (used.count(pick)) pick = (pick + 1) % catalog->size();
          used.insert(pick);
          const CatalogItem& item = (*catalog)[pick];
          const int64_t qty = 1 + static_cast<int64_t>(random() % 2);
          draft.lines.push_back({item.sku, item.name, qty, item.price_minor});
          plan.reservations.push_back({l + 1, item.sku, "EU1-WH-BER", qty,
                                       "seeded by oms-bench", -1});
          total += qty * item.price_minor;
        }
        draft.tenders.push_back({domain::TenderType::kCard, total, "tok_visa"});
        absl::StatusOr<domain::Order> order = domain::Order::Place(draft, plan);
        if (!order.ok()) return order.status();
        const int roll = static_cast<int>(random() % 100);
        const std::string tender = order->state().tenders.front().tender_id;
        if (roll < 80) {
          if (absl::Status a = order->RecordAuthorization(tender, "gw-sim", absl::StrCat("pay_", n),
                                                          total, "4242", placed_at);
              !a.ok()) {
            return a;
          }
          if (absl::Status c = order->Confirm(placed_at); !c.ok()) return c;
        } else if (roll < 92) {
          if (absl::Status d = order->RecordDecline(tender, "gw-sim", "card_declined", placed_at);
              !d.ok()) {
            return d;
          }
          if (absl::Status r = order->Reject("payment declined", placed_at); !r.ok()) return r;
        }
        ++by_status[std::string(domain::Name(order->status()))];
        if (n % 997 == 0 && samples["numbers"].size() < 200) {
          samples["numbers"].push_back(draft.order_number);
          samples["emails"].push_back(draft.customer.email);
          samples["phones"].push_back(draft.customer.phone);
        }
        if (absl::Status i = tx.orders().Insert(*order); !i.ok()) return i;
      }
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    written += count;
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - started);
  (*store)->Stop();
  samples["orders"] = written;
  std::ofstream(fs::path(options.data_dir) / "seed-samples.json") << samples.dump(2);
  nlohmann::ordered_json out;
  out["orders_written"] = written;
  out["seconds"] = std::round(seconds * 10) / 10;
  out["orders_per_s"] = std::round(static_cast<double>(written) / std::max(seconds, 1e-9));
  out["by_status"] = by_status;
  out["customers"] = customers;
  out["data_dir"] = options.data_dir;
  std::error_code ec;
  out["db_bytes"] = static_cast<int64_t>(fs::file_size(fs::path(options.data_dir) / "oms.db", ec));
  return out;
}

}  // namespace oms::bench
