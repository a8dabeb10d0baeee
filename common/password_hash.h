#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace oms {

// How much work a password hash costs. kInteractive is libsodium's
// recommendation for interactive sign-in (Argon2id, 64 MiB, ~0.1-0.5 s);
// kMinimum is for the published demo passwords only, so seeding a demo
// database stays fast (their secrecy is nil anyway).
enum class PasswordCost { kInteractive, kMinimum };

// Argon2id via libsodium's crypto_pwhash_str: the result holds the
// algorithm, the cost parameters and a random salt. RESOURCE_EXHAUSTED when
// the memory cannot be had; INTERNAL when libsodium cannot start.
// Thread-safe; slow on purpose: never call it on the database writer thread.
absl::StatusOr<std::string> HashPassword(std::string_view password,
                                         PasswordCost cost = PasswordCost::kInteractive);

// True when `password` matches `hash` (a HashPassword result); false for a
// wrong password or a malformed hash. Takes as long as hashing did.
bool VerifyPassword(const std::string& hash, std::string_view password);

}  // namespace oms
