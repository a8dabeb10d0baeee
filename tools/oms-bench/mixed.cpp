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
#include "tools/oms-bench/closed_loop.h"
#include "tools/oms-bench/scenarios.h"

namespace oms::bench {
namespace {

enum Op { kPlace, kGet, kSearch, kCancel, kRefund, kOps };
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
    auto finish = [done = std::move(done), op](bool ok) mutable { done(OutcomeOf(op, ok)); };
    switch (op) {
      case kPlace: {
        struct Call {
          std::unique_ptr<grpc::ClientContext> context;
          v1::PlaceOrderRequest request;
          v1::PlaceOrderResponse response;
        };
        auto call = std::make_shared<Call>();
        call->context = BenchClient::Context(client.tokens().channel);
        call->request = MakeOrder(*skus, 1, "tok_visa", run_id, next.fetch_add(1));
        client.orders(slot).async()->PlaceOrder(
            call->context.get(), &call->request, &call->response,
            [&pool, call, finish](grpc::Status s) mutable {
              const bool ok =
                  s.ok() && call->response.order().status() == v1::ORDER_STATUS_CONFIRMED;
              if (ok) {
                pool.Add({call->response.order().order_id(), call->request.contact().email()});
              }
              call.reset();
              finish(ok);
            });
        return;
      }
      case kGet: {
        struct Call {
          std::unique_ptr<grpc::ClientContext> context;
          v1::GetOrderRequest request;
          v1::Order response;
        };
        auto call = std::make_shared<Call>();
        call->context = BenchClient::Context(client.tokens().agent);
        call->request.set_order_id(target->order_id);
        client.orders(slot).async()->GetOrder(call->context.get(), &call->request,
                                              &call->response,
                                              [call, finish](grpc::Status s) mutable {
                                                call.reset();
                                                finish(s.ok());
                                              });
        return;
      }
      case kSearch: {
        struct Call {
          std::unique_ptr<grpc::ClientContext> context;
          v1::SearchOrdersRequest request;
          v1::SearchOrdersResponse response;
        };
        auto call = std::make_shared<Call>();
        call->context = BenchClient::Context(client.tokens().agent);
        call->request.set_email(target->email);
        client.orders(slot).async()->SearchOrders(
            call->context.get(), &call->request, &call->response,
            [call, finish](grpc::Status s) mutable {
              // The e-mail is the order's own: anything but one order is wrong.
              const bool ok = s.ok() && call->response.orders_size() == 1;
              call.reset();
              finish(ok);
            });
        return;
      }
      case kCancel: {
        struct Call {
          std::unique_ptr<grpc::ClientContext> context;
          v1::CancelOrderRequest request;
          v1::CancelOrderResponse response;
        };
        auto call = std::make_shared<Call>();
        call->context = BenchClient::Context(client.tokens().agent);
        call->request.set_request_id(absl::StrCat(run_id, "-cancel-", target->order_id));
        call->request.set_order_id(target->order_id);
        call->request.set_reason(v1::CANCEL_REASON_CUSTOMER_REQUEST);
        call->request.set_initiator(v1::CANCEL_INITIATOR_CUSTOMER);
        client.orders(slot).async()->CancelOrder(
            call->context.get(), &call->request, &call->response,
            [call, finish](grpc::Status s) mutable {
              const bool ok =
                  s.ok() && call->response.order().status() == v1::ORDER_STATUS_CANCELLED;
              call.reset();
              finish(ok);
            });
        return;
      }
      case kRefund: {
        struct Call {
          std::unique_ptr<grpc::ClientContext> context;
          v1::RefundOrderRequest request;
          v1::RefundOrderResponse response;
        };
        auto call = std::make_shared<Call>();
        call->context = BenchClient::Context(client.tokens().agent);
        call->request.set_request_id(absl::StrCat(run_id, "-refund-", target->order_id));
        call->request.set_order_id(target->order_id);
        call->request.mutable_goodwill()->set_amount_minor(100);
        call->request.mutable_goodwill()->set_currency("EUR");
        call->request.set_reason("oms-bench goodwill");
        client.payments(slot).async()->RefundOrder(call->context.get(), &call->request,
                                                   &call->response,
                                                   [call, finish](grpc::Status s) mutable {
                                                     call.reset();
                                                     finish(s.ok());
                                                   });
        return;
      }
      case kOps:
        break;
    }
    finish(false);
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
