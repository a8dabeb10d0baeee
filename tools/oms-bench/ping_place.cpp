#include <cmath>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "tools/oms-bench/async_call.h"
#include "tools/oms-bench/closed_loop.h"
#include "tools/oms-bench/scenarios.h"
#include "tools/oms-bench/watch_probe.h"

namespace oms::bench {
namespace {

double Round3(double v) { return std::round(v * 1000) / 1000; }

std::string QuantileName(double q) {
  if (q == 0.5) return "p50";
  if (q == 0.95) return "p95";
  if (q == 0.99) return "p99";
  if (q == 0.999) return "p999";
  return absl::StrFormat("p%g", q * 100);
}

LoopOptions Loop(int clients, double warmup, double seconds) {
  LoopOptions o;
  o.clients = clients;
  o.warmup = absl::Seconds(warmup);
  o.measure = absl::Seconds(seconds);
  return o;
}

}  // namespace

void AddPercentiles(Json& out, const std::string& prefix, const std::vector<double>& ms,
                    const std::vector<double>& quantiles) {
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  for (double q : quantiles) {
    out[prefix + QuantileName(q) + "_ms"] = Round3(Quantile(sorted, q));
  }
}

bool Declines(int64_t n, double share) {
  if (share <= 0) return false;
  return std::floor(static_cast<double>(n + 1) * share) > std::floor(static_cast<double>(n) * share);
}

v1::PlaceOrderRequest MakeOrder(const std::vector<std::string>& skus, int tenders,
                                const std::string& card_token, const std::string& run_id,
                                int64_t n) {
  constexpr int64_t kUnitPrice = 1000;
  v1::PlaceOrderRequest r;
  r.set_request_id(absl::StrCat(run_id, "-", n));
  r.set_channel("web");
  r.set_external_ref(absl::StrCat("BENCH-", run_id, "-", n));
  v1::Customer* contact = r.mutable_contact();
  contact->set_name("Bench Shopper");
  contact->set_email(absl::StrCat("shopper-", run_id, "-", n, "@bench.example"));
  v1::Address* a = r.mutable_shipping_address();
  a->set_name("Bench Shopper");
  a->set_line1("Kastanienallee 12");
  a->set_city("Berlin");
  a->set_postal_code("10435");
  a->set_country("DE");
  r.set_shipping_option("standard");
  r.set_currency("EUR");
  for (const std::string& sku : skus) {
    v1::LineInput* line = r.add_lines();
    line->set_sku(sku);
    line->set_quantity(1);
    line->mutable_unit_price()->set_amount_minor(kUnitPrice);
    line->mutable_unit_price()->set_currency("EUR");
  }
  const int64_t total = kUnitPrice * static_cast<int64_t>(skus.size());
  const int count = std::max(1, tenders);
  for (int i = 0; i < count; ++i) {
    v1::TenderInput* t = r.add_tenders();
    t->set_type(v1::TENDER_TYPE_CARD);
    const int64_t share = total / count + (i == 0 ? total % count : 0);
    t->mutable_amount()->set_amount_minor(share);
    t->mutable_amount()->set_currency("EUR");
    t->set_card_token(card_token);
  }
  return r;
}

Json RunPing(BenchClient& client, const PingOptions& options) {
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (int i = 0; i < options.clients; ++i) {
    stubs.push_back(std::make_unique<grpc::GenericStub>(client.channel(i)));
  }
  grpc::ByteBuffer request;
  bool own = false;
  grpc::SerializationTraits<grpc::health::v1::HealthCheckRequest>::Serialize(
      grpc::health::v1::HealthCheckRequest(), &request, &own);
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
  };
  const LoopResult result = RunClosedLoop(
      Loop(options.clients, options.warmup_seconds, options.seconds),
      [&](int slot, std::function<void(Outcome)> done) {
        auto call = std::make_shared<Call>();
        call->request = request;
        stubs[slot]->UnaryCall(&call->context, "/grpc.health.v1.Health/Check",
                               grpc::StubOptions(), &call->request, &call->response,
                               [call, done = std::move(done)](grpc::Status s) mutable {
                                 call.reset();  // over before the loop hears of it
                                 done(s.ok() ? kOk : kError);
                               });
      });
  Json out;
  out["calls_per_s"] = std::round(result.PerSecond());
  AddPercentiles(out, "", result.All(), {0.5, 0.99});
  out["errors"] = result.Count(kError);
  out["clients"] = options.clients;
  out["seconds"] = options.seconds;
  return out;
}

