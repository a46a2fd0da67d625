// The HTTP/HTTPS server of the JSON API (/api/v1, docs/api.md), Prometheus /metrics and the GUI's
// static files. Every route declares its role; one wrapper enforces activation, session, role and
// CSRF before any handler runs, so no route can forget a check.
#pragma once

#include "config/config.h"
#include "web/auth.h"
#include "web/live_state.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace httplib { class Server; struct Request; struct Response; }
namespace hc::system { class NtpService; }

namespace hc::web {

struct ServerOptions {
  std::filesystem::path data_dir;
  std::filesystem::path web_root;  // empty: no static files
  std::string bind_address = "127.0.0.1";
  int http_port = 8080;            // 0: disabled; -1: any free port (tests)
  int https_port = 0;              // 0: disabled; -1: any free port (tests)
  size_t max_body_bytes = 64 * 1024 * 1024;
  int worker_threads = 16;         // the connection limit: requests beyond wait in the queue
  // Ed25519 public key (PEM) that upgrade packages must be signed with; empty: <data_dir>/upgrade-public-key.pem.
  std::filesystem::path upgrade_public_key{};
};

enum class Role { kAny, kViewer, kAdmin };

class WebServer {
 public:
  WebServer(ServerOptions options, config::ConfigStore& config, LiveState& live);
  ~WebServer();
  // Binds and serves in background threads; throws std::runtime_error naming the port on failure.
  void start();
  void stop();
  // Set when a client asked for a service restart (POST /system/reboot).
  std::function<void()> on_restart;
  Auth& auth() { return *auth_; }
  // The bound ports after start() (0 when disabled).
  int http_port() const { return bound_http_; }
  int https_port() const { return bound_https_; }

 private:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, const Session*)>;
  struct Route { std::string method, pattern; Role role; bool before_activation; Handler handler; };
  void add(std::string method, std::string pattern, Role role, Handler h, bool before_activation = false);
  void define_routes();
  void install(httplib::Server& server);
  void serve_static(const httplib::Request& req, httplib::Response& res) const;
  double now() const;
  std::string serial_number();
  // Live view and system routes (routes_live.cpp, routes_system.cpp), called by define_routes().
  void define_live_routes();
  void define_system_routes();
  std::string image_refusal(bool stream) const;
  nlohmann::json time_status() const;

  ServerOptions options_;
  config::ConfigStore& config_;
  LiveState& live_;
  std::unique_ptr<Auth> auth_;
  std::vector<Route> routes_;
  std::vector<std::unique_ptr<httplib::Server>> servers_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<double> clock_offset_s_{0};
  double started_s_ = 0;
  int bound_http_ = 0, bound_https_ = 0;
  std::unique_ptr<system::NtpService> ntp_;  // queries NTP while system.time.sync_mode is "ntp"
};

}  // namespace hc::web
