#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "server/application/marketplace_order_format.h"

namespace oms::integrations {

// A marketplace format whose payload is one JSON object: parses the body,
// then hands the object to NormalizeJson. "body: not valid JSON" or "body:
// must be a JSON object" before the format sees it. A new format derives
// from this, implements Name() and NormalizeJson(), and is listed in
// MarketplaceFormats() (marketplace_formats.cpp).
class JsonOrderFormat : public application::MarketplaceOrderFormat {
 public:
  absl::StatusOr<application::PlaceOrderCommand> Normalize(
      std::string_view body, const application::Channel& channel) const final;

 protected:
  virtual absl::StatusOr<application::PlaceOrderCommand> NormalizeJson(
      const nlohmann::json& order, const application::Channel& channel) const = 0;
};

// "19.99" (or 19.99, or 20) in minor units with two decimals: 1999. At most
// two fraction digits, no sign, no exponent; a JSON number is read from its
// text, never through floating point arithmetic. False otherwise.
bool ParseDecimalMinor(const nlohmann::json& value, int64_t* minor);

// Reads the fields of one JSON object by name; the first problem is kept as
// INVALID_ARGUMENT "<path>.<name>: <why>", so a marketplace knows what to fix.
class PayloadFields {
 public:
  PayloadFields(const nlohmann::json& object, std::string path);

  // A string, or a number written as its digits (marketplace ids are both).
  std::string Id(const char* name, bool required = true);
  std::string Text(const char* name, size_t max_length = 200);
  int64_t Quantity(const char* name);
  int64_t Amount(const char* name, bool required = true);  // decimal, minor units
  bool Flag(const char* name);                             // absent: false
  // Null when absent (or required and then failed); otherwise the value,
  // checked to be an object / array.
  const nlohmann::json* Object(const char* name, bool required = false);
  const nlohmann::json* Array(const char* name, bool required = true);

  void Fail(absl::string_view name, absl::string_view why);
  // Keeps a nested object's first problem as this object's (if none yet).
  void Take(const absl::Status& nested) {
    if (status_.ok()) status_ = nested;
  }
  std::string Path(absl::string_view name) const;
  const absl::Status& status() const { return status_; }

 private:
  const nlohmann::json* Find(const char* name) const;

  const nlohmann::json& object_;
  const std::string path_;
  absl::Status status_;
};

// "12.34" from 1234 minor units, for messages.
std::string DecimalText(int64_t minor);

// The sum the MARKETPLACE tender pays: lines + shipping + tax - discount;
// INVALID_ARGUMENT naming `total_field` when the marketplace's own total
// differs (a tax-inclusive or inconsistent payload is never half-believed).
absl::Status CheckTotal(const application::PlaceOrderCommand& command, int64_t marketplace_total,
                        const std::string& total_field);

}  // namespace oms::integrations
