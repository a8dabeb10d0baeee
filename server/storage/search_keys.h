#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

// How contact data is normalized for search, shared by the code that writes
// the search columns and the code that queries them, so that both sides
// always agree. Thread-safe (pure functions).
namespace oms::storage {

// Trimmed and ASCII lower-cased: "Ann.Lee@Example.COM " -> "ann.lee@example.com".
std::string NormalizeEmail(absl::string_view email);

// Digits only: "+49 (30) 1234-567" -> "49301234567".
std::string PhoneDigits(absl::string_view phone);

// The distinct lower-cased words of a name, split at anything that is not an
// ASCII letter or digit (bytes of UTF-8 sequences stay inside words):
// "Anne-Marie  O'Neil" -> {"anne", "marie", "o", "neil"}.
std::vector<std::string> NameTokens(absl::string_view name);

// Lower-cased words joined by single spaces: "  Ann   LEE" -> "ann lee".
std::string NormalizeName(absl::string_view name);

// The smallest string greater than every string starting with `prefix`, for
// a range scan `key >= prefix AND key < PrefixEnd(prefix)` on an index.
// Empty when no such bound exists (prefix of 0xFF bytes): scan to the end.
std::string PrefixEnd(absl::string_view prefix);

}  // namespace oms::storage
