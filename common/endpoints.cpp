#include "common/endpoints.h"

#include <arpa/inet.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace oms {
namespace {

enum class Family { kNone, kIpv4, kIpv6 };

// The family of "a.b.c.d:port" or "[v6]:port"; kNone when it is neither.
Family FamilyOf(absl::string_view endpoint) {
  const size_t colon = endpoint.rfind(':');
  if (colon == absl::string_view::npos) return Family::kNone;
  std::string host(endpoint.substr(0, colon));
  int port = 0;
  if (!absl::SimpleAtoi(endpoint.substr(colon + 1), &port) || port < 1 || port > 65535) {
    return Family::kNone;
  }
  unsigned char buffer[16];
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    return inet_pton(AF_INET6, host.c_str(), buffer) == 1 ? Family::kIpv6 : Family::kNone;
  }
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ? Family::kIpv4 : Family::kNone;
}

}  // namespace

absl::StatusOr<std::string> ChannelTarget(absl::string_view endpoints) {
  std::vector<std::string> list;
  for (absl::string_view part : absl::StrSplit(endpoints, ',')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(part);
    if (!trimmed.empty()) list.emplace_back(trimmed);
  }
  if (list.empty()) return absl::InvalidArgumentError("no server address given");
  if (list.size() == 1) return list.front();
  Family family = Family::kNone;
  for (const std::string& endpoint : list) {
    const Family f = FamilyOf(endpoint);
    if (f == Family::kNone) {
      return absl::InvalidArgumentError(absl::StrCat(
          "'", endpoint,
          "': with several servers, give each as a numeric address and port (10.0.1.5:50051 "
          "or [fd00::5]:50051); put host names behind the front door (docs/REGIONS.md)"));
    }
    if (family != Family::kNone && f != family) {
      return absl::InvalidArgumentError(
          "several servers must all be IPv4 or all IPv6 addresses");
    }
    family = f;
  }
  return absl::StrCat(family == Family::kIpv4 ? "ipv4:" : "ipv6:", absl::StrJoin(list, ","));
}

}  // namespace oms
