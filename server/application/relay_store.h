#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/queries.h"
#include "server/domain/order_state.h"

namespace oms::application {

// One outbox row as the relay hands it to destinations.
struct OutboxEvent {
  int64_t seq = 0;
  std::string event_id;        // ULID; receivers dedupe by it
  std::string aggregate_type;  // order, stock, product, ledger_entry
  std::string aggregate_id;
  int64_t aggregate_version = 0;
  std::string event_type;  // ShipmentShipped, UnitsCancelled...
  absl::Time occurred_at;
  std::string summary;
  std::string trace_id;  // of the request that caused it; deliveries continue that trace
  std::map<std::string, std::string> details;  // the event's own details
  // Order events: the order as the save that recorded the event left it
  // (the snapshot on that save's last event), so a destination can name the
  // channel, the external reference, the carrier and the lines.
  std::optional<domain::OrderState> order;
};

enum class DeadLetterStatus { kDead, kReplaying, kReplayed };
// "DEAD", "REPLAYING", "REPLAYED".
const char* Name(DeadLetterStatus status);
std::optional<DeadLetterStatus> ParseDeadLetterStatus(const std::string& name);

// An event one destination gave up on (docs/CHANNELS.md, Callbacks).
struct DeadLetter {
  std::string dead_letter_id;  // ULID
  std::string destination;     // "channel:web"
  int64_t event_seq = 0;
  std::string event_id;
  std::string event_type;
  std::string aggregate_id;  // the order id for order events
  DeadLetterStatus status = DeadLetterStatus::kDead;
  int attempts = 0;  // over its life, replays included
  std::string last_error;
  absl::Time created_at;
  absl::Time updated_at;
  absl::Time replayed_at;  // InfinitePast until delivered on replay
};

// What the relay reads from the outbox.
struct OutboxBatch {
  // Events after the asked sequence of the asked types, in sequence order.
  std::vector<OutboxEvent> events;
  // Every event up to this sequence has been looked at (those of other types
  // skipped); the next read starts after it.
  int64_t scanned_to = 0;
};

// The relay's storage: the outbox (read), cursors and dead letters.
// Reads run on the caller's thread against read connections; writes are
// queued to the single writer and answer `done` on the writer thread after
// commit (done must not block). Thread-safe.
class RelayStore {
 public:
  using Done = std::function<void(absl::Status)>;
  virtual ~RelayStore() = default;

  // At most `limit` events with seq > after_seq whose type is one of
  // `event_types`, each order event with its order. A snapshot that does
  // not decode is INTERNAL naming the event.
  virtual absl::StatusOr<OutboxBatch> ReadAfter(int64_t after_seq,
                                                const std::vector<std::string>& event_types,
                                                int limit) = 0;
  // One event by sequence; NOT_FOUND when the outbox no longer has it.
  virtual absl::StatusOr<OutboxEvent> ReadEvent(int64_t seq) = 0;
  // The newest sequence, 0 for an empty outbox.
  virtual absl::StatusOr<int64_t> LastSeq() = 0;

  // The destination's cursor; nullopt when it has none yet.
  virtual absl::StatusOr<std::optional<int64_t>> LoadCursor(const std::string& destination) = 0;
  // Moves it forward to `seq` (never back).
  virtual void SaveCursor(const std::string& destination, int64_t seq, Done done) = 0;

  // Newest first; `destination` empty for all. INVALID_ARGUMENT for a bad
  // page token.
  virtual absl::StatusOr<Page<DeadLetter>> ListDeadLetters(const std::string& destination,
                                                           int page_size,
                                                           const std::string& page_token) = 0;
  // NOT_FOUND for an unknown id.
  virtual absl::StatusOr<DeadLetter> GetDeadLetter(const std::string& dead_letter_id) = 0;
  // The destination's REPLAYING dead letters, oldest first.
  virtual absl::StatusOr<std::vector<DeadLetter>> Replaying(const std::string& destination) = 0;

  // Records `letter` as DEAD. When the destination already has a row for the
  // event (a replay failed again), that row becomes DEAD with the attempts
  // added and the new error; `letter.dead_letter_id` is then ignored.
  virtual void RecordDeadLetter(const DeadLetter& letter, Done done) = 0;
  // DEAD -> REPLAYING; a REPLAYING letter is answered as it is. NOT_FOUND
  // for an unknown id, FAILED_PRECONDITION for one already REPLAYED.
  virtual void StartReplay(const std::string& dead_letter_id,
                           std::function<void(absl::StatusOr<DeadLetter>)> done) = 0;
  // REPLAYING -> REPLAYED at `at`.
  virtual void FinishReplay(const std::string& dead_letter_id, absl::Time at, Done done) = 0;
};

}  // namespace oms::application
