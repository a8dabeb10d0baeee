#include "omsctl/request_id.h"

#include <chrono>
#include <cstdint>
#include <random>

namespace omsctl {

std::string NewRequestId() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const uint64_t millis = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::random_device random;
  std::string id(26, '0');
  // 48 bits of time in the first 10 characters (5 bits each, big-endian).
  for (int i = 9; i >= 0; --i) {
    id[i] = kAlphabet[(millis >> (5 * (9 - i))) & 31];
  }
  // 80 random bits in the remaining 16.
  for (int i = 10; i < 26; ++i) id[i] = kAlphabet[random() & 31];
  return id;
}

}  // namespace omsctl

namespace omsctl {

std::string RequestIdOrNew(const std::string& given, std::ostream& err) {
  if (!given.empty()) return given;
  std::string id = NewRequestId();
  err << "omsctl: request id " << id << " (to retry safely: --request-id "
      << id << ")\n";
  return id;
}

}  // namespace omsctl
