#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/integrations/callback_facts.h"

namespace oms::integrations {

// Shapes callback facts into one channel format's JSON body
// (docs/CHANNELS.md, Callbacks). Adding a format is one class here and one
// line in FindCallbackFormat. Thread-safe (no state).
class CallbackFormat {
 public:
  virtual ~CallbackFormat() = default;
  // The channel `format` it serves: "oms", "shopify", "amazon".
  virtual std::string name() const = 0;
  // Compact JSON text.
  virtual std::string Body(const CallbackFacts& facts) const = 0;
};

// The format for a channel's `format` value: marketplaces get theirs; a
// channel without one (web checkout, POS) gets the generic "oms" format.
// NOT_FOUND for a format no callback exists for.
absl::StatusOr<std::unique_ptr<CallbackFormat>> FindCallbackFormat(const std::string& format);

}  // namespace oms::integrations
