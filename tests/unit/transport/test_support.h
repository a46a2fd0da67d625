// Shared by the transport tests: free loopback ports, a real mosquitto broker started with a
// generated configuration (plain with a password file, or TLS with certificates the test makes with
// openssl, optionally requiring a client certificate), a subscriber, and a loopback HTTP receiver.
// Header-only: each test binary includes it once.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hc::transport::test {

namespace fs = std::filesystem;

inline int free_port() {
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

inline bool port_open(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

// Polls `done` every 10 ms up to `seconds`; returns its last value.
inline bool wait_until(const std::function<bool()>& done, double seconds = 10) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh folder under the temp directory, removed on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    std::ostringstream n;
    n << "hc_" << name << "_" << getpid();
    path_ = fs::temp_directory_path() / n.str();
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// In `d`: ca.pem/ca.key (a test CA), srv.pem/srv.key (for 127.0.0.1) and client.pem/client.key
// (CN hc-client), both signed by the CA; false when openssl fails.
inline bool make_test_certs(const fs::path& d) {
  std::ostringstream cmd;
  cmd << "cd " << d << " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=hc-test-ca"
      << " -keyout ca.key -out ca.pem >/dev/null 2>&1"
      << " && openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout srv.key -out srv.csr >/dev/null 2>&1"
      << " && printf 'subjectAltName=IP:127.0.0.1' > ext.cnf"
      << " && openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
      << " -extfile ext.cnf -out srv.pem >/dev/null 2>&1"
      << " && openssl req -newkey rsa:2048 -nodes -subj /CN=hc-client -keyout client.key -out client.csr"
      << " >/dev/null 2>&1 && openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial"
      << " -days 2 -out client.pem >/dev/null 2>&1";
  return std::system(cmd.str().c_str()) == 0;
}

struct BrokerOptions {
  int port = 0;                  // 0: a free port
  bool password = true;          // user "user", password "pass"; anonymous otherwise
  // With `password`: also user "pub", password "pubpass" (the publisher). Tests that must have a
  // subscriber in place before the first publish start without it and call Broker::add_publisher().
  bool publisher = true;
  fs::path tls_dir;              // non-empty: TLS listener with make_test_certs()' files from here
  bool require_certificate = false;
  std::string extra_conf;        // appended to the generated mosquitto.conf
};

// A real mosquitto on 127.0.0.1, killed on destruction.
class Broker {
 public:
  explicit Broker(BrokerOptions o = {}) : dir_("mqtt_broker_" + std::to_string(o.port) + "_" + std::to_string(++counter())) {
    port_ = o.port == 0 ? free_port() : o.port;
    std::ostringstream conf;
    // max_queued_messages 0: no limit on the QoS 1/2 messages the broker holds for a slow
    // subscriber. Its default (1000 beyond the 20 in flight) silently drops the rest when a test
    // publishes thousands of reports faster than the subscriber's thread takes them, as on a busy
    // 2-core machine; the tests count every message, so a drop there would be the broker's, not ours.
    conf << "listener " << port_ << " 127.0.0.1\npersistence false\nlog_dest none\nmax_queued_messages 0\n"
         << (geteuid() == 0 ? "user root\n" : "");
    ok_ = true;
    if (o.password) {
      const std::string pw = (dir_.path() / "passwd").string();
      pw_file_ = pw;
      ok_ = std::system(("mosquitto_passwd -b -c " + pw + " user pass >/dev/null 2>&1").c_str()) == 0;
      if (o.publisher) ok_ = ok_ && add_user_to_file("pub", "pubpass");
      conf << "allow_anonymous false\npassword_file " << pw << "\n";
    } else {
      conf << "allow_anonymous true\n";
    }
    if (!o.tls_dir.empty()) {
      conf << "cafile " << (o.tls_dir / "ca.pem").string() << "\ncertfile " << (o.tls_dir / "srv.pem").string()
           << "\nkeyfile " << (o.tls_dir / "srv.key").string() << "\n";
      if (o.require_certificate) conf << "require_certificate true\n";
    }
    conf << o.extra_conf;
    const std::string conf_path = (dir_.path() / "m.conf").string();
    std::ofstream(conf_path) << conf.str();
    pid_ = fork();
    if (pid_ == 0) {
      execlp("mosquitto", "mosquitto", "-c", conf_path.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 1000 && !port_open(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ok_ = ok_ && port_open(port_);
  }
  ~Broker() { stop(); }
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  bool ok() const { return ok_; }
  int port() const { return port_; }
  // Adds user "pub" and makes the running broker reload its password file (SIGHUP).
  bool add_publisher() {
    if (pid_ <= 0 || !add_user_to_file("pub", "pubpass")) return false;
    return kill(pid_, SIGHUP) == 0;
  }

 private:
  bool add_user_to_file(const char* user, const char* pass) {
    return std::system(("mosquitto_passwd -b " + pw_file_ + " " + user + " " + pass + " >/dev/null 2>&1").c_str()) == 0;
  }
  std::string pw_file_;
  static int& counter() {
    static int n = 0;
    return n;
  }
  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool ok_ = false;
};

// Subscribes to `topic` (QoS 2) as user/pass and keeps every message in arrival order.
struct Subscriber {
  explicit Subscriber(int port, std::string topic = "hc/#", bool password = true) : topic_(std::move(topic)) {
    mosquitto_lib_init();
    m = mosquitto_new(nullptr, true, this);
    if (password) mosquitto_username_pw_set(m, "user", "pass");
    mosquitto_connect_callback_set(m, [](mosquitto* mm, void* self, int rc) {
      if (rc == 0) mosquitto_subscribe(mm, nullptr, static_cast<Subscriber*>(self)->topic_.c_str(), 2);
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
  std::vector<std::string> messages() {
    std::lock_guard lk(mu);
    return got;
  }
  std::string topic_;
  mosquitto* m = nullptr;
  std::atomic<bool> subscribed{false};
  std::mutex mu;
  std::vector<std::string> got;
};

// A loopback HTTP receiver: POST /r bodies kept in order; with basic auth user:pass required unless
// constructed with require_auth = false (then any request is accepted); each answer after `delay`.
class Receiver {
 public:
  explicit Receiver(bool require_auth = true, std::chrono::milliseconds delay = {}) {
    srv_.Post("/r", [this, require_auth, delay](const httplib::Request& req, httplib::Response& res) {
      if (delay.count() > 0) std::this_thread::sleep_for(delay);
      if (require_auth && (!req.has_header("Authorization") ||
                           req.get_header_value("Authorization") != "Basic dXNlcjpwYXNz")) {  // user:pass
        res.status = 401;
        return;
      }
      std::lock_guard lk(mu_);
      bodies_.push_back(req.body);
      res.status = 200;
    });
  }
  // Binds `port` (0: any free port) and serves on a thread; returns the port.
  int start(int port = 0) {
    port_ = port == 0 ? srv_.bind_to_any_port("127.0.0.1") : (srv_.bind_to_port("127.0.0.1", port) ? port : -1);
    th_ = std::thread([this] { srv_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !srv_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port_;
  }
  void stop() {
    srv_.stop();
    if (th_.joinable()) th_.join();
  }
  ~Receiver() { stop(); }
  std::vector<std::string> bodies() {
    std::lock_guard lk(mu_);
    return bodies_;
  }

 private:
  httplib::Server srv_;
  std::thread th_;
  std::mutex mu_;
  std::vector<std::string> bodies_;
  int port_ = 0;
};

}  // namespace hc::transport::test
