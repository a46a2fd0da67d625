// End-to-end tests of the JSON API: activation, login, CSRF, roles on every route, lockout, forgot
// password, configuration export/import and HTTPS with the generated certificate.
#include "web/password.h"
#include "web/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>

namespace hc::web {
namespace {

using json = nlohmann::json;
constexpr const char* kAdminPw = "Secret-123";
constexpr const char* kViewerPw = "viewer-456";

// A real in-process LiveState: counts that a test can bump and reset.
class CounterLive : public LiveState {
 public:
  json counts() const override {
    return {{"lines", json::array({{{"uuid", "l1"}, {"name", "Line 1"}, {"in", in.load()}, {"out", 0}, {"capacity", in.load()}}})},
            {"regions", json::array()}, {"t_s", 0}};
  }
  json stats() const override { return {{"stages", json::array({{{"name", "pipeline"}, {"fps", 10.0}, {"latency_ms", 5.0}, {"drops", 0}, {"queue", 1}}})}}; }
  void reset_counts() override { in = 0; }
  json floor_detection() const override { return {{"state", "detecting"}}; }
  void request_floor_detection() override {}
  json overlay() const override { return {{"frame_index", -1}, {"tracks", json::array()}, {"detections", json::array()}}; }
  PreviewFrame preview() const override { return {}; }
  std::atomic<int> in{7};
};

struct Client {
  explicit Client(int port) : http("127.0.0.1", port) {}
  httplib::Result call(const std::string& method, const std::string& path, const std::string& body = "", bool csrf_header = true) {
    httplib::Headers h;
    if (!cookies.empty()) h.emplace("Cookie", cookies);
    if (csrf_header && !csrf.empty()) h.emplace("X-CSRF-Token", csrf);
    httplib::Result r = method == "GET"      ? http.Get(path, h)
                        : method == "POST"   ? http.Post(path, h, body, "application/json")
                        : method == "PUT"    ? http.Put(path, h, body, "application/json")
                                             : http.Delete(path, h);
    return r;
  }
  int status(const std::string& method, const std::string& path, const std::string& body = "{}") {
    auto r = call(method, path, body);
    return r ? r->status : -1;
  }
  bool login(const std::string& user, const std::string& pw) {
    auto r = call("POST", "/api/v1/auth/login", json{{"username", user}, {"password", pw}}.dump());
    if (!r || r->status != 200) return false;
    auto j = json::parse(r->body);
    csrf = j["csrf"];
    cookies.clear();
    for (auto& [k, v] : r->headers)
      if (k == "Set-Cookie") cookies += (cookies.empty() ? "" : "; ") + v.substr(0, v.find(';'));
    return true;
  }
  httplib::Client http;
  std::string cookies, csrf;
};

json activation_body(const std::string& pw) {
  return {{"password", pw},
          {"security_questions", json::array({{{"question", "Q1"}, {"answer", "red"}},
                                              {{"question", "Q2"}, {"answer", "Paris"}},
                                              {{"question", "Q3"}, {"answer", "42"}}})}};
}

class WebApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("hc_web_test_" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_ / "www");
    std::ofstream(dir_ / "www" / "index.html") << "<html>gui</html>";
    auto r = config::ConfigStore::open(dir_ / "config.json", store_);
    ASSERT_TRUE(r.ok());
    ServerOptions o{dir_, dir_ / "www", "127.0.0.1", -1, -1};
    server_ = std::make_unique<WebServer>(o, *store_, live_);
    server_->start();
  }
  void TearDown() override {
    if (server_) server_->stop();
    std::filesystem::remove_all(dir_);
  }
  void activate() { ASSERT_EQ(Client(port()).status("POST", "/api/v1/auth/activate", activation_body(kAdminPw).dump()), 200); }
  int port() const { return server_->http_port(); }
  std::filesystem::path dir_;
  std::unique_ptr<config::ConfigStore> store_;
  CounterLive live_;
  std::unique_ptr<WebServer> server_;
};

TEST_F(WebApi, EverythingRefusedUntilActivation) {
  Client c(port());
  EXPECT_EQ(c.status("GET", "/api/v1/live/counts"), 409);
  EXPECT_EQ(c.status("POST", "/api/v1/auth/login", R"({"username":"admin","password":"x"})"), 409);
  auto r = c.call("GET", "/api/v1/auth/state");
  ASSERT_TRUE(r);
  EXPECT_FALSE(json::parse(r->body)["activated"].get<bool>());
}

