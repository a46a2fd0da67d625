// MQTT over TLS against a real mosquitto with a CA and server certificate made by the test with
// openssl: delivery verified against the custom CA; an unknown CA gives a clear TLS error.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

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

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(MqttsSender, TlsWithCustomCaAndUnknownCaError) {
  std::ostringstream n;
  n << "hc_mqtts_" << getpid();
  const fs::path d = fs::temp_directory_path() / n.str();
  fs::remove_all(d);
  fs::create_directories(d);
  std::ostringstream cmd;
  cmd << "cd " << d << " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=hc-test-ca"
      << " -keyout ca.key -out ca.pem >/dev/null 2>&1"
      << " && openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout srv.key -out srv.csr >/dev/null 2>&1"
      << " && printf 'subjectAltName=IP:127.0.0.1' > ext.cnf"
      << " && openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
      << " -extfile ext.cnf -out srv.pem >/dev/null 2>&1";
  if (std::system(cmd.str().c_str()) != 0) GTEST_SKIP() << "openssl could not make test certificates";
  const int port = free_port();
  std::ofstream(d / "m.conf") << "listener " << port << " 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n"
                              << "cafile " << (d / "ca.pem").string() << "\ncertfile " << (d / "srv.pem").string()
                              << "\nkeyfile " << (d / "srv.key").string() << "\n"
                              << (geteuid() == 0 ? "user root\n" : "");
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string conf = (d / "m.conf").string();
    execlp("mosquitto", "mosquitto", "-c", conf.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 1000 && !port_open(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const bool up = port_open(port);

  MqttSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.topic = "hc/tls";
  s.qos = 1;
  s.timeout_ms = 5000;
  s.tls.enabled = true;
  s.tls.self_signed = true;
  s.tls.ca_cert = slurp(d / "ca.pem");
  SendResult ok, bad;
  if (up) {
    ok = make_mqtt_sender(s)->send("{}");
    MqttSettings other = s;
    other.tls.self_signed = false;  // system CAs: the test CA is unknown
    bad = make_mqtt_sender(other)->send("{}");
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  fs::remove_all(d);
  if (!up) GTEST_SKIP() << "mosquitto could not be started";
  EXPECT_TRUE(ok.ok) << ok.error;
  EXPECT_FALSE(bad.ok);
  EXPECT_FALSE(bad.error.empty());
}
