#include "partners/json_fields.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace oms::partners {

using nlohmann::json;

absl::StatusOr<json> ParseObject(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return absl::InvalidArgumentError("request body is not valid JSON");
  }
  if (!parsed.is_object()) {
    return absl::InvalidArgumentError("request body must be a JSON object");
  }
  return parsed;
}

const json* JsonFields::Find(const char* name) const {
  auto it = object_.find(name);
  return it == object_.end() || it->is_null() ? nullptr : &*it;
}

void JsonFields::Fail(std::string message) {
  if (status_.ok()) status_ = absl::InvalidArgumentError(std::move(message));
}

std::string JsonFields::String(const char* name) {
  const json* v = Find(name);
  if (v == nullptr || !v->is_string()) {
    Fail(absl::StrCat("field ", name, " is required and must be a string"));
    return "";
  }
  return v->get<std::string>();
}

std::string JsonFields::OptionalString(const char* name, std::string fallback) {
  const json* v = Find(name);
  if (v == nullptr) return fallback;
  if (!v->is_string()) {
    Fail(absl::StrCat("field ", name, " must be a string"));
    return fallback;
  }
  return v->get<std::string>();
}

int64_t JsonFields::Integer(const char* name) {
  const json* v = Find(name);
  if (v == nullptr || !v->is_number_integer()) {
    Fail(absl::StrCat("field ", name, " is required and must be an integer"));
    return 0;
  }
  return v->get<int64_t>();
}

int64_t JsonFields::OptionalInteger(const char* name, int64_t fallback) {
  const json* v = Find(name);
  if (v == nullptr) return fallback;
  if (!v->is_number_integer()) {
    Fail(absl::StrCat("field ", name, " must be an integer"));
    return fallback;
  }
  return v->get<int64_t>();
}

double JsonFields::OptionalNumber(const char* name, double fallback) {
  const json* v = Find(name);
  if (v == nullptr) return fallback;
  if (!v->is_number()) {
    Fail(absl::StrCat("field ", name, " must be a number"));
    return fallback;
  }
  return v->get<double>();
}

bool JsonFields::OptionalBool(const char* name, bool fallback) {
  const json* v = Find(name);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) {
    Fail(absl::StrCat("field ", name, " must be true or false"));
    return fallback;
  }
  return v->get<bool>();
}

void JsonFields::RejectUnknown(std::initializer_list<std::string_view> known) {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
      Fail(absl::StrCat("unknown field ", it.key()));
    }
  }
}

}  // namespace oms::partners
