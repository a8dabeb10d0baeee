#pragma once

#include <grpcpp/support/status.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/event_feed.h"
#include "server/application/outbox_signal.h"

namespace oms::api {

// The open watch streams of one server (WatchOrders, WatchInventory) and the
// one thread that reads the outbox for them, so that no gRPC thread ever
// waits for a read or for a slow client.
//
// The writer's OutboxSignal wakes the thread after every commit; it then
// pumps each watch: a watch that has written everything it had and is
// behind the head reads its next page from the EventFeed and starts
// writing it. A watch that finishes writing a page wakes the thread again
// (Wake), so a slow client gets its next page only when it has taken the
// last one. Once a second the thread also re-reads the head from the feed
// (in case a signal was missed) and lets watches send a heartbeat mark.
//
// Thread-safe. The hub must outlive every watch added to it: ApiServer
// calls Shutdown before it shuts gRPC down.
class WatchHub {
 public:
  // One open stream, as the hub drives it.
  class Watch {
   public:
    virtual ~Watch() = default;
    // On the hub's thread: when idle and behind `head`, read the next page
    // and start writing it; when idle, caught up and `heartbeat`, send a mark
    // if filtered-out events moved the sequence on.
    virtual void Pump(int64_t head, bool heartbeat) = 0;
    // Any thread: end the stream with `status` (after a write in progress).
    virtual void Close(const grpc::Status& status) = 0;
  };

  struct Options {
    int max_watches = 256;
    absl::Duration tick = absl::Seconds(1);  // safety net and heartbeats
  };

  WatchHub(application::EventFeed& feed, application::OutboxSignal& signal, Options options);
  ~WatchHub();  // Shutdown()

  application::EventFeed& feed() { return feed_; }

  // Keeps `watch` until Remove. RESOURCE_EXHAUSTED when max_watches are
  // open (watches added with `counted` false, a peer region's replication
  // stream, neither count nor are refused: a crowd of desk clients must not
  // stop replication); UNAVAILABLE after Shutdown.
  absl::Status Add(std::shared_ptr<Watch> watch, bool counted = true);
  // Forgets the watch (from its OnDone); no-op for one never added.
  void Remove(const Watch* watch);
  // Asks the thread to pump every watch again soon.
  void Wake();
  // Closes every watch with UNAVAILABLE (clients reconnect and resume),
  // refuses new ones and ends the thread. Idempotent.
  void Shutdown();

  int open_watches() const;
  // The newest sequence the hub knows of (it may trail a commit by a tick).
  int64_t head() const;

 private:
  void Loop();

  application::EventFeed& feed_;
  application::OutboxSignal& signal_;
  const Options options_;
  int listener_id_ = 0;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<Watch>> watches_;  // guarded by mu_
  std::vector<const Watch*> uncounted_;          // guarded by mu_; of watches_
  int64_t head_ = 0;                             // guarded by mu_
  bool wake_ = false;                            // guarded by mu_
  bool stopping_ = false;                        // guarded by mu_
  std::mutex join_mu_;                           // serializes concurrent Shutdown calls' join
  std::thread thread_;
};

// Where a watch starts, from a request's after_sequence and from_beginning:
// after_sequence itself (resume), 0 (the whole log), or the current head
// (from now). INVALID_ARGUMENT for a negative sequence or from_beginning with
// a sequence; FAILED_PRECONDITION for a sequence beyond this server's log
// (a client that followed another server, or a store restored from backup).
absl::StatusOr<int64_t> WatchStartingPoint(application::EventFeed& feed, int64_t after_sequence,
                                           bool from_beginning);

// INVALID_ARGUMENT naming the field unless there are at most 20 event types,
// each 1 to 64 letters and digits (and, when `known` is not empty, one of it).
absl::Status ValidateEventTypes(const std::vector<std::string>& types,
                                const std::vector<std::string>& known);

}  // namespace oms::api
