#include "system/upgrade_package.h"

#include "test_keys.h"

#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <fstream>
#include <memory>

namespace hc::system {
namespace {

using test_support::KeyPair;
using test_support::make_key;
using test_support::sign;

std::string base64(const std::string& raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(raw.data()),
                          static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

const std::string kPackage = "headcount 0.2.0 release package\n" + std::string(1000, 'x');

TEST(UpgradePackage, AcceptsOnlyASignatureByTheInstalledKey) {
  KeyPair key = make_key(EVP_PKEY_ED25519), other = make_key(EVP_PKEY_ED25519);
  std::string sig = sign(key, kPackage);
  UpgradeCheck ok = verify_upgrade(kPackage, sig, key.public_pem);
  EXPECT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.sha256_hex.size(), 64u);
  EXPECT_TRUE(verify_upgrade(kPackage, base64(sig) + "\n", key.public_pem).ok);

  std::string altered = kPackage;
  altered[5] ^= 1;
  EXPECT_FALSE(verify_upgrade(altered, sig, key.public_pem).ok);
  EXPECT_FALSE(verify_upgrade(kPackage, sign(other, kPackage), key.public_pem).ok);
  UpgradeCheck none = verify_upgrade(kPackage, "", key.public_pem);
  EXPECT_FALSE(none.ok);
  EXPECT_NE(none.error.find("signature"), std::string::npos);
  EXPECT_NE(verify_upgrade(kPackage, sig, "").error.find("no upgrade verification key"), std::string::npos);
  EXPECT_NE(verify_upgrade(kPackage, sig, make_key(EVP_PKEY_RSA).public_pem).error.find("Ed25519"), std::string::npos);
  EXPECT_NE(verify_upgrade("", sig, key.public_pem).error.find("package: empty"), std::string::npos);
  EXPECT_FALSE(verify_upgrade(kPackage, "not base64!", key.public_pem).ok);
}

}  // namespace
}  // namespace hc::system
