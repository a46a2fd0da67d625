// Upgrade verification (guide 5.6.4 "Upgrade"): a release package is accepted only with a detached
// Ed25519 signature that verifies against the public key shipped with the install; anything else is
// refused before anything changes. packaging/sign-upgrade.sh makes the key pair and signatures.
#pragma once

#include <filesystem>
#include <string>

namespace hc::system {

struct UpgradeCheck {
  bool ok = false;
  std::string error;       // why refused (no key, bad key, malformed or wrong signature)
  std::string sha256_hex;  // of the package, whether or not it verified
};

// Verifies `signature` (64 raw bytes, or their base64 text) over the whole `package` with the
// Ed25519 public key in `public_key_pem`. Never throws.
UpgradeCheck verify_upgrade(const std::string& package, const std::string& signature, const std::string& public_key_pem);

}  // namespace hc::system
