#include "server/integrations/marketplace_payload.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace oms::integrations {

using nlohmann::json;

absl::StatusOr<application::PlaceOrderCommand> JsonOrderFormat::Normalize(
    std::string_view body, const application::Channel& channel) const {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return absl::InvalidArgumentError("body: not valid JSON");
  if (!parsed.is_object()) return absl::InvalidArgumentError("body: must be a JSON object");
  absl::StatusOr<application::PlaceOrderCommand> command = NormalizeJson(parsed, channel);
  if (command.ok()) command->channel = channel.id;
  return command;
}

bool ParseDecimalMinor(const json& value, int64_t* minor) {
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_number_integer()) {
    text = value.dump();
  } else if (value.is_number_float()) {
    text = value.dump();  // shortest text that reads back the same: "19.99"
  } else {
    return false;
  }
  const size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 15 || fraction.size() > 2) return false;
  if (dot != std::string::npos && fraction.empty()) return false;
  for (char c : whole + fraction) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  fraction.resize(2, '0');
  *minor = std::stoll(whole) * 100 + std::stoll(fraction);
  return true;
}

std::string DecimalText(int64_t minor) {
  return absl::StrFormat("%s%d.%02d", minor < 0 ? "-" : "", std::abs(minor) / 100,
                         std::abs(minor) % 100);
}

PayloadFields::PayloadFields(const json& object, std::string path)
    : object_(object), path_(std::move(path)) {}

std::string PayloadFields::Path(absl::string_view name) const {
  return path_.empty() ? std::string(name) : absl::StrCat(path_, ".", name);
}

void PayloadFields::Fail(absl::string_view name, absl::string_view why) {
  if (status_.ok()) status_ = absl::InvalidArgumentError(absl::StrCat(Path(name), ": ", why));
}

const json* PayloadFields::Find(const char* name) const {
  auto it = object_.find(name);
  return it == object_.end() || it->is_null() ? nullptr : &*it;
}

std::string PayloadFields::Id(const char* name, bool required) {
  const json* v = Find(name);
  if (v == nullptr) {
    if (required) Fail(name, "is required");
    return "";
  }
  std::string s;
  if (v->is_string()) {
    s = v->get<std::string>();
  } else if (v->is_number_integer()) {
    s = v->dump();
  } else {
    Fail(name, "must be a string or an integer");
    return "";
  }
  if (required && s.empty()) Fail(name, "must not be empty");
  if (s.size() > 200) Fail(name, "is longer than 200 characters");
  return s;
}

std::string PayloadFields::Text(const char* name, size_t max_length) {
  const json* v = Find(name);
  if (v == nullptr) return "";
  if (!v->is_string()) {
    Fail(name, "must be a string");
    return "";
  }
  std::string s = v->get<std::string>();
  if (s.size() > max_length) {
    Fail(name, absl::StrCat("is longer than ", max_length, " characters"));
    return "";
  }
  return s;
}

int64_t PayloadFields::Quantity(const char* name) {
  const json* v = Find(name);
  if (v == nullptr) {
    Fail(name, "is required");
    return 0;
  }
  if (!v->is_number_integer() || v->get<int64_t>() < 1 ||
      (v->is_number_unsigned() &&
       v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
    Fail(name, absl::StrCat("must be a whole number of at least 1, got ", v->dump()));
    return 0;
  }
  return v->get<int64_t>();
}

int64_t PayloadFields::Amount(const char* name, bool required) {
  const json* v = Find(name);
  if (v == nullptr) {
    if (required) Fail(name, "is required");
    return 0;
  }
  int64_t minor = 0;
  if (!ParseDecimalMinor(*v, &minor)) {
    Fail(name, absl::StrCat("must be a non-negative amount with at most two decimals such as "
                            "\"19.99\", got ",
                            v->dump()));
    return 0;
  }
  return minor;
}

bool PayloadFields::Flag(const char* name) {
  const json* v = Find(name);
  if (v == nullptr) return false;
  if (!v->is_boolean()) {
    Fail(name, "must be true or false");
    return false;
  }
  return v->get<bool>();
}

const json* PayloadFields::Object(const char* name, bool required) {
  const json* v = Find(name);
  if (v == nullptr) {
    if (required) Fail(name, "is required and must be an object");
    return nullptr;
  }
  if (!v->is_object()) {
    Fail(name, "must be an object");
    return nullptr;
  }
  return v;
}

const json* PayloadFields::Array(const char* name, bool required) {
  const json* v = Find(name);
  if (v == nullptr) {
    if (required) Fail(name, "is required and must be an array");
    return nullptr;
  }
  if (!v->is_array()) {
    Fail(name, "must be an array");
    return nullptr;
  }
  return v;
}

absl::Status CheckTotal(const application::PlaceOrderCommand& c, int64_t marketplace_total,
                        const std::string& total_field) {
  int64_t total = c.shipping.amount_minor + c.tax.amount_minor - c.discount.amount_minor;
  for (const auto& l : c.lines) total += l.unit_price_minor.value_or(0) * l.quantity;
  if (total != marketplace_total) {
    return absl::InvalidArgumentError(
        absl::StrCat(total_field, ": ", DecimalText(marketplace_total),
                     " is not lines + shipping + tax - discounts (", DecimalText(total),
                     "); tax-inclusive prices are not taken"));
  }
  return absl::OkStatus();
}

}  // namespace oms::integrations
