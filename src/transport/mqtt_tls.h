// TLS for a libmosquitto client (the report sender and the MQTT API client): libmosquitto reads
// certificates from files, so the PEM texts of the configuration are written to a private temp
// folder (owner-only) that lives as long as this object.
#pragma once

#include <filesystem>

#include "transport/recipient.h"

struct mosquitto;

namespace hc::transport {

class MqttTls {
 public:
  // Applies `tls` to `mosq` when tls.enabled: the system CAs (ca_signed) or the given CA and client
  // certificate/key (self_signed). Throws std::invalid_argument naming `field` (e.g. "mqtt.tls").
  MqttTls(mosquitto* mosq, const TlsSettings& tls, const char* field);
  ~MqttTls();
  MqttTls(const MqttTls&) = delete;
  MqttTls& operator=(const MqttTls&) = delete;

 private:
  std::filesystem::path dir_;
};

}  // namespace hc::transport
