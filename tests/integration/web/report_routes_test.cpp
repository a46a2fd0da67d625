// The report, communication and floor-detection routes on the real server (loopback, free port):
// reports from a real Store, CSV attachments (buckets and the raw events streamed), recipient tests
// through the transport module against a loopback HTTP recipient, status hooks passed through, and
// 503 whenever a service is not attached.
#include "store/store.h"
#include "transport/recipient.h"
#include "web/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

namespace hc::web {
namespace {

using json = nlohmann::json;
constexpr const char* kDoorUuid = "0000000a-0000-4000-8000-0000000000d1";
constexpr const char* kRecipientUuid = "0000000a-0000-4000-8000-0000000000e1";
constexpr int64_t kT0 = 1795392000;  // 2026-11-23T00:00:00Z

// Floor detection that finishes as soon as it is asked, with the outcome the test chose.
class DetectingLive : public LiveState {
 public:
  json counts() const override { return {{"lines", json::array()}, {"regions", json::array()}, {"t_s", 0}}; }
  json stats() const override { return {{"stages", json::array()}}; }
  void reset_counts() override {}
  json floor_detection() const override {
    std::lock_guard lk(mu);
    return state;
  }
  void request_floor_detection() override {
    std::lock_guard lk(mu);
    state = outcome;
  }
  json overlay() const override { return json::object(); }
  PreviewFrame preview() const override { return {}; }
  mutable std::mutex mu;
  json state = {{"state", "detecting"}}, outcome = {{"state", "detecting"}};
};

// A logged-in browser: the session cookie and CSRF header ride on every request.
struct Browser {
  Browser(int port, const std::string& user, const std::string& password) : cli("127.0.0.1", port) {
    auto r = cli.Post("/api/v1/auth/login", json{{"username", user}, {"password", password}}.dump(), "application/json");
    if (!r || r->status != 200) throw std::runtime_error("login of " + user + " failed");
    std::string session;
    for (const auto& [k, v] : r->headers)
      if (k == "Set-Cookie" && v.rfind("hc_session=", 0) == 0) session = v.substr(0, v.find(';'));
    cli.set_default_headers({{"Cookie", session}, {"X-CSRF-Token", json::parse(r->body)["csrf"].get<std::string>()}});
  }
  httplib::Result get(const std::string& path) { return cli.Get(path); }
  httplib::Result post(const std::string& path, const std::string& body = "") {
    return cli.Post(path, body, "application/json");
  }
  httplib::Client cli;
};

class WebReports : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("hc_web_reports_" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(config::ConfigStore::open(dir_ / "config.json", config_).ok());
    counts_ = std::make_unique<store::Store>(store::StoreOptions{dir_ / "counts.db"});
    json doc = *config_->get();
    doc["rules"]["lines"] = json::array({{{"uuid", kDoorUuid}, {"name", "Door"}, {"points", {{10, 10}, {200, 10}}}}});
    ASSERT_TRUE(config_->replace(doc).ok());
  }
  void start(bool attach) {
    server_ = std::make_unique<WebServer>(ServerOptions{dir_, "", "127.0.0.1", -1, 0}, *config_, live_);
    if (attach) {
      Services s;
      s.store = counts_.get();
      s.utc_offset_at = [](int64_t) { return 3600; };
      s.recipients_status = [] { return json{{"recipients", {{{"uuid", kRecipientUuid}, {"state", "connected"}}}}}; };
      s.mqtt_api_status = [] { return json{{"enabled", false}, {"state", "disabled"}}; };
      s.test_recipient = [](const json& r) {
        transport::SendResult res = transport::send_test(r);
        return json{{"ok", res.ok}, {"error", res.error}};
      };
      server_->attach(std::move(s));
    }
    server_->start();
    httplib::Client c("127.0.0.1", server_->http_port());
    json activation = {{"password", "Secret-123"},
                       {"security_questions", {{{"question", "a"}, {"answer", "1"}}, {{"question", "b"}, {"answer", "2"}},
                                               {{"question", "c"}, {"answer", "3"}}}}};
    ASSERT_EQ(c.Post("/api/v1/auth/activate", activation.dump(), "application/json")->status, 200);
    admin_ = std::make_unique<Browser>(server_->http_port(), "admin", "Secret-123");
    auto r = admin_->post("/api/v1/users", json{{"username", "viewer"}, {"password", "viewer-456"}, {"role", "viewer"}}.dump());
    ASSERT_EQ(r->status, 200);
    viewer_ = std::make_unique<Browser>(server_->http_port(), "viewer", "viewer-456");
  }
  void TearDown() override {
    if (server_) server_->stop();
    counts_.reset();
    std::filesystem::remove_all(dir_);
  }
  void cross(double t, int line, rules::Direction d) {
    counts_->record(rules::CountEvent{t, rules::LineCrossing{line, "", "", d, 7, false, rules::Gender::kUnknown}});
  }
  static std::string hours(int n) {
    return "from=" + std::to_string(kT0) + "&to=" + std::to_string(kT0 + n * 3600);
  }

