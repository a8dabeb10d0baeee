#include "server/storage/page_token.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace oms::storage {
namespace {

// A separator that never occurs in ids, SKUs or numbers.
constexpr char kSeparator = '\x1f';
constexpr char kVersion[] = "v1";

absl::Status Malformed() {
  return absl::InvalidArgumentError(
      "page_token: not a token from the previous page of this list; leave it empty to start "
      "from the first page");
}

}  // namespace

std::string EncodePageToken(absl::string_view kind, const std::vector<std::string>& parts) {
  std::string raw = absl::StrCat(kVersion, std::string(1, kSeparator), kind);
  for (const std::string& part : parts) {
    raw.push_back(kSeparator);
    raw.append(part);
  }
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view kind,
                                                         size_t part_count) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return Malformed();
  std::vector<std::string> fields = absl::StrSplit(raw, kSeparator);
  if (fields.size() != part_count + 2 || fields[0] != kVersion || fields[1] != kind) {
    return Malformed();
  }
  return std::vector<std::string>(fields.begin() + 2, fields.end());
}

int ClampPageSize(int requested, int default_size, int max_size) {
  if (requested <= 0) return default_size;
  return std::min(requested, max_size);
}

}  // namespace oms::storage
