// `headcount run --data-dir DIR --http-port N --https-port N [--web-root DIR]`: the composition
// root. All state lives under the data dir: config.json, users.json, cert.pem/key.pem, serial_number.
#include "app/commands.h"

#include "app/run_live_state.h"
#include "config/config.h"
#include "web/server.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace hc::app {
namespace {

struct RunOptions {
  std::string data_dir = "./headcount-data";
  int http_port = 8080;
  int https_port = 8443;
  std::string web_root;
  std::string bind = "0.0.0.0";
};

std::atomic<bool> g_stop{false};
std::atomic<bool> g_restart{false};

// --web-root, $HC_WEB_ROOT, <exe dir>/web, then the source tree's web/dist relative to
// build/<preset>/src/app/headcount.
std::filesystem::path find_web_root(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("HC_WEB_ROOT"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  auto dir = exe.parent_path();
  for (auto candidate : {dir / "web", dir / "../../../../web/dist"})
    if (std::filesystem::exists(candidate / "index.html")) return std::filesystem::weakly_canonical(candidate);
  return {};
}

int run(const RunOptions& o) {
  std::filesystem::create_directories(o.data_dir);
  std::unique_ptr<config::ConfigStore> store;
  auto r = config::ConfigStore::open(std::filesystem::path(o.data_dir) / "config.json", store);
  if (!r.ok()) {
    for (auto& e : r.errors) std::cerr << o.data_dir << "/config.json: " << e.to_string() << "\n";
    return 1;
  }
  RunLiveState live(*store);
  web::ServerOptions so{o.data_dir, find_web_root(o.web_root), o.bind, o.http_port, o.https_port};
  if (so.web_root.empty()) std::cerr << "headcount run: no web root found (--web-root, $HC_WEB_ROOT); API only\n";
  web::WebServer server(so, *store, live);
  server.on_restart = [] { g_restart = true; g_stop = true; };
  server.start();
  std::cerr << "headcount run: http://" << o.bind << ":" << server.http_port() << "  https port "
            << server.https_port() << "  data " << o.data_dir << "  web root " << so.web_root.string() << "\n";
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Give the reboot answer time to reach the client before the listener goes away.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.stop();
  // Restart: a non-zero status makes systemd (Restart=on-failure) start the service again.
  return g_restart ? 75 : 0;
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Run the counter with its web GUI and JSON API");
  auto opts = std::make_shared<RunOptions>();
  cmd->add_option("--data-dir", opts->data_dir, "Directory holding all state (config, users, certificates)");
  cmd->add_option("--http-port", opts->http_port, "HTTP port (0 disables)")->check(CLI::Range(0, 65535));
  cmd->add_option("--https-port", opts->https_port, "HTTPS port (0 disables)")->check(CLI::Range(0, 65535));
  cmd->add_option("--web-root", opts->web_root, "Directory of the built GUI (web/dist)");
  cmd->add_option("--bind", opts->bind, "Address to listen on");
  cmd->callback([opts] {
    int rc = 0;
    try {
      rc = run(*opts);
    } catch (const std::exception& e) {
      std::cerr << "headcount run: " << e.what() << "\n";
      rc = 1;
    }
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace hc::app
