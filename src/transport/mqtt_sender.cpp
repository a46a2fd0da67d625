// MQTT(S) sender over libmosquitto, driven synchronously from the recipient's thread with
// mosquitto_loop(): connect and wait for CONNACK, publish up to max_inflight messages, then loop
// until on_publish reports their message ids (PUBACK at QoS 1, PUBCOMP at QoS 2, written to the
// socket at QoS 0) or the timeout. One TCP connection: the broker receives and forwards them in
// publish order (MQTT 3.1.1 section 4.6, ordered topics), so a window keeps the order while hiding
// the round trip.
// Reference: MQTT 3.1.1 (OASIS), libmosquitto API (mosquitto.h).
#include <mosquitto.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "transport/mqtt_in_flight.h"
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
    return send_in_order({&payload}, [](std::size_t) { return true; });
  }

  // A window of up to max_inflight messages: publish while the window has room, then loop until
  // acknowledgements arrive; the acknowledged prefix advances in publish order whatever order the
  // acknowledgements come in. The timeout runs from the last progress.
  SendResult send_in_order(const std::vector<const std::string*>& payloads, const AckedPrefix& acked) override {
    if (!connected_) {
      if (auto r = connect(); !r.ok) return r;
    }
    const auto window = static_cast<std::size_t>(std::max(1, s_.max_inflight));
    InFlight flight(payloads.size());
    acked_mids_.clear();
    auto until = deadline();
    while (flight.done < payloads.size()) {
      while (flight.next < payloads.size() && flight.next - flight.done < window) {
        const std::string& p = *payloads[flight.next];
        int mid = 0;
        const int rc = mosquitto_publish(mosq_, &mid, s_.topic.c_str(), static_cast<int>(p.size()), p.data(),
                                         s_.qos, false);
        if (rc != MOSQ_ERR_SUCCESS) return fail(std::string("publish: ") + mosquitto_strerror(rc));
        flight.published(mid);
      }
      if (flight.take(acked_mids_)) {
        if (!acked(flight.done)) return {true, {}};  // the caller stops; what is in flight is resent later
        until = deadline();
        continue;
      }
      if (std::chrono::steady_clock::now() > until) return fail("publish: no acknowledgement before the timeout");
      const int rc = mosquitto_loop(mosq_, 50, 1);
      if (rc != MOSQ_ERR_SUCCESS || !connected_) return fail(std::string("connection lost: ") + mosquitto_strerror(rc));
      quick_ack();
    }
    return {true, {}};
  }

 private:
  // A broker with Nagle's algorithm on (mosquitto's default) holds each PUBACK after the first
  // until our TCP acknowledgement of it, which Linux delays (up to 40 ms) unless asked to send it at
  // once; the request lasts only until the kernel's next delayed-ack decision, so it is renewed after
  // every read.
  void quick_ack() const {
#ifdef TCP_QUICKACK
    const int fd = mosquitto_socket(mosq_), one = 1;
    if (fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
#endif
  }
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
      static_cast<MqttSender*>(self)->acked_mids_.push_back(mid);
    });
    mosquitto_disconnect_callback_set(mosq_, [](mosquitto*, void* self, int) {
      static_cast<MqttSender*>(self)->connected_ = false;
    });
    // Our own window bounds what is in flight; libmosquitto must not hold messages back beyond it.
    mosquitto_int_option(mosq_, MOSQ_OPT_SEND_MAXIMUM, std::max(1, s_.max_inflight));
    // Several small PUBLISH packets in flight: Nagle's algorithm would hold each one back until the
    // previous one's TCP acknowledgement (delayed up to 40 ms by the broker's kernel).
    mosquitto_int_option(mosq_, MOSQ_OPT_TCP_NODELAY, 1);
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
  std::vector<int> acked_mids_;  // filled by the publish callback, drained by InFlight::take
};

}  // namespace

std::unique_ptr<Sender> make_mqtt_sender(const MqttSettings& s) { return std::make_unique<MqttSender>(s); }

}  // namespace hc::transport