absl::StatusOr<std::vector<std::string>> StockedSkus(BenchClient& client, int count) {
  absl::StatusOr<std::vector<v1::StockLevel>> levels = client.Stock("");
  if (!levels.ok()) return levels.status();
  std::vector<std::string> skus;
  for (const v1::StockLevel& level : *levels) {
    if (level.node_id() != "EU1-WH-BER" || level.sku() == FlashSaleOptions().sku) continue;
    skus.push_back(level.sku());
    if (static_cast<int>(skus.size()) == count) break;
  }
  if (static_cast<int>(skus.size()) < count) {
    return absl::FailedPreconditionError(absl::StrCat(
        "EU1-WH-BER carries only ", skus.size(), " SKUs; ", count, " are asked for"));
  }
  for (const std::string& sku : skus) {
    if (absl::Status s = client.SetStock(sku, "EU1-WH-BER", 100'000'000); !s.ok()) return s;
  }
  return skus;
}

absl::StatusOr<Json> RunPlace(BenchClient& client, const PlaceOptions& options) {
  absl::StatusOr<std::vector<std::string>> stocked = StockedSkus(client, options.lines);
  if (!stocked.ok()) return stocked.status();
  const std::vector<std::string>& skus = *stocked;

  Json out;
  const Json ping = RunPing(client, options.ping);
  const std::string run_id = absl::StrCat("place-", absl::ToUnixMillis(absl::Now()));
  // A watcher of the first SKU's stock at Berlin, fed one adjustment every
  // 100 ms while the orders run (issue 10: within 100 ms at full load).
  WatchProbe probe(client, skus[0], "EU1-WH-BER", absl::Milliseconds(100));
  if (options.watch_probe) {
    if (absl::Status s = probe.Start(); !s.ok()) return s;
  }
  std::atomic<int64_t> next{0};
  std::mutex error_mu;
  std::map<std::string, int64_t> error_kinds;  // guarded by error_mu
  const LoopResult result = RunClosedLoop(
      Loop(options.clients, options.warmup_seconds, options.seconds),
      [&](int slot, std::function<void(Outcome)> done) {
        const int64_t n = next.fetch_add(1);
        SendInLoop<v1::PlaceOrderRequest, v1::PlaceOrderResponse>(
            client.tokens().channel,
            MakeOrder(skus, options.tenders,
                      Declines(n, options.decline_share) ? "tok_decline" : "tok_visa", run_id, n),
            [&client, slot](auto* context, auto* request, auto* response, auto answered) {
              client.orders(slot).async()->PlaceOrder(context, request, response,
                                                      std::move(answered));
            },
            [&error_mu, &error_kinds](const grpc::Status& s, const v1::PlaceOrderRequest&,
                                      const v1::PlaceOrderResponse& response) {
              const bool confirmed =
                  s.ok() && response.order().status() == v1::ORDER_STATUS_CONFIRMED;
              if (!confirmed) {
                const std::string kind =
                    s.ok() ? absl::StrCat("order ",
                                          v1::OrderStatus_Name(response.order().status()))
                           : absl::StrCat("grpc ", s.error_code(), ": ",
                                          s.error_message().substr(0, 80));
                std::lock_guard<std::mutex> lock(error_mu);
                ++error_kinds[kind];
              }
              return confirmed ? kOk : kError;
            },
            std::move(done));
      });
  const std::vector<double> watch_ms = probe.Stop();
  out["orders_per_s"] = std::round(result.Count(kOk) / std::max(result.seconds, 1e-9));
  AddPercentiles(out, "", result.All(), {0.5, 0.95, 0.99, 0.999});
  out["errors"] = result.Count(kError);
  {
    std::lock_guard<std::mutex> lock(error_mu);
    if (!error_kinds.empty()) out["error_kinds"] = error_kinds;
  }
  out["ping_calls_per_s"] = ping["calls_per_s"];
  const double ping_rate = ping["calls_per_s"].get<double>();
  out["ratio_to_ping"] =
      ping_rate > 0 ? Round3(out["orders_per_s"].get<double>() / ping_rate) : 0.0;
  out["ping_p50_ms"] = ping["p50_ms"];
  out["ping_p99_ms"] = ping["p99_ms"];
  if (options.watch_probe) {
    AddPercentiles(out, "watch_", watch_ms, {0.5, 0.99});
    out["watch_changes"] = watch_ms.size();
    out["watch_missed"] = probe.missed();
  }
  out["lines"] = options.lines;
  out["tenders"] = options.tenders;
  out["clients"] = options.clients;
  out["seconds"] = options.seconds;
  out["orders_placed"] = result.calls;
  return out;
}

}  // namespace oms::bench
