// MQTT API (downlink) request handling in the PROTOCOL-NOTES envelope (dst, type, command, msgId,
// requestData; responses add code, message, src, transmitTime). Pure: one request text in, the
// response text out (nullopt when the request is for another device or is itself a response), so
// counting never depends on it. The broker subscription loop that feeds it is not built yet.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace hc::store { class Store; }

namespace hc::transport {

// Implemented by the composition root: configuration sections, live counts, resets.
class DeviceControl {
 public:
  virtual ~DeviceControl() = default;
  virtual nlohmann::json get_config_section(const std::string& section) = 0;
  // Returns an empty string when accepted, else the validation error (naming the field).
  virtual std::string set_config_section(const std::string& section, const nlohmann::json& value) = 0;
  virtual nlohmann::json live_counts() = 0;
  virtual void reset_counts() = 0;
};

class MqttApi {
 public:
  static constexpr std::size_t kMaxRequestBytes = 64 * 1024;

  MqttApi(std::string serial, store::Store& store, DeviceControl& control, int utc_offset_s = 0);
  std::optional<std::string> handle(const std::string& request, double now_s);

 private:
  nlohmann::json dispatch(const std::string& command, const nlohmann::json& data);
  std::string serial_;
  store::Store& store_;
  DeviceControl& control_;
  int utc_offset_s_;
  std::mutex mu_;
  std::map<std::string, nlohmann::json> results_;  // searchReport results by client uuid
};

}  // namespace hc::transport
