// MqttTls; see mqtt_tls.h. Reference: libmosquitto mosquitto_tls_set().
#include "transport/mqtt_tls.h"

#include <mosquitto.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <stdexcept>
#include <string>

namespace hc::transport {

namespace {
std::string write_pem(const std::filesystem::path& dir, const char* name, const std::string& pem) {
  const auto p = dir / name;
  std::ofstream(p) << pem;
  return p.string();
}
}  // namespace

MqttTls::MqttTls(mosquitto* mosq, const TlsSettings& tls, const char* field) {
  if (!tls.enabled) return;
  static std::atomic<int> counter{0};
  dir_ = std::filesystem::temp_directory_path() /
         ("hc_mqtt_" + std::to_string(getpid()) + "_" + std::to_string(++counter));
  std::filesystem::create_directories(dir_);
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all);
  std::string ca, cert, key;
  if (tls.self_signed) {
    if (!tls.ca_cert.empty()) ca = write_pem(dir_, "ca.pem", tls.ca_cert);
    if (!tls.client_cert.empty()) cert = write_pem(dir_, "cert.pem", tls.client_cert);
    if (!tls.client_key.empty()) key = write_pem(dir_, "key.pem", tls.client_key);
  }
  const char* capath = "/etc/ssl/certs";
  const int rc = mosquitto_tls_set(mosq, ca.empty() ? nullptr : ca.c_str(), ca.empty() ? capath : nullptr,
                                   cert.empty() ? nullptr : cert.c_str(), key.empty() ? nullptr : key.c_str(),
                                   nullptr);
  if (rc != MOSQ_ERR_SUCCESS) throw std::invalid_argument(std::string(field) + ": " + mosquitto_strerror(rc));
}

MqttTls::~MqttTls() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace hc::transport
