#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace oms::partners {

// How a partner retries a post omsd did not take.
struct CallbackRetry {
  // Posts of one message, the first included; 1 never retries.
  int max_attempts = 5;
  // Wait before the second attempt; doubles per attempt up to max_backoff.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  // For one post: connecting, sending and reading the reply.
  absl::Duration timeout = absl::Seconds(10);
};

// INVALID_ARGUMENT when max_attempts is under 1 or a duration is negative
// (or the timeout is zero).
absl::Status ValidateCallbackRetry(const CallbackRetry& retry);

// One message a partner posts to omsd's partner endpoint.
struct OutboundCallback {
  std::string node_id;
  std::string path;         // under omsd's base URL, "/partners/v1/nodes/N/ship-confirmations"
  std::string body;         // JSON; signed as sent
  std::string message_id;   // confirmation_id or snapshot_id
  std::string kind;         // "SHIPPED", "DELIVERED", "EXCEPTION" or "SNAPSHOT"
  std::string shipment_id;  // empty for snapshots
  int64_t sequence = 0;     // 0 for snapshots
  int copy = 1;             // 2 for the second copy of a duplicated message
};

// One post of a message and what omsd answered.
struct CallbackAttempt {
  enum class Outcome {
    kAccepted,  // 2xx
    kRetrying,  // no reply, 409, 429 or 5xx: it will be posted again
    kGaveUp,    // as kRetrying, but that was the last attempt
    kRefused,   // another 4xx (bad signature, malformed, unknown): never retried
  };

  OutboundCallback callback;
  int attempt = 1;
  absl::Time sent_at;
  int status = 0;     // HTTP status; 0 when no reply came
  std::string reply;  // the reply body, or why no reply came
  Outcome outcome = Outcome::kAccepted;

  // "accepted", "retrying", "gave_up", "refused".
  static const char* OutcomeName(Outcome outcome);
};

// Where a node's messages go.
struct CallbackEndpoint {
  std::string base_url;  // omsd's partner endpoint, "http://127.0.0.1:8092" (a path prefix is kept)
  std::string secret;    // X-Signature = hex(HMAC-SHA256(secret, body))
};

struct CallbackCounters {
  int64_t posts = 0;      // attempts made
  int64_t accepted = 0;   // attempts answered 2xx
  int64_t retries = 0;    // attempts that will be repeated
  int64_t gave_up = 0;    // messages dropped after max_attempts
  int64_t refused = 0;    // messages refused for good
  int64_t pending = 0;    // messages waiting to be posted (first time or again)
  int64_t in_flight = 0;  // 0 or 1: one post at a time
};

// Posts a partner's messages to omsd on a thread of its own, one at a time,
// in the order they fall due (ties in the order enqueued). A message that
// is not taken (no reply, 409, 429, 5xx) is put back with exponential
// backoff, and other messages go first meanwhile, as a real partner's
// outbox would: so a DELIVERED refused because its SHIPPED has not arrived
// yet is posted again after the SHIPPED. Every post is recorded with its
// answer.
//
// Thread-safety: every method may be called from any thread; the resolver
// and the retry source are called on the sender's thread without its lock
// held, so they may take locks of their own.
class CallbackSender {
 public:
  // Asked before each post, so settings changed at run time apply to
  // retries too; an error is recorded as a post without reply (retried).
  using Resolver = std::function<absl::StatusOr<CallbackEndpoint>(const std::string& node_id)>;

  CallbackSender(Resolver resolver, std::function<CallbackRetry()> retry);
  // Stop().
  ~CallbackSender();

  CallbackSender(const CallbackSender&) = delete;
  CallbackSender& operator=(const CallbackSender&) = delete;

  // Posts `callback` at `due` (now or later: a late partner).
  void Enqueue(OutboundCallback callback, absl::Time due);
  // Drops what is pending, forgets the attempts and counters. A post in
  // flight finishes but is not recorded.
  void Clear();
  // Drops what is pending, waits for a post in flight (at most its
  // timeout) and ends the thread. Idempotent; later Enqueues are dropped.
  void Stop();

  std::vector<CallbackAttempt> attempts() const;
  CallbackCounters counters() const;
  // Blocks until `reached` holds for the attempts so far or `timeout`
  // passes; returns whether it holds. For tests, instead of sleeping.
  bool AwaitAttempts(const std::function<bool(const std::vector<CallbackAttempt>&)>& reached,
                     absl::Duration timeout) const;
  // Until nothing is pending or in flight.
  bool AwaitIdle(absl::Duration timeout) const;

 private:
  struct Pending {
    OutboundCallback callback;
    int attempts_made = 0;
  };

  void Run();
  CallbackAttempt Post(const OutboundCallback& callback, int attempt,
                       const CallbackRetry& retry) const;

  const Resolver resolver_;
  const std::function<CallbackRetry()> retry_;

  mutable absl::Mutex mu_;
  // (due, enqueue number) -> message: the next to post is the first.
  std::map<std::pair<absl::Time, int64_t>, Pending> queue_ ABSL_GUARDED_BY(mu_);
  int64_t next_number_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;  // bumped by Clear
  bool wake_ ABSL_GUARDED_BY(mu_) = false;       // the queue changed or we stop
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<CallbackAttempt> attempts_ ABSL_GUARDED_BY(mu_);
  CallbackCounters counters_ ABSL_GUARDED_BY(mu_);

  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace oms::partners
