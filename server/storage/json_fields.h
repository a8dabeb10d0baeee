#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

// Reading fields of the JSON bodies storage writes (order_codec.cpp,
// refund_codec.cpp). A missing or null field leaves the default; a field of
// the wrong type throws nlohmann's exception and an unknown enum name throws
// JsonDecodeError, both turned into a Status by the codec at its boundary.
// Internal to server/storage.
namespace oms::storage::json_fields {

struct JsonDecodeError {
  std::string message;
};

template <typename T>
void Get(const nlohmann::json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  out = it->template get<T>();
}

// Times are stored as unix microseconds.
inline void GetTime(const nlohmann::json& j, const char* key, absl::Time& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  out = absl::FromUnixMicros(it->get<int64_t>());
}

// Enums are stored by name (domain::Name); `parse` is the domain's Parse*.
template <typename E>
void GetEnum(const nlohmann::json& j, const char* key, E& out,
             std::optional<E> (*parse)(absl::string_view)) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  const std::string name = it->get<std::string>();
  std::optional<E> value = parse(name);
  if (!value.has_value()) throw JsonDecodeError{absl::StrCat("unknown ", key, " '", name, "'")};
  out = *value;
}

// A JSON array of `what` decoded element by element with `decode`; null is
// empty. INTERNAL naming what was wrong: an unknown enumeration name, a
// field of the wrong type, or not an array.
template <typename T, typename Decode>
absl::StatusOr<std::vector<T>> DecodeList(const nlohmann::json& list, const char* what,
                                          Decode decode) {
  std::vector<T> out;
  if (list.is_null()) return out;
  try {
    if (!list.is_array()) return absl::InternalError(absl::StrCat(what, ": not a JSON array"));
    for (const nlohmann::json& item : list) out.push_back(decode(item));
  } catch (const JsonDecodeError& e) {
    return absl::InternalError(e.message);
  } catch (const nlohmann::json::exception& e) {
    return absl::InternalError(absl::StrCat(what, ": ", e.what()));
  }
  return out;
}

}  // namespace oms::storage::json_fields
