// Request flow: httplib route -> guard (activation, session cookie, role, CSRF double-submit) ->
// handler. Routes are matched in registration order; the static catch-all is last.
#include "web/server.h"

#include "store/store.h"
#include "system/ntp_service.h"
#include "system/service_clock.h"
#include "web/background_task_queue.h"
#include "web/certificate.h"
#include "web/password.h"

#include <httplib.h>

#include <chrono>
#include <map>
#include <thread>
#include <fstream>
#include <sstream>

namespace hc::web {

namespace {
using json = nlohmann::json;

void error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(json{{"error", message}}.dump(), "application/json");
}

std::string cookie(const httplib::Request& req, const std::string& name) {
  std::string all = req.get_header_value("Cookie");
  std::istringstream in(all);
  std::string part;
  while (std::getline(in, part, ';')) {
    size_t s = part.find_first_not_of(' ');
    if (s == std::string::npos) continue;
    part = part.substr(s);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
  }
  return "";
}

}  // namespace

WebServer::WebServer(ServerOptions options, config::ConfigStore& config, LiveState& live)
    : options_(std::move(options)), config_(config), live_(live) {
  std::filesystem::create_directories(options_.data_dir);
  if (!options_.clock) own_clock_ = std::make_unique<system::ServiceClock>();
  clock_ = options_.clock ? options_.clock : own_clock_.get();
  store::Store* users = options_.users_store;
  if (!users) {
    own_store_ = std::make_unique<store::Store>(store::StoreOptions{options_.data_dir / "headcount.db"});
    users = own_store_.get();
  }
  auth_ = std::make_unique<Auth>(*users, options_.data_dir / "users.json");
  started_s_ = host_now();
  define_routes();
}

WebServer::~WebServer() { stop(); }

double WebServer::now() const { return clock_->now_s(); }

double WebServer::host_now() { return system::ServiceClock::host_s(); }

std::string WebServer::serial_number() {
  auto path = options_.data_dir / "serial_number";
  std::ifstream in(path);
  std::string s;
  if (in >> s && !s.empty()) return s;
  s = "HC" + random_token(6);
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::ofstream(path) << s << "\n";
  return s;
}

void WebServer::add(std::string method, std::string pattern, Role role, Handler h, bool before_activation) {
  routes_.push_back({std::move(method), std::move(pattern), role, before_activation, std::move(h)});
}

void WebServer::install(httplib::Server& srv) {
  srv.set_payload_max_length(options_.max_body_bytes);
  srv.set_read_timeout(10, 0);
  srv.set_write_timeout(10, 0);
  // Small JSON answers go out at once: with Nagle's algorithm a keep-alive client's next request
  // waited for the delayed ACK (~40 ms per request on loopback, docs/operations.md).
  srv.set_tcp_nodelay(true);
  int threads = options_.worker_threads;
  srv.new_task_queue = [threads] { return new BackgroundTaskQueue(static_cast<size_t>(threads)); };
  srv.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "DENY"},
                           {"Cache-Control", "no-store"}});
  for (auto& r : routes_) {
    const Route* route = &r;
    auto guarded = [this, route](const httplib::Request& req, httplib::Response& res) {
      try {
        if (!route->before_activation && !auth_->activated()) return error(res, 409, "device not activated");
        std::optional<Session> s;
        if (route->role != Role::kAny || route->before_activation) s = auth_->session(cookie(req, "hc_session"), host_now());
        if (route->role != Role::kAny) {
          if (!s) return error(res, 401, "login required");
          if (route->role == Role::kAdmin && s->role != "admin") return error(res, 403, "administrator role required");
          if (req.method != "GET" && req.get_header_value("X-CSRF-Token") != s->csrf)
            return error(res, 403, "missing or wrong X-CSRF-Token header");
        }
        route->handler(req, res, s ? &*s : nullptr);
      } catch (const std::invalid_argument& e) {
        error(res, 400, e.what());
      } catch (const std::exception& e) {
        error(res, 500, e.what());
      }
    };
    if (r.method == "GET") srv.Get(r.pattern, guarded);
    else if (r.method == "POST") srv.Post(r.pattern, guarded);
    else if (r.method == "PUT") srv.Put(r.pattern, guarded);
    else if (r.method == "DELETE") srv.Delete(r.pattern, guarded);
  }
  srv.Get(R"(/api/.*)", [](const httplib::Request&, httplib::Response& res) { error(res, 404, "no such API route"); });
  srv.Get(R"(.*)", [this](const httplib::Request& req, httplib::Response& res) { serve_static(req, res); });
}

void WebServer::serve_static(const httplib::Request& req, httplib::Response& res) const {
  if (options_.web_root.empty()) return error(res, 404, "no web root configured (--web-root)");
  const std::string& p = req.path;
  if (p.find("..") != std::string::npos || p.find('\0') != std::string::npos || p.find('\\') != std::string::npos)
    return error(res, 400, "path: '..' not allowed");
  auto file = options_.web_root / std::filesystem::path(p).relative_path();
  if (p == "/" || !std::filesystem::is_regular_file(file)) file = options_.web_root / "index.html";
  std::ifstream in(file, std::ios::binary);
  if (!in) return error(res, 404, "not found");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html"}, {".js", "text/javascript"}, {".css", "text/css"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".json", "application/json"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"}};
  auto it = kTypes.find(file.extension().string());
  res.set_content(std::move(data), it == kTypes.end() ? "application/octet-stream" : it->second);
}

void WebServer::start() {
  if (options_.http_port != 0) servers_.push_back(std::make_unique<httplib::Server>());
  if (options_.https_port != 0) {
    auto cert = options_.data_dir / "cert.pem", key = options_.data_dir / "key.pem";
    ensure_self_signed(cert, key);
    auto ssl = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
    if (!ssl->is_valid()) throw std::runtime_error("HTTPS: cannot load " + cert.string() + " / " + key.string());
    servers_.push_back(std::move(ssl));
  }
  std::vector<int*> bound;
  std::vector<int> ports;
  if (options_.http_port != 0) { ports.push_back(options_.http_port); bound.push_back(&bound_http_); }
  if (options_.https_port != 0) { ports.push_back(options_.https_port); bound.push_back(&bound_https_); }
  for (size_t i = 0; i < servers_.size(); ++i) {
    install(*servers_[i]);
    int port = ports[i] < 0 ? servers_[i]->bind_to_any_port(options_.bind_address) : ports[i];
    if (port <= 0 || (ports[i] > 0 && !servers_[i]->bind_to_port(options_.bind_address, ports[i])))
      throw std::runtime_error("cannot listen on " + options_.bind_address + ":" + std::to_string(ports[i]));
    *bound[i] = port;
    threads_.emplace_back([s = servers_[i].get()] { s->listen_after_bind(); });
  }
  // listen_after_bind() runs in the threads; wait until each accepts so callers can connect at once.
  for (auto& s : servers_)
    while (!s->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (ntp_) ntp_->start();
}

void WebServer::stop() {
  stopping_ = true;
  if (ntp_) ntp_->stop();
  for (auto& s : servers_) s->stop();
  for (auto& t : threads_) if (t.joinable()) t.join();
  threads_.clear();
  servers_.clear();
}

}  // namespace hc::web
