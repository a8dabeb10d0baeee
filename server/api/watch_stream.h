#pragma once

#include <grpcpp/support/server_callback.h>
#include <grpcpp/support/status.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "server/api/grpc_status.h"
#include "server/api/watch_hub.h"
#include "server/application/event_feed.h"

namespace oms::api {

// One server-streaming watch over the outbox (WatchOrders, WatchInventory):
// a cursor, a queue of messages, and one write in flight at a time. The hub's
// thread fills the queue a page at a time (Pump); OnWriteDone starts the
// next write and, when the queue is empty, asks the hub for more. No method
// blocks a gRPC thread.
//
// Every message carries a sequence: an event's own, or on a mark the cursor
// (every matching event up to it has been sent). The first message is a
// mark with the starting cursor, so a client always has a point to resume
// from, even if no event arrives before it disconnects.
//
// The object owns itself from Start until gRPC's OnDone; the hub holds a
// second reference while the watch is open.
template <typename Response>
class WatchStream final : public grpc::ServerWriteReactor<Response>,
                          public WatchHub::Watch,
                          public std::enable_shared_from_this<WatchStream<Response>> {
 public:
  struct Spec {
    application::EventFilter filter;
    bool with_payload = false;
    int64_t start_after = 0;  // the cursor: events after it are sent
    // The message for an event; nullopt skips it.
    std::function<std::optional<Response>(const application::FollowedEvent&)> to_message;
    std::function<Response(int64_t sequence)> to_mark;
    // A mark on every heartbeat, not only when filtered-out events moved the
    // cursor: a follower that must tell a quiet link from a dead one
    // (replication between regions) hears something every tick.
    bool mark_every_heartbeat = false;
    // Counted against max_watches (WatchHub::Add); replication is not.
    bool counted = true;
  };

  static constexpr int kPageSize = 64;

  // Registers the watch with the hub and writes the first mark; a refused
  // watch (limit, shutdown) finishes with the hub's status.
  static grpc::ServerWriteReactor<Response>* Start(WatchHub& hub, Spec spec) {
    auto stream = std::shared_ptr<WatchStream>(new WatchStream(hub, std::move(spec)));
    stream->self_ = stream;
    // The mark is queued before the hub can pump, so it is always first.
    {
      std::unique_lock lock(stream->mu_);
      stream->queue_.push_back(stream->spec_.to_mark(stream->cursor_));
      stream->last_sent_ = stream->cursor_;
    }
    if (absl::Status added = hub.Add(stream, stream->spec_.counted); !added.ok()) {
      stream->Close(ToGrpcStatus(added));
      return stream.get();
    }
    std::unique_lock lock(stream->mu_);
    stream->WriteNextAndUnlock(lock);
    return stream.get();
  }

  // A stream that ends at once with `status` (bad request, no credentials).
  static grpc::ServerWriteReactor<Response>* Refuse(const grpc::Status& status) {
    class Refused final : public grpc::ServerWriteReactor<Response> {
     public:
      explicit Refused(const grpc::Status& status) { this->Finish(status); }
      void OnDone() override { delete this; }
    };
    return new Refused(status);
  }

  void Pump(int64_t head, bool heartbeat) override {
    int64_t after = 0;
    {
      std::unique_lock lock(mu_);
      if (closing_ || writing_ || !queue_.empty()) return;
      if (cursor_ >= head) {
        if (heartbeat && (cursor_ > last_sent_ || spec_.mark_every_heartbeat)) {
          queue_.push_back(spec_.to_mark(cursor_));
          last_sent_ = cursor_;
          WriteNextAndUnlock(lock);
        }
        return;
      }
      after = cursor_;
    }
    // Only the hub's thread pumps, so nothing else moves the cursor meanwhile.
    absl::StatusOr<application::FollowedPage> page =
        hub_.feed().ReadAfter(after, spec_.filter, kPageSize, spec_.with_payload);
    std::unique_lock lock(mu_);
    if (closing_) return;
    if (!page.ok()) {
      // The client reconnects and resumes; nothing is lost.
      closing_ = ToGrpcStatus(page.status());
      FinishAndUnlock(lock);
      return;
    }
    cursor_ = page->scanned_through;
    for (const application::FollowedEvent& event : page->events) {
      std::optional<Response> message = spec_.to_message(event);
      if (!message) continue;
      queue_.push_back(*std::move(message));
      last_sent_ = event.event.sequence;
    }
    if (queue_.empty()) {
      lock.unlock();
      if (cursor_ < head) hub_.Wake();  // nothing matched in this window: scan on
      return;
    }
    WriteNextAndUnlock(lock);
  }

  void Close(const grpc::Status& status) override {
    std::unique_lock lock(mu_);
    if (closing_) return;
    closing_ = status;
    // What is not on the wire yet is dropped; the client resumes after the
    // last sequence it received.
    if (writing_) {
      queue_.erase(queue_.begin() + 1, queue_.end());
    } else {
      queue_.clear();
    }
    FinishAndUnlock(lock);
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock lock(mu_);
    writing_ = false;
    if (!queue_.empty()) queue_.pop_front();
    if (!ok && !closing_) {
      closing_ = grpc::Status(grpc::StatusCode::CANCELLED, "the stream was broken");
    }
    if (closing_) {
      FinishAndUnlock(lock);
      return;
    }
    if (!queue_.empty()) {
      WriteNextAndUnlock(lock);
      return;
    }
    lock.unlock();
    hub_.Wake();
  }

  void OnCancel() override {
    Close(grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the watch"));
  }

  void OnDone() override {
    hub_.Remove(this);
    std::shared_ptr<WatchStream> last_reference;
    {
      std::lock_guard lock(mu_);
      last_reference = std::move(self_);
    }
    // `this` may be destroyed here, when the hub's thread holds no reference.
  }

 private:
  WatchStream(WatchHub& hub, Spec spec)
      : hub_(hub), spec_(std::move(spec)), cursor_(spec_.start_after) {}

  // Starts writing the queue's front unless a write is in flight.
  void WriteNextAndUnlock(std::unique_lock<std::mutex>& lock) {
    if (writing_ || queue_.empty() || closing_) {
      lock.unlock();
      return;
    }
    writing_ = true;
    // A deque keeps references to its elements valid while others are added.
    const Response* front = &queue_.front();
    lock.unlock();
    this->StartWrite(front);
  }

  // Finishes once, after any write in flight (OnWriteDone calls it again).
  void FinishAndUnlock(std::unique_lock<std::mutex>& lock) {
    if (writing_ || finished_ || !closing_) {
      lock.unlock();
      return;
    }
    finished_ = true;
    const grpc::Status status = *closing_;
    lock.unlock();
    this->Finish(status);
  }

  WatchHub& hub_;
  const Spec spec_;

  std::mutex mu_;
  int64_t cursor_;                       // guarded by mu_; written only on the hub's thread
  int64_t last_sent_ = 0;                // guarded by mu_
  std::deque<Response> queue_;           // guarded by mu_; the front is on the wire while writing_
  bool writing_ = false;                 // guarded by mu_
  std::optional<grpc::Status> closing_;  // guarded by mu_
  bool finished_ = false;                // guarded by mu_
  std::shared_ptr<WatchStream> self_;    // guarded by mu_; cleared in OnDone
};

}  // namespace oms::api
