#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace oms::application {

// Tells whoever follows the outbox (watch streams, later the relay) that it
// has grown, so they read at once instead of polling. The writer calls
// Notify after each commit that appended events, with the highest sequence
// now durable; listeners then read the new rows from a read connection.
//
// Listeners run on the notifying thread (the writer's) while a lock is held:
// they must be quick, must not block and must not call Listen or Unlisten
// (wake a thread, set a flag). Once Unlisten returns, the listener is not
// running and will not be called again. Thread-safe.
class OutboxSignal {
 public:
  using Listener = std::function<void(int64_t highest_sequence)>;

  // Records `highest_sequence` (a lower one than already seen is ignored)
  // and calls every listener with it.
  void Notify(int64_t highest_sequence);

  // The highest sequence notified so far; 0 before the first commit.
  int64_t highest_sequence() const;

  // Returns an id for Unlisten.
  int Listen(Listener listener);
  void Unlisten(int id);

 private:
  mutable std::mutex mu_;
  int64_t highest_ = 0;                // guarded by mu_
  int next_id_ = 1;                    // guarded by mu_
  std::map<int, Listener> listeners_;  // guarded by mu_
};

}  // namespace oms::application
