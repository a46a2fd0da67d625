// Builds a Sender from one communication.recipients[] object (config/schema.json), and the "Test"
// button's single test message.
#include <stdexcept>

#include "transport/recipient.h"

namespace hc::transport {

namespace {

using nlohmann::json;

template <class T>
T get(const json& obj, const char* key, T fallback, const std::string& where) {
  if (!obj.is_object() || !obj.contains(key) || obj.at(key).is_null()) return fallback;
  try {
    return obj.at(key).get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(where + "." + key + ": wrong type");
  }
}

TlsSettings tls_of(const json& obj, const std::string& where) {
  TlsSettings t;
  if (!obj.is_object() || !obj.contains("tls") || !obj.at("tls").is_object()) return t;
  const json* it = &obj.at("tls");
  const std::string w = where + ".tls";
  t.enabled = get(*it, "enabled", false, w);
  t.self_signed = get<std::string>(*it, "certificate_type", "ca_signed", w) == "self_signed";
  t.ca_cert = get<std::string>(*it, "ca_cert", "", w);
  t.client_cert = get<std::string>(*it, "client_cert", "", w);
  t.client_key = get<std::string>(*it, "client_key", "", w);
  return t;
}

}  // namespace

std::unique_ptr<Sender> make_sender(const json& r) {
  if (!r.is_object()) throw std::invalid_argument("recipient: expected an object");
  const std::string protocol = get<std::string>(r, "protocol", "http", "recipient");
  if (protocol == "http") {
    const json h = r.contains("http") ? r.at("http") : json::object();
    HttpSettings s;
    s.url = get<std::string>(h, "url", "", "http");
    s.username = get<std::string>(h, "username", "", "http");
    s.password = get<std::string>(h, "password", "", "http");
    s.tls = tls_of(h, "http");
    s.timeout_ms = get(h, "timeout_s", 5, "http") * 1000;
    return make_http_sender(s);
  }
  if (protocol == "mqtt") {
    const json m = r.contains("mqtt") ? r.at("mqtt") : json::object();
    MqttSettings s;
    s.host = get<std::string>(m, "host", "", "mqtt");
    s.port = get(m, "port", 1883, "mqtt");
    s.client_id = get<std::string>(m, "client_id", "", "mqtt");
    s.username = get<std::string>(m, "username", "", "mqtt");
    s.password = get<std::string>(m, "password", "", "mqtt");
    s.topic = get<std::string>(m, "topic", "", "mqtt");
    s.qos = get(m, "qos", 1, "mqtt");
    s.keepalive_s = get(m, "keepalive_s", 60, "mqtt");
    s.tls = tls_of(m, "mqtt");
    return make_mqtt_sender(s);
  }
  throw std::invalid_argument("recipient.protocol: expected http or mqtt, got \"" + protocol + "\"");
}

SendResult send_test(const json& recipient) {
  try {
    auto sender = make_sender(recipient);
    return sender->send(R"({"test":true,"message":"Headcount test message"})");
  } catch (const std::exception& e) {
    return {false, e.what()};
  }
}

}  // namespace hc::transport
