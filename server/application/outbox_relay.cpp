#include "server/application/outbox_relay.h"

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/ids.h"
#include "server/application/backoff.h"
#include "server/application/periodic_task.h"
#include "server/observability/metrics.h"
#include "server/observability/trace_context.h"
#include "spdlog/spdlog.h"

namespace oms::application {

bool IsRetryableDelivery(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kCancelled:
      return true;
    default:
      return false;
  }
}

const char* Name(DeadLetterStatus status) {
  switch (status) {
    case DeadLetterStatus::kDead:
      return "DEAD";
    case DeadLetterStatus::kReplaying:
      return "REPLAYING";
    case DeadLetterStatus::kReplayed:
      return "REPLAYED";
  }
  return "DEAD";
}

std::optional<DeadLetterStatus> ParseDeadLetterStatus(const std::string& name) {
  for (DeadLetterStatus s :
       {DeadLetterStatus::kDead, DeadLetterStatus::kReplaying, DeadLetterStatus::kReplayed}) {
    if (name == Name(s)) return s;
  }
  return std::nullopt;
}

// One destination's worker: its queue, cursor and ticker (see the header).
class OutboxRelay::Lane {
 public:
  Lane(RelayStore& store, const Clock& clock, const RelaySettings& settings,
       std::unique_ptr<EventDestination> destination)
      : store_(store),
        clock_(clock),
        settings_(settings),
        destination_(std::move(destination)),
        name_(destination_->name()),
        event_types_(destination_->event_types()),
        random_(std::random_device{}()) {}

