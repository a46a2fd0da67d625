// MQTT(S) sender over libmosquitto, driven synchronously from the recipient's thread with
// mosquitto_loop(): connect and wait for CONNACK, publish, then loop until on_publish reports the
// message id (PUBACK at QoS 1, PUBCOMP at QoS 2, written to the socket at QoS 0) or the timeout.
// Reference: MQTT 3.1.1 (OASIS), libmosquitto API (mosquitto.h).
#include <mosquitto.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "transport/mqtt_tls.h"
#include "transport/recipient.h"

namespace hc::transport {

namespace {

struct MosqGlobal {
  MosqGlobal() { mosquitto_lib_init(); }
};

class MqttSender final : public Sender {
 public:
  explicit MqttSender(MqttSettings s) : s_(std::move(s)) {
    static MosqGlobal global;
    if (s_.host.empty()) throw std::invalid_argument("mqtt.host: empty");
    if (s_.topic.empty()) throw std::invalid_argument("mqtt.topic: empty");
    if (s_.qos < 0 || s_.qos > 2) throw std::invalid_argument("mqtt.qos: expected 0, 1 or 2");
    mosq_ = mosquitto_new(client_id(), true, this);
    if (!mosq_) throw std::runtime_error("mqtt: mosquitto_new failed");
    try {
      configure();
    } catch (...) {
      mosquitto_destroy(mosq_);
      throw;
    }
  }
  ~MqttSender() override {
    if (connected_) mosquitto_disconnect(mosq_);
    mosquitto_destroy(mosq_);
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
  const char* client_id() const { return s_.client_id.empty() ? nullptr : s_.client_id.c_str(); }

  // Callbacks, credentials and TLS of a fresh client.
  void configure() {
    mosquitto_connect_callback_set(mosq_, [](mosquitto*, void* self, int rc) {
      static_cast<MqttSender*>(self)->connack_ = rc;
    });
    mosquitto_publish_callback_set(mosq_, [](mosquitto*, void* self, int mid) {
      static_cast<MqttSender*>(self)->acked_mid_ = mid;
    });
    mosquitto_disconnect_callback_set(mosq_, [](mosquitto*, void* self, int) {
      static_cast<MqttSender*>(self)->connected_ = false;
    });
    if (!s_.username.empty())
      mosquitto_username_pw_set(mosq_, s_.username.c_str(), s_.password.empty() ? nullptr : s_.password.c_str());
    tls_.reset();
    tls_ = std::make_unique<MqttTls>(mosq_, s_.tls, "mqtt.tls");
  }

  // After a failure the client is reinitialised: libmosquitto would otherwise resend the failed
  // message itself after reconnecting, on top of the outbox's own retry (a duplicate).
  SendResult fail(std::string why) {
    if (connected_) mosquitto_disconnect(mosq_);
    connected_ = false;
    if (mosquitto_reinitialise(mosq_, client_id(), true, this) == MOSQ_ERR_SUCCESS) {
      try {
        configure();
      } catch (const std::exception& e) {
        why += std::string("; ") + e.what();
      }
    }
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
  std::unique_ptr<MqttTls> tls_;  // the certificate files, kept while mosq_ may read them
  bool connected_ = false;
  int connack_ = -1;
  int acked_mid_ = -1;
};

}  // namespace

std::unique_ptr<Sender> make_mqtt_sender(const MqttSettings& s) { return std::make_unique<MqttSender>(s); }

}  // namespace hc::transport
