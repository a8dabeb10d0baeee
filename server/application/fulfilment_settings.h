#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "server/domain/geo.h"
#include "server/domain/sourcing.h"

namespace oms::application {

// How omsd fulfils orders; set once by the composition root from config.
struct FulfilmentSettings {
  // True for nodes reached through a NodeConnector (3PLs, drop-shippers
  // with an endpoint): their shipments are sent to them after commit.
  // Unset: every node is worked inside the OMS.
  std::function<bool(const std::string& node_id)> is_partner_node;
  // Click-and-collect: a pickup not collected this long after it is ready
  // is cancelled by the system and restocked.
  absl::Duration pickup_window = absl::Hours(7 * 24);
  // Card authorizations are good this long at the gateway; one with less
  // than `renew_before` left is renewed before a capture.
  absl::Duration authorization_validity = absl::Hours(7 * 24);
  absl::Duration renew_before = absl::Hours(24);
  // Orders are not released to nodes until this long after placement, so
  // customers can cancel for free (nothing is at a node yet).
  absl::Duration release_grace = absl::ZeroDuration();

  // Routing (docs/ROUTING.md): the policy of each channel, else the default;
  // shipping addresses are placed on the map by `geo` (may be null: the
  // nearest rule is then ignored).
  domain::SourcingPolicy sourcing;
  std::map<std::string, domain::SourcingPolicy> sourcing_by_channel;
  std::shared_ptr<const domain::GeoTable> geo;

  const domain::SourcingPolicy& PolicyFor(const std::string& channel) const {
    auto it = sourcing_by_channel.find(channel);
    return it == sourcing_by_channel.end() ? sourcing : it->second;
  }
};

}  // namespace oms::application
