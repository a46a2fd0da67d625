// Ed25519 (RFC 8032) verification through OpenSSL's EVP_DigestVerify (one-shot, no pre-hash),
// SHA-256 of the package for its name. O(package size).
#include "system/upgrade_package.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <memory>
#include <stdexcept>

namespace hc::system {

namespace {
struct PKeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct BioFree { void operator()(BIO* p) const { BIO_free_all(p); } };
struct MdCtxFree { void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); } };

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

// The signature as raw bytes: 64 bytes as given, else base64 text (whitespace ignored).
std::string signature_bytes(const std::string& sig) {
  if (sig.size() == 64) return sig;
  std::string text;
  for (char c : sig)
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') text += c;
  if (text.empty() || text.size() % 4 != 0) return {};
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return {};
  size_t pad = (text.back() == '=') + (text.size() > 1 && text[text.size() - 2] == '=');
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}
}  // namespace

UpgradeCheck verify_upgrade(const std::string& package, const std::string& signature, const std::string& public_key_pem) {
  UpgradeCheck c;
  c.sha256_hex = sha256_hex(package);
  if (package.empty()) return c.error = "package: empty", c;
  if (public_key_pem.empty()) return c.error = "no upgrade verification key is installed", c;
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size())));
  std::unique_ptr<EVP_PKEY, PKeyFree> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) return c.error = "verification key: not an Ed25519 public key in PEM", c;
  std::string sig = signature_bytes(signature);
  if (sig.size() != 64) return c.error = "signature: expected 64 bytes of Ed25519 signature (raw or base64)", c;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
    return c.error = "OpenSSL: cannot initialise Ed25519 verification", c;
  int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                            reinterpret_cast<const unsigned char*>(package.data()), package.size());
  if (rc != 1) return c.error = "signature: does not verify against the installed key (package altered or signed by another key)", c;
  c.ok = true;
  return c;
}

}  // namespace hc::system
