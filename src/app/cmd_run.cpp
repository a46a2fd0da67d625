// `headcount run --data-dir DIR --http-port N --https-port N [--web-root DIR]`: the composition
// root. All state lives under the data dir: config.json, headcount.db (counts, outbox,
// settings, users), cert.pem/key.pem, serial_number.
#include "app/commands.h"

#include "app/live_counter.h"
#include "app/run_mqtt_api.h"
#include "app/run_store.h"
#include "config/config.h"
#include "sim/scenario.h"
#include "sim/truth.h"
#include "store/store.h"
#include "system/dst_rule.h"
#include "system/service_clock.h"
#include "system/upgrade_install.h"
#include "transport/reporting_service.h"
#include "web/server.h"

#include <unistd.h>

#include <atomic>
#include <cmath>
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
  std::string matcher;
  int threads = 1;
};

// A change of the service clock larger than this is a step (a time set by hand or by NTP) that
// reschedules the periodic reports; smaller NTP corrections just move the next due time a little.
constexpr double kClockStepS = 1.0;

// The reporting service's schedule and payload times read the service clock.
class ServiceReportClock final : public report::Clock {
 public:
  explicit ServiceReportClock(const system::ServiceClock& clock) : clock_(clock) {}
  double now_s() const override { return clock_.now_s(); }

 private:
  const system::ServiceClock& clock_;
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

// A fresh data directory on the simulator starts with the scenario's door line, so the demo counts
// from the first minute; the line is an ordinary rule the user can edit or delete.
void seed_demo_rules(config::ConfigStore& config) {
  const auto doc = config.get();
  const auto& sensor = (*doc)["sensor"];
  if (sensor.value("source", "") != "simulator" || !(*doc)["rules"].value("lines", nlohmann::json::array()).empty())
    return;
  const auto scenario = sim::Scenario::load(sensor.value("scenario", "busy-hour"), sim::find_scenario_dir());
  nlohmann::json rules = (*doc)["rules"];
  rules["lines"] = sim::effective_rules(scenario).value("lines", nlohmann::json::array());
  auto r = config.replace_section("rules", rules);
  if (!r.ok()) throw std::runtime_error("demo rules: " + r.errors.front().to_string());
}

// A configuration change reaches the services that are not rebuilt by the counter itself. The
// document was validated whole; a value the reporting service still cannot use is logged (by its
// field name) and the previous recipients stay in force.
void apply_config(const nlohmann::json& document, store::Store& store, transport::ReportingService& reporting,
                  MqttApiService& mqtt_api) {
  apply_store_retention(store, document);
  try {
    reporting.apply_config(document);
  } catch (const std::invalid_argument& e) {
    std::cerr << "headcount run: reports: " << e.what() << "\n";
  }
  mqtt_api.apply(document);
}

// What the web server's report, communication and MQTT API routes call.
web::Services make_services(store::Store& store, transport::ReportingService& reporting, MqttApiService& mqtt_api,
                            std::function<int(int64_t)> utc_offset_at) {
  web::Services services;
  services.store = &store;
  services.recipients_status = [&reporting] {
    nlohmann::json recipients = reporting.status();
    for (auto& recipient : recipients)
      if (!recipient.value("reason", "").empty()) recipient["last_error"] = recipient["reason"];
    return nlohmann::json{{"recipients", recipients}};
  };
  services.test_recipient = [&reporting](const nlohmann::json& recipient) { return reporting.test_recipient(recipient); };
  services.mqtt_api_status = [&mqtt_api] { return mqtt_api.status(); };
  services.utc_offset_at = std::move(utc_offset_at);
  return services;
}

int run(const RunOptions& o) {
  std::filesystem::create_directories(o.data_dir);
  const auto config_path = std::filesystem::path(o.data_dir) / "config.json";
  const bool fresh = !std::filesystem::exists(config_path);
  std::unique_ptr<config::ConfigStore> config;
  auto r = config::ConfigStore::open(config_path, config);
  if (!r.ok()) {
    for (auto& e : r.errors) std::cerr << config_path.string() << ": " << e.to_string() << "\n";
    return 1;
  }
  if (fresh) seed_demo_rules(*config);
  store::Store store(run_store_options(std::filesystem::path(o.data_dir) / "headcount.db", *config->get()));
  // One service clock for every time the service reports; the System time routes and NTP set it.
  system::ServiceClock service_clock;
  LiveCounterOptions lo{o.matcher, o.threads};
  lo.clock = &service_clock;
  LiveCounter live(*config, lo);
  web::ServerOptions so{o.data_dir, find_web_root(o.web_root), o.bind, o.http_port, o.https_port};
  so.users_store = &store;  // one Store per data dir: counts, outbox, settings and users
  so.clock = &service_clock;
  if (so.web_root.empty()) std::cerr << "headcount run: no web root found (--web-root, $HC_WEB_ROOT); API only\n";
  web::WebServer server(so, *config, live);
  server.on_restart = [] { g_restart = true; g_stop = true; };

  // Local time (zone + DST) in force at an instant, for report periods and report queries.
  auto utc_offset_at = [&config](int64_t unix_s) {
    return system::utc_offset_at((*config->get())["system"]["time"], unix_s);
  };
  ServiceReportClock clock(service_clock);
  transport::ReportingOptions ro;
  ro.serial_number = server.serial_number();
  ro.utc_offset_at = utc_offset_at;
  transport::ReportingService reporting(ro, store, clock);
  reporting.apply_config(*config->get());
  // Frame thread: every event to the store and the recipients, the live state for periodic reports.
  live.set_output_handler([&reporting](const pipeline::CounterOutput& out, const pipeline::Snapshot& snap) {
    reporting.on_output(out.events, out.resets);
    reporting.on_live_state(snap.t_s, snap.lines, snap.regions);
  });
  // The MQTT API is (re)started from this thread, never from a listener: a request arriving over
  // the MQTT API may itself change the mqtt_api section, and its client cannot stop itself.
  MqttApiService mqtt_api(server.serial_number(), store, *config, live);
  std::atomic<bool> config_changed{true};
  config->subscribe([&config_changed](const config::ConfigStore::Snapshot&) { config_changed = true; });
  server.attach(make_services(store, reporting, mqtt_api, utc_offset_at));
  server.start();
  // Serving: an upgraded release on trial is kept (packaging/headcount-start.sh rolls back otherwise).
  if (const std::string trial = system::release_on_trial(o.data_dir); !trial.empty()) {
    system::confirm_started(o.data_dir);
    std::cerr << "headcount run: upgraded release " << trial << " started; kept\n";
  }
  live.start();
  std::cerr << "headcount run: http://" << o.bind << ":" << server.http_port() << "  https port "
            << server.https_port() << "  data " << o.data_dir << "  web root " << so.web_root.string() << "\n";
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  double seen_offset_s = service_clock.offset_s();
  while (!g_stop) {
    if (config_changed.exchange(false)) apply_config(*config->get(), store, reporting, mqtt_api);
    if (const double step = service_clock.offset_s() - seen_offset_s; std::abs(step) > kClockStepS)
      reporting.on_clock_step(step);
    seen_offset_s = service_clock.offset_s();
    reporting.tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Give the reboot answer time to reach the client before the listener goes away.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  live.stop();
  server.stop();
  store.flush();
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
  cmd->add_option("--matcher", opts->matcher, "Stereo matcher, overriding sensor.matcher (census-sgm, opencv-sgbm)")
      ->check(CLI::IsMember({"census-sgm", "opencv-sgbm"}));
  cmd->add_option("--threads", opts->threads, "Stereo matcher threads")->check(CLI::Range(1, 64));
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