  ~Lane() {
    Stop();
    // Writer answers reference this lane; the writer is still running.
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](int* writes) { return *writes == 0; }, &writes_outstanding_));
  }

  const std::string& name() const { return name_; }

  // Finds where to start before the first event can be committed after the
  // relay starts; when the store cannot answer now, the ticker tries again.
  void Start() {
    if (absl::Status s = Init(); s.ok()) {
      initialized_ = true;
    } else {
      spdlog::warn("relay {}: cannot start yet, retrying: {}", name_, s.ToString());
    }
    task_ = std::make_unique<PeriodicTask>(settings_.poll, [this] { Tick(); });
  }

  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;  // first, so a tick under way sends nothing more
    }
    task_.reset();
  }

  // Queues a replayed dead letter behind the aggregate's queued events,
  // unless it is queued already.
  void EnqueueReplay(const DeadLetter& letter, OutboxEvent event) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      std::deque<Item>& queue = queues_[event.aggregate_id];
      for (const Item& item : queue) {
        if (item.replay_id == letter.dead_letter_id) return;
      }
      Item item;
      item.event = std::move(event);
      item.replay_id = letter.dead_letter_id;
      queue.push_back(std::move(item));
    }
    // Called on the writer thread (StartReplay's answer): the lane's own
    // tick sends it, so a slow destination never holds the writer.
  }

 private:
  struct Item {
    OutboxEvent event;
    int attempts = 0;  // failed so far
    absl::Time not_before = absl::InfinitePast();
    // Being delivered, or its dead letter being written: the aggregate's
    // next event waits.
    bool in_flight = false;
    std::string replay_id;  // a replayed dead letter (not in pending_)
  };

  void Tick() {
    if (!initialized_) {
      absl::Status s = Init();
      if (!s.ok()) {
        spdlog::warn("relay {}: cannot start, retrying: {}", name_, s.ToString());
        return;
      }
      initialized_ = true;
    }
    Read();
    Dispatch();
    SaveCursorIfMoved();
    ReportBacklog();
  }

  // Tick thread only: oms_outbox_backlog_events is the newest sequence
  // minus what this lane has finished; the age is that of the oldest event
  // it holds unfinished (older than any it has not read yet).
  void ReportBacklog() {
    absl::StatusOr<int64_t> last = store_.LastSeq();
    if (!last.ok()) return;
    int64_t done_to = 0;
    absl::Time oldest = absl::InfiniteFuture();
    {
      absl::MutexLock lock(&mu_);
      done_to = pending_.empty() ? read_seq_ : *pending_.begin() - 1;
      for (const auto& [key, queue] : queues_) {
        if (!queue.empty()) oldest = std::min(oldest, queue.front().event.occurred_at);
      }
    }
    const double age =
        oldest == absl::InfiniteFuture() ? 0 : absl::ToDoubleSeconds(clock_.Now() - oldest);
    observability::ProcessMetrics().SetOutboxBacklog(name_, std::max<int64_t>(0, *last - done_to),
                                                     std::max(0.0, age));
  }

  // Start, then the tick thread only.
  absl::Status Init() {
    absl::StatusOr<std::optional<int64_t>> cursor = store_.LoadCursor(name_);
    if (!cursor.ok()) return cursor.status();
    int64_t start = 0;
    if (cursor->has_value()) {
      start = **cursor;
    } else {
      absl::StatusOr<int64_t> last = store_.LastSeq();
      if (!last.ok()) return last.status();
      start = *last;
    }
    absl::StatusOr<std::vector<DeadLetter>> replaying = store_.Replaying(name_);
    if (!replaying.ok()) return replaying.status();
    {
      absl::MutexLock lock(&mu_);
      read_seq_ = start;
      // A new destination stores where it starts, so that a restart before
      // its first delivery does not skip what came in between.
      saved_cursor_ = cursor->has_value() ? start : -1;
    }
    for (const DeadLetter& letter : *replaying) {
      absl::StatusOr<OutboxEvent> event = store_.ReadEvent(letter.event_seq);
      if (!event.ok() && !absl::IsNotFound(event.status())) {
        return event.status();  // the next tick starts again
      }
      if (!event.ok()) {
        DeadLetter again = letter;
        again.attempts = 0;
        again.last_error = absl::StrCat("replay: ", event.status().message());
        RecordDeadLetter(std::move(again), "");
        continue;
      }
      EnqueueReplay(letter, std::move(*event));
    }
    return absl::OkStatus();
  }

  // Tick thread only: reads after read_seq_ while there is room.
  void Read() {
    int64_t after = 0;
    int room = 0;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      after = read_seq_;
      room = settings_.queue_capacity - static_cast<int>(pending_.size());
    }
    if (room <= 0) return;
    absl::StatusOr<OutboxBatch> batch = store_.ReadAfter(after, event_types_, room);
    if (!batch.ok()) {
      spdlog::warn("relay {}: reading the outbox: {}", name_, batch.status().ToString());
      return;
    }
    absl::MutexLock lock(&mu_);
    for (OutboxEvent& event : batch->events) {
      if (!destination_->Wants(event)) continue;
      pending_.insert(event.seq);
      Item item;
      item.event = std::move(event);
      queues_[item.event.aggregate_id].push_back(std::move(item));
    }
    read_seq_ = std::max(read_seq_, batch->scanned_to);
  }

  // Sends every aggregate's head that is due, up to max_in_flight.
  void Dispatch() {
    std::vector<std::pair<std::string, OutboxEvent>> sends;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      const absl::Time now = clock_.Now();
      for (auto& [key, queue] : queues_) {
        if (in_flight_ >= settings_.max_in_flight) break;
        Item& head = queue.front();
        if (head.in_flight || head.not_before > now) continue;
        head.in_flight = true;
        ++in_flight_;
        sends.emplace_back(key, head.event);
      }
    }
    for (auto& [key, event] : sends) {
      // The delivery (and the traceparent it sends) continues the trace of
      // the request that caused the event.
      observability::TraceScope scope(observability::TraceContext{event.trace_id, ""});
      destination_->Deliver(
          event, [this, key = key](absl::Status status) { OnAnswer(key, std::move(status)); });
    }
  }

  // The answer for the head of `key`'s queue.
  void OnAnswer(const std::string& key, absl::Status status) {
    std::optional<DeadLetter> dead;
    std::string finish_replay;
    {
      absl::MutexLock lock(&mu_);
      --in_flight_;
      if (stopping_) return;
      auto it = queues_.find(key);
      if (it == queues_.end() || it->second.empty()) return;  // cannot happen
      Item& head = it->second.front();
      if (status.ok()) {
        finish_replay = head.replay_id;
        PopHead(it);
      } else {
        observability::ProcessMetrics().RecordDeliveryFailure(name_);
        ++head.attempts;
        if (IsRetryableDelivery(status) && head.attempts < settings_.max_attempts) {
          head.in_flight = false;
          head.not_before =
              clock_.Now() + JitteredBackoff(settings_.backoff_initial, settings_.backoff_max,
                                             head.attempts, random_);
          return;
        }
        // In flight until the dead letter is stored: the aggregate waits.
        DeadLetter letter;
        const absl::Time now = clock_.Now();
        letter.dead_letter_id = NewUlid(now);
        letter.destination = name_;
        letter.event_seq = head.event.seq;
        letter.event_id = head.event.event_id;
        letter.event_type = head.event.event_type;
        letter.aggregate_id = head.event.aggregate_id;
        letter.attempts = head.attempts;
        letter.last_error = std::string(status.message());
        letter.created_at = now;
        letter.updated_at = now;
        dead = std::move(letter);
      }
    }
    if (dead.has_value()) {
      RecordDeadLetter(std::move(*dead), key);
    } else if (!finish_replay.empty()) {
      absl::MutexLock lock(&mu_);
      ++writes_outstanding_;
    }
    if (!finish_replay.empty()) {
      store_.FinishReplay(finish_replay, clock_.Now(), [this, id = finish_replay](absl::Status s) {
        if (!s.ok()) {
          // Still REPLAYING: sent again after the next start.
          spdlog::warn("relay {}: dead letter {} delivered, but not marked replayed: {}", name_, id,
                       s.ToString());
        }
        absl::MutexLock lock(&mu_);
        --writes_outstanding_;
      });
    }
    Dispatch();
  }

  // Stores a dead letter; then the head of `key` (when given) is done.
  void RecordDeadLetter(DeadLetter letter, std::string key) {
    {
      absl::MutexLock lock(&mu_);
      ++writes_outstanding_;
    }
    // Answered on the writer thread: only bookkeeping here; the lane's own
    // tick sends what comes next. The count drops last, so ~Lane cannot
    // free the lane while this runs.
    store_.RecordDeadLetter(letter, [this, key = std::move(key)](absl::Status s) {
      absl::MutexLock lock(&mu_);
      if (!key.empty() && !stopping_) {
        auto it = queues_.find(key);
        if (it != queues_.end() && !it->second.empty()) {
          if (s.ok()) {
            observability::ProcessMetrics().RecordDeadLetter(name_);
            PopHead(it);
          } else {
            // Not stored: the event is not done. Try it again later rather
            // than lose it.
            spdlog::warn("relay {}: storing a dead letter: {}", name_, s.ToString());
            Item& head = it->second.front();
            head.in_flight = false;
            head.not_before = clock_.Now() + settings_.backoff_max;
          }
        }
      }
      --writes_outstanding_;
    });
  }

  void PopHead(std::map<std::string, std::deque<Item>>::iterator it)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (it->second.front().replay_id.empty()) pending_.erase(it->second.front().event.seq);
    it->second.pop_front();
    if (it->second.empty()) queues_.erase(it);
  }

  // Stores the highest sequence below which every event is done.
  void SaveCursorIfMoved() {
    int64_t done_to = 0;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_ || cursor_write_in_flight_) return;
      done_to = pending_.empty() ? read_seq_ : *pending_.begin() - 1;
      if (done_to <= saved_cursor_) return;
      cursor_write_in_flight_ = true;
      ++writes_outstanding_;
    }
    store_.SaveCursor(name_, done_to, [this, done_to](absl::Status s) {
      absl::MutexLock lock(&mu_);
      --writes_outstanding_;
      cursor_write_in_flight_ = false;
      if (s.ok()) {
        saved_cursor_ = std::max(saved_cursor_, done_to);
      } else if (!stopping_) {
        spdlog::warn("relay {}: storing the cursor: {}", name_, s.ToString());
      }
    });
  }

  RelayStore& store_;
  const Clock& clock_;
  const RelaySettings& settings_;
  const std::unique_ptr<EventDestination> destination_;
  const std::string name_;
  const std::vector<std::string> event_types_;
  bool initialized_ = false;  // Start, then the tick thread only

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t read_seq_ ABSL_GUARDED_BY(mu_) = 0;       // outbox looked at up to here
  int64_t saved_cursor_ ABSL_GUARDED_BY(mu_) = -1;  // as stored
  bool cursor_write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  std::set<int64_t> pending_ ABSL_GUARDED_BY(mu_);                       // read and not done
  std::map<std::string, std::deque<Item>> queues_ ABSL_GUARDED_BY(mu_);  // by aggregate
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  int writes_outstanding_ ABSL_GUARDED_BY(mu_) = 0;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<PeriodicTask> task_;  // last: its thread uses everything above
};

