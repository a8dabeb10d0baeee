// oms-micro-bench: Google Benchmark micro-benchmarks of the hot domain paths
// (docs/BENCHMARKS.md): routing, refund allocation, event serialization.
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/domain/domain_event.h"
#include "server/domain/order_state.h"
#include "server/domain/refund.h"
#include "server/domain/sourcing.h"
#include "server/storage/event_log.h"
#include "server/storage/order_codec.h"

namespace {

using namespace oms::domain;

// `node_count` nodes spread over Europe, every one holding a few units of
// every SKU, so routing has real choices to make.
struct RoutingFixture {
  SourcingRequest request;
  std::vector<StockLevel> stock;
  std::vector<FulfillmentNode> nodes;
  std::map<std::string, Product> products;

  RoutingFixture(int lines, int node_count) {
    for (int n = 0; n < node_count; ++n) {
      FulfillmentNode node;
      node.node_id = absl::StrCat("EU1-WH-", n);
      node.region = "EU1";
      node.latitude = 40 + (n * 7 % 20);
      node.longitude = -5 + (n * 11 % 30);
      node.capabilities = kCanShip;
      node.cost_per_shipment_minor = 300 + (n * 13 % 200);
      nodes.push_back(node);
    }
    for (int l = 0; l < lines; ++l) {
      const std::string sku = absl::StrCat("SKU-", l);
      Product p;
      p.sku = sku;
      p.name = sku;
      p.price_minor = 1000;
      p.currency = "EUR";
      products[sku] = p;
      request.lines.push_back({l + 1, sku, 2});
      for (int n = 0; n < node_count; ++n) {
        StockLevel s;
        s.sku = sku;
        s.node_id = nodes[n].node_id;
        s.region = "EU1";
        s.on_hand = (n + l) % 3 == 0 ? 0 : 1 + (n + l) % 4;
        stock.push_back(s);
      }
    }
    request.region = "EU1";
    request.destination = GeoPoint{52.52, 13.40};
  }
};

void BM_RouteOrder(benchmark::State& state) {
  RoutingFixture f(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  for (auto _ : state) {
    auto plan = PlanSourcing(f.request, f.stock, f.nodes, f.products);
    if (!plan.ok()) state.SkipWithError(std::string(plan.status().message()).c_str());
    benchmark::DoNotOptimize(plan);
  }
}
BENCHMARK(BM_RouteOrder)->Args({3, 15})->Args({50, 100})->Unit(benchmark::kMicrosecond);

void BM_SplitRefund(benchmark::State& state) {
  std::vector<TenderRoom> tenders;
  for (int t = 0; t < state.range(0); ++t) {
    TenderRoom room;
    room.tender_id = absl::StrCat("T", t + 1);
    room.type = t % 3 == 0 ? TenderType::kCard : TenderType::kStoreCredit;
    room.voidable_minor = 500;
    room.refundable_minor = 2000;
    room.capture_rank = t;
    tenders.push_back(room);
  }
  const int64_t amount = 1500 * state.range(0);
  for (auto _ : state) {
    for (RefundPolicy policy :
         {RefundPolicy::kReverseCapture, RefundPolicy::kProRata, RefundPolicy::kStoreCredit}) {
      auto parts = SplitRefund(tenders, amount, policy, "EUR");
      benchmark::DoNotOptimize(parts);
    }
  }
}
BENCHMARK(BM_SplitRefund)->Arg(2)->Arg(8);

OrderState BigOrder(int lines) {
  OrderState s;
  s.order_id = "EU1-01JD3ZZZZZZZZZZZZZZZZZZZZZ";
  s.order_number = "EU1-7Q2M-K9XD";
  s.region = "EU1";
  s.channel = "web";
  s.currency = "EUR";
  s.shipping_option = "standard";
  s.created_at = s.updated_at = absl::Now();
  for (int l = 0; l < lines; ++l) {
    OrderLine line;
    line.line_no = l + 1;
    line.sku = absl::StrCat("SKU-", l);
    line.name = absl::StrCat("Product number ", l);
    line.unit_price_minor = 1999;
    line.ordered = line.reserved = 2;
    line.line_total_minor = 3998;
    line.allocations.push_back({"EU1-WH-BER", 2, "nearest node holding all 2 units, 12 km"});
    s.lines.push_back(line);
  }
  Tender t;
  t.tender_id = "T1";
  t.amount_minor = 3998 * lines;
  t.authorized_minor = t.amount_minor;
  t.gateway = "gw-sim";
  t.payment_ref = "pay_0123456789";
  t.card_token = "tok_visa";
  t.card_last4 = "4242";
  s.tenders.push_back(t);
  return s;
}

// The outbox row's two JSON parts: an event's details and the order snapshot
// that the last event of a save carries.
void BM_SerializeOrderEvent(benchmark::State& state) {
  const OrderState order = BigOrder(static_cast<int>(state.range(0)));
  DomainEvent event;
  event.type = "OrderPlaced";
  event.summary = "order placed by web";
  event.details = {{"channel", "web"}, {"lines", absl::StrCat(state.range(0))},
                   {"total", "199900"}, {"currency", "EUR"}};
  event.occurred_at = absl::Now();
  int64_t bytes = 0;
  for (auto _ : state) {
    nlohmann::json details = oms::storage::EventLog::DetailsJson(event);
    std::string details_text = details.dump();
    std::string snapshot = oms::storage::EncodeOrderState(order);
    bytes += static_cast<int64_t>(details_text.size() + snapshot.size());
    benchmark::DoNotOptimize(snapshot);
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_SerializeOrderEvent)->Arg(3)->Arg(50)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
