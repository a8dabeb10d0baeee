#include "server/application/replication.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace oms::application {

std::string RegionCredential(const std::string& secret, const std::string& region) {
  return absl::StrCat("region.", region, ".", HmacSha256Hex(secret, "oms-region:" + region));
}

std::string HomeRegionOf(const std::string& order_id_or_number) {
  const size_t dash = order_id_or_number.find('-');
  return dash == std::string::npos ? std::string() : order_id_or_number.substr(0, dash);
}

}  // namespace oms::application
