// Secrets: argon2id password hashes and random tokens (libsodium). Tokens
// go to the browser; only their hashes are stored.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace journeyer::web {

constexpr std::size_t kMaxPasswordBytes = 1024;

// argon2id with libsodium's interactive limits, in its self-describing
// string form ("$argon2id$v=19$m=...").
Result<std::string> hash_password(std::string_view password);
// False for a wrong password and for an empty or malformed hash.
bool verify_password(std::string_view hash, std::string_view password);

// 256 random bits, base64url without padding (43 characters).
std::string random_token();
// What is stored for a token: BLAKE2b-256 of it, in hex.
std::string token_hash(std::string_view token);
// Compares secrets in time independent of where they differ.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace journeyer::web