OutboxRelay::OutboxRelay(RelayStore& store, const Clock& clock, RelaySettings settings,
                         std::vector<std::unique_ptr<EventDestination>> destinations)
    : store_(store), clock_(clock), settings_(settings) {
  for (auto& d : destinations) {
    lanes_.push_back(std::make_unique<Lane>(store_, clock_, settings_, std::move(d)));
  }
}

OutboxRelay::~OutboxRelay() { Stop(); }

absl::Status OutboxRelay::Start() {
  if (settings_.max_attempts < 1 || settings_.queue_capacity < 1 || settings_.max_in_flight < 1 ||
      settings_.poll <= absl::ZeroDuration() || settings_.backoff_initial < absl::ZeroDuration() ||
      settings_.backoff_max < settings_.backoff_initial) {
    return absl::InvalidArgumentError(
        "relay: max_attempts, queue_capacity, max_in_flight and poll must be positive, and "
        "backoff_max at least backoff_initial");
  }
  std::set<std::string> names;
  for (const auto& lane : lanes_) {
    if (!names.insert(lane->name()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("relay: two destinations are named '", lane->name(), "'"));
    }
  }
  for (const auto& lane : lanes_) lane->Start();
  return absl::OkStatus();
}

void OutboxRelay::Stop() {
  for (const auto& lane : lanes_) lane->Stop();
}

