#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "tools/oms-bench/bench_client.h"

namespace oms::bench {

// Measures how long a stock change takes to reach a WatchInventory client:
// every `period` it receives one unit of `sku` at `node_id` (AdjustStock as
// admin) and times from sending that call to the stream's StockAdjusted
// message for it. Start() returns once the stream has its first mark;
// Stop() ends both threads and returns the latencies in ms (changes never
// seen are counted in missed()).
class WatchProbe {
 public:
  WatchProbe(BenchClient& client, std::string sku, std::string node_id, absl::Duration period);
  ~WatchProbe();

  absl::Status Start();
  std::vector<double> Stop();
  int64_t missed() const { return missed_; }

 private:
  void Read();
  void Adjust();

  BenchClient& client_;
  const std::string sku_;
  const std::string node_id_;
  const absl::Duration period_;
  std::unique_ptr<grpc::ClientContext> stream_context_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  std::thread reader_;
  std::thread adjuster_;
  std::mutex mu_;
  std::map<std::string, absl::Time> sent_;  // reason -> when sent; guarded by mu_
  std::vector<double> latencies_ms_;        // guarded by mu_
  int64_t missed_ = 0;
};

}  // namespace oms::bench
