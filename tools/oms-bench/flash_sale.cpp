#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tools/oms-bench/async_call.h"
#include "tools/oms-bench/closed_loop.h"
#include "tools/oms-bench/scenarios.h"

namespace oms::bench {
namespace {

constexpr Outcome kOutOfStock = 2;
constexpr Outcome kDeclined = 3;

struct NodeStock {
  int64_t on_hand = 0;
  int64_t reserved = 0;
  int64_t available = 0;
};

absl::StatusOr<std::map<std::string, NodeStock>> RegionStock(BenchClient& client,
                                                             const std::string& sku) {
  absl::StatusOr<std::vector<v1::StockLevel>> levels = client.Stock(sku);
  if (!levels.ok()) return levels.status();
  std::map<std::string, NodeStock> out;
  for (const v1::StockLevel& l : *levels) {
    if (l.region() != "EU1") continue;
    out[l.node_id()] = {l.on_hand(), l.reserved(), l.available()};
  }
  return out;
}

// GetOrder of one order in a closed loop of one client, for a fixed time or
// until `stop` is set.
std::vector<double> ReadOrderUntil(BenchClient& client, const std::string& order_id,
                                   absl::Duration at_most, const std::atomic<bool>& stop) {
  std::vector<double> ms;
  const absl::Time end = absl::Now() + at_most;
  const int slot = 0;
  while (!stop && absl::Now() < end) {
    v1::GetOrderRequest request;
    request.set_order_id(order_id);
    v1::Order order;
    auto context = BenchClient::Context(client.tokens().agent);
    const absl::Time begun = absl::Now();
    grpc::Status s = client.orders(slot).GetOrder(context.get(), request, &order);
    if (s.ok()) ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - begun));
  }
  return ms;
}

}  // namespace

