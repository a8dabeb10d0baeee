#pragma once

#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace oms {

// A ULID: 48 bits of milliseconds and 80 random bits in Crockford base32
// (26 characters). Sortable by time, unique without coordination.
// Thread-safe.
std::string NewUlid(absl::Time now);

// Order id: region code + "-" + ULID, e.g. "EU1-01JD3K5Q...".
std::string NewOrderId(std::string_view region, absl::Time now);

// Order number for the phone: region code + 8 random Crockford base32
// characters in two groups, e.g. "EU1-7Q2M-K9XD". Callers check uniqueness.
std::string NewOrderNumber(std::string_view region);

// A random opaque token of `bytes` random bytes, hex encoded.
std::string NewSecretToken(int bytes = 24);

}  // namespace oms
