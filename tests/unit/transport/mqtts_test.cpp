// MQTT over TLS against a real mosquitto with a CA, server and client certificates made by the test
// with openssl: delivery verified against the custom CA; an unknown CA gives a clear TLS error; with
// require_certificate (mutual TLS) the client certificate is presented and accepted, and a client
// without one is refused.
#include <gtest/gtest.h>

#include "test_support.h"
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