TEST_F(WebApi, ActivationEnforcesPasswordRulesAndHappensOnce) {
  Client c(port());
  auto r = c.call("POST", "/api/v1/auth/activate", activation_body("short1").dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("8-16"), std::string::npos);
  EXPECT_EQ(c.status("POST", "/api/v1/auth/activate", activation_body("alllowercase").dump()), 400);
  EXPECT_EQ(c.status("POST", "/api/v1/auth/activate", activation_body(kAdminPw).dump()), 200);
  EXPECT_EQ(c.status("POST", "/api/v1/auth/activate", activation_body(kAdminPw).dump()), 409);
  // Only argon2id hashes are stored: no file of the data dir (database, its WAL) holds a secret.
  std::string all;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir_)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  EXPECT_EQ(all.find(kAdminPw), std::string::npos);
  EXPECT_EQ(all.find("Paris"), std::string::npos);
  EXPECT_NE(all.find("$argon2id$"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "users.json"));
}

// The users.json of an earlier version is imported into the store once, then renamed; the users
// it held log in, also after a restart.
TEST_F(WebApi, UsersJsonIsImportedOnceOnFirstStart) {
  server_.reset();
  json users = {{"admin", {{"role", "admin"}, {"hash", hash_secret(kAdminPw)},
                           {"questions", json::array({{{"question", "Q1"}, {"answer_hash", hash_secret("red")}},
                                                      {{"question", "Q2"}, {"answer_hash", hash_secret("paris")}},
                                                      {{"question", "Q3"}, {"answer_hash", hash_secret("42")}}})}}},
                {"v", {{"role", "viewer"}, {"hash", hash_secret(kViewerPw)}, {"questions", json::array()}}}};
  std::ofstream(dir_ / "users.json") << users.dump();
  auto restart = [&] {
    server_ = std::make_unique<WebServer>(ServerOptions{dir_, dir_ / "www", "127.0.0.1", -1, -1}, *store_, live_);
    server_->start();
  };
  restart();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "users.json"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "users.json.imported"));
  for (int run = 0; run < 2; ++run) {
    Client admin(port()), viewer(port());
    EXPECT_TRUE(admin.login("admin", kAdminPw));
    EXPECT_TRUE(viewer.login("v", kViewerPw));
    EXPECT_EQ(admin.status("POST", "/api/v1/counts/reset"), 200);
    EXPECT_EQ(viewer.status("POST", "/api/v1/counts/reset"), 403);
    auto q = admin.call("GET", "/api/v1/auth/questions?username=admin");
    ASSERT_TRUE(q);
    EXPECT_EQ(json::parse(q->body)["questions"], json::array({"Q1", "Q2", "Q3"}));
    server_.reset();
    restart();
  }
  // A broken users.json is a clear error naming the file (and is left in place).
  server_.reset();
  std::filesystem::remove(dir_ / "headcount.db");
  std::filesystem::remove(dir_ / "headcount.db-wal");
  std::filesystem::remove(dir_ / "headcount.db-shm");
  std::ofstream(dir_ / "users.json") << R"({"admin": 3})";
  try {
    restart();
    ADD_FAILURE() << "a broken users.json was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("users.json"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "users.json"));
}

