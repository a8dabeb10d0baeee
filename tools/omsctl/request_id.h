#pragma once

#include <string>

namespace omsctl {

// A fresh idempotency key for a write the caller did not name: a ULID (26
// Crockford base32 characters, time-ordered, 80 random bits). omsctl prints
// it before calling, so that a retry after a timeout can reuse it.
std::string NewRequestId();

}  // namespace omsctl
