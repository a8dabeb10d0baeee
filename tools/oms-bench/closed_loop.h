#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace oms::bench {

// What one call came to. Scenarios name their own kinds (ok, out of stock,
// declined...); the loop only counts and times them.
using Outcome = int;
constexpr Outcome kOk = 0;
constexpr Outcome kError = 1;

// Starts one asynchronous call for `slot` and calls `done` exactly once when
// it finishes, from any thread. `done` must not be called inline before the
// starter returns more than once per call.
using CallStarter = std::function<void(int slot, std::function<void(Outcome)> done)>;

struct LoopOptions {
  int clients = 64;                          // calls in flight
  absl::Duration warmup = absl::Seconds(1);  // completions before this are not counted
  absl::Duration measure = absl::Seconds(5);
  int64_t max_calls = -1;  // > 0: stop after this many calls (warm-up then ignored)
};

struct LoopResult {
  double seconds = 0;  // length of the measured window
  int64_t calls = 0;   // completions counted
  // Latency in milliseconds of every counted call, by outcome.
  std::map<Outcome, std::vector<double>> latencies_ms;

  int64_t Count(Outcome o) const;
  double PerSecond() const { return seconds > 0 ? static_cast<double>(calls) / seconds : 0; }
  std::vector<double> All() const;
};

// Keeps `clients` calls in flight: each completion starts the next call on
// the same slot, until the window closes (or max_calls were started); then
// waits for the calls in flight to finish. Blocks the calling thread.
LoopResult RunClosedLoop(const LoopOptions& options, const CallStarter& start);

// The q-quantile (0..1) of `values` by nearest rank; 0 for none. Sorts a copy.
double Quantile(std::vector<double> values, double q);

}  // namespace oms::bench
