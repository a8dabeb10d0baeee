#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tools/oms-bench/bench_client.h"

namespace oms::bench {

using Json = nlohmann::ordered_json;

struct PingOptions {
  int clients = 64;
  double warmup_seconds = 1;
  double seconds = 3;
};

struct PlaceOptions {
  int lines = 3;
  int tenders = 1;
  int clients = 64;
  double warmup_seconds = 2;
  double seconds = 10;
  double decline_share = 0;  // share of orders paid with a card the gateway declines
  bool watch_probe = true;   // time stock changes to a WatchInventory client meanwhile
  PingOptions ping;
};

struct FlashSaleOptions {
  int64_t units = 100;
  int64_t orders = 10000;
  int clients = 64;
  double decline_share = 0.1;
  std::string sku = "TEE-ORG-WHT-S";
  std::vector<std::string> nodes = {"EU1-WH-BER", "EU1-WH-RTM", "EU1-ST-MUC"};
  double idle_seconds = 2;  // GetOrder latency measured before the sale
};

// A stated mix of what a day brings (issue 10): weights, not shares, of
// each operation; cancel and refund act on orders this run placed.
struct MixedOptions {
  int clients = 64;
  double warmup_seconds = 2;
  double seconds = 10;
  int place = 40;   // PlaceOrder, 2 lines, one card
  int get = 30;     // GetOrder of a placed order
  int search = 15;  // SearchOrders by a placed order's e-mail
  int cancel = 10;  // CancelOrder of a whole placed order
  int refund = 5;   // RefundOrder: 1.00 goodwill on a placed order
};

// gRPC health checks, the transport's ceiling. Keys: calls_per_s, p50_ms, p99_ms.
Json RunPing(BenchClient& client, const PingOptions& options);

// Gives `lines` SKUs of the demo catalog ample stock at EU1-WH-BER, runs
// ping, then PlaceOrder in a closed loop. Keys in docs/BENCHMARKS.md.
absl::StatusOr<Json> RunPlace(BenchClient& client, const PlaceOptions& options);

// Spreads `units` of one SKU over three nodes (every other node of the
// region emptied), places `orders` one-unit guest orders, some with a card
// that is declined, while a bystander reads an order; then checks the stock
// and every answered order through the API.
absl::StatusOr<Json> RunFlashSale(BenchClient& client, const FlashSaleOptions& options);

// The mix in a closed loop: each call draws its operation by weight. Keys:
// ops_per_s, and per operation <op>_per_s, <op>_p50_ms, <op>_p99_ms and
// <op>_errors; mix (the weights); docs/BENCHMARKS.md.
absl::StatusOr<Json> RunMixed(BenchClient& client, const MixedOptions& options);

// `count` SKUs that EU1-WH-BER carries (not the flash sale's), given ample
// stock there so that no order of a run fails for stock.
absl::StatusOr<std::vector<std::string>> StockedSkus(BenchClient& client, int count);

// One PlaceOrder request: a guest (unique e-mail per n) shipping to Berlin,
// one unit of each SKU at 10.00 EUR, the total split over `tenders` cards.
v1::PlaceOrderRequest MakeOrder(const std::vector<std::string>& skus, int tenders,
                                const std::string& card_token, const std::string& run_id,
                                int64_t n);

// Latency percentiles of `ms` as "<prefix>p50_ms" etc., rounded to 3 places.
void AddPercentiles(Json& out, const std::string& prefix, const std::vector<double>& ms,
                    const std::vector<double>& quantiles);

// Whether the n-th order pays with a declined card, spreading `share` evenly.
bool Declines(int64_t n, double share);

}  // namespace oms::bench
