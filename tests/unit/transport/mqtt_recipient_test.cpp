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

using namespace hc::transport;
namespace fs = std::filesystem;

namespace {

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

bool port_open(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

class Broker {
 public:
  explicit Broker(int port = 0) {
    std::ostringstream n;
    n << "hc_mqtt_broker_" << getpid() << "_" << port;
    dir_ = fs::temp_directory_path() / n.str();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    port_ = port == 0 ? free_port() : port;
    const std::string pw = (dir_ / "passwd").string();
    const std::string cmd = "mosquitto_passwd -b -c " + pw + " user pass >/dev/null 2>&1";
    ok_ = std::system(cmd.c_str()) == 0;
    std::ofstream(dir_ / "m.conf") << "listener " << port_ << " 127.0.0.1\nallow_anonymous false\npassword_file "
                                   << pw << "\npersistence false\n" << (geteuid() == 0 ? "user root\n" : "");
    pid_ = fork();
    if (pid_ == 0) {
      const std::string conf = (dir_ / "m.conf").string();
      execlp("mosquitto", "mosquitto", "-c", conf.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 1000 && !port_open(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ok_ = ok_ && port_open(port_);
  }
  ~Broker() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }
  bool ok() const { return ok_; }
  int port() const { return port_; }

 private:
  fs::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool ok_ = false;
};

struct Subscriber {
  explicit Subscriber(int port) {
    mosquitto_lib_init();
    m = mosquitto_new("hc-test-sub", true, this);
    mosquitto_username_pw_set(m, "user", "pass");
    mosquitto_connect_callback_set(m, [](mosquitto* mm, void*, int rc) {
      if (rc == 0) mosquitto_subscribe(mm, nullptr, "hc/#", 2);
    });
    mosquitto_subscribe_callback_set(m, [](mosquitto*, void* self, int, int, const int*) {
      static_cast<Subscriber*>(self)->subscribed = true;
    });
    mosquitto_message_callback_set(m, [](mosquitto*, void* self, const mosquitto_message* msg) {
      auto* me = static_cast<Subscriber*>(self);
      std::lock_guard lk(me->mu);
      me->got.emplace_back(static_cast<const char*>(msg->payload), static_cast<size_t>(msg->payloadlen));
    });
    mosquitto_connect(m, "127.0.0.1", port, 30);
    mosquitto_loop_start(m);
    for (int i = 0; i < 1000 && !subscribed; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~Subscriber() {
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, true);
    mosquitto_destroy(m);
  }
  size_t count() {
    std::lock_guard lk(mu);
    return got.size();
  }
  mosquitto* m = nullptr;
  std::atomic<bool> subscribed{false};
  std::mutex mu;
  std::vector<std::string> got;
};

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
  std::lock_guard lk(sub.mu);
  EXPECT_EQ(sub.got, sent);
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
  Recipient r("m1", make_mqtt_sender(settings(port, 2)), store);
  std::vector<std::string> sent;
  for (int i = 0; i < 30; ++i) {
    sent.push_back(std::to_string(i));
    r.enqueue(sent.back());
  }
  for (int i = 0; i < 3000 && r.status().state != State::kError; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(r.status().state, State::kError);
  EXPECT_EQ(store.outbox_size("m1"), 30);
  Broker broker(port);
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started";
  Subscriber sub(port);
  ASSERT_TRUE(sub.subscribed.load());
  ASSERT_TRUE(r.wait_idle(std::chrono::seconds(60)));
  for (int i = 0; i < 1000 && sub.count() < sent.size(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  {
    std::lock_guard lk(sub.mu);
    EXPECT_EQ(sub.got, sent);
  }
  EXPECT_EQ(r.status().state, State::kConnected);
  fs::remove_all(dir);
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
