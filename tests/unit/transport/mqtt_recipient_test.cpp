// MQTT sender against a real mosquitto broker started on a free loopback port with a password file:
// QoS 0/1/2 delivery in order (checked by a subscriber), a wrong password gives a clear error.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "store/store.h"
#include "transport/mqtt_api_client.h"
#include "transport/recipient.h"
#include "test_support.h"

using namespace hc::transport;
using namespace hc::transport::test;
namespace fs = std::filesystem;

namespace {

MqttSettings settings(int port, int qos) {
  MqttSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  std::ostringstream id;
  id << "hc-test-pub-" << qos;
  s.client_id = id.str();
  s.username = "user";
  s.password = "pass";
  s.topic = "hc/reports";
  s.qos = qos;
  s.timeout_ms = 5000;
  return s;
}

}  // namespace

TEST(MqttSender, Qos012InOrderToARealBroker) {
  Broker broker;
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started (scripts/deps.sh installs it)";
  Subscriber sub(broker.port());
  ASSERT_TRUE(sub.subscribed.load());
  std::vector<std::string> sent;
  for (int qos = 0; qos <= 2; ++qos) {
    auto sender = make_mqtt_sender(settings(broker.port(), qos));
    for (int i = 0; i < 20; ++i) {
      std::ostringstream os;
      os << 'q' << qos << '-' << i;
      const std::string p = os.str();
      const SendResult r = sender->send(p);
      ASSERT_TRUE(r.ok) << r.error;
      sent.push_back(p);
    }
  }
  for (int i = 0; i < 1000 && sub.count() < sent.size(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // In order per connection (per QoS); the broker may interleave what two connections sent, since
  // a QoS 0 message counts as sent once written to the socket.
  const auto got = sub.messages();
  ASSERT_EQ(got.size(), sent.size());
  for (const char* prefix : {"q0-", "q1-", "q2-"}) {
    std::vector<std::string> a, b;
    for (const auto& m : got) if (m.rfind(prefix, 0) == 0) a.push_back(m);
    for (const auto& m : sent) if (m.rfind(prefix, 0) == 0) b.push_back(m);
    EXPECT_EQ(a, b) << prefix;
  }
}

TEST(MqttSender, WrongPasswordAndNoBrokerGiveClearErrors) {
  Broker broker;
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started (scripts/deps.sh installs it)";
  MqttSettings bad = settings(broker.port(), 1);
  bad.password = "wrong";
  const SendResult r = make_mqtt_sender(bad)->send("x");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.rfind("connect refused: ", 0), 0u) << r.error;
  const SendResult none = make_mqtt_sender(settings(free_port(), 1))->send("x");
  EXPECT_FALSE(none.ok);
  EXPECT_NE(none.error.find("connect to 127.0.0.1:"), std::string::npos) << none.error;
  MqttSettings no_topic = settings(broker.port(), 1);
  no_topic.topic.clear();
  EXPECT_THROW(make_mqtt_sender(no_topic), std::invalid_argument);
}

// The broker is down while reports are queued, then comes back on the same port: every report
// arrives, in order, once (QoS 2).
TEST(MqttRecipient, BrokerOutageThenRecoveryKeepsOrder) {
  const int port = free_port();
  std::ostringstream n;
  n << "hc_mqtt_outage_" << getpid();
  const fs::path dir = fs::temp_directory_path() / n.str();
  fs::remove_all(dir);
  hc::store::Store store({dir / "hc.db"});
  MqttSettings pub = settings(port, 2);
  pub.username = "pub";  // let in only once the subscriber is in place (add_publisher)
  pub.password = "pubpass";
  Recipient r("m1", make_mqtt_sender(pub), store);
  std::vector<std::string> sent;
  for (int i = 0; i < 30; ++i) {
    sent.push_back(std::to_string(i));
    r.enqueue(sent.back());
  }
  for (int i = 0; i < 3000 && r.status().state != State::kError; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(r.status().state, State::kError);
  EXPECT_EQ(store.outbox_size("m1"), 30);
  BrokerOptions bo;
  bo.port = port;
  bo.publisher = false;
  Broker broker(bo);
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started";
  Subscriber sub(port);
  ASSERT_TRUE(sub.subscribed.load());
  ASSERT_TRUE(broker.add_publisher());
  ASSERT_TRUE(r.wait_idle(std::chrono::seconds(60)));
  for (int i = 0; i < 1000 && sub.count() < sent.size(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  {
    std::lock_guard lk(sub.mu);
    EXPECT_EQ(sub.got, sent);
  }
  EXPECT_EQ(r.status().state, State::kConnected);
  fs::remove_all(dir);
}

// Crash test with a window of 20 in flight: a child process delivering 5,000 queued reports at QoS 1
// is SIGKILLed mid-stream; a restarted recipient on the same database delivers the rest. The
// subscriber sees 0..m-1, then the resend from the oldest unacknowledged report j (m - 20 <= j <= m)
// to the end: nothing skipped, nothing reordered, at most the window twice.
TEST(MqttRecipient, SigkillWithAWindowInFlightResendsAtMostTheWindow) {
  Broker broker;
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started (scripts/deps.sh installs it)";
  Subscriber sub(broker.port());
  ASSERT_TRUE(sub.subscribed.load());
  TempDir dir("mqtt_crash");
  const auto db = dir.path() / "hc.db";
  // Enough that the child is still delivering when it is killed, even when this thread is
  // descheduled for a while after the 300th report arrives.
  constexpr int kReports = 5000;
  const MqttSettings s = settings(broker.port(), 1);
  ASSERT_EQ(s.max_inflight, 20);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    hc::store::Store store({db});
    std::vector<std::string> all;
    for (int i = 0; i < kReports; ++i) all.push_back(std::to_string(i));
    store.outbox_push("m1", all);
    Recipient r("m1", make_mqtt_sender(s), store);
    r.wait_idle(std::chrono::seconds(60));
    _exit(0);
  }
  ASSERT_TRUE(wait_until([&] { return sub.count() >= 300; }, 60));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  // The broker may still hold reports the killed child sent before it died: let it deliver them
  // before the restart, so that the two runs' deliveries do not interleave on a loaded machine
  // (the two connections are read in no fixed order).
  std::size_t before = 0;
  do {
    before = sub.count();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  } while (sub.count() != before);
  {
    hc::store::Store store({db});
    Recipient r("m1", make_mqtt_sender(s), store);
    ASSERT_TRUE(r.wait_idle(std::chrono::seconds(60)));
  }
  ASSERT_TRUE(wait_until([&] { return sub.count() >= kReports; }, 30));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // anything more would be a surplus
  std::vector<int> got;
  for (const auto& m : sub.messages()) got.push_back(std::stoi(m));
  std::size_t m = 0;  // the first run's contiguous prefix 0..m-1
  while (m < got.size() && got[m] == static_cast<int>(m)) ++m;
  const int j = m < got.size() ? got[m] : static_cast<int>(m);  // where the second run started
  EXPECT_LE(j, static_cast<int>(m));
  EXPECT_GE(j, static_cast<int>(m) - s.max_inflight);
  ASSERT_EQ(got.size(), m + static_cast<std::size_t>(kReports - j));
  for (std::size_t i = m; i < got.size(); ++i) EXPECT_EQ(got[i], j + static_cast<int>(i - m));
  RecordProperty("first_run_delivered", static_cast<int>(m));
  RecordProperty("resent", static_cast<int>(m) - j);
  if (WIFSIGNALED(status)) {
    EXPECT_LT(m, static_cast<std::size_t>(kReports));  // it was killed mid-stream
  }
}

namespace {
struct NoDevice final : DeviceControl {
  nlohmann::json get_config_section(const std::string&) override { return nlohmann::json::object(); }
  std::string set_config_section(const std::string&, const nlohmann::json&) override { return ""; }
  nlohmann::json live_counts() override { return {{"in", 4}}; }
  void reset_counts() override {}
};
}  // namespace

// A request published on the request topic is answered on the response topic through the broker.
TEST(MqttApiClient, AnswersRequestsThroughTheBroker) {
  Broker broker;
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started";
  std::ostringstream n;
  n << "hc_mqtt_apic_" << getpid();
  const fs::path dir = fs::temp_directory_path() / n.str();
  fs::remove_all(dir);
  hc::store::Store store({dir / "hc.db"});
  NoDevice dev;
  MqttApi api("SN9", store, dev);
  MqttSettings b = settings(broker.port(), 1);
  b.client_id = "hc-api";
  MqttApiClient client(b, "hc/api/req", "hc/api/resp", api);
  for (int i = 0; i < 1000 && !client.subscribed(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(client.subscribed());
  Subscriber sub(broker.port());  // subscribes to hc/#
  ASSERT_TRUE(sub.subscribed.load());
  MqttSettings p = settings(broker.port(), 1);
  p.topic = "hc/api/req";
  ASSERT_TRUE(make_mqtt_sender(p)->send(R"({"dst":"SN9","type":0,"msgId":1,"command":"/api/v1/counts/live"})").ok);
  for (int i = 0; i < 1000 && sub.count() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::lock_guard lk(sub.mu);
  ASSERT_EQ(sub.got.size(), 2u);  // the request and the response
  const auto resp = nlohmann::json::parse(sub.got[1]);
  EXPECT_EQ(resp["code"], 0);
  EXPECT_EQ(resp["data"]["in"], 4);
  EXPECT_EQ(resp["src"], "SN9");
  fs::remove_all(dir);
}
