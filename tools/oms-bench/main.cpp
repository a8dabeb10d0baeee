// oms-bench: load generator for omsd. See docs/BENCHMARKS.md.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "CLI/CLI.hpp"
#include "absl/strings/str_split.h"
#include "grpc/grpc.h"
#include "tools/oms-bench/report.h"
#include "tools/oms-bench/search.h"
#include "tools/oms-bench/seed.h"
#include "tools/oms-bench/scenarios.h"
#include "tools/oms-bench/spawned_servers.h"

namespace {

int RunBench(int argc, char** argv) {
  using namespace oms::bench;
  CLI::App app{"oms-bench: throughput, latency percentiles and flash-sale correctness of omsd"};
  app.require_subcommand(1);
  std::string server = "127.0.0.1:50051";
  bool spawn = false;
  bool json = false;
  bool keep_data = false;
  int channels = 4;
  int gateway_latency_ms = 0;
  Tokens tokens;
  app.add_option("--server", server, "omsd's gRPC address (ignored with --spawn)")
      ->capture_default_str();
  app.add_flag("--spawn", spawn,
               "start a private oms-partners and omsd --demo (found next to oms-bench) on free "
               "loopback ports with a fresh data folder, rate limits off; stop them after");
  app.add_flag("--keep-data", keep_data, "--spawn: leave the data folder (and its log) behind");
  app.add_option("--gateway-latency-ms", gateway_latency_ms,
                 "--spawn: the card gateway's delay before every answer")
      ->capture_default_str();
  app.add_flag("--json", json, "print exactly one JSON object on stdout");
  app.add_option("--channels", channels, "gRPC connections to omsd")->capture_default_str();
  app.add_option("--channel-token", tokens.channel, "token for PlaceOrder (a channel's)")
      ->capture_default_str();
  app.add_option("--agent-token", tokens.agent, "token for reads")->capture_default_str();
  app.add_option("--admin-token", tokens.admin, "token for stock set-up")->capture_default_str();

  PingOptions ping;
  CLI::App* ping_cmd = app.add_subcommand("ping", "gRPC health checks: the transport ceiling");
  ping_cmd->add_option("--clients", ping.clients, "calls in flight")->capture_default_str();
  ping_cmd->add_option("--seconds", ping.seconds, "measured time")->capture_default_str();
  ping_cmd->add_option("--warmup", ping.warmup_seconds, "warm-up time")->capture_default_str();

  PlaceOptions place;
  CLI::App* place_cmd =
      app.add_subcommand("place", "PlaceOrder in a closed loop (runs ping first)");
  place_cmd->add_option("--lines", place.lines, "lines per order")->capture_default_str();
  place_cmd->add_option("--tenders", place.tenders, "card tenders per order")
      ->capture_default_str();
  place_cmd->add_option("--clients", place.clients, "orders in flight")->capture_default_str();
  place_cmd->add_option("--seconds", place.seconds, "measured time")->capture_default_str();
  place_cmd->add_option("--warmup", place.warmup_seconds, "warm-up time")
      ->capture_default_str();
  place_cmd->add_option("--decline-share", place.decline_share,
                        "share (0..1) of orders paid with a card the gateway declines")
      ->capture_default_str();
  place_cmd->add_flag("!--no-watch", place.watch_probe,
                      "do not time stock changes to a WatchInventory client during the run");
  place_cmd->add_option("--ping-seconds", place.ping.seconds, "measured time of the ping run")
      ->capture_default_str();
  place_cmd->add_option("--ping-clients", place.ping.clients, "calls in flight of the ping run")
      ->capture_default_str();

  MixedOptions mixed;
  CLI::App* mixed_cmd = app.add_subcommand(
      "mixed", "place, get, search, cancel and refund in a stated mix (weights)");
  mixed_cmd->add_option("--clients", mixed.clients, "calls in flight")->capture_default_str();
  mixed_cmd->add_option("--seconds", mixed.seconds, "measured time")->capture_default_str();
  mixed_cmd->add_option("--warmup", mixed.warmup_seconds, "warm-up time")
      ->capture_default_str();
  mixed_cmd->add_option("--place", mixed.place, "weight of PlaceOrder")->capture_default_str();
  mixed_cmd->add_option("--get", mixed.get, "weight of GetOrder")->capture_default_str();
  mixed_cmd->add_option("--search", mixed.search, "weight of SearchOrders by e-mail")
      ->capture_default_str();
  mixed_cmd->add_option("--cancel", mixed.cancel, "weight of CancelOrder (whole order)")
      ->capture_default_str();
  mixed_cmd->add_option("--refund", mixed.refund, "weight of RefundOrder (1.00 goodwill)")
      ->capture_default_str();

  FlashSaleOptions sale;
  std::string sale_nodes = "EU1-WH-BER,EU1-WH-RTM,EU1-ST-MUC";
  CLI::App* sale_cmd = app.add_subcommand(
      "flash-sale", "many one-unit orders for few units of one SKU; checks the outcome");
  sale_cmd->add_option("--units", sale.units, "units on sale")->capture_default_str();
  sale_cmd->add_option("--orders", sale.orders, "orders placed")->capture_default_str();
  sale_cmd->add_option("--clients", sale.clients, "orders in flight")->capture_default_str();
  sale_cmd->add_option("--decline-share", sale.decline_share,
                       "share (0..1) of orders paid with a card the gateway declines")
      ->capture_default_str();
  sale_cmd->add_option("--sku", sale.sku, "the hot SKU (demo catalog)")->capture_default_str();
  sale_cmd->add_option("--nodes", sale_nodes, "nodes holding the units, comma-separated")
      ->capture_default_str();
  sale_cmd->add_option("--idle-seconds", sale.idle_seconds,
                       "GetOrder latency measured this long before the sale")
      ->capture_default_str();
  SeedOptions seed;
  CLI::App* seed_cmd = app.add_subcommand(
      "seed", "write orders straight into a fresh data folder (no server), for search");
  seed_cmd->add_option("--data-dir", seed.data_dir, "folder to create the database in")
      ->required();
  seed_cmd->add_option("--orders", seed.orders, "orders to write")->capture_default_str();
  seed_cmd->add_option("--days", seed.days, "spread over the last this many days")
      ->capture_default_str();
  seed_cmd->add_option("--customers", seed.customers, "customer pool (0: orders / 4)")
      ->capture_default_str();

  SearchOptions search;
  std::string search_dir;
  CLI::App* search_cmd = app.add_subcommand(
      "search", "SearchOrders by number, email, phone, SKU, status and date against a seeded "
                "data folder (served by a spawned omsd)");
  search_cmd->add_option("--data-dir", search_dir, "a folder written by `oms-bench seed`")
      ->required();
  search_cmd->add_option("--clients", search.clients, "searches in flight")
      ->capture_default_str();
  search_cmd->add_option("--seconds", search.seconds, "measured time per query kind")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (*seed_cmd) {
    absl::StatusOr<nlohmann::ordered_json> seeded = SeedOrders(seed);
    if (!seeded.ok()) {
      std::cerr << "oms-bench seed: " << seeded.status() << "\n";
      return 1;
    }
    (*seeded)["scenario"] = "seed";
    (*seeded)["load_average_1m"] = LoadAverage();
    if (json) {
      std::cout << seeded->dump() << std::endl;
    } else {
      PrintTable(std::cout, "seed", *seeded);
    }
    return 0;
  }
  if (*search_cmd) {
    spawn = true;
    search.samples_file = search_dir + "/seed-samples.json";
  }
  sale.nodes = absl::StrSplit(sale_nodes, ',', absl::SkipEmpty());

  if (gateway_latency_ms > 0 && !spawn) {
    std::cerr << "oms-bench: --gateway-latency-ms needs --spawn (it configures the gateway)\n";
    return 2;
  }
  std::unique_ptr<SpawnedServers> servers;
  if (spawn) {
    SpawnOptions options;
    options.gateway_latency_ms = gateway_latency_ms;
    options.keep_data = keep_data;
    if (*search_cmd) options.data_dir = search_dir;
    // oms-partners holds a thread per open connection; omsd may open one per
    // authorization in flight.
    options.gateway_threads = std::max({512, place.clients + 64, sale.clients + 64});
    absl::StatusOr<std::unique_ptr<SpawnedServers>> started = SpawnedServers::Start(options);
    if (!started.ok()) {
      std::cerr << "oms-bench: " << started.status().message() << "\n";
      return 1;
    }
    servers = std::move(*started);
    server = servers->address();
  } else if (absl::Status s = WaitUntilServing(server, 10); !s.ok()) {
    std::cerr << "oms-bench: " << s.message() << "\n";
    return 1;
  }
  BenchClient client(server, channels, tokens);

  absl::StatusOr<Json> result;
  std::string title;
  if (*ping_cmd) {
    title = "ping";
    result = RunPing(client, ping);
  } else if (*place_cmd) {
    title = "place";
    result = RunPlace(client, place);
  } else if (*mixed_cmd) {
    title = "mixed";
    result = RunMixed(client, mixed);
  } else if (*search_cmd) {
    title = "search";
    const int64_t rss_before = ResidentBytes(servers->omsd_pid());
    result = RunSearch(client, search);
    if (result.ok()) {
      (*result)["omsd_rss_mb_at_start"] = rss_before / (1024 * 1024);
      (*result)["omsd_rss_mb"] = ResidentBytes(servers->omsd_pid()) / (1024 * 1024);
    }
  } else {
    title = "flash-sale";
    result = RunFlashSale(client, sale);
  }
  if (!result.ok()) {
    std::cerr << "oms-bench " << title << ": " << result.status() << "\n";
    return 1;
  }
  Json& out = *result;
  out["scenario"] = title;
  out["server"] = spawn ? "spawned" : server;
  out["gateway_latency_ms"] = gateway_latency_ms;
  out["load_average_1m"] = LoadAverage();
  out["nproc"] = sysconf(_SC_NPROCESSORS_ONLN);
  if (json) {
    std::cout << out.dump() << std::endl;
  } else {
    PrintTable(std::cout, title, out);
  }
  return 0;
}

}  // namespace

// gRPC runs the last completion callbacks on its own threads, and such a
// thread may still be releasing its call when the loop that waited for the
// callback has already returned. If that release met the library's shutdown
// (which destroying the last channel starts) or the process's static
// destructors, gRPC aborted on a reference count ("prior > 0") after the
// results were printed. So the library is held open for the whole run and the
// process ends without static destruction, once the report is flushed and the
// spawned servers are stopped (RunBench's locals).
int main(int argc, char** argv) {
  grpc_init();
  const int code = RunBench(argc, argv);
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}
