#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace oms::partners {

// Parses a request body that must be a JSON object; INVALID_ARGUMENT with
// the parser's position otherwise. Never throws.
absl::StatusOr<nlohmann::json> ParseObject(std::string_view body);

// Reads typed fields from a JSON object without exceptions: a missing or
// mistyped field records the first error (see status()) and yields a zero
// value, so a handler reads every field and checks once.
// Not thread-safe; one per request.
class JsonFields {
 public:
  explicit JsonFields(const nlohmann::json& object) : object_(object) {}

  std::string String(const char* name);
  // A missing or null field is `fallback`.
  std::string OptionalString(const char* name, std::string fallback);
  int64_t Integer(const char* name);
  int64_t OptionalInteger(const char* name, int64_t fallback);
  double OptionalNumber(const char* name, double fallback);
  bool OptionalBool(const char* name, bool fallback);
  // Records an error for any field not in `known` (catches typos in
  // control calls such as "latancy_ms").
  void RejectUnknown(std::initializer_list<std::string_view> known);

  // OK, or INVALID_ARGUMENT naming the first bad field.
  const absl::Status& status() const { return status_; }

 private:
  const nlohmann::json* Find(const char* name) const;
  void Fail(std::string message);

  const nlohmann::json& object_;
  absl::Status status_;
};

}  // namespace oms::partners
