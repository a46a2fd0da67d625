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
namespace hc::store { class Store; }
namespace hc::system { class NtpService; class ServiceClock; }

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
  // Where the users live (not owned; outlives the server): `headcount run` hands its one Store of
  // the data dir. Null: the server opens <data_dir>/headcount.db itself (tests, tools).
  store::Store* users_store = nullptr;
  // The service clock that the time routes and NTP set and every reported time is read from (not
  // owned; must outlive the server). Null: the server keeps its own.
  system::ServiceClock* clock = nullptr;
};

enum class Role { kAny, kViewer, kAdmin };

// What `headcount run` hands the server besides the configuration and the live state. Any member
// may be absent: the routes that need it answer 503 with a JSON reason and never invent data.
struct Services {
  // Report queries and CSV export (GET /report, /report.csv). Not owned; outlives the server.
  store::Store* store = nullptr;
  // {recipients: [{uuid, name, state: "connected"|"disconnected"|"error", last_error?, queued,
  //  delivered, dropped}]} (GET /recipients/status)
  std::function<nlohmann::json()> recipients_status;
  // One test message to a communication.recipients[] object: {ok, error?}. May throw
  // std::invalid_argument naming the unusable field (answered 400). (POST /recipients/.../test)
  std::function<nlohmann::json(const nlohmann::json& recipient)> test_recipient;
  // {enabled, state, last_error?} of the MQTT API client (GET /mqtt-api/status)
  std::function<nlohmann::json()> mqtt_api_status;
  // Seconds east of UTC in force at `unix_s` (configured zone and DST): report buckets are local.
  std::function<int(int64_t unix_s)> utc_offset_at;
};

class WebServer {
 public:
  WebServer(ServerOptions options, config::ConfigStore& config, LiveState& live);
  ~WebServer();
  // Binds and serves in background threads; throws std::runtime_error naming the port on failure.
  void start();
  void stop();
  // Hands the server its services; call before start().
  void attach(Services services) { services_ = std::move(services); }
  // Set when a client asked for a service restart (POST /system/reboot).
  std::function<void()> on_restart;
  Auth& auth() { return *auth_; }
  // The bound ports after start() (0 when disabled).
  int http_port() const { return bound_http_; }
  int https_port() const { return bound_https_; }
  // The device's serial number, generated once into the data dir.
  std::string serial_number();

 private:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, const Session*)>;
  struct Route { std::string method, pattern; Role role; bool before_activation; Handler handler; };
  void add(std::string method, std::string pattern, Role role, Handler h, bool before_activation = false);
  void define_routes();
  void define_report_routes();          // routes_reports.cpp
  void define_communication_routes();   // routes_communication.cpp
  void install(httplib::Server& server);
  void serve_static(const httplib::Request& req, httplib::Response& res) const;
  // Reported times (the service clock) and durations such as sessions, lockouts and running time
  // (the host clock: setting the time must neither log users out nor lift a lockout).
  double now() const;
  static double host_now();
  // Live view and system routes (routes_live.cpp, routes_system.cpp), called by define_routes().
  void define_live_routes();
  void define_system_routes();
  std::string image_refusal(bool stream) const;
  nlohmann::json time_status() const;

  ServerOptions options_;
  config::ConfigStore& config_;
  LiveState& live_;
  Services services_;
  std::unique_ptr<store::Store> own_store_;  // when options_.users_store is null; outlives auth_
  std::unique_ptr<Auth> auth_;
  std::vector<Route> routes_;
  std::vector<std::unique_ptr<httplib::Server>> servers_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<system::ServiceClock> own_clock_;  // when options_.clock is null
  system::ServiceClock* clock_ = nullptr;
  double started_s_ = 0;
  int bound_http_ = 0, bound_https_ = 0;
  std::unique_ptr<system::NtpService> ntp_;  // queries NTP while system.time.sync_mode is "ntp"
};

}  // namespace hc::web
