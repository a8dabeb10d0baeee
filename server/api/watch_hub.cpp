#include "server/api/watch_hub.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace oms::api {

WatchHub::WatchHub(application::EventFeed& feed, application::OutboxSignal& signal, Options options)
    : feed_(feed), signal_(signal), options_(options) {
  head_ = signal_.highest_sequence();
  listener_id_ = signal_.Listen([this](int64_t sequence) {
    {
      std::lock_guard lock(mu_);
      head_ = std::max(head_, sequence);
      wake_ = true;
    }
    cv_.notify_one();
  });
  thread_ = std::thread(&WatchHub::Loop, this);
}

WatchHub::~WatchHub() { Shutdown(); }

absl::Status WatchHub::Add(std::shared_ptr<Watch> watch, bool counted) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      return absl::UnavailableError(
          "the server is shutting down; reconnect and resume from the last sequence received");
    }
    const int open = static_cast<int>(watches_.size() - uncounted_.size());
    if (counted && open >= options_.max_watches) {
      return absl::ResourceExhaustedError(
          absl::StrCat("this server has ", options_.max_watches,
                       " watches open, its limit (max_watches); close one or try again later"));
    }
    if (!counted) uncounted_.push_back(watch.get());
    watches_.push_back(std::move(watch));
    wake_ = true;  // a resumed watch may be behind: catch it up at once
  }
  cv_.notify_one();
  return absl::OkStatus();
}

void WatchHub::Remove(const Watch* watch) {
  // The hub's thread may still hold its own reference for a moment; the
  // watch then sees that it has finished and does nothing.
  std::lock_guard lock(mu_);
  std::erase_if(watches_, [watch](const auto& w) { return w.get() == watch; });
  std::erase(uncounted_, watch);
}

void WatchHub::Wake() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

void WatchHub::Shutdown() {
  std::vector<std::shared_ptr<Watch>> open;
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      stopping_ = true;
      open = watches_;
    }
  }
  cv_.notify_one();
  // Not under mu_: the listener takes mu_ while the signal holds its lock.
  if (listener_id_ != 0) {
    signal_.Unlisten(listener_id_);
    listener_id_ = 0;
  }
  const grpc::Status closing(grpc::StatusCode::UNAVAILABLE,
                             "the server is shutting down; reconnect and resume from the last "
                             "sequence received");
  for (const auto& watch : open) watch->Close(closing);
  std::lock_guard join_lock(join_mu_);
  if (thread_.joinable()) thread_.join();
}

int WatchHub::open_watches() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(watches_.size());
}

int64_t WatchHub::head() const {
  std::lock_guard lock(mu_);
  return head_;
}

void WatchHub::Loop() {
  const auto tick = absl::ToChronoMilliseconds(options_.tick);
  auto next_tick = std::chrono::steady_clock::now() + tick;
  for (;;) {
    std::vector<std::shared_ptr<Watch>> watches;
    int64_t head = 0;
    bool heartbeat = false;
    {
      std::unique_lock lock(mu_);
      cv_.wait_until(lock, next_tick, [this] { return wake_ || stopping_; });
      if (stopping_) return;
      wake_ = false;
      if (std::chrono::steady_clock::now() >= next_tick) {
        heartbeat = true;
        next_tick = std::chrono::steady_clock::now() + tick;
      }
      watches = watches_;
      head = head_;
    }
    if (heartbeat) {
      // The safety net: a commit whose signal was lost (or made outside
      // this process) is still seen within a tick.
      if (absl::StatusOr<int64_t> last = feed_.LastSequence(); last.ok() && *last > head) {
        head = *last;
        std::lock_guard lock(mu_);
        head_ = std::max(head_, head);
      }
    }
    for (const auto& watch : watches) watch->Pump(head, heartbeat);
  }
}

absl::StatusOr<int64_t> WatchStartingPoint(application::EventFeed& feed, int64_t after_sequence,
                                           bool from_beginning) {
  if (after_sequence < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "after_sequence: must not be negative (0 starts from now), got ", after_sequence));
  }
  if (from_beginning && after_sequence > 0) {
    return absl::InvalidArgumentError(
        "from_beginning: only with after_sequence 0; a resumed watch starts after its sequence");
  }
  if (from_beginning) return 0;
  absl::StatusOr<int64_t> head = feed.LastSequence();
  if (!head.ok()) return head.status();
  if (after_sequence == 0) return *head;
  if (after_sequence > *head) {
    return absl::FailedPreconditionError(
        absl::StrCat("after_sequence: ", after_sequence, " is beyond the last event (", *head,
                     ") of this server's log; watch from 0 and reload what you show"));
  }
  return after_sequence;
}

absl::Status ValidateEventTypes(const std::vector<std::string>& types,
                                const std::vector<std::string>& known) {
  if (types.size() > 20) {
    return absl::InvalidArgumentError(absl::StrCat("event_types: at most 20, got ", types.size()));
  }
  for (const std::string& type : types) {
    const bool well_formed =
        !type.empty() && type.size() <= 64 &&
        std::all_of(type.begin(), type.end(), [](char c) { return absl::ascii_isalnum(c); });
    if (!well_formed) {
      return absl::InvalidArgumentError(absl::StrCat(
          "event_types: '", type, "' is not an event type (1 to 64 letters and digits)"));
    }
    if (!known.empty() && std::find(known.begin(), known.end(), type) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat("event_types: unknown type '", type,
                                                     "'; one of ", absl::StrJoin(known, ", ")));
    }
  }
  return absl::OkStatus();
}

}  // namespace oms::api
