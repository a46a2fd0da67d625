#include "web/certificate_info.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>
#include <stdexcept>

namespace hc::web {

namespace {
struct X509Free { void operator()(X509* p) const { X509_free(p); } };
struct BioFree { void operator()(BIO* p) const { BIO_free_all(p); } };

std::string name_of(const X509_NAME* name) {
  std::unique_ptr<BIO, BioFree> b(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(b.get(), name, 0, XN_FLAG_ONELINE);
  char* data = nullptr;
  long n = BIO_get_mem_data(b.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

double unix_of(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) throw std::invalid_argument("certificate: unreadable validity date");
  return static_cast<double>(timegm(&tm));
}

std::string iso(double unix_s) {
  std::time_t t = static_cast<std::time_t>(unix_s);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}
}  // namespace

CertificateInfo read_certificate(const std::string& pem) {
  std::unique_ptr<BIO, BioFree> b(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<X509, X509Free> x(PEM_read_bio_X509(b.get(), nullptr, nullptr, nullptr));
  if (!x) throw std::invalid_argument("certificate: not a PEM X.509 certificate");
  CertificateInfo info;
  info.subject = name_of(X509_get_subject_name(x.get()));
  info.issuer = name_of(X509_get_issuer_name(x.get()));
  info.not_before_s = unix_of(X509_get0_notBefore(x.get()));
  info.not_after_s = unix_of(X509_get0_notAfter(x.get()));
  info.self_signed = X509_check_issued(x.get(), x.get()) == X509_V_OK;
  return info;
}

void check_certificate_dates(const CertificateInfo& info, double now_s) {
  if (now_s >= info.not_after_s) throw std::invalid_argument("certificate: expired on " + iso(info.not_after_s));
  if (now_s < info.not_before_s) throw std::invalid_argument("certificate: not valid before " + iso(info.not_before_s));
}

}  // namespace hc::web