std::vector<std::string> OutboxRelay::destinations() const {
  std::vector<std::string> names;
  for (const auto& lane : lanes_) names.push_back(lane->name());
  std::sort(names.begin(), names.end());
  return names;
}

OutboxRelay::Lane* OutboxRelay::FindLane(const std::string& name) const {
  for (const auto& lane : lanes_) {
    if (lane->name() == name) return lane.get();
  }
  return nullptr;
}

absl::StatusOr<Page<DeadLetter>> OutboxRelay::ListDeadLetters(const std::string& destination,
                                                              int page_size,
                                                              const std::string& page_token) {
  return store_.ListDeadLetters(destination, page_size, page_token);
}

void OutboxRelay::ReplayDeadLetter(const std::string& dead_letter_id,
                                   std::function<void(absl::StatusOr<DeadLetter>)> done) {
  absl::StatusOr<DeadLetter> letter = store_.GetDeadLetter(dead_letter_id);
  if (!letter.ok()) return done(letter.status());
  Lane* lane = FindLane(letter->destination);
  if (lane == nullptr) {
    return done(absl::FailedPreconditionError(absl::StrCat("dead letter ", dead_letter_id,
                                                           " is for ", letter->destination,
                                                           ", which is no longer configured")));
  }
  absl::StatusOr<OutboxEvent> event = store_.ReadEvent(letter->event_seq);
  if (absl::IsNotFound(event.status())) {
    return done(absl::FailedPreconditionError(absl::StrCat("dead letter ", dead_letter_id,
                                                           ": event ", letter->event_seq,
                                                           " is no longer in the outbox")));
  }
  if (!event.ok()) return done(event.status());
  store_.StartReplay(dead_letter_id, [lane, event = std::move(*event),
                                      done = std::move(done)](absl::StatusOr<DeadLetter> l) {
    if (l.ok()) lane->EnqueueReplay(*l, event);
    done(std::move(l));
  });
}

}  // namespace oms::application
