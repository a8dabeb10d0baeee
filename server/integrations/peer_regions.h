#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/application/replication.h"
#include "server/integrations/region_follower.h"

namespace oms::integrations {

// This region's peers (docs/REGIONS.md): one RegionFollower each, and the
// RegionDirectory the API asks about them. Thread-safe once started.
class PeerRegions final : public application::RegionDirectory {
 public:
  struct Peer {
    std::string region;
    std::string address;
  };
  struct Settings {
    std::string local_region;
    std::string secret;  // the regions' shared secret
    std::vector<Peer> peers;
    absl::Duration silence_timeout = absl::Seconds(5);
    absl::Duration backoff_initial = absl::Milliseconds(200);
    absl::Duration backoff_max = absl::Seconds(5);
  };

  PeerRegions(Settings settings, application::ReplicaStore& store, const Clock& clock);
  ~PeerRegions() override;  // Stop()

  // Starts following every peer; the first error reading a cursor.
  absl::Status Start();
  void Stop();

  const std::string& local_region() const override { return local_region_; }
  bool IsPeer(const std::string& region) const override;
  std::vector<application::PeerReplicaStatus> Peers() const override;
  absl::Time ReplicaAsOf(const std::string& region) const override;
  std::string AddressOf(const std::string& region) const override;

 private:
  const std::string local_region_;
  std::vector<std::unique_ptr<RegionFollower>> followers_;
};

}  // namespace oms::integrations
