#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

// Several region endpoints for one client (docs/REGIONS.md, Front door):
// "10.0.1.5:50051,10.0.2.5:50051" becomes the gRPC target
// "ipv4:10.0.1.5:50051,10.0.2.5:50051". gRPC's default pick_first policy
// then connects to the first address that answers, in the order given
// (nearest first), and moves on to the next when it goes down. One
// endpoint is passed through unchanged (host names, unix: and dns: too).
// Several must be numeric IPv4 or bracketed IPv6 addresses with a port, all
// of one family: gRPC's static address list resolves no names.
// INVALID_ARGUMENT naming the endpoint otherwise.
namespace oms {

absl::StatusOr<std::string> ChannelTarget(absl::string_view endpoints);

}  // namespace oms
