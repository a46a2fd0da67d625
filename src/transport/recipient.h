// Recipients of reports: HTTP(S) (libcurl POST, 2xx = acknowledged) and MQTT(S) (libmosquitto;
// QoS 0 on send, QoS 1/2 on PUBACK/PUBCOMP). Each recipient drains its own persistent outbox
// (store::Store) in order on its own thread; an item leaves the outbox only when acknowledged.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace hc::store { class Store; struct OutboxItem; }

namespace hc::transport {

enum class State { kDisconnected, kConnected, kError };
const char* to_string(State s);  // "disconnected", "connected", "error"

struct RecipientStatus {
  State state = State::kDisconnected;
  std::string reason;  // why, for kError (and the last failure otherwise)
  int64_t queued = 0, delivered = 0, dropped = 0;
  double last_success_s = 0;  // Unix seconds (system clock) of the last acknowledged delivery; 0: none
};

struct TlsSettings {
  bool enabled = false;               // MQTT only; HTTP follows the URL scheme
  bool self_signed = false;           // verify against ca_cert and present client_cert/key
  std::string ca_cert, client_cert, client_key;  // PEM text
};

struct HttpSettings {
  std::string url, username, password;
  TlsSettings tls;
  int timeout_ms = 5000;
};

struct MqttSettings {
  std::string host;
  int port = 1883;
  std::string client_id, username, password, topic;
  int qos = 1;
  int keepalive_s = 60;
  TlsSettings tls;
  int timeout_ms = 5000;
  // QoS 1/2 messages published before the oldest is acknowledged (libmosquitto's and the broker's
  // usual default); 1: one at a time. The broker forwards them in the order received.
  int max_inflight = 20;
};

// The outcome of one delivery attempt.
struct SendResult {
  bool ok = false;
  std::string error;  // clear reason when !ok, e.g. "HTTP 401", "connection refused", "bad password"
};

// One delivery channel, used from one thread.
class Sender {
 public:
  // Called with the number of leading payloads acknowledged so far (only ever growing); returns
  // false to stop sending (the rest then counts as not delivered).
  using AckedPrefix = std::function<bool(std::size_t count)>;

  virtual ~Sender() = default;
  // Blocks until `payload` is acknowledged or failed.
  virtual SendResult send(const std::string& payload) = 0;
  // Delivers `payloads` in order and reports the acknowledged prefix as it grows; returns at the
  // first failure (that payload and the ones after it count as not delivered: the caller sends
  // them again). A protocol that can keep several in flight without reordering them overrides it;
  // this default sends one at a time.
  virtual SendResult send_in_order(const std::vector<const std::string*>& payloads, const AckedPrefix& acked);
};

std::unique_ptr<Sender> make_http_sender(const HttpSettings& s);
std::unique_ptr<Sender> make_mqtt_sender(const MqttSettings& s);
// From one communication.recipients[] object of the configuration; throws std::invalid_argument
// naming the field when it is unusable.
std::unique_ptr<Sender> make_sender(const nlohmann::json& recipient);

// "Test" button: one test message, the outcome.
SendResult send_test(const nlohmann::json& recipient);

// A recipient: queues reports in the store's outbox (key = recipient uuid) and delivers them in
// order with back-off retries. Without retransmission a failed report is dropped (and counted).
class Recipient {
 public:
  Recipient(std::string uuid, std::unique_ptr<Sender> sender, store::Store& store,
            bool retransmission = true, int64_t max_queued = 50'000);
  ~Recipient();  // stops the thread; queued reports stay in the outbox for the next start
  Recipient(const Recipient&) = delete;
  Recipient& operator=(const Recipient&) = delete;

  void enqueue(const std::string& payload);
  void enqueue(const std::vector<std::string>& payloads);  // one transaction, in order
  RecipientStatus status() const;
  // Blocks until the outbox is empty or the timeout passes; true when empty.
  bool wait_idle(std::chrono::milliseconds timeout) const;

 private:
  void run();
  // Sends `items` in order; false at the first failure (acknowledged ones are removed either way).
  bool deliver(const std::vector<store::OutboxItem>& items);
  std::string uuid_;
  std::unique_ptr<Sender> sender_;
  store::Store& store_;
  bool retransmission_;
  int64_t max_queued_;
  mutable std::mutex mu_;
  RecipientStatus status_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> pending_{0};
  std::thread thread_;
};

}  // namespace hc::transport
