// The HTTPS certificate: a self-signed RSA-2048 certificate created with OpenSSL on first start
// (CN=headcount, 10 years), or the user's own uploaded pair.
#pragma once

#include <filesystem>
#include <string>

namespace hc::web {

// Creates cert.pem / key.pem under `dir` unless both exist; throws std::runtime_error naming the file.
void ensure_self_signed(const std::filesystem::path& cert, const std::filesystem::path& key);
// Checks that `cert_pem` and `key_pem` parse and match; writes them atomically. Throws
// std::invalid_argument with the reason otherwise (nothing written).
void install_certificate(const std::filesystem::path& cert, const std::filesystem::path& key,
                         const std::string& cert_pem, const std::string& key_pem);

}  // namespace hc::web
