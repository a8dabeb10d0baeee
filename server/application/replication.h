#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/application/queries.h"

// Several regions, each a full stack (docs/REGIONS.md). The home region of
// an order is its only writer; peers keep read-only replicas rebuilt from
// the home's events alone. These are the ports replication works through.
namespace oms::application {

// The replicas of other regions' logs in this region's store.
// Thread-safe.
class ReplicaStore {
 public:
  virtual ~ReplicaStore() = default;

  // The sequence of `region`'s log applied here; 0 when nothing was.
  virtual absl::StatusOr<int64_t> AppliedThrough(const std::string& region) = 0;

  // Applies `events` (from `region`'s log, by sequence; event.sequence is
  // the sequence there) in one transaction: each is copied into this
  // region's outbox, an order event carrying a snapshot replaces the
  // replica of its order when its version is newer, and the region's cursor
  // moves to the last event. `after` is the sequence of the event before
  // them on the stream (the peer sent nothing of ours in between), so a
  // cursor below it means an event in between was never applied:
  // FAILED_PRECONDITION, nothing applied. Events at or below the cursor are
  // skipped, so a batch delivered twice applies once. `done` gets the
  // cursor after the batch; INVALID_ARGUMENT for an event of another origin
  // or a snapshot that does not decode (nothing of the batch is applied).
  using Applied = std::function<void(absl::StatusOr<int64_t>)>;
  virtual void Apply(const std::string& region, int64_t after, std::vector<StoredEvent> events,
                     Applied done) = 0;
};

// How current this region's replica of a peer is, as the follower sees it.
struct PeerReplicaStatus {
  std::string region;
  std::string address;
  bool connected = false;
  int64_t applied_sequence = 0;
  int64_t peer_head_sequence = 0;
  absl::Time caught_up_at = absl::InfinitePast();  // last moment known complete
  absl::Time last_applied_at = absl::InfinitePast();
  std::string last_error;

  int64_t lag_events() const {
    return peer_head_sequence > applied_sequence ? peer_head_sequence - applied_sequence : 0;
  }
  // 0 while connected and complete; otherwise the seconds since it last
  // was at `now`; -1 when it never was.
  double lag_seconds(absl::Time now) const {
    if (connected && lag_events() == 0) return 0;
    if (caught_up_at == absl::InfinitePast()) return -1;
    return absl::ToDoubleSeconds(now - caught_up_at);
  }
};

// What the API needs to know of the other regions: who they are, how fresh
// their replicas here are. Thread-safe.
class RegionDirectory {
 public:
  virtual ~RegionDirectory() = default;
  virtual const std::string& local_region() const = 0;
  // True when `region` is a configured peer (its orders are replicas here).
  virtual bool IsPeer(const std::string& region) const = 0;
  virtual std::vector<PeerReplicaStatus> Peers() const = 0;
  // The gRPC address of a peer (host:port); empty for one that is not.
  virtual std::string AddressOf(const std::string& region) const = 0;
  // The last moment this region held everything `region` had written;
  // InfinitePast when never.
  virtual absl::Time ReplicaAsOf(const std::string& region) const = 0;
};

// The bearer token region `region` presents to its peers:
// "region.<CODE>.<hex HMAC-SHA256(secret, "oms-region:" + CODE)>".
std::string RegionCredential(const std::string& secret, const std::string& region);

// The home region of an order id or number ("EU1-01J..." / "EU1-8RFJ-AHT8"):
// the part before the first '-'; empty when there is none.
std::string HomeRegionOf(const std::string& order_id_or_number);

}  // namespace oms::application
