#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/application/replication.h"

namespace grpc {
class ClientContext;
}  // namespace grpc

namespace oms::integrations {

// Follows one peer region's ReplicationService.StreamEvents and applies what
// arrives to this region's replica (application::ReplicaStore), resuming
// from the replica's cursor after any break: a restart, a cut link, a peer
// that was down. docs/REGIONS.md.
//
// One thread reads the stream (gRPC's blocking reader; one per peer) and
// hands each event to the store without waiting, so the writer's group
// commit takes many in one transaction. Each Apply names the event before
// it on the stream; the store refuses an event whose predecessor is not
// applied, so a failed apply can never be skipped over. A second thread
// watches for silence: the peer sends a mark every second, so nothing for
// `silence_timeout` means a dead link (a partition drops packets without
// closing anything), and the stream is cancelled and reopened.
//
// Thread-safe. Stop (or the destructor) cancels the stream and joins.
class RegionFollower {
 public:
  struct Settings {
    std::string local_region;
    std::string peer_region;
    std::string peer_address;   // host:port of the peer's gRPC API
    std::string credential;     // our region credential (RegionCredential)
    absl::Duration silence_timeout = absl::Seconds(5);
    absl::Duration backoff_initial = absl::Milliseconds(200);
    absl::Duration backoff_max = absl::Seconds(5);
    int max_in_flight = 1024;   // applies queued at the writer at once
  };

  RegionFollower(Settings settings, application::ReplicaStore& store, const Clock& clock);
  ~RegionFollower();

  // Reads the replica's cursor and starts following. Errors reading the
  // cursor are returned (the store is unusable).
  absl::Status Start();
  void Stop();

  application::PeerReplicaStatus Status() const;
  const std::string& peer_region() const { return settings_.peer_region; }
  const std::string& peer_address() const { return settings_.peer_address; }

 private:
  void Run();
  void Watchdog();
  // One stream from the applied cursor until it breaks; the reason.
  absl::Status FollowOnce();
  void Applied(int64_t through);
  void ApplyFailed(const absl::Status& status);
  // With mu_ held: the status, the cursor counting marks, and what follows.
  application::PeerReplicaStatus StatusLocked() const;
  int64_t ThroughLocked() const;
  void NoteProgressLocked(absl::Time now);
  void PublishLocked(absl::Time now) const;

  const Settings settings_;
  application::ReplicaStore& store_;
  const Clock& clock_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::shared_ptr<grpc::ClientContext> context_;  // the open stream's, to cancel it
  bool connected_ = false;
  absl::Time last_heard_ = absl::InfinitePast();
  int64_t applied_ = 0;     // the store's cursor for the peer
  int64_t last_mark_ = 0;   // the newest mark on the open stream
  int64_t peer_head_ = 0;
  int in_flight_ = 0;
  bool apply_failed_ = false;
  absl::Time caught_up_at_ = absl::InfinitePast();
  absl::Time last_applied_at_ = absl::InfinitePast();
  std::string last_error_;

  std::thread reader_;
  std::thread watchdog_;
};

}  // namespace oms::integrations
