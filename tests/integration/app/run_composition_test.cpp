// `headcount run` end to end, as an integrator uses it: the real binary as a child process on
// loopback (simulator source, busy-hour scenario, the seeded "Door" line), driven through its HTTP
// API; reports received by a loopback HTTP receiver and a real mosquitto broker; the MQTT API; the
// report query; restart safety. Waits are bounded polls (a crossing comes every few seconds).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../../unit/system/release_package.h"
#include "../../unit/system/test_keys.h"
#include "../../unit/transport/test_support.h"

#include <cstdlib>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using hc::transport::test::Broker;
using hc::transport::test::BrokerOptions;
using hc::transport::test::Receiver;
using hc::transport::test::Subscriber;
using hc::transport::test::TempDir;
using hc::transport::test::free_port;
using hc::transport::test::port_open;
using hc::transport::test::slurp;
using hc::transport::test::wait_until;

constexpr double kReportWaitS = 120;
constexpr const char* kPassword = "Runtest-Pass1";

// $HC_HEADCOUNT_BIN tests an installed binary; the build tree's by default.
std::string binary() {
  const char* env = std::getenv("HC_HEADCOUNT_BIN");
  return env ? env : HC_BINARY_DIR "/src/app/headcount";
}

bool have_mosquitto() { return std::system("command -v mosquitto >/dev/null 2>&1") == 0; }

// The JSON type checks of a line-crossing trigger payload (docs/payloads.md, guide 7.2, flat).
void expect_line_trigger_shape(const json& p, const std::string& serial, const json& door) {
  ASSERT_TRUE(p.is_object()) << p;
  ASSERT_TRUE(p.contains("device_info") && p.contains("line_trigger_data") && p.contains("time_info")) << p;
  const json& d = p["device_info"];
  for (const char* k : {"cus_device_id", "cus_site_id", "device_mac", "device_name", "device_sn", "firmware_version",
                        "hardware_version", "ip_address"})
    EXPECT_TRUE(d.contains(k) && d[k].is_string()) << k << " in " << d;
  EXPECT_TRUE(d["running_time"].is_number_integer()) << d;
  EXPECT_EQ(d["device_sn"], serial);
  ASSERT_TRUE(p["line_trigger_data"].is_array());
  ASSERT_EQ(p["line_trigger_data"].size(), 1u) << p;
  const json& l = p["line_trigger_data"][0];
  for (const char* k : {"children_in", "children_out", "female_in", "female_out", "in", "line", "male_in", "male_out",
                        "out"})
    EXPECT_TRUE(l.contains(k) && l[k].is_number_integer()) << k << " in " << l;
  EXPECT_EQ(l["line"], 1);
  EXPECT_EQ(l["line_name"], door["name"]);
  EXPECT_EQ(l["line_uuid"], door["uuid"]);
  // A trigger reports one crossing: exactly one of in/out is 1.
  EXPECT_EQ(l["in"].get<int>() + l["out"].get<int>(), 1) << l;
  const json& t = p["time_info"];
  EXPECT_TRUE(t["time"].is_string() && t["time_zone"].is_string() && t.contains("dst_status") &&
              t.contains("enable_dst"))
      << t;
}

