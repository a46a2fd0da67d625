// Connects MqttApi to a broker: subscribes to the request topic, publishes each response on the
// response topic (QoS 1). libmosquitto's own network thread drives it, with automatic reconnect.
#pragma once

#include <memory>
#include <string>

#include "transport/mqtt_api.h"
#include "transport/recipient.h"

struct mosquitto;

namespace hc::transport {

class MqttApiClient {
 public:
  // Throws std::invalid_argument naming the field for unusable settings (host, topics).
  MqttApiClient(const MqttSettings& broker, std::string request_topic, std::string response_topic, MqttApi& api);
  ~MqttApiClient();
  MqttApiClient(const MqttApiClient&) = delete;
  MqttApiClient& operator=(const MqttApiClient&) = delete;
  bool subscribed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hc::transport
