#include "app/run_mqtt_api.h"

namespace hc::app {

using json = nlohmann::json;

json RunDeviceControl::get_config_section(const std::string& section) {
  const auto doc = config_.get();
  if (!doc->contains(section)) throw std::invalid_argument("no configuration section \"" + section + "\"");
  return config::without_secrets(*doc)[section];
}

std::string RunDeviceControl::set_config_section(const std::string& section, const json& value) {
  const auto r = config_.replace_section(section, value);
  if (r.ok()) return "";
  std::string message;
  for (const auto& e : r.errors) message += (message.empty() ? "" : "; ") + e.to_string();
  return message;
}

transport::MqttSettings mqtt_api_broker(const json& s) {
  transport::MqttSettings b;
  b.host = s.value("host", "");
  b.port = s.value("port", 1883);
  b.client_id = s.value("client_id", "");
  b.username = s.value("username", "");
  b.password = s.value("password", "");
  b.qos = s.value("qos", 1);
  b.keepalive_s = s.value("keepalive_s", 60);
  const json tls = s.value("tls", json::object());
  b.tls.enabled = tls.value("enabled", false);
  b.tls.self_signed = tls.value("certificate_type", "ca_signed") == "self_signed";
  b.tls.ca_cert = tls.value("ca_cert", "");
  b.tls.client_cert = tls.value("client_cert", "");
  b.tls.client_key = tls.value("client_key", "");
  return b;
}

MqttApiService::MqttApiService(std::string serial, store::Store& store, config::ConfigStore& config,
                               web::LiveState& live)
    : serial_(std::move(serial)), store_(store), control_(config, live) {}

MqttApiService::~MqttApiService() {
  std::lock_guard lock(mutex_);
  client_.reset();  // stops the network thread before the API it calls goes away
  api_.reset();
}

void MqttApiService::apply(const json& document) {
  const json section = document.value("communication", json::object()).value("mqtt_api", json::object());
  std::lock_guard lock(mutex_);
  if (section == settings_ && (client_ || !error_.empty() || !section.value("enabled", false))) return;
  settings_ = section;
  client_.reset();
  api_.reset();
  error_.clear();
  if (!section.value("enabled", false)) return;
  try {
    const std::string request = section.value("request_topic", "");
    std::string response = section.value("response_topic", "");
    if (response.empty() && !request.empty()) response = request + "/response";
    api_ = std::make_unique<transport::MqttApi>(serial_, store_, control_);
    client_ = std::make_unique<transport::MqttApiClient>(mqtt_api_broker(section), request, response, *api_);
  } catch (const std::exception& e) {
    error_ = e.what();
    client_.reset();
    api_.reset();
  }
}

json MqttApiService::status() const {
  std::lock_guard lock(mutex_);
  const bool enabled = settings_.value("enabled", false);
  json out{{"enabled", enabled},
           {"broker", settings_.value("host", "") + ":" + std::to_string(settings_.value("port", 1883))}};
  if (!enabled) {
    out["state"] = "disabled";
  } else if (!error_.empty()) {
    out["state"] = "error";
    out["last_error"] = error_;
  } else {
    out["state"] = client_ && client_->subscribed() ? "connected" : "connecting";
  }
  return out;
}

}  // namespace hc::app