class RunComposition : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(binary())) GTEST_SKIP() << binary() << " is not built";
    dir_ = std::make_unique<TempDir>(std::string("run_") +
                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    data_ = dir_->path() / "data";
  }
  void TearDown() override { stop(SIGKILL); }

  // Starts `headcount run` on the data dir; true once its HTTP port answers. With `start_script`
  // it goes through packaging/headcount-start.sh as the systemd unit does (the built binary as the
  // packaged one), so an installed upgrade runs.
  bool start(bool start_script = false) {
    port_ = free_port();
    const std::string log = (dir_->path() / "run.log").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      if (!std::freopen(log.c_str(), "a", stderr) || !std::freopen(log.c_str(), "a", stdout)) ::_exit(125);
      const std::string bin = binary(), port = std::to_string(port_), data = data_.string();
      const std::string script = HC_SOURCE_DIR "/packaging/headcount-start.sh";
      if (start_script) {
        ::setenv("HC_DATA_DIR", data.c_str(), 1);
        ::setenv("HC_BASE_BINARY", bin.c_str(), 1);
        ::execl("/bin/sh", "sh", script.c_str(), "run", "--data-dir", data.c_str(), "--http-port", port.c_str(),
                "--https-port", "0", "--bind", "127.0.0.1", static_cast<char*>(nullptr));
      }
      ::execl(bin.c_str(), bin.c_str(), "run", "--data-dir", data.c_str(), "--http-port", port.c_str(),
              "--https-port", "0", "--bind", "127.0.0.1", static_cast<char*>(nullptr));
      ::_exit(126);
    }
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(30, 0);
    return wait_until([&] { return port_open(port_) || exited(); }, 60) && !exited();
  }
  bool exited() {
    int st = 0;
    if (pid_ > 0 && ::waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      exit_status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      return true;
    }
    return pid_ <= 0;
  }
  // Signals the service and waits (bounded) for it; returns its exit status or -1.
  int stop(int sig) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, sig);
    int st = 0;
    for (int i = 0; i < 3000 && ::waitpid(pid_, &st, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (::waitpid(pid_, &st, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &st, 0);
    }
    pid_ = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }

  void activate() {
    const json body = {{"password", kPassword},
                       {"security_questions",
                        {{{"question", "First pet?"}, {"answer", "cat"}},
                         {{"question", "Home town?"}, {"answer", "Xiamen"}},
                         {{"question", "Favourite colour?"}, {"answer", "blue"}}}}};
    auto r = client_->Post("/api/v1/auth/activate", body.dump(), "application/json");
    ASSERT_TRUE(r) << "activate: no answer";
    ASSERT_EQ(r->status, 200) << r->body;
  }
  void login() {
    auto r = client_->Post("/api/v1/auth/login", json({{"username", "admin"}, {"password", kPassword}}).dump(),
                           "application/json");
    ASSERT_TRUE(r) << "login: no answer";
    ASSERT_EQ(r->status, 200) << r->body;
    std::string cookies;
    for (auto it = r->headers.find("Set-Cookie"); it != r->headers.end() && it->first == "Set-Cookie"; ++it) {
      if (!cookies.empty()) cookies += "; ";
      cookies += it->second.substr(0, it->second.find(';'));
    }
    csrf_ = json::parse(r->body).at("csrf").get<std::string>();
    client_->set_default_headers({{"Cookie", cookies}, {"X-CSRF-Token", csrf_}});
  }
  void start_and_login() {
    ASSERT_TRUE(start()) << slurp(dir_->path() / "run.log");
    activate();
    login();
  }

  json get(const std::string& path) {
    auto r = client_->Get(path);
    if (!r) ADD_FAILURE() << "GET " << path << ": no answer";
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  std::string get_text(const std::string& path) {
    auto r = client_->Get(path);
    if (!r) ADD_FAILURE() << "GET " << path << ": no answer";
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return r->body;
  }
  void put(const std::string& path, const json& body) {
    auto r = client_->Put(path, body.dump(), "application/json");
    ASSERT_TRUE(r) << "PUT " << path << ": no answer";
    ASSERT_EQ(r->status, 200) << path << ": " << r->body;
  }

  json door() {
    const json rules = get("/api/v1/config/rules");
    EXPECT_TRUE(rules.contains("lines") && !rules["lines"].empty()) << rules;
    return rules.value("lines", json::array()).empty() ? json::object() : rules["lines"][0];
  }
  // Line crossings counted live at the Door line (in + out).
  long live_crossings() {
    const json c = get("/api/v1/live/counts");
    if (!c.contains("lines") || c["lines"].empty()) return 0;
    return c["lines"][0].value("in", 0L) + c["lines"][0].value("out", 0L);
  }
  // Waits until the counter has counted `n` crossings (bounded).
  void wait_crossings(long n) {
    ASSERT_TRUE(wait_until([&] { return live_crossings() >= n; }, kReportWaitS))
        << "fewer than " << n << " crossings within " << kReportWaitS << " s; log:\n" << slurp(dir_->path() / "run.log");
  }
  // GET /report totals (in, out) of the line crossings in [from, to).
  std::pair<long, long> report_totals(long from, long to) {
    const json r = get("/api/v1/report?type=line_crossing&unit=hour&from=" + std::to_string(from) +
                       "&to=" + std::to_string(to));
    if (!r.contains("totals")) ADD_FAILURE() << r;
    if (!r.contains("totals")) return {-1, -1};
    return {r["totals"].value("in", -1L), r["totals"].value("out", -1L)};
  }
  // GET /report.csv?raw=1 rows (in, out) of the same range: the stored events themselves.
  std::pair<long, long> raw_rows(long from, long to) {
    std::istringstream csv(get_text("/api/v1/report.csv?type=line_crossing&unit=hour&raw=1&from=" +
                                    std::to_string(from) + "&to=" + std::to_string(to)));
    std::string row;
    std::getline(csv, row);
    EXPECT_EQ(row.rfind("time_unix,line,direction", 0), 0u) << row;
    long in = 0, out = 0;
    while (std::getline(csv, row)) {
      std::istringstream cells(row);
      std::string t, line, dir;
      std::getline(cells, t, ',');
      std::getline(cells, line, ',');
      std::getline(cells, dir, ',');
      (dir == "in" ? in : out) += 1;
      EXPECT_TRUE(dir == "in" || dir == "out") << row;
    }
    return {in, out};
  }
  static long now_s() { return static_cast<long>(std::time(nullptr)); }

  std::string serial() { return get("/api/v1/system/info").value("serial_number", ""); }

  // The communication section with `recipient` as the only recipient.
  void set_recipient(json recipient) {
    json comm = get("/api/v1/config/communication");
    recipient["name"] = "runtest";
    recipient["enabled"] = true;
    recipient["report"] = {{"trigger", true}};
    comm["recipients"] = json::array({recipient});
    put("/api/v1/config/communication", comm);
  }

  // Waits for the first line-crossing trigger among `bodies()` and returns it.
  template <class Source>
  json wait_line_trigger(Source&& bodies) {
    json found;
    wait_until(
        [&] {
          for (const auto& b : bodies()) {
            const json j = json::parse(b, nullptr, false);
            if (j.is_object() && j.contains("line_trigger_data")) {
              found = j;
              return true;
            }
          }
          return false;
        },
        kReportWaitS);
    return found;
  }

  // Makes `receiver` (on port rport) the HTTP recipient and waits for its first line-crossing trigger.
  json first_http_trigger(Receiver& receiver, int rport) {
    set_recipient({{"protocol", "http"},
                   {"http", {{"url", "http://127.0.0.1:" + std::to_string(rport) + "/r"},
                             {"username", "user"},
                             {"password", "pass"}}}});
    return wait_line_trigger([&] { return receiver.bodies(); });
  }

  std::unique_ptr<TempDir> dir_;
  fs::path data_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::unique_ptr<httplib::Client> client_;
  std::string csrf_;
  int exit_status_ = -1;
};

TEST_F(RunComposition, TriggerReportsReachAnHttpRecipient) {
  Receiver receiver(/*require_auth=*/true);
  const int rport = receiver.start();
  ASSERT_GT(rport, 0);
  start_and_login();
  const json p = first_http_trigger(receiver, rport);
  ASSERT_FALSE(p.is_null()) << "no line-crossing trigger within " << kReportWaitS << " s; log:\n"
                            << slurp(dir_->path() / "run.log");
  expect_line_trigger_shape(p, serial(), door());
}

// The service clock end to end: a manual time set through the System API (the service never sets
// the host clock) is the time of the events counted after it, of the trigger reports they cause,
// of the live counts and of the stored rows the report query finds.
TEST_F(RunComposition, ManualTimeIsTheTimeOfReportsAndEvents) {
  Receiver receiver(/*require_auth=*/true);
  const int rport = receiver.start();
  ASSERT_GT(rport, 0);
  start_and_login();
  constexpr long kSet = 1938060000;  // 2031-06-01T06:00:00Z: a date in every zone's 1 June
  auto r = client_->Post("/api/v1/system/time", json({{"unix_s", kSet}}).dump(), "application/json");
  ASSERT_TRUE(r) << "POST /system/time: no answer";
  ASSERT_EQ(r->status, 200) << r->body;
  const json status = json::parse(r->body);
  EXPECT_EQ(status["host_clock_set"], false);
  EXPECT_GE(status["unix_s"].get<double>(), kSet);
  EXPECT_LT(status["unix_s"].get<double>(), kSet + 60);
  const json p = first_http_trigger(receiver, rport);
  ASSERT_FALSE(p.is_null()) << "no line-crossing trigger within " << kReportWaitS << " s; log:\n"
                            << slurp(dir_->path() / "run.log");
  const std::string time = p["time_info"].value("time", "");
  EXPECT_EQ(time.rfind("2031-06-01T", 0), 0u) << p["time_info"];
  // Still logged in (sessions are timed on the host clock); the live snapshot is on the service clock.
  const json counts = get("/api/v1/live/counts");
  EXPECT_GE(counts.value("t_s", 0.0), static_cast<double>(kSet));
  // The report page's time range (any viewer) reads the device's clock and zone from here.
  EXPECT_GE(counts.value("now_s", 0.0), static_cast<double>(kSet));
  EXPECT_EQ(counts.value("utc_offset_s", -1), status["utc_offset_s"].get<int>());
  // The crossing was stored at its service-clock time: the report over the set hour finds it.
  std::pair<long, long> totals;
  wait_until([&] { return (totals = report_totals(kSet - 10, kSet + 3600)).first + totals.second > 0; }, 15);
  EXPECT_GT(totals.first + totals.second, 0);
}

TEST_F(RunComposition, TriggerReportsReachAnMqttRecipient) {
  if (!have_mosquitto()) GTEST_SKIP() << "mosquitto is not installed";
  Broker broker;
  ASSERT_TRUE(broker.ok());
  Subscriber sub(broker.port(), "hc/runtest/#");
  ASSERT_TRUE(sub.subscribed);
  start_and_login();
  set_recipient({{"protocol", "mqtt"},
                 {"mqtt", {{"host", "127.0.0.1"},
                           {"port", broker.port()},
                           {"username", "user"},
                           {"password", "pass"},
                           {"topic", "hc/runtest/reports"},
                           {"qos", 1}}}});
  const json p = wait_line_trigger([&] { return sub.messages(); });
  ASSERT_FALSE(p.is_null()) << "no line-crossing trigger over MQTT within " << kReportWaitS << " s; log:\n"
                            << slurp(dir_->path() / "run.log");
  expect_line_trigger_shape(p, serial(), door());
}

TEST_F(RunComposition, MqttApiAnswersLiveCounts) {
  if (!have_mosquitto()) GTEST_SKIP() << "mosquitto is not installed";
  Broker broker;
  ASSERT_TRUE(broker.ok());
  Subscriber responses(broker.port(), "hc/api/response");
  ASSERT_TRUE(responses.subscribed);
  start_and_login();
  json comm = get("/api/v1/config/communication");
  comm["mqtt_api"] = {{"enabled", true},         {"host", "127.0.0.1"},
                      {"port", broker.port()},   {"username", "user"},
                      {"password", "pass"},      {"request_topic", "hc/api/request"},
                      {"response_topic", "hc/api/response"}, {"qos", 1}};
  put("/api/v1/config/communication", comm);
  ASSERT_TRUE(wait_until([&] { return get("/api/v1/mqtt-api/status").value("state", "") == "connected"; }, 30))
      << get("/api/v1/mqtt-api/status");
  const std::string sn = serial();
  const json request = {{"dst", sn}, {"type", 0}, {"command", "/api/v1/counts/live"}, {"msgId", "rt-1"},
                        {"requestData", json::object()}};
  const std::string text = request.dump();
  // Published with the subscriber's own client; resent each second until a response comes, since the
  // service subscribes to the request topic asynchronously after it reports "connected".
  json response;
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& m : responses.messages()) {
          const json j = json::parse(m, nullptr, false);
          // Until the counter has processed its first frame (the simulator first renders its
          // static floor) the live counts have no lines yet: ask again.
          const bool counting = j.is_object() && j.contains("data") && j["data"].is_object() &&
                                j["data"].contains("lines") && !j["data"]["lines"].empty();
          if (counting && j.value("msgId", "") == "rt-1") response = j;
        }
        if (response.is_null())
          mosquitto_publish(responses.m, nullptr, "hc/api/request", static_cast<int>(text.size()), text.data(), 1,
                            false);
        else
          return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        return false;
      },
      30))
      << "no MQTT API response; log:\n"
      << slurp(dir_->path() / "run.log");
  EXPECT_EQ(response["type"], 1);
  EXPECT_EQ(response["code"], 0) << response;
  EXPECT_EQ(response["src"], sn);
  EXPECT_EQ(response["command"], "/api/v1/counts/live");
  const json& data = response["data"];
  ASSERT_TRUE(data.contains("lines") && data["lines"].is_array() && !data["lines"].empty()) << response;
  EXPECT_EQ(data["lines"][0]["uuid"], door()["uuid"]);
  EXPECT_TRUE(data["lines"][0]["in"].is_number_integer());
  // Another serial number gets no answer (PROTOCOL-NOTES): requests are handled in order, so once
  // the answer to a later request arrived, the one for another device was seen and ignored.
  json other = request;
  other["dst"] = "not-" + sn;
  other["msgId"] = "rt-other";
  json later = request;
  later["msgId"] = "rt-2";
  for (const json& m : {other, later}) {
    const std::string t = m.dump();
    mosquitto_publish(responses.m, nullptr, "hc/api/request", static_cast<int>(t.size()), t.data(), 1, false);
  }
  auto has = [&](const std::string& id) {
    for (const auto& m : responses.messages())
      if (const json j = json::parse(m, nullptr, false); j.is_object() && j.value("msgId", "") == id) return true;
    return false;
  };
  ASSERT_TRUE(wait_until([&] { return has("rt-2"); }, 30));
  EXPECT_FALSE(has("rt-other"));
}

