#pragma once

#include <array>
#include <optional>

#include "absl/strings/string_view.h"

namespace oms::domain {

// The value among `all` whose Name() is `name`, for the Parse* functions of
// enumerations named by a Name() overload.
template <typename E, size_t N>
std::optional<E> ParseName(absl::string_view name, const std::array<E, N>& all) {
  for (E e : all) {
    if (Name(e) == name) return e;
  }
  return std::nullopt;
}

}  // namespace oms::domain
