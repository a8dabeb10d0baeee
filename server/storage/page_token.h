#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

// Opaque page tokens for keyset paging: the sort key of the last row of a
// page, so the next page starts right after it (no OFFSET, stable while rows
// are added). A token is base64url of "v1", a kind naming the list it
// belongs to, and the key's parts; a client must treat it as opaque.
// Thread-safe (pure functions).
namespace oms::storage {

std::string EncodePageToken(absl::string_view kind, const std::vector<std::string>& parts);

// The parts of a token of this kind with `part_count` parts. INVALID_ARGUMENT
// "page_token: ..." for anything else (garbled, another list's token, a
// newer format).
absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view kind, size_t part_count);

// A page size as asked for, within 1..max_size; 0 or less gives default_size.
int ClampPageSize(int requested, int default_size, int max_size);

}  // namespace oms::storage
