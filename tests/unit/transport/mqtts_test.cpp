// MQTT over TLS against a real mosquitto with a CA, server and client certificates made by the test
// with openssl: delivery verified against the custom CA; an unknown CA gives a clear TLS error; with
// require_certificate (mutual TLS) the client certificate is presented and accepted, and a client
// without one is refused.
#include <gtest/gtest.h>

#include "store/store.h"
#include "test_support.h"
#include "transport/mqtt_api_client.h"
#include "transport/recipient.h"

using namespace hc::transport;
using namespace hc::transport::test;

namespace {

MqttSettings tls_settings(int port, const fs::path& certs) {
  MqttSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.topic = "hc/tls";
  s.qos = 1;
  s.timeout_ms = 5000;
  s.tls.enabled = true;
  s.tls.self_signed = true;
  s.tls.ca_cert = slurp(certs / "ca.pem");
  return s;
}

}  // namespace

TEST(MqttsSender, TlsWithCustomCaAndUnknownCaError) {
  TempDir d("mqtts");
  if (!make_test_certs(d.path())) GTEST_SKIP() << "openssl could not make test certificates";
  BrokerOptions o;
  o.password = false;
  o.tls_dir = d.path();
  Broker broker(o);
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started";
  const MqttSettings s = tls_settings(broker.port(), d.path());
  const SendResult ok = make_mqtt_sender(s)->send("{}");
  EXPECT_TRUE(ok.ok) << ok.error;
  MqttSettings other = s;
  other.tls.self_signed = false;  // system CAs: the test CA is unknown
  const SendResult bad = make_mqtt_sender(other)->send("{}");
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.error.find("TLS"), std::string::npos) << bad.error;
}

TEST(MqttsSender, MutualTlsPresentsTheClientCertificate) {
  TempDir d("mqtts_mutual");
  if (!make_test_certs(d.path())) GTEST_SKIP() << "openssl could not make test certificates";
  BrokerOptions o;
  o.password = false;
  o.tls_dir = d.path();
  o.require_certificate = true;
  Broker broker(o);
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started";
  MqttSettings s = tls_settings(broker.port(), d.path());
  const SendResult without = make_mqtt_sender(s)->send("{}");
  EXPECT_FALSE(without.ok);
  EXPECT_FALSE(without.error.empty());
  s.tls.client_cert = slurp(d.path() / "client.pem");
  s.tls.client_key = slurp(d.path() / "client.key");
  const SendResult with = make_mqtt_sender(s)->send("{}");
  EXPECT_TRUE(with.ok) << with.error;
  // The same through the configuration object and the "Test" button.
  const nlohmann::json cfg = {
      {"protocol", "mqtt"},
      {"mqtt", {{"host", "127.0.0.1"}, {"port", broker.port()}, {"topic", "hc/tls"}, {"qos", 1},
                {"tls", {{"enabled", true}, {"certificate_type", "self_signed"}, {"ca_cert", s.tls.ca_cert},
                         {"client_cert", s.tls.client_cert}, {"client_key", s.tls.client_key}}}}}};
  const SendResult test = send_test(cfg);
  EXPECT_TRUE(test.ok) << test.error;
}

namespace {
struct CountingDevice final : DeviceControl {
  nlohmann::json get_config_section(const std::string&) override { return nlohmann::json::object(); }
  std::string set_config_section(const std::string&, const nlohmann::json&) override { return ""; }
  nlohmann::json live_counts() override {
    ++calls;
    return {{"in", 1}};
  }
  void reset_counts() override {}
  std::atomic<int> calls{0};
};
}  // namespace

// The MQTT API client over mutual TLS: it subscribes and answers a request published over TLS.
TEST(MqttApiClient, WorksOverMutualTls) {
  TempDir d("mqtts_api");
  if (!make_test_certs(d.path())) GTEST_SKIP() << "openssl could not make test certificates";
  BrokerOptions o;
  o.password = false;
  o.tls_dir = d.path();
  o.require_certificate = true;
  Broker broker(o);
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started";
  MqttSettings s = tls_settings(broker.port(), d.path());
  s.tls.client_cert = slurp(d.path() / "client.pem");
  s.tls.client_key = slurp(d.path() / "client.key");
  hc::store::Store store({d.path() / "hc.db"});
  CountingDevice dev;
  MqttApi api("SN7", store, dev);
  MqttSettings b = s;
  b.client_id = "hc-api-tls";
  MqttApiClient client(b, "hc/api/req", "hc/api/resp", api);
  ASSERT_TRUE(wait_until([&] { return client.subscribed(); }));
  s.topic = "hc/api/req";
  ASSERT_TRUE(make_mqtt_sender(s)->send(R"({"dst":"SN7","type":0,"msgId":1,"command":"/api/v1/counts/live"})").ok);
  EXPECT_TRUE(wait_until([&] { return dev.calls.load() == 1; }));
  // An unusable TLS setting names the field.
  MqttSettings bad = b;
  bad.tls.ca_cert.clear();
  bad.tls.client_key.clear();  // a certificate without its key
  EXPECT_THROW(MqttApiClient(bad, "hc/api/req", "hc/api/resp", api), std::invalid_argument);
}
