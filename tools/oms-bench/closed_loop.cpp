#include "tools/oms-bench/closed_loop.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace oms::bench {

int64_t LoopResult::Count(Outcome o) const {
  auto it = latencies_ms.find(o);
  return it == latencies_ms.end() ? 0 : static_cast<int64_t>(it->second.size());
}

std::vector<double> LoopResult::All() const {
  std::vector<double> all;
  for (const auto& [outcome, values] : latencies_ms) {
    all.insert(all.end(), values.begin(), values.end());
  }
  return all;
}

double Quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(q * static_cast<double>(values.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

namespace {

// One slot's samples: a slot has at most one call in flight, so only that
// call's completion writes here and no lock is needed.
struct Sample {
  Outcome outcome;
  double ms;
};

struct LoopState {
  LoopOptions options;
  const CallStarter* start = nullptr;
  absl::Time window_start;
  absl::Time window_end;
  std::atomic<int64_t> started{0};
  std::atomic<bool> stopping{false};
  std::vector<std::vector<Sample>> samples;  // per slot
  std::mutex mu;
  std::condition_variable drained;
  int in_flight = 0;  // guarded by mu
};

void StartOn(const std::shared_ptr<LoopState>& state, int slot) {
  if (state->options.max_calls > 0 &&
      state->started.fetch_add(1) >= state->options.max_calls) {
    state->stopping = true;
  }
  if (state->stopping) {
    std::lock_guard<std::mutex> lock(state->mu);
    if (--state->in_flight == 0) state->drained.notify_all();
    return;
  }
  const absl::Time begun = absl::Now();
  (*state->start)(slot, [state, slot, begun](Outcome outcome) {
    const absl::Time now = absl::Now();
    const bool counted = state->options.max_calls > 0 ||
                         (now >= state->window_start && now <= state->window_end);
    if (counted) {
      state->samples[slot].push_back({outcome, absl::ToDoubleMilliseconds(now - begun)});
    }
    if (state->options.max_calls <= 0 && now >= state->window_end) state->stopping = true;
    StartOn(state, slot);
  });
}

}  // namespace

LoopResult RunClosedLoop(const LoopOptions& options, const CallStarter& start) {
  auto state = std::make_shared<LoopState>();
  state->options = options;
  state->start = &start;
  state->samples.resize(options.clients);
  const absl::Time begin = absl::Now();
  state->window_start = options.max_calls > 0 ? begin : begin + options.warmup;
  state->window_end = state->window_start + options.measure;
  state->in_flight = options.clients;
  for (int slot = 0; slot < options.clients; ++slot) StartOn(state, slot);
  {
    std::unique_lock<std::mutex> lock(state->mu);
    if (options.max_calls <= 0) {
      // A loop whose calls all hang still ends: stop starting at the window's end.
      state->drained.wait_until(lock, absl::ToChronoTime(state->window_end),
                                [&] { return state->in_flight == 0; });
      state->stopping = true;
    }
    state->drained.wait(lock, [&] { return state->in_flight == 0; });
  }
  const absl::Time end = absl::Now();
  LoopResult result;
  result.seconds = options.max_calls > 0 ? absl::ToDoubleSeconds(end - begin)
                                         : absl::ToDoubleSeconds(options.measure);
  for (const auto& slot : state->samples) {
    for (const Sample& s : slot) {
      result.latencies_ms[s.outcome].push_back(s.ms);
      ++result.calls;
    }
  }
  return result;
}

}  // namespace oms::bench
