#pragma once

#include <string>
#include <string_view>

namespace oms {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under `key`; used to sign and verify
// partner requests and webhooks.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace oms
