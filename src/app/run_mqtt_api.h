// The MQTT API (guide's downlink: configuration, live counts, resets, report searches over MQTT)
// as `headcount run` offers it: started, restarted or stopped whenever the configuration's
// communication.mqtt_api section changes, with a status for the Communication page.
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "config/config.h"
#include "transport/mqtt_api.h"
#include "transport/mqtt_api_client.h"
#include "web/live_state.h"

namespace hc::app {

// What the MQTT API may read and change: the configuration store and the live counter.
class RunDeviceControl : public transport::DeviceControl {
 public:
  RunDeviceControl(config::ConfigStore& config, web::LiveState& live) : config_(config), live_(live) {}
  nlohmann::json get_config_section(const std::string& section) override;
  std::string set_config_section(const std::string& section, const nlohmann::json& value) override;
  nlohmann::json live_counts() override { return live_.counts(); }
  void reset_counts() override { live_.reset_counts(); }

 private:
  config::ConfigStore& config_;
  web::LiveState& live_;
};

class MqttApiService {
 public:
  MqttApiService(std::string serial, store::Store& store, config::ConfigStore& config, web::LiveState& live);
  ~MqttApiService();
  // Applies communication.mqtt_api of `document`; an unusable setting is kept as the status error.
  void apply(const nlohmann::json& document);
  // {enabled, state: "disabled"|"connecting"|"connected"|"error", broker, last_error?}
  nlohmann::json status() const;

 private:
  std::string serial_;
  store::Store& store_;
  RunDeviceControl control_;
  mutable std::mutex mutex_;
  nlohmann::json settings_;  // the section in force
  std::unique_ptr<transport::MqttApi> api_;
  std::unique_ptr<transport::MqttApiClient> client_;
  std::string error_;
};

// The broker settings of communication.mqtt_api (TLS included).
transport::MqttSettings mqtt_api_broker(const nlohmann::json& section);

}  // namespace hc::app
