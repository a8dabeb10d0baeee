#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "server/application/actor.h"

namespace oms::storage {

// Scopes as stored in staff_accounts.scopes_json and api_tokens.scopes_json:
// {"stores":[...],"nodes":[...],"regions":[...],"channels":[...]}.
std::string ScopesToJson(const application::Scopes& scopes);
// A missing list is empty (none); INTERNAL for text that is not such an object.
absl::StatusOr<application::Scopes> ScopesFromJson(const std::string& text);

}  // namespace oms::storage
