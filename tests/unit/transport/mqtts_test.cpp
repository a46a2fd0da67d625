// MQTT over TLS against a real mosquitto with a CA, server and client certificates made by the test
// with openssl: delivery verified against the custom CA; an unknown CA gives a clear TLS error; with
// require_certificate (mutual TLS) the client certificate is presented and accepted, and a client
// without one is refused.
#include <gtest/gtest.h>

#include <memory>

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

// Certificates in a temp folder and a TLS broker (anonymous) using them; `mutual`: the broker
// requires a client certificate. start() is false (the test skips) when openssl or mosquitto fail.
class TlsBroker : public ::testing::Test {
 protected:
  bool start(bool mutual) {
    if (!make_test_certs(dir_.path())) return false;
    BrokerOptions o;
    o.password = false;
    o.tls_dir = dir_.path();
    o.require_certificate = mutual;
    broker_ = std::make_unique<Broker>(o);
    settings_ = tls_settings(broker_->port(), dir_.path());
    return broker_->ok();
  }
  void add_client_certificate() {
    settings_.tls.client_cert = slurp(dir_.path() / "client.pem");
    settings_.tls.client_key = slurp(dir_.path() / "client.key");
  }
  TempDir dir_{"mqtts_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())};
  std::unique_ptr<Broker> broker_;
  MqttSettings settings_;
};

}  // namespace

TEST_F(TlsBroker, TlsWithCustomCaAndUnknownCaError) {
  if (!start(false)) GTEST_SKIP() << "openssl or mosquitto could not be started";
  const MqttSettings s = settings_;
  const SendResult ok = make_mqtt_sender(s)->send("{}");
  EXPECT_TRUE(ok.ok) << ok.error;
  MqttSettings other = s;
  other.tls.self_signed = false;  // system CAs: the test CA is unknown
  const SendResult bad = make_mqtt_sender(other)->send("{}");
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.error.find("TLS"), std::string::npos) << bad.error;
}

TEST_F(TlsBroker, MutualTlsPresentsTheClientCertificate) {
  if (!start(true)) GTEST_SKIP() << "openssl or mosquitto could not be started";
  const SendResult without = make_mqtt_sender(settings_)->send("{}");
  EXPECT_FALSE(without.ok);
  EXPECT_FALSE(without.error.empty());
  add_client_certificate();
  const MqttSettings s = settings_;
  const SendResult with = make_mqtt_sender(s)->send("{}");
  EXPECT_TRUE(with.ok) << with.error;
  // The same through the configuration object and the "Test" button.
  const nlohmann::json cfg = {
      {"protocol", "mqtt"},
      {"mqtt", {{"host", "127.0.0.1"}, {"port", s.port}, {"topic", "hc/tls"}, {"qos", 1},
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
TEST_F(TlsBroker, MqttApiClientWorksOverMutualTls) {
  if (!start(true)) GTEST_SKIP() << "openssl or mosquitto could not be started";
  add_client_certificate();
  MqttSettings s = settings_;
  hc::store::Store store({dir_.path() / "hc.db"});
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
