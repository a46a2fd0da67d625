// argon2id with m=19 MiB, t=2, p=1 (OWASP's minimum recommendation): one hash costs tens of
// milliseconds, which bounds online guessing together with the lockout.
#include "web/password.h"

#include <argon2.h>
#include <openssl/rand.h>

#include <cctype>
#include <stdexcept>
#include <vector>

namespace hc::web {

namespace {
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltLen = 16;
constexpr size_t kHashLen = 32;
}  // namespace

std::optional<std::string> password_rule_violation(const std::string& password) {
  if (password.size() < 8 || password.size() > 16) return "password must be 8-16 characters";
  bool digit = false, lower = false, upper = false, symbol = false;
  for (unsigned char c : password) {
    if (c < 0x21 || c > 0x7e) return "password may contain only printable ASCII characters without spaces";
    if (std::isdigit(c)) digit = true;
    else if (std::islower(c)) lower = true;
    else if (std::isupper(c)) upper = true;
    else symbol = true;
  }
  if (int(digit) + int(lower) + int(upper) + int(symbol) < 2)
    return "password must contain at least two of: digits, lower case, upper case, symbols";
  return std::nullopt;
}

std::string hash_secret(const std::string& secret) {
  unsigned char salt[kSaltLen];
  if (RAND_bytes(salt, kSaltLen) != 1) throw std::runtime_error("RAND_bytes failed");
  size_t len = argon2_encodedlen(kTimeCost, kMemoryKiB, kParallelism, kSaltLen, kHashLen, Argon2_id);
  std::vector<char> out(len);
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kParallelism, secret.data(), secret.size(), salt,
                                 kSaltLen, kHashLen, out.data(), out.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(rc));
  return std::string(out.data());
}

bool verify_secret(const std::string& encoded, const std::string& secret) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), secret.data(), secret.size()) == ARGON2_OK;
}

std::string random_token(int bytes) {
  std::vector<unsigned char> buf(static_cast<size_t>(bytes));
  if (RAND_bytes(buf.data(), bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (unsigned char b : buf) { s += kHex[b >> 4]; s += kHex[b & 15]; }
  return s;
}

}  // namespace hc::web
