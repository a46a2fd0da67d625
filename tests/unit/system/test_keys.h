// Ed25519 / RSA key pairs and Ed25519 signatures made with OpenSSL, for tests of upgrade
// verification (unit tests of hc::system and the web integration tests).
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <string>

namespace hc::system::test_support {

struct KeyPair {
  std::string public_pem;
  std::shared_ptr<EVP_PKEY> key;
};

inline KeyPair make_key(int type) {
  EVP_PKEY* raw = type == EVP_PKEY_ED25519 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                           : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
  KeyPair k{"", std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free)};
  BIO* b = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(b, raw);
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  k.public_pem.assign(data, static_cast<size_t>(n));
  BIO_free(b);
  return k;
}

inline std::string sign(const KeyPair& k, const std::string& msg) {
  std::string sig(64, '\0');
  size_t len = sig.size();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, k.key.get());
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
  EVP_MD_CTX_free(ctx);
  return sig;
}

}  // namespace hc::system::test_support