  std::filesystem::path dir_;
  std::unique_ptr<config::ConfigStore> config_;
  std::unique_ptr<store::Store> counts_;
  DetectingLive live_;
  std::unique_ptr<WebServer> server_;
  std::unique_ptr<Browser> admin_, viewer_;
};

TEST_F(WebReports, ViewerGetsLocalHourBucketsOfALineByUuid) {
  start(true);
  cross(kT0 + 5, 1, rules::Direction::kIn);
  cross(kT0 + 6, 1, rules::Direction::kIn);
  cross(kT0 + 3700, 1, rules::Direction::kOut);
  cross(kT0 + 3800, 2, rules::Direction::kOut);  // another line: not in the Door's report
  counts_->flush();
  auto r = viewer_->get("/api/v1/report?type=line_count&unit=hour&target=" + std::string(kDoorUuid) + "&" + hours(2));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["type"], "line_crossing");
  EXPECT_EQ(j["target_name"], "Door");
  EXPECT_EQ(j["utc_offset_s"], 3600);
  ASSERT_EQ(j["buckets"].size(), 2u);
  EXPECT_EQ(j["buckets"][0]["t"], kT0);
  EXPECT_EQ(j["buckets"][0]["local"], "2026-11-23T01:00:00+01:00");
  EXPECT_EQ(j["buckets"][0]["in"], 2);
  EXPECT_EQ(j["buckets"][1]["out"], 1);
  EXPECT_EQ(j["totals"]["in"], 2);
  EXPECT_EQ(j["totals"]["out"], 1);
}

TEST_F(WebReports, BadParameterAnswers400NamingIt) {
  start(true);
  auto r = viewer_->get("/api/v1/report?type=line_count&unit=fortnight&" + hours(1));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"].get<std::string>().rfind("unit: expected hour, day, week, month or year", 0), 0u);
  r = viewer_->get("/api/v1/report.csv?type=line_count&unit=hour&target=nope&" + hours(1));
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"], "target: no line with uuid \"nope\" in the rules");
}

TEST_F(WebReports, CsvOfBucketsIsANamedAttachment) {
  start(true);
  cross(kT0 + 5, 1, rules::Direction::kIn);
  counts_->flush();
  auto r = viewer_->get("/api/v1/report.csv?type=line_crossing&unit=hour&" + hours(2));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Disposition"),
            "attachment; filename=\"headcount-report-line_crossing-hour-20261123T0100-20261123T0300.csv\"");
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r->body,
            "time,time_unix,target,in,adults_in,children_in,male_in,female_in,out,adults_out,children_out,male_out,female_out\n"
            "2026-11-23T01:00:00+01:00,1795392000,all,1,1,0,0,0,0,0,0,0,0\n"
            "2026-11-23T02:00:00+01:00,1795395600,all,0,0,0,0,0,0,0,0,0,0\n");
}

TEST_F(WebReports, RawCsvStreamsEveryStoredEvent) {
  start(true);
  for (int i = 0; i < 5000; ++i) cross(kT0 + i * 0.5, 1 + i % 2, i % 3 ? rules::Direction::kIn : rules::Direction::kOut);
  counts_->flush();
  auto r = viewer_->get("/api/v1/report.csv?type=line_crossing&unit=hour&raw=1&" + hours(1));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Disposition"),
            "attachment; filename=\"headcount-events-line_crossing-20261123T0100-20261123T0200.csv\"");
  EXPECT_EQ(std::count(r->body.begin(), r->body.end(), '\n'), 5001);
  EXPECT_EQ(r->body.substr(0, r->body.find('\n')), "time_unix,line,direction,child,gender,track_id");
  EXPECT_EQ(r->body.substr(r->body.rfind('\n', r->body.size() - 2) + 1), "1795394499.500,2,in,0,unknown,7\n");
  for (const auto& e : std::filesystem::directory_iterator(dir_))  // the spool file is gone
    EXPECT_EQ(e.path().filename().string().rfind("report-export-", 0), std::string::npos) << e.path();
}