TEST_F(WebApi, LoginSessionCookieCsrfAndLogout) {
  activate();
  Client c(port());
  EXPECT_EQ(c.status("POST", "/api/v1/auth/login", R"({"username":"admin","password":"Wrong-123"})"), 401);
  auto r = c.call("POST", "/api/v1/auth/login", json{{"username", "admin"}, {"password", kAdminPw}}.dump());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  std::string set_cookie;
  for (auto& [k, v] : r->headers) if (k == "Set-Cookie" && v.rfind("hc_session=", 0) == 0) set_cookie = v;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(set_cookie.find("Max-Age=3600"), std::string::npos);
  ASSERT_TRUE(c.login("admin", kAdminPw));
  auto no_csrf = c.call("POST", "/api/v1/counts/reset", "{}", false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(live_.in.load(), 7);
  EXPECT_EQ(c.status("POST", "/api/v1/counts/reset"), 200);
  EXPECT_EQ(live_.in.load(), 0);
  EXPECT_EQ(c.status("POST", "/api/v1/auth/logout"), 200);
  EXPECT_EQ(c.status("GET", "/api/v1/live/counts"), 401);
}

struct RouteCase { const char* method; const char* path; Role role; };
const RouteCase kRoutes[] = {
    {"GET", "/api/v1/users", Role::kAdmin},
    {"POST", "/api/v1/users", Role::kAdmin},               {"DELETE", "/api/v1/users/nobody", Role::kAdmin},
    {"POST", "/api/v1/users/password", Role::kViewer},     {"PUT", "/api/v1/users/questions", Role::kAdmin},
    {"GET", "/api/v1/config/rules", Role::kViewer},        {"GET", "/api/v1/config/communication", Role::kAdmin},
    {"GET", "/api/v1/config/image", Role::kAdmin},         {"GET", "/api/v1/config/system", Role::kAdmin},
    {"GET", "/api/v1/config/privacy", Role::kAdmin},       {"GET", "/api/v1/config/sensor", Role::kAdmin},
    {"PUT", "/api/v1/config/rules", Role::kAdmin},         {"PUT", "/api/v1/config/privacy", Role::kAdmin},
    {"GET", "/api/v1/live/counts", Role::kViewer},         {"GET", "/api/v1/stats", Role::kViewer},
    {"POST", "/api/v1/counts/reset", Role::kAdmin},        {"GET", "/api/v1/live/snapshot.jpg", Role::kViewer},
    {"GET", "/api/v1/live/stream.mjpeg", Role::kViewer},   {"GET", "/api/v1/system/info", Role::kAdmin},
    {"GET", "/api/v1/system/time", Role::kAdmin},          {"POST", "/api/v1/system/time", Role::kAdmin},
    {"POST", "/api/v1/system/recovery", Role::kAdmin},     {"POST", "/api/v1/system/factory-reset", Role::kAdmin},
    {"GET", "/api/v1/system/config-export", Role::kAdmin}, {"POST", "/api/v1/system/config-import", Role::kAdmin},
    {"POST", "/api/v1/system/upgrade", Role::kAdmin},      {"GET", "/api/v1/network/status", Role::kAdmin},
    {"GET", "/api/v1/report?type=line_crossing&unit=hour&from=0&to=3600", Role::kViewer},
    {"GET", "/api/v1/report.csv?type=line_crossing&unit=hour&from=0&to=3600", Role::kViewer},
    {"GET", "/api/v1/recipients/status", Role::kAdmin},    {"POST", "/api/v1/recipients/test", Role::kAdmin},
    {"POST", "/api/v1/recipients/r1/test", Role::kAdmin},  {"GET", "/api/v1/mqtt-api/status", Role::kAdmin},
    {"GET", "/api/v1/rules/detect-height", Role::kAdmin},
    {"POST", "/api/v1/rules/detect-height?wait_s=0", Role::kAdmin},
    {"GET", "/api/v1/system/time/zones", Role::kAdmin},    {"PUT", "/api/v1/system/time", Role::kAdmin},
    {"GET", "/api/v1/system/certificate", Role::kAdmin},   {"POST", "/api/v1/system/certificate", Role::kAdmin},
    {"GET", "/api/v1/image/status", Role::kAdmin},
    {"POST", "/api/v1/auth/logout", Role::kViewer},  // last: it ends the viewer's session
};

TEST_F(WebApi, EveryRouteByRole) {
  activate();
  Client admin(port()), viewer(port()), anon(port());
  ASSERT_TRUE(admin.login("admin", kAdminPw));
  ASSERT_EQ(admin.status("POST", "/api/v1/users", json{{"username", "v"}, {"password", kViewerPw}, {"role", "viewer"}}.dump()), 200);
  ASSERT_TRUE(viewer.login("v", kViewerPw));
  for (const auto& rc : kRoutes) {
    SCOPED_TRACE(std::string(rc.method) + " " + rc.path);
    // Bodies are empty objects: admins may get 400 for the content, never 401/403.
    EXPECT_EQ(anon.status(rc.method, rc.path), 401);
    int v = viewer.status(rc.method, rc.path);
    if (rc.role == Role::kAdmin) {
      EXPECT_EQ(v, 403);
    } else {
      EXPECT_NE(v, 403);
      EXPECT_NE(v, 401);
    }
    if (std::string(rc.path) == "/api/v1/auth/logout" || std::string(rc.path) == "/api/v1/system/factory-reset") continue;
    int a = admin.status(rc.method, rc.path);
    EXPECT_NE(a, 401);
    EXPECT_NE(a, 403);
  }
  EXPECT_EQ(anon.status("GET", "/metrics"), 200);
}

TEST_F(WebApi, LockoutAfterFiveFailuresSaysWhenItLifts) {
  activate();
  Client c(port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.status("POST", "/api/v1/auth/login", R"({"username":"admin","password":"Wrong-123"})"), 401);
  auto r = c.call("POST", "/api/v1/auth/login", json{{"username", "admin"}, {"password", kAdminPw}}.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  auto j = json::parse(r->body);
  EXPECT_GT(j["locked_until"].get<double>(), 0);
  EXPECT_GE(j["retry_after_s"].get<long>(), 299);
  EXPECT_LE(j["retry_after_s"].get<long>(), 301);
}

TEST_F(WebApi, ForgotPasswordWithTheThreeAnswers) {
  activate();
  Client c(port());
  auto q = c.call("GET", "/api/v1/auth/questions?username=admin");
  ASSERT_TRUE(q);
  EXPECT_EQ(json::parse(q->body)["questions"], json::array({"Q1", "Q2", "Q3"}));
  json wrong{{"username", "admin"}, {"answers", {"red", "London", "42"}}, {"new_password", "NewPass-789"}};
  EXPECT_EQ(c.status("POST", "/api/v1/auth/forgot", wrong.dump()), 403);
  json right{{"username", "admin"}, {"answers", {" Red ", "paris", "42"}}, {"new_password", "NewPass-789"}};
  EXPECT_EQ(c.status("POST", "/api/v1/auth/forgot", right.dump()), 200);
  EXPECT_FALSE(c.login("admin", kAdminPw));
  EXPECT_TRUE(c.login("admin", "NewPass-789"));
}

TEST_F(WebApi, ConfigExportImportRoundTripAndBadImportChangesNothing) {
  activate();
  Client c(port());
  ASSERT_TRUE(c.login("admin", kAdminPw));
  auto e = c.call("GET", "/api/v1/system/config-export");
  ASSERT_TRUE(e);
  ASSERT_EQ(e->status, 200);
  json doc = json::parse(e->body);
  doc["system"]["device_name"] = "Entrance A";
  EXPECT_EQ(c.status("POST", "/api/v1/system/config-import", doc.dump()), 200);
  EXPECT_EQ((*store_->get())["system"]["device_name"], "Entrance A");
  json before = *store_->get();
  json bad = doc;
  bad["privacy"]["scene_preview"] = "hologram";
  auto r = c.call("POST", "/api/v1/system/config-import", bad.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_FALSE(json::parse(r->body)["errors"].empty());
  EXPECT_EQ(c.status("POST", "/api/v1/system/config-import", "{not json"), 400);
  EXPECT_EQ(*store_->get(), before);
}

TEST_F(WebApi, NoImageWithPrivacyNone) {
  activate();
  Client c(port());
  ASSERT_TRUE(c.login("admin", kAdminPw));
  ASSERT_EQ(c.status("PUT", "/api/v1/config/privacy", R"({"scene_preview":"none"})"), 200);
  auto r = c.call("GET", "/api/v1/live/snapshot.jpg");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
}

TEST_F(WebApi, StaticFilesSpaFallbackAndNoTraversal) {
  Client c(port());
  auto r = c.call("GET", "/dashboard/anything");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "<html>gui</html>");
  EXPECT_EQ(c.status("GET", "/../config.json"), 400);
  EXPECT_EQ(c.status("GET", "/%2e%2e/config.json"), 400);
}

TEST_F(WebApi, HttpsWithTheGeneratedCertificate) {
  ASSERT_TRUE(std::filesystem::exists(dir_ / "cert.pem"));
  httplib::SSLClient c("127.0.0.1", server_->https_port());
  c.enable_server_certificate_verification(false);  // self-signed, CN=headcount
  auto r = c.Get("/api/v1/auth/state");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

}  // namespace
}  // namespace hc::web
