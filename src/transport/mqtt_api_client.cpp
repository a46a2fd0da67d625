// MqttApiClient; see mqtt_api_client.h. TLS (broker.tls) as for the report sender (MqttTls).
#include "transport/mqtt_api_client.h"

#include <mosquitto.h>

#include <atomic>
#include <chrono>
#include <stdexcept>

#include "transport/mqtt_tls.h"

namespace hc::transport {

struct MqttApiClient::Impl {
  mosquitto* m = nullptr;
  std::string req_topic, resp_topic;
  MqttApi* api = nullptr;
  std::atomic<bool> subscribed{false};
  std::unique_ptr<MqttTls> tls;
};

MqttApiClient::MqttApiClient(const MqttSettings& b, std::string request_topic, std::string response_topic,
                             MqttApi& api)
    : impl_(std::make_unique<Impl>()) {
  if (b.host.empty()) throw std::invalid_argument("mqtt_api.host: empty");
  if (request_topic.empty()) throw std::invalid_argument("mqtt_api.request_topic: empty");
  if (response_topic.empty()) throw std::invalid_argument("mqtt_api.response_topic: empty");
  mosquitto_lib_init();
  impl_->req_topic = std::move(request_topic);
  impl_->resp_topic = std::move(response_topic);
  impl_->api = &api;
  impl_->m = mosquitto_new(b.client_id.empty() ? nullptr : b.client_id.c_str(), true, impl_.get());
  if (!impl_->m) throw std::runtime_error("mqtt_api: mosquitto_new failed");
  try {
    impl_->tls = std::make_unique<MqttTls>(impl_->m, b.tls, "mqtt_api.tls");
  } catch (...) {
    mosquitto_destroy(impl_->m);
    throw;
  }
  if (!b.username.empty())
    mosquitto_username_pw_set(impl_->m, b.username.c_str(), b.password.empty() ? nullptr : b.password.c_str());
  mosquitto_connect_callback_set(impl_->m, [](mosquitto* m, void* self, int rc) {
    auto* im = static_cast<Impl*>(self);
    if (rc == 0) mosquitto_subscribe(m, nullptr, im->req_topic.c_str(), 1);
  });
  mosquitto_subscribe_callback_set(impl_->m, [](mosquitto*, void* self, int, int, const int*) {
    static_cast<Impl*>(self)->subscribed = true;
  });
  mosquitto_message_callback_set(impl_->m, [](mosquitto* m, void* self, const mosquitto_message* msg) {
    auto* im = static_cast<Impl*>(self);
    const std::string req(static_cast<const char*>(msg->payload), static_cast<size_t>(msg->payloadlen));
    const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (auto resp = im->api->handle(req, now))
      mosquitto_publish(m, nullptr, im->resp_topic.c_str(), static_cast<int>(resp->size()), resp->data(), 1, false);
  });
  mosquitto_reconnect_delay_set(impl_->m, 1, 30, true);
  // connect_async + loop_start: the network thread connects and keeps reconnecting on its own.
  mosquitto_connect_async(impl_->m, b.host.c_str(), b.port, b.keepalive_s);
  mosquitto_loop_start(impl_->m);
}

MqttApiClient::~MqttApiClient() {
  mosquitto_disconnect(impl_->m);
  mosquitto_loop_stop(impl_->m, true);
  mosquitto_destroy(impl_->m);
}

bool MqttApiClient::subscribed() const { return impl_->subscribed; }

}  // namespace hc::transport
