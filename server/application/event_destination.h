#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/application/relay_store.h"

namespace oms::application {

// Somewhere the outbox relay delivers events: a channel's callback URL, a
// customer notifier, a peer region. The relay gives each destination its own
// cursor, bounded queue, retries and dead letters (outbox_relay.h).
//
// Thread-safety: Wants may be called from the relay's threads concurrently
// with Deliver; implementations keep no mutable state or guard it.
class EventDestination {
 public:
  virtual ~EventDestination() = default;

  // Stable across restarts: it keys the cursor and the dead letters
  // ("channel:web", "notifications:email").
  virtual std::string name() const = 0;

  // The event types it may want; the relay reads only these.
  virtual std::vector<std::string> event_types() const = 0;

  // Whether this event (of one of event_types()) is for it, e.g. an order of
  // its channel. Quick and without I/O.
  virtual bool Wants(const OutboxEvent& event) const = 0;

  // Delivers asynchronously and calls `done` exactly once, on any thread,
  // possibly before Deliver returns:
  //   OK                                    delivered
  //   UNAVAILABLE, DEADLINE_EXCEEDED, UNKNOWN, RESOURCE_EXHAUSTED, ABORTED
  //                                         worth trying again later
  //   CANCELLED                             the destination is shutting down;
  //                                         the relay stops without recording
  //   anything else                         trying again cannot help: the
  //                                         event is dead-lettered at once
  // The message says what happened for the dead-letter list
  // ("HTTP 503 from http://...: busy").
  virtual void Deliver(const OutboxEvent& event, std::function<void(absl::Status)> done) = 0;
};

// Whether a Deliver answer is worth another attempt (see above).
bool IsRetryableDelivery(const absl::Status& status);

}  // namespace oms::application
