// Password rules of the guide (8-16 characters, at least two kinds of digits / lower case / upper
// case / symbols) and argon2id hashing (libargon2, PHC string format with a random salt).
#pragma once

#include <optional>
#include <string>

namespace hc::web {

// Why `password` breaks the rules, or nullopt when it is acceptable.
std::optional<std::string> password_rule_violation(const std::string& password);
// An argon2id encoded hash ("$argon2id$v=19$m=...") with a fresh 16-byte salt.
std::string hash_secret(const std::string& secret);
bool verify_secret(const std::string& encoded, const std::string& secret);
// Hex of `bytes` random bytes from OpenSSL's CSPRNG (session and CSRF tokens).
std::string random_token(int bytes);

}  // namespace hc::web
