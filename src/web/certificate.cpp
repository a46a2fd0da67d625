#include "web/certificate.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace hc::web {

namespace {
template <typename T, void (*F)(T*)>
struct Deleter { void operator()(T* p) const { F(p); } };
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

void write_file(const std::filesystem::path& path, const std::string& data, bool secret) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << data;
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  if (secret)
    std::filesystem::permissions(tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::rename(tmp, path);
}

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}
}  // namespace

void ensure_self_signed(const std::filesystem::path& cert, const std::filesystem::path& key) {
  if (std::filesystem::exists(cert) && std::filesystem::exists(key)) return;
  PKeyPtr pkey(EVP_RSA_gen(2048));
  if (!pkey) throw std::runtime_error("OpenSSL: RSA key generation failed");
  X509Ptr x(X509_new());
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), static_cast<long>(std::time(nullptr)));
  X509_gmtime_adj(X509_getm_notBefore(x.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(x.get(), pkey.get());
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("headcount"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Headcount"), -1, -1, 0);
  X509_set_issuer_name(x.get(), name);
  if (X509_sign(x.get(), pkey.get(), EVP_sha256()) == 0) throw std::runtime_error("OpenSSL: signing failed");
  BioPtr kb(BIO_new(BIO_s_mem())), cb(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(kb.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_X509(cb.get(), x.get());
  write_file(key, bio_string(kb.get()), true);
  write_file(cert, bio_string(cb.get()), false);
}

void install_certificate(const std::filesystem::path& cert, const std::filesystem::path& key,
                         const std::string& cert_pem, const std::string& key_pem) {
  BioPtr cb(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  BioPtr kb(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  X509Ptr x(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  if (!x) throw std::invalid_argument("certificate: not a PEM X.509 certificate");
  PKeyPtr k(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
  if (!k) throw std::invalid_argument("key: not an unencrypted PEM private key");
  if (X509_check_private_key(x.get(), k.get()) != 1) throw std::invalid_argument("key: does not match the certificate");
  write_file(key, key_pem, true);
  write_file(cert, cert_pem, false);
}

}  // namespace hc::web
