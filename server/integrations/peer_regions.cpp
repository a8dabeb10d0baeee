#include "server/integrations/peer_regions.h"

#include "server/application/replication.h"

namespace oms::integrations {

PeerRegions::PeerRegions(Settings settings, application::ReplicaStore& store, const Clock& clock)
    : local_region_(settings.local_region) {
  for (const Peer& peer : settings.peers) {
    RegionFollower::Settings s;
    s.local_region = settings.local_region;
    s.peer_region = peer.region;
    s.peer_address = peer.address;
    s.credential = application::RegionCredential(settings.secret, settings.local_region);
    s.silence_timeout = settings.silence_timeout;
    s.backoff_initial = settings.backoff_initial;
    s.backoff_max = settings.backoff_max;
    followers_.push_back(std::make_unique<RegionFollower>(std::move(s), store, clock));
  }
}

PeerRegions::~PeerRegions() { Stop(); }

absl::Status PeerRegions::Start() {
  for (auto& follower : followers_) {
    if (absl::Status s = follower->Start(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

void PeerRegions::Stop() {
  for (auto& follower : followers_) follower->Stop();
}

bool PeerRegions::IsPeer(const std::string& region) const {
  for (const auto& follower : followers_) {
    if (follower->peer_region() == region) return true;
  }
  return false;
}

std::vector<application::PeerReplicaStatus> PeerRegions::Peers() const {
  std::vector<application::PeerReplicaStatus> out;
  for (const auto& follower : followers_) out.push_back(follower->Status());
  return out;
}

absl::Time PeerRegions::ReplicaAsOf(const std::string& region) const {
  for (const auto& follower : followers_) {
    if (follower->peer_region() == region) return follower->Status().caught_up_at;
  }
  return absl::InfinitePast();
}

std::string PeerRegions::AddressOf(const std::string& region) const {
  for (const auto& follower : followers_) {
    if (follower->peer_region() == region) return follower->peer_address();
  }
  return {};
}

}  // namespace oms::integrations
