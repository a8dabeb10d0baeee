#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/application/event_destination.h"
#include "server/application/relay_store.h"

namespace oms::application {

struct RelaySettings {
  // Attempts per event before it is dead-lettered (the first send included).
  int max_attempts = 8;
  // Waits between attempts: full jitter over initial * 2^(n-1), at most max.
  absl::Duration backoff_initial = absl::Seconds(1);
  absl::Duration backoff_max = absl::Minutes(5);
  // How often each destination looks for new events and due retries.
  absl::Duration poll = absl::Milliseconds(200);
  // Events a destination holds at once (queued, in flight or waiting for a
  // retry); it reads no further until some are done.
  int queue_capacity = 1000;
  // Deliveries in flight at once per destination (each for another order).
  int max_in_flight = 8;
};

// The outbox relay (docs/ARCHITECTURE.md, Outbox relay): delivers committed
// events to destinations, at least once, in order per aggregate.
//
// Each destination has a lane: its own cursor (stored, relay_cursors), its
// own bounded queue and its own PeriodicTask that reads the outbox after the
// cursor through the read pool, so a slow or dead destination holds back
// neither orders (the writer never waits for the relay) nor other
// destinations. Within a lane:
//   - an aggregate's next event is not sent until the previous one is
//     delivered or dead-lettered; events of different aggregates go out
//     concurrently (up to max_in_flight);
//   - a retryable failure is tried again after a jittered exponential
//     backoff; a permanent one, or the last of max_attempts, becomes a dead
//     letter (stored before the event counts as done);
//   - the cursor moves to the highest sequence below which every event is
//     done, so after a restart at most the unfinished ones are sent again.
// A destination without a cursor starts at the end of the outbox: a channel
// newly given a callback URL is not sent the past.
//
// Dead letters are listed and replayed through this class (OpsService).
// Replay puts the event back in the lane, behind the aggregate's queued
// events; it survives a restart (REPLAYING rows are re-queued at start).
//
// Thread-safety: all methods are thread-safe. Call Stop() before the
// destinations' transport (the HTTP client) is destroyed, and destroy the
// relay only after that transport, while the store's writer still runs.
class OutboxRelay {
 public:
  OutboxRelay(RelayStore& store, const Clock& clock, RelaySettings settings,
              std::vector<std::unique_ptr<EventDestination>> destinations);
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  // Starts one lane per destination. INVALID_ARGUMENT for bad settings or
  // two destinations with one name.
  absl::Status Start();

  // Stops reading and dispatching; answers of deliveries still in flight are
  // dropped (those events are sent again after the next start). Idempotent.
  void Stop();

  // The names of the destinations, sorted.
  std::vector<std::string> destinations() const;

  // Newest first; INVALID_ARGUMENT for a bad page token.
  absl::StatusOr<Page<DeadLetter>> ListDeadLetters(const std::string& destination, int page_size,
                                                   const std::string& page_token);

  // Sends a dead letter's event to its destination again; `done` gets the
  // letter as REPLAYING once that is stored (then it is sent, and becomes
  // REPLAYED when delivered or DEAD again). NOT_FOUND for an unknown id;
  // FAILED_PRECONDITION when it was already delivered on replay, when its
  // destination is no longer configured, or the outbox no longer has the
  // event. `done` runs on the writer thread or the caller's.
  void ReplayDeadLetter(const std::string& dead_letter_id,
                        std::function<void(absl::StatusOr<DeadLetter>)> done);

 private:
  class Lane;

  Lane* FindLane(const std::string& name) const;

  RelayStore& store_;
  const Clock& clock_;
  const RelaySettings settings_;
  std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace oms::application
