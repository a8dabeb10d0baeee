// oms-bench mixed: place, get, search, cancel and refund in a stated mix.
#include <array>
#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tools/oms-bench/async_call.h"
#include "tools/oms-bench/closed_loop.h"
#include "tools/oms-bench/scenarios.h"

namespace oms::bench {
namespace {

enum Op { kPlace, kGet, kSearch, kCancel, kRefund };
constexpr int kOps = kRefund + 1;
constexpr std::array<const char*, kOps> kOpNames = {"place", "get", "search", "cancel", "refund"};

// The loop's outcome for an operation: even when it succeeded, odd when not.
Outcome OutcomeOf(Op op, bool ok) { return op * 2 + (ok ? 0 : 1); }

// Orders this run placed and may still act on. A cancelled order leaves
// the pool; the others stay for gets, searches and refunds. Thread-safe.
class OrderPool {
 public:
  struct Entry {
    std::string order_id;
    std::string email;
  };

  void Add(Entry entry) {
    std::lock_guard lock(mu_);
    entries_.emplace_back(std::move(entry));
  }
  // Any order; nullopt while none.
  std::optional<Entry> Any(std::mt19937_64& random) {
    std::lock_guard lock(mu_);
    if (entries_.empty()) return std::nullopt;
    return entries_[Index(random)];
  }
  // An order taken out of the pool (to cancel); nullopt while none.
  std::optional<Entry> Take(std::mt19937_64& random) {
    std::lock_guard lock(mu_);
    if (entries_.empty()) return std::nullopt;
    const size_t i = Index(random);
    Entry taken{entries_[i].order_id, entries_[i].email};
    entries_[i] = std::move(entries_.back());
    entries_.pop_back();
    return taken;
  }
  // An order not refunded yet, marked refunded (one refund each keeps every
  // refund within what the order paid); nullopt while none.
  std::optional<Entry> ForRefund(std::mt19937_64& random) {
    std::lock_guard lock(mu_);
    for (int tries = 0; tries < 8 && !entries_.empty(); ++tries) {
      Stored& e = entries_[Index(random)];
      if (e.refunded) continue;
      e.refunded = true;
      return Entry{e.order_id, e.email};
    }
    return std::nullopt;
  }

 private:
  struct Stored : Entry {
    Stored(Entry e) : Entry(std::move(e)) {}  // NOLINT: a pool entry is an Entry
    bool refunded = false;
  };
  size_t Index(std::mt19937_64& random) const {
    return std::uniform_int_distribution<size_t>(0, entries_.size() - 1)(random);
  }