absl::StatusOr<Json> RunFlashSale(BenchClient& client, const FlashSaleOptions& options) {
  if (options.nodes.empty()) return absl::InvalidArgumentError("--nodes: at least one node");
  // Empty the SKU everywhere in the region, then spread the units.
  absl::StatusOr<std::map<std::string, NodeStock>> before = RegionStock(client, options.sku);
  if (!before.ok()) return before.status();
  std::map<std::string, int64_t> share;
  for (size_t i = 0; i < options.nodes.size(); ++i) {
    share[options.nodes[i]] = options.units / static_cast<int64_t>(options.nodes.size()) +
                              (i == 0 ? options.units % static_cast<int64_t>(options.nodes.size())
                                      : 0);
  }
  for (const auto& [node, stock] : *before) {
    if (share.count(node) == 0 && stock.available > 0) {
      // on_hand = reserved leaves nothing to sell, whatever the safety stock.
      if (absl::Status s = client.SetStock(options.sku, node, stock.reserved); !s.ok()) return s;
    }
  }
  for (const auto& [node, units] : share) {
    const NodeStock& was = (*before)[node];
    const int64_t safety = was.on_hand - was.reserved - was.available;
    if (absl::Status s = client.SetStock(options.sku, node, was.reserved + std::max<int64_t>(safety, 0) + units);
        !s.ok()) {
      return s;
    }
  }
  before = RegionStock(client, options.sku);
  if (!before.ok()) return before.status();
  int64_t units_on_sale = 0;
  for (const auto& [node, stock] : *before) units_on_sale += std::max<int64_t>(stock.available, 0);
  if (units_on_sale != options.units) {
    return absl::InternalError(absl::StrCat("set-up put ", units_on_sale, " units on sale, not ",
                                            options.units));
  }

  // An order of another SKU for the bystander to read.
  const std::string run_id = absl::StrCat("sale-", absl::ToUnixMillis(absl::Now()));
  std::string bystander_order;
  {
    absl::StatusOr<std::vector<v1::StockLevel>> all = client.Stock("");
    if (!all.ok()) return all.status();
    std::string other;
    for (const v1::StockLevel& l : *all) {
      if (l.node_id() == "EU1-WH-BER" && l.sku() != options.sku && l.available() > 0) {
        other = l.sku();
        break;
      }
    }
    v1::PlaceOrderRequest request = MakeOrder({other}, 1, "tok_visa", run_id, -1);
    v1::PlaceOrderResponse response;
    auto context = BenchClient::Context(client.tokens().channel);
    grpc::Status s = client.orders(0).PlaceOrder(context.get(), request, &response);
    if (!s.ok()) return FromGrpc(s);
    bystander_order = response.order().order_id();
  }
  // The bystander is a separate client: its own connection, as an agent's
  // desk would have, not a slot among the sale's.
  BenchClient bystander_client(client.address(), 1, client.tokens());
  std::atomic<bool> never{false};
  const std::vector<double> idle =
      ReadOrderUntil(bystander_client, bystander_order, absl::Seconds(options.idle_seconds), never);

  std::mutex mu;
  std::vector<std::string> answered;  // order ids of OK answers, guarded by mu
  std::atomic<int64_t> next{0};
  std::atomic<bool> sale_over{false};
  std::vector<double> during;
  std::thread bystander([&] {
    during = ReadOrderUntil(bystander_client, bystander_order, absl::Hours(1), sale_over);
  });
  LoopOptions loop;
  loop.clients = options.clients;
  loop.max_calls = options.orders;
  const LoopResult result = RunClosedLoop(loop, [&](int slot, std::function<void(Outcome)> done) {
    const int64_t n = next.fetch_add(1);
    SendInLoop<v1::PlaceOrderRequest, v1::PlaceOrderResponse>(
        client.tokens().channel,
        MakeOrder({options.sku}, 1, Declines(n, options.decline_share) ? "tok_decline" : "tok_visa",
                  run_id, n),
        [&client, slot](auto* context, auto* request, auto* response, auto answered) {
          client.orders(slot).async()->PlaceOrder(context, request, response,
                                                  std::move(answered));
        },
        [&mu, &answered](const grpc::Status& s, const v1::PlaceOrderRequest&,
                         const v1::PlaceOrderResponse& response) {
          if (s.ok()) {
            {
              std::lock_guard<std::mutex> lock(mu);
              answered.push_back(response.order().order_id());
            }
            const v1::OrderStatus status = response.order().status();
            return status == v1::ORDER_STATUS_CONFIRMED  ? kOk
                   : status == v1::ORDER_STATUS_REJECTED ? kDeclined
                                                         : kError;
          }
          return s.error_code() == grpc::StatusCode::FAILED_PRECONDITION ? kOutOfStock : kError;
        },
        std::move(done));
  });
  sale_over = true;
  bystander.join();

  // Afterwards, through the API: every answered order as it is now, and the stock.
  int64_t confirmed = 0;
  int64_t still_pending = 0;
  for (const std::string& id : answered) {
    absl::StatusOr<v1::Order> order = client.GetOrder(id);
    if (!order.ok()) return order.status();
    if (order->status() == v1::ORDER_STATUS_CONFIRMED) ++confirmed;
    if (order->status() == v1::ORDER_STATUS_PENDING) ++still_pending;
  }
  absl::StatusOr<std::map<std::string, NodeStock>> after = RegionStock(client, options.sku);
  if (!after.ok()) return after.status();
  bool on_hand_unchanged = true;
  bool never_negative = true;
  int64_t reserved_delta = 0;
  int64_t available_left = 0;
  for (const auto& [node, stock] : *after) {
    const NodeStock& was = (*before)[node];
    on_hand_unchanged = on_hand_unchanged && stock.on_hand == was.on_hand;
    never_negative = never_negative && stock.available >= 0 && stock.on_hand >= stock.reserved;
    reserved_delta += stock.reserved - was.reserved;
    available_left += std::max<int64_t>(stock.available, 0);
  }
  const int64_t reserved_left = reserved_delta - confirmed;  // not held by a confirmed order
  const int64_t oversold = std::max<int64_t>(0, confirmed - options.units);

  Json out;
  out["confirmed"] = confirmed;
  out["rejected_out_of_stock"] = result.Count(kOutOfStock);
  out["declined"] = result.Count(kDeclined);
  out["other_errors"] = result.Count(kError) + still_pending;
  out["oversold"] = oversold;
  out["reserved_left"] = reserved_left;
  out["available_left"] = available_left;
  out["stock_conserved"] = on_hand_unchanged && never_negative && reserved_left == 0 &&
                           confirmed + available_left == options.units;
  const auto losers = result.latencies_ms.find(kOutOfStock);
  AddPercentiles(out, "loser_",
                 losers == result.latencies_ms.end() ? std::vector<double>{} : losers->second,
                 {0.5, 0.99});
  out["orders_per_s"] = std::round(static_cast<double>(result.calls) / std::max(result.seconds, 1e-9));
  AddPercentiles(out, "", result.All(), {0.5, 0.99});
  AddPercentiles(out, "bystander_get_", during, {0.5, 0.99});
  AddPercentiles(out, "idle_get_", idle, {0.5, 0.99});
  out["bystander_gets"] = during.size();
  out["units"] = options.units;
  out["orders"] = options.orders;
  out["clients"] = options.clients;
  out["decline_share"] = options.decline_share;
  out["seconds"] = std::round(result.seconds * 1000) / 1000;
  return out;
}

}  // namespace oms::bench
