#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace oms::application {

// A channel payload omsd refused, kept as it arrived so a person can see
// what the marketplace sent and why it was refused (docs/CHANNELS.md).
struct RejectedIntake {
  std::string intake_id;  // ULID
  std::string channel;
  std::string format;  // the channel's payload format ("shopify", "amazon")
  absl::Time received_at;
  std::string reason;  // the answer the sender got, e.g. "line_items[0].quantity: ..."
  bool signature_ok = false;
  std::string body;  // raw bytes as received (may be neither JSON nor UTF-8)
};

// Writer side of the rejected-intake log; the read side is
// ReadModel::ListRejectedIntake. Not thread-safe: writer thread only.
class RejectedIntakeRepository {
 public:
  virtual ~RejectedIntakeRepository() = default;
  // ALREADY_EXISTS when the intake id is taken.
  virtual absl::Status Insert(const RejectedIntake& rejected) = 0;
};

}  // namespace oms::application