  std::mutex mu_;
  std::vector<Stored> entries_;  // guarded by mu_
};

}  // namespace

absl::StatusOr<Json> RunMixed(BenchClient& client, const MixedOptions& options) {
  const std::array<int, kOps> weights = {options.place, options.get, options.search,
                                         options.cancel, options.refund};
  for (int w : weights) {
    if (w < 0) return absl::InvalidArgumentError("mix weights must not be negative");
  }
  if (options.place <= 0) {
    return absl::InvalidArgumentError("--place must be above 0: the other operations act on "
                                      "orders the run places");
  }
  absl::StatusOr<std::vector<std::string>> skus = StockedSkus(client, 2);
  if (!skus.ok()) return skus.status();

  const std::string run_id = absl::StrCat("mixed-", absl::ToUnixMillis(absl::Now()));
  OrderPool pool;
  std::atomic<int64_t> next{0};
  std::mutex random_mu;
  std::mt19937_64 random(std::random_device{}());
  std::discrete_distribution<int> pick(weights.begin(), weights.end());

  LoopOptions loop;
  loop.clients = options.clients;
  loop.warmup = absl::Seconds(options.warmup_seconds);
  loop.measure = absl::Seconds(options.seconds);
  const LoopResult result = RunClosedLoop(loop, [&](int slot, std::function<void(Outcome)> done) {
    Op op;
    std::optional<OrderPool::Entry> target;
    {
      std::lock_guard lock(random_mu);
      op = static_cast<Op>(pick(random));
      if (op == kCancel) {
        target = pool.Take(random);
      } else if (op == kRefund) {
        target = pool.ForRefund(random);
      } else if (op != kPlace) {
        target = pool.Any(random);
      }
      if (op != kPlace && !target) op = kPlace;  // nothing to act on yet
    }
    auto outcome = [op](bool ok) { return OutcomeOf(op, ok); };
    switch (op) {
      case kPlace:
        SendInLoop<v1::PlaceOrderRequest, v1::PlaceOrderResponse>(
            client.tokens().channel, MakeOrder(*skus, 1, "tok_visa", run_id, next.fetch_add(1)),
            [&client, slot](auto* context, auto* request, auto* response, auto answered) {
              client.orders(slot).async()->PlaceOrder(context, request, response,
                                                      std::move(answered));
            },
            [&pool, outcome](const grpc::Status& s, const v1::PlaceOrderRequest& request,
                             const v1::PlaceOrderResponse& response) {
              const bool ok = s.ok() && response.order().status() == v1::ORDER_STATUS_CONFIRMED;
              if (ok) pool.Add({response.order().order_id(), request.contact().email()});
              return outcome(ok);
            },
            std::move(done));
        return;
      case kGet: {
        v1::GetOrderRequest request;
        request.set_order_id(target->order_id);
        SendInLoop<v1::GetOrderRequest, v1::Order>(
            client.tokens().agent, std::move(request),
            [&client, slot](auto* context, auto* request, auto* response, auto answered) {
              client.orders(slot).async()->GetOrder(context, request, response,
                                                    std::move(answered));
            },
            [outcome](const grpc::Status& s, const v1::GetOrderRequest&, const v1::Order&) {
              return outcome(s.ok());
            },
            std::move(done));
        return;
      }
      case kSearch: {
        v1::SearchOrdersRequest request;
        request.set_email(target->email);
        SendInLoop<v1::SearchOrdersRequest, v1::SearchOrdersResponse>(
            client.tokens().agent, std::move(request),
            [&client, slot](auto* context, auto* request, auto* response, auto answered) {
              client.orders(slot).async()->SearchOrders(context, request, response,
                                                        std::move(answered));
            },
            [outcome](const grpc::Status& s, const v1::SearchOrdersRequest&,
                      const v1::SearchOrdersResponse& response) {
              // The e-mail is the order's own: anything but one order is wrong.
              return outcome(s.ok() && response.orders_size() == 1);
            },
            std::move(done));
        return;
      }
      case kCancel: {
        v1::CancelOrderRequest request;
        request.set_request_id(absl::StrCat(run_id, "-cancel-", target->order_id));
        request.set_order_id(target->order_id);
        request.set_reason(v1::CANCEL_REASON_CUSTOMER_REQUEST);
        request.set_initiator(v1::CANCEL_INITIATOR_CUSTOMER);
        SendInLoop<v1::CancelOrderRequest, v1::CancelOrderResponse>(
            client.tokens().agent, std::move(request),
            [&client, slot](auto* context, auto* request, auto* response, auto answered) {
              client.orders(slot).async()->CancelOrder(context, request, response,
                                                       std::move(answered));
            },
            [outcome](const grpc::Status& s, const v1::CancelOrderRequest&,
                      const v1::CancelOrderResponse& response) {
              return outcome(s.ok() && response.order().status() == v1::ORDER_STATUS_CANCELLED);
            },
            std::move(done));
        return;
      }
      case kRefund: {
        v1::RefundOrderRequest request;
        request.set_request_id(absl::StrCat(run_id, "-refund-", target->order_id));
        request.set_order_id(target->order_id);
        request.mutable_goodwill()->set_amount_minor(100);
        request.mutable_goodwill()->set_currency("EUR");
        request.set_reason("oms-bench goodwill");
        SendInLoop<v1::RefundOrderRequest, v1::RefundOrderResponse>(
            client.tokens().agent, std::move(request),
            [&client, slot](auto* context, auto* request, auto* response, auto answered) {
              client.payments(slot).async()->RefundOrder(context, request, response,
                                                         std::move(answered));
            },
            [outcome](const grpc::Status& s, const v1::RefundOrderRequest&,
                      const v1::RefundOrderResponse&) { return outcome(s.ok()); },
            std::move(done));
        return;
      }
    }
  });

  Json out;
  out["ops_per_s"] = std::round(result.PerSecond());
  std::string mix;
  for (int op = 0; op < kOps; ++op) {
    const std::string name = kOpNames[op];
    absl::StrAppend(&mix, mix.empty() ? "" : " ", name, ":", weights[op]);
    auto it = result.latencies_ms.find(OutcomeOf(static_cast<Op>(op), true));
    const std::vector<double> ok =
        it == result.latencies_ms.end() ? std::vector<double>() : it->second;
    out[name + "_per_s"] = std::round(static_cast<double>(ok.size()) /
                                      std::max(result.seconds, 1e-9));
    AddPercentiles(out, name + "_", ok, {0.5, 0.99});
    out[name + "_errors"] = result.Count(OutcomeOf(static_cast<Op>(op), false));
  }
  out["mix"] = mix;
  out["clients"] = options.clients;
  out["seconds"] = options.seconds;
  return out;
}

}  // namespace oms::bench
