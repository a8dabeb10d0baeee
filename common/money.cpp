#include "common/money.h"

#include <cstdlib>

#include "absl/strings/str_format.h"

namespace oms {

std::string FormatMoney(const Money& m) {
  const int64_t abs = m.minor < 0 ? -m.minor : m.minor;
  return absl::StrFormat("%s%d.%02d %s", m.minor < 0 ? "-" : "", abs / 100, abs % 100,
                         m.currency);
}

absl::StatusOr<Money> AddMoney(const Money& a, const Money& b) {
  if (a.currency != b.currency) {
    return absl::InvalidArgumentError(
        absl::StrFormat("cannot add %s to %s: currencies differ", FormatMoney(b), FormatMoney(a)));
  }
  int64_t sum = 0;
  if (__builtin_add_overflow(a.minor, b.minor, &sum)) {
    return absl::OutOfRangeError("amount overflows 64 bits");
  }
  return Money{sum, a.currency};
}

bool IsCurrencyCode(const std::string& code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace oms