TEST_F(WebReports, EveryServiceRouteAnswers503WhenNothingIsAttached) {
  start(false);
  for (auto [method, path] : {std::pair{"GET", "/api/v1/report?type=dwell&unit=day&from=0&to=86400"},
                              {"GET", "/api/v1/report.csv?type=dwell&unit=day&from=0&to=86400"},
                              {"GET", "/api/v1/recipients/status"}, {"GET", "/api/v1/mqtt-api/status"},
                              {"POST", "/api/v1/recipients/test"}}) {
    SCOPED_TRACE(path);
    auto r = std::string(method) == "GET" ? admin_->get(path) : admin_->post(path, R"({"protocol":"http"})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_NE(json::parse(r->body)["error"].get<std::string>().find("attached"), std::string::npos);
  }
}

TEST_F(WebReports, StatusRoutesPassTheHooksAnswersThrough) {
  start(true);
  auto r = admin_->get("/api/v1/recipients/status");
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body), json({{"recipients", {{{"uuid", kRecipientUuid}, {"state", "connected"}}}}}));
  r = admin_->get("/api/v1/mqtt-api/status");
  EXPECT_EQ(json::parse(r->body), json({{"enabled", false}, {"state", "disabled"}}));
  EXPECT_EQ(viewer_->get("/api/v1/recipients/status")->status, 403);
}

TEST_F(WebReports, RecipientTestReachesALoopbackHttpRecipientWithTheStoredPassword) {
  httplib::Server sink;
  std::atomic<int> received{0};
  sink.Post("/ingest", [&](const httplib::Request& req, httplib::Response& res) {
    const bool auth = req.get_header_value("Authorization") == "Basic dXNlcjpzM2NyZXQ=";  // user:s3cret
    if (auth && req.body.find("\"test\":true") != std::string::npos) ++received;
    res.status = auth ? 200 : 401;
  });
  const int port = sink.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { sink.listen_after_bind(); });
  while (!sink.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  json recipient = {{"uuid", kRecipientUuid}, {"name", "Backend"}, {"protocol", "http"},
                    {"http", {{"url", "http://127.0.0.1:" + std::to_string(port) + "/ingest"}, {"username", "user"}, {"password", "s3cret"}}}};
  json doc = *config_->get();
  doc["communication"]["recipients"] = json::array({recipient});
  ASSERT_TRUE(config_->replace(doc).ok());
  start(true);

  auto r = admin_->post("/api/v1/recipients/" + std::string(kRecipientUuid) + "/test");  // the saved one
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)["ok"], true) << r->body;
  json as_read = recipient;  // as the page reads it: secrets blanked
  as_read["http"]["password"] = "";
  r = admin_->post("/api/v1/recipients/test", as_read.dump());
  EXPECT_EQ(json::parse(r->body)["ok"], true) << r->body;
  EXPECT_EQ(received.load(), 2);
  json edited = recipient;
  edited["http"]["password"] = "typo";
  r = admin_->post("/api/v1/recipients/test", edited.dump());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body), json({{"ok", false}, {"error", "HTTP 401"}}));
  // Another destination never gets the saved password: the blank one stays blank.
  as_read["http"]["url"] = "http://127.0.0.1:" + std::to_string(port) + "/ingest?edited=1";
  r = admin_->post("/api/v1/recipients/test", as_read.dump());
  EXPECT_EQ(json::parse(r->body), json({{"ok", false}, {"error", "HTTP 401"}}));
  EXPECT_EQ(admin_->post("/api/v1/recipients/0000000a-0000-4000-8000-0000000000ff/test")->status, 404);
  r = admin_->post("/api/v1/recipients/test", "{}");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"], "recipient: protocol required (a communication.recipients[] object)");
  sink.stop();
  serving.join();
}

TEST_F(WebReports, DetectHeightWaitsForTheOutcome) {
  start(true);
  live_.outcome = {{"state", "ok"}, {"installation_height_m", 2.95}, {"tilt_deg", 1.0}, {"confidence", 0.9}};
  auto r = admin_->post("/api/v1/rules/detect-height");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  json j = json::parse(r->body);
  EXPECT_EQ(j["height_m"], 2.95);
  EXPECT_EQ(j["confidence"], 0.9);
  EXPECT_EQ(json::parse(admin_->get("/api/v1/rules/detect-height")->body)["installation_height_m"], 2.95);
  live_.outcome = {{"state", "refused"}, {"reason", "no floor plane: the view is covered"}};
  r = admin_->post("/api/v1/rules/detect-height");
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(json::parse(r->body)["error"], "floor detection refused: no floor plane: the view is covered");
  live_.outcome = {{"state", "detecting"}};
  EXPECT_EQ(admin_->post("/api/v1/rules/detect-height?wait_s=0")->status, 202);
  r = admin_->post("/api/v1/rules/detect-height?wait_s=soon");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"], "wait_s: whole seconds 0..60 expected, got \"soon\"");
  EXPECT_EQ(viewer_->post("/api/v1/rules/detect-height")->status, 403);
}

}  // namespace
}  // namespace hc::web
