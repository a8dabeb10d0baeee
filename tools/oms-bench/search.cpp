#include "tools/oms-bench/search.h"

#include <atomic>
#include <cmath>
#include <fstream>

#include "absl/time/clock.h"
#include "tools/oms-bench/async_call.h"
#include "tools/oms-bench/closed_loop.h"

namespace oms::bench {

absl::StatusOr<Json> RunSearch(BenchClient& client, const SearchOptions& options) {
  nlohmann::json samples =
      nlohmann::json::parse(std::ifstream(options.samples_file), nullptr, false);
  if (samples.is_discarded() || samples["numbers"].empty()) {
    return absl::FailedPreconditionError(
        options.samples_file + " is missing or empty: run `oms-bench seed` first");
  }
  const absl::Time now = absl::Now();
  const auto pick = [&](const char* kind, int64_t n) {
    const auto& list = samples[kind];
    return list[static_cast<size_t>(n) % list.size()].get<std::string>();
  };
  const std::vector<std::string> kinds = {"number", "email", "phone", "sku", "status_date"};
  Json out;
  out["orders_in_db"] = samples.value("orders", 0);  // as the seed wrote them
  for (const std::string& kind : kinds) {
    std::atomic<int64_t> next{0};
    LoopOptions loop;
    loop.clients = options.clients;
    loop.warmup = absl::Milliseconds(300);
    loop.measure = absl::Seconds(options.seconds);
    const LoopResult result = RunClosedLoop(loop, [&](int slot, std::function<void(Outcome)> done) {
      const int64_t n = next.fetch_add(1);
      v1::SearchOrdersRequest r;
      if (kind == "number") r.set_order_number(pick("numbers", n));
      if (kind == "email") r.set_email(pick("emails", n));
      if (kind == "phone") r.set_phone(pick("phones", n));
      if (kind == "sku") r.set_sku(pick("skus", n));
      if (kind == "status_date") {
        r.add_statuses(v1::ORDER_STATUS_CONFIRMED);
        const absl::Time from = now - absl::Hours(24) * (30 + n % 300);
        r.mutable_created_from()->set_seconds(absl::ToUnixSeconds(from));
        r.mutable_created_to()->set_seconds(absl::ToUnixSeconds(from + absl::Hours(24 * 30)));
      }
      r.mutable_page()->set_page_size(50);
      SendInLoop<v1::SearchOrdersRequest, v1::SearchOrdersResponse>(
          client.tokens().agent, std::move(r),
          [&client, slot](auto* context, auto* request, auto* response, auto answered) {
            client.orders(slot).async()->SearchOrders(context, request, response,
                                                      std::move(answered));
          },
          [](const grpc::Status& s, const v1::SearchOrdersRequest&,
             const v1::SearchOrdersResponse& response) {
            // Every sample exists, so an empty answer is as wrong as an error.
            return s.ok() && response.orders_size() > 0 ? kOk : kError;
          },
          std::move(done));
    });
    AddPercentiles(out, kind + "_", result.All(), {0.5, 0.99});
    out[kind + "_per_s"] = std::round(result.PerSecond());
    out[kind + "_errors"] = result.Count(kError);
  }
  out["clients"] = options.clients;
  out["seconds_per_kind"] = options.seconds;
  return out;
}

}  // namespace oms::bench