// The report aggregates the stored rows at query time, so over a closed range in the past its totals
// equal the raw rows of the same range exactly. The range ends at a second `to` that the counter has
// passed (a crossing counted after it); the store's writer may still hold the last rows of that
// range for a moment, so the comparison is polled (bounded) until two reads agree, then asserted.
TEST_F(RunComposition, ReportTotalsEqualStoredEvents) {
  start_and_login();
  wait_crossings(1);
  const long to = now_s() + 1, from = to - 3600;
  const long before = live_crossings();
  wait_crossings(before + 1);  // a crossing after `to`'s second began: the pipeline passed `to`
  std::pair<long, long> totals, rows;
  wait_until(
      [&] {
        totals = report_totals(from, to);
        rows = raw_rows(from, to);
        return totals == rows && report_totals(from, to) == totals;
      },
      15);
  EXPECT_GT(totals.first + totals.second, 0);
  EXPECT_EQ(totals, rows) << "report totals (in, out) vs raw stored rows";
  // Nothing counted live is missing from the store: every live crossing before `to` was stored.
  EXPECT_LE(totals.first + totals.second, live_crossings());
}

TEST_F(RunComposition, RestartKeepsConfigUsersAndCounts) {
  Receiver receiver(/*require_auth=*/true);
  const int rport = receiver.start();
  start_and_login();
  set_recipient({{"protocol", "http"},
                 {"http", {{"url", "http://127.0.0.1:" + std::to_string(rport) + "/r"},
                           {"username", "user"},
                           {"password", "pass"}}}});
  wait_crossings(2);
  const long to = now_s(), from = to - 3600;
  wait_crossings(live_crossings() + 1);
  std::pair<long, long> totals;
  wait_until([&] { return (totals = report_totals(from, to)) == report_totals(from, to); }, 15);
  const json rules = get("/api/v1/config/rules"), comm = get("/api/v1/config/communication");
  const std::string sn = serial();
  const std::string config_before = slurp(data_ / "config.json");

  EXPECT_EQ(stop(SIGTERM), 0) << "SIGTERM should drain and exit 0; log:\n" << slurp(dir_->path() / "run.log");
  ASSERT_TRUE(start()) << slurp(dir_->path() / "run.log");
  // Users survive: activation is refused (already activated) and the same password logs in.
  auto again = client_->Post("/api/v1/auth/activate", "{}", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;
  login();
  EXPECT_EQ(get("/api/v1/config/rules"), rules);
  EXPECT_EQ(get("/api/v1/config/communication"), comm);
  EXPECT_EQ(serial(), sn);
  EXPECT_EQ(report_totals(from, to), totals);

  // A malformed config.json: `headcount run` exits non-zero naming the file, and leaves it as it was.
  EXPECT_EQ(stop(SIGTERM), 0);
  const std::string broken = config_before.substr(0, config_before.size() / 2);
  std::ofstream(data_ / "config.json", std::ios::trunc) << broken;
  const auto log_size = fs::file_size(dir_->path() / "run.log");
  EXPECT_FALSE(start()) << "started on a malformed config.json";
  ASSERT_TRUE(wait_until([&] { return exited(); }, 30));
  EXPECT_NE(exit_status_, 0);
  const std::string log = slurp(dir_->path() / "run.log").substr(log_size);
  EXPECT_NE(log.find((data_ / "config.json").string()), std::string::npos) << log;
  EXPECT_EQ(slurp(data_ / "config.json"), broken);
}

// A signed release installed through the API of the real service: it exits with status 75, the
// start script (as systemd runs it) starts the new release, which confirms its start; a release
// that cannot start is rolled back by the next start. The "releases" are scripts that say who
// they are on stderr and run the built binary (or fail).
TEST_F(RunComposition, UpgradeInstallsRestartsIntoTheReleaseAndRollsBackAFailedOne) {
  namespace sys = hc::system::test_support;
  const auto key = sys::make_key(EVP_PKEY_ED25519);
  fs::create_directories(data_);
  std::ofstream(data_ / "upgrade-public-key.pem") << key.public_pem;
  const fs::path work = dir_->path() / "work";
  auto upgrade = [&](const std::string& package) {
    httplib::MultipartFormDataItems items = {{"package", package, "r.tar.gz", "application/gzip"},
                                             {"signature", sys::sign(key, package), "r.tar.gz.sig", ""}};
    return client_->Post("/api/v1/system/upgrade", items);
  };
  ASSERT_TRUE(start(/*start_script=*/true)) << slurp(dir_->path() / "run.log");
  activate();
  login();
  const std::string good = sys::release_tar(work, "good", "#!/bin/sh\necho release-good >&2\nexec '" + binary() + "' \"$@\"\n");
  auto r = upgrade(good);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string release = json::parse(r->body).at("release");
  ASSERT_TRUE(wait_until([&] { return exited(); }, 30));
  EXPECT_EQ(exit_status_, 75) << "an installed upgrade restarts the service";

  ASSERT_TRUE(start(true)) << slurp(dir_->path() / "run.log");
  login();  // users survive the upgrade
  EXPECT_NE(slurp(dir_->path() / "run.log").find("release-good"), std::string::npos);
  EXPECT_TRUE(wait_until([&] { return !fs::exists(data_ / "upgrade" / "trial"); }, 10)) << "start not confirmed";
  EXPECT_EQ(fs::read_symlink(data_ / "current"), fs::path("releases") / release);

  const std::string bad = sys::release_tar(work, "bad", "#!/bin/sh\necho release-bad >&2\nexit 3\n");
  r = upgrade(bad);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  ASSERT_TRUE(wait_until([&] { return exited(); }, 30));
  EXPECT_EQ(exit_status_, 75);
  EXPECT_FALSE(start(true)) << "the bad release started";  // it exits at once (systemd would restart it)
  const auto log_before = slurp(dir_->path() / "run.log").size();
  ASSERT_TRUE(start(true)) << slurp(dir_->path() / "run.log");  // the next start rolls back
  const std::string log = slurp(dir_->path() / "run.log").substr(log_before);
  EXPECT_NE(log.find("did not confirm its start; rolling back"), std::string::npos) << log;
  EXPECT_NE(log.find("release-good"), std::string::npos) << log;
  EXPECT_EQ(fs::read_symlink(data_ / "current"), fs::path("releases") / release);
  login();
}

}  // namespace
