#pragma once

#include <iostream>
#include <string>

namespace omsctl {

// A fresh idempotency key for a write the caller did not name: a ULID (26
// Crockford base32 characters, time-ordered, 80 random bits). omsctl prints
// it before calling, so that a retry after a timeout can reuse it.
std::string NewRequestId();

// `given` when it is not empty; otherwise a NewRequestId(), announced on
// `err` as "omsctl: request id K (to retry safely: --request-id K)". The
// announcement comes before the call: after a timeout the write may have
// happened, and only the same key retries it without doing it twice.
std::string RequestIdOrNew(const std::string& given,
                           std::ostream& err = std::cerr);

}  // namespace omsctl
