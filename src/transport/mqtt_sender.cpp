// MQTT(S) sender over libmosquitto, driven synchronously from the recipient's thread with
// mosquitto_loop(): connect and wait for CONNACK, publish, then loop until on_publish reports the
// message id (PUBACK at QoS 1, PUBCOMP at QoS 2, written to the socket at QoS 0) or the timeout.
// Reference: MQTT 3.1.1 (OASIS), libmosquitto API (mosquitto.h).
#include <mosquitto.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

#include "transport/recipient.h"

namespace hc::transport {

namespace {

struct MosqGlobal {
  MosqGlobal() { mosquitto_lib_init(); }
};

// libmosquitto reads certificates from files: the PEM texts are written to a private temp folder.
std::string write_pem(const std::filesystem::path& dir, const char* name, const std::string& pem) {
  const auto p = dir / name;
  std::ofstream(p) << pem;
  return p.string();
}

class MqttSender final : public Sender {
 public:
  explicit MqttSender(MqttSettings s) : s_(std::move(s)) {
    static MosqGlobal global;
    if (s_.host.empty()) throw std::invalid_argument("mqtt.host: empty");
    if (s_.topic.empty()) throw std::invalid_argument("mqtt.topic: empty");
    if (s_.qos < 0 || s_.qos > 2) throw std::invalid_argument("mqtt.qos: expected 0, 1 or 2");
    mosq_ = mosquitto_new(s_.client_id.empty() ? nullptr : s_.client_id.c_str(), true, this);
    if (!mosq_) throw std::runtime_error("mqtt: mosquitto_new failed");
    mosquitto_connect_callback_set(mosq_, [](mosquitto*, void* self, int rc) {
      auto* me = static_cast<MqttSender*>(self);
      me->connack_ = rc;
    });
    mosquitto_publish_callback_set(mosq_, [](mosquitto*, void* self, int mid) {
      static_cast<MqttSender*>(self)->acked_mid_ = mid;
    });
    mosquitto_disconnect_callback_set(mosq_, [](mosquitto*, void* self, int) {
      static_cast<MqttSender*>(self)->connected_ = false;
    });
    if (!s_.username.empty())
      mosquitto_username_pw_set(mosq_, s_.username.c_str(), s_.password.empty() ? nullptr : s_.password.c_str());
    if (s_.tls.enabled) {
      tmp_ = std::filesystem::temp_directory_path() / ("hc_mqtt_" + std::to_string(getpid()) + "_" +
                                                       std::to_string(reinterpret_cast<uintptr_t>(this)));
      std::filesystem::create_directories(tmp_);
      std::filesystem::permissions(tmp_, std::filesystem::perms::owner_all);
      std::string ca, cert, key;
      if (s_.tls.self_signed) {
        if (!s_.tls.ca_cert.empty()) ca = write_pem(tmp_, "ca.pem", s_.tls.ca_cert);
        if (!s_.tls.client_cert.empty()) cert = write_pem(tmp_, "cert.pem", s_.tls.client_cert);
        if (!s_.tls.client_key.empty()) key = write_pem(tmp_, "key.pem", s_.tls.client_key);
      }
      const char* capath = "/etc/ssl/certs";
      const int rc = mosquitto_tls_set(mosq_, ca.empty() ? nullptr : ca.c_str(), ca.empty() ? capath : nullptr,
                                       cert.empty() ? nullptr : cert.c_str(), key.empty() ? nullptr : key.c_str(),
                                       nullptr);
      if (rc != MOSQ_ERR_SUCCESS)
        throw std::invalid_argument(std::string("mqtt.tls: ") + mosquitto_strerror(rc));
    }
  }
  ~MqttSender() override {
    if (connected_) mosquitto_disconnect(mosq_);
    mosquitto_destroy(mosq_);
    if (!tmp_.empty()) std::filesystem::remove_all(tmp_);
  }

  SendResult send(const std::string& payload) override {
    if (!connected_) {
      if (auto r = connect(); !r.ok) return r;
    }
    int mid = 0;
    acked_mid_ = -1;
    int rc = mosquitto_publish(mosq_, &mid, s_.topic.c_str(), static_cast<int>(payload.size()), payload.data(),
                               s_.qos, false);
    if (rc != MOSQ_ERR_SUCCESS) return fail(std::string("publish: ") + mosquitto_strerror(rc));
    const auto until = deadline();
    while (acked_mid_ != mid) {
      if (std::chrono::steady_clock::now() > until) return fail("publish: no acknowledgement before the timeout");
      rc = mosquitto_loop(mosq_, 50, 1);
      if (rc != MOSQ_ERR_SUCCESS || !connected_) return fail(std::string("connection lost: ") + mosquitto_strerror(rc));
    }
    return {true, {}};
  }

 private:
  std::chrono::steady_clock::time_point deadline() const {
    return std::chrono::steady_clock::now() + std::chrono::milliseconds(s_.timeout_ms);
  }
  SendResult fail(std::string why) {
    if (connected_) mosquitto_disconnect(mosq_);
    connected_ = false;
    return {false, std::move(why)};
  }
  SendResult connect() {
    connack_ = -1;
    int rc = mosquitto_connect(mosq_, s_.host.c_str(), s_.port, s_.keepalive_s);
    if (rc != MOSQ_ERR_SUCCESS) {
      const std::string why = rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc);
      return {false, "connect to " + s_.host + ":" + std::to_string(s_.port) + ": " + why};
    }
    const auto until = deadline();
    while (connack_ < 0) {
      if (std::chrono::steady_clock::now() > until) return fail("connect: no CONNACK before the timeout");
      rc = mosquitto_loop(mosq_, 50, 1);
      if (rc != MOSQ_ERR_SUCCESS && connack_ < 0)
        return fail(std::string("connect: ") + mosquitto_strerror(rc) + (rc == MOSQ_ERR_TLS ? " (TLS handshake failed)" : ""));
    }
    if (connack_ != 0) return fail(std::string("connect refused: ") + mosquitto_connack_string(connack_));
    connected_ = true;
    return {true, {}};
  }

  MqttSettings s_;
  mosquitto* mosq_ = nullptr;
  std::filesystem::path tmp_;
  bool connected_ = false;
  int connack_ = -1;
  int acked_mid_ = -1;
};

}  // namespace

std::unique_ptr<Sender> make_mqtt_sender(const MqttSettings& s) { return std::make_unique<MqttSender>(s); }

}  // namespace hc::transport
