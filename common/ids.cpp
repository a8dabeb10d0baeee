#include "common/ids.h"

#include <array>
#include <random>

#include "absl/strings/str_cat.h"

namespace oms {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// One generator per thread: seeded from the OS, never shared, so no lock.
std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

}  // namespace

std::string NewUlid(absl::Time now) {
  uint64_t ms = static_cast<uint64_t>(absl::ToUnixMillis(now));
  std::array<char, 26> out{};
  for (int i = 9; i >= 0; --i) {
    out[i] = kCrockford[ms & 31];
    ms >>= 5;
  }
  uint64_t hi = Rng()();
  uint64_t lo = Rng()();
  // 80 random bits: 16 characters of 5 bits each.
  for (int i = 0; i < 16; ++i) {
    uint64_t& src = i < 8 ? hi : lo;
    out[10 + i] = kCrockford[src & 31];
    src >>= 5;
  }
  return std::string(out.data(), out.size());
}

std::string NewOrderId(std::string_view region, absl::Time now) {
  return absl::StrCat(std::string(region), "-", NewUlid(now));
}

std::string NewOrderNumber(std::string_view region) {
  std::string s(region);
  s.push_back('-');
  uint64_t r = Rng()();
  for (int i = 0; i < 8; ++i) {
    if (i == 4) s.push_back('-');
    s.push_back(kCrockford[r & 31]);
    r >>= 5;
  }
  return s;
}

std::string NewSecretToken(int bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes * 2);
  for (int i = 0; i < bytes; ++i) {
    auto b = static_cast<uint8_t>(Rng()() & 0xff);
    s.push_back(kHex[b >> 4]);
    s.push_back(kHex[b & 15]);
  }
  return s;
}

}  // namespace oms
