#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace oms {

// An amount in minor units (cents) of an ISO 4217 currency. Never floating point.
struct Money {
  int64_t minor = 0;
  std::string currency;

  bool operator==(const Money&) const = default;
};

// "12.34 EUR". Assumes two minor digits, which holds for every currency the
// demo and tests use; amounts are stored in minor units regardless.
std::string FormatMoney(const Money& m);

// Sum or difference of two amounts of the same currency; INVALID_ARGUMENT
// when the currencies differ, OUT_OF_RANGE on overflow.
absl::StatusOr<Money> AddMoney(const Money& a, const Money& b);

// True for a three-letter upper-case code.
bool IsCurrencyCode(const std::string& code);

}  // namespace oms
