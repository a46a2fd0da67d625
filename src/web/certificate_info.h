// What the System page shows about the HTTPS certificate, and the date checks an uploaded
// certificate must pass before certificate.h's install_certificate() writes it.
#pragma once

#include <string>

namespace hc::web {

struct CertificateInfo {
  std::string subject, issuer;  // one-line distinguished names
  double not_before_s = 0, not_after_s = 0;  // Unix seconds
  bool self_signed = false;
};

// Parses a PEM X.509 certificate; throws std::invalid_argument("certificate: ...") when it is not.
CertificateInfo read_certificate(const std::string& pem);

// Throws std::invalid_argument naming `certificate` when `now_s` is outside its validity.
void check_certificate_dates(const CertificateInfo& info, double now_s);

}  // namespace hc::web
