// The route table of docs/api.md: each entry names its role, and the guard in server.cpp enforces
// it. Handlers only parse, call Auth / ConfigStore / LiveState, and answer JSON.
#include "web/http_reply.h"
#include "web/network_status.h"
#include "web/password.h"
#include "web/server.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <thread>

namespace hc::web {

namespace {
using json = nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
std::vector<std::pair<std::string, std::string>> questions_of(const json& j) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!j.is_array()) throw std::invalid_argument("security_questions: expected an array of {question, answer}");
  for (auto& q : j) {
    if (!q.is_object() || !q.contains("question") || !q["question"].is_string() || !q.contains("answer") || !q["answer"].is_string())
      throw std::invalid_argument("security_questions: each item needs string question and answer");
    out.emplace_back(q["question"].get<std::string>(), q["answer"].get<std::string>());
  }
  return out;
}
json errors_json(const std::vector<config::ConfigError>& errors) {
  auto arr = json::array();
  for (auto& e : errors) arr.push_back({{"path", e.path}, {"message", e.message}});
  return arr;
}
void locked(Res& res, double until, double now, const std::string& what) {
  long after = static_cast<long>(until - now) + 1;
  res.set_header("Retry-After", std::to_string(after));
  send(res, 429, {{"error", what + " locked after repeated failures until locked_until"}, {"locked_until", until},
                  {"retry_after_s", after}});
}
void session_cookies(Res& res, const std::string& token, const std::string& csrf, long max_age) {
  res.set_header("Set-Cookie", "hc_session=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age));
  res.set_header("Set-Cookie", "hc_csrf=" + csrf + "; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age));
}
const std::vector<std::string> kSections = {"sensor", "rules", "communication", "image", "system", "privacy"};
}  // namespace

void WebServer::define_routes() {
  const std::string api = "/api/v1";
  // --- authentication -------------------------------------------------------------------------
  add("GET", api + "/auth/state", Role::kAny, [this](const Req&, Res& res, const Session* s) {
    json user = s ? json{{"username", s->username}, {"role", s->role}} : json(nullptr);
    send(res, 200, {{"activated", auth_->activated()}, {"user", user}});
  }, true);
  add("POST", api + "/auth/activate", Role::kAny, [this](const Req& req, Res& res, const Session*) {
    if (auth_->activated()) return error(res, 409, "already activated");
    json b = body(req);
    auto qa = questions_of(b.value("security_questions", json()));
    if (b.contains("privacy")) {
      auto r = config_.replace_section("privacy", b["privacy"]);
      if (!r.ok()) return send(res, 400, {{"error", "privacy: invalid"}, {"errors", errors_json(r.errors)}});
    }
    auth_->activate(str(b, "password"), qa);
    send(res, 200, {{"activated", true}});
  }, true);
  add("POST", api + "/auth/login", Role::kAny, [this](const Req& req, Res& res, const Session*) {
    json b = body(req);
    std::string user = str(b, "username"), addr = req.remote_addr;
    double t = host_now();
    {
      std::lock_guard lk(auth_->lock_mutex);
      if (auto u = auth_->user_lock.locked_until("user:" + user, t)) return locked(res, *u, t, "user " + user);
      if (auto a = auth_->addr_lock.locked_until("addr:" + addr, t)) return locked(res, *a, t, "client address");
    }
    if (!auth_->check_password(user, str(b, "password"))) {
      std::lock_guard lk(auth_->lock_mutex);
      auth_->user_lock.fail("user:" + user, t);
      auth_->addr_lock.fail("addr:" + addr, t);
      return error(res, 401, "wrong username or password");
    }
    {
      std::lock_guard lk(auth_->lock_mutex);
      auth_->user_lock.clear("user:" + user);
    }
    auto [token, s] = auth_->create_session(user, t);
    session_cookies(res, token, s.csrf, static_cast<long>(Auth::kSessionLifetimeS));
    send(res, 200, {{"username", s.username}, {"role", s.role}, {"csrf", s.csrf}, {"expires_s", s.expires_s}});
  });
  add("POST", api + "/auth/logout", Role::kViewer, [this](const Req& req, Res& res, const Session*) {
    std::string all = req.get_header_value("Cookie");
    auto pos = all.find("hc_session=");
    if (pos != std::string::npos) auth_->end_session(all.substr(pos + 11, 64));
    session_cookies(res, "", "", 0);
    send(res, 200, {{"ok", true}});
  });
  add("GET", api + "/auth/questions", Role::kAny, [this](const Req& req, Res& res, const Session*) {
    auto q = auth_->questions(req.get_param_value("username"));
    if (q.empty()) return error(res, 404, "no security questions for this username");
    send(res, 200, {{"questions", q}});
  });
  add("POST", api + "/auth/forgot", Role::kAny, [this](const Req& req, Res& res, const Session*) {
    json b = body(req);
    std::string user = str(b, "username");
    double t = host_now();
    {
      std::lock_guard lk(auth_->lock_mutex);
      if (auto u = auth_->user_lock.locked_until("answers:" + user, t)) return locked(res, *u, t, "security questions of " + user);
      if (auto a = auth_->addr_lock.locked_until("answers-addr:" + req.remote_addr, t)) return locked(res, *a, t, "client address");
    }
    std::vector<std::string> answers;
    if (b.contains("answers") && b["answers"].is_array())
      for (auto& a : b["answers"]) answers.push_back(a.is_string() ? a.get<std::string>() : "");
    if (auto why = password_rule_violation(str(b, "new_password"))) return error(res, 400, "new_password: " + *why);
    if (!auth_->check_answers(user, answers)) {
      std::lock_guard lk(auth_->lock_mutex);
      auth_->user_lock.fail("answers:" + user, t);
      auth_->addr_lock.fail("answers-addr:" + req.remote_addr, t);
      return error(res, 403, "wrong answers to the security questions");
    }
    auth_->set_password(user, str(b, "new_password"));
    auth_->end_sessions_of(user);
    send(res, 200, {{"ok", true}});
  });
  // --- users ------------------------------------------------------------------------------------
  add("GET", api + "/users", Role::kAdmin, [this](const Req&, Res& res, const Session*) {
    send(res, 200, {{"users", auth_->list_users()}});
  });
  add("POST", api + "/users", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    json b = body(req);
    auth_->add_user(str(b, "username"), str(b, "password"), b.value("role", std::string("viewer")));
    send(res, 200, {{"username", str(b, "username")}, {"role", "viewer"}});
  });
  add("DELETE", api + R"(/users/([A-Za-z0-9_.-]+))", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    if (!auth_->delete_user(req.matches[1])) return error(res, 400, "username: no such viewer (the admin cannot be deleted)");
    send(res, 200, {{"ok", true}});
  });
  add("POST", api + "/users/password", Role::kViewer, [this](const Req& req, Res& res, const Session* s) {
    json b = body(req);
    if (!auth_->check_password(s->username, str(b, "old_password"))) return error(res, 400, "old_password: wrong");
    auth_->set_password(s->username, str(b, "new_password"));
    send(res, 200, {{"ok", true}});
  });
  add("PUT", api + "/users/questions", Role::kAdmin, [this](const Req& req, Res& res, const Session* s) {
    auth_->set_questions(s->username, questions_of(body(req).value("security_questions", json())));
    send(res, 200, {{"ok", true}});
  });
  // --- configuration sections ------------------------------------------------------------------
  add("GET", api + R"(/config/(\w+))", Role::kViewer, [this](const Req& req, Res& res, const Session* s) {
    std::string sec = req.matches[1];
    if (std::find(kSections.begin(), kSections.end(), sec) == kSections.end()) return error(res, 404, "no configuration section " + sec);
    if (sec != "rules" && s->role != "admin") return error(res, 403, "administrator role required");
    send(res, 200, config::without_secrets(*config_.get()).value(sec, json::object()));
  });
  add("PUT", api + R"(/config/(\w+))", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    std::string sec = req.matches[1];
    if (std::find(kSections.begin(), kSections.end(), sec) == kSections.end()) return error(res, 404, "no configuration section " + sec);
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded()) return error(res, 400, "request body: not JSON");
    auto r = config_.replace_section(sec, j);
    if (!r.ok()) return send(res, 400, {{"error", sec + ": invalid"}, {"errors", errors_json(r.errors)}});
    send(res, 200, r.document.value(sec, json::object()));
  });
  // --- live data --------------------------------------------------------------------------------
  add("GET", api + "/live/counts", Role::kViewer, [this](const Req&, Res& res, const Session*) { send(res, 200, live_.counts()); });
  add("GET", api + "/stats", Role::kViewer, [this](const Req&, Res& res, const Session*) { send(res, 200, live_.stats()); });
  add("POST", api + "/counts/reset", Role::kAdmin, [this](const Req&, Res& res, const Session*) {
    live_.reset_counts();
    send(res, 200, {{"ok", true}});
  });
  // --- floor detection (rules page "Detect") ----------------------------------------------------
  auto detection = [this] {
    json d = live_.floor_detection();
    // The GUI reads height_m; the contract (live_state.h) names it installation_height_m.
    if (d.contains("installation_height_m")) d["height_m"] = d["installation_height_m"];
    return d;
  };
  add("GET", api + "/rules/detect-height", Role::kAdmin, [detection](const Req&, Res& res, const Session*) {
    send(res, 200, detection());
  });
  // Starts a detection, then waits up to wait_s (default 20, 0..60) for its outcome: 200 with the
  // height, 422 when refused (the reason), 202 while still detecting (poll GET).
  add("POST", api + "/rules/detect-height", Role::kAdmin, [this, detection](const Req& req, Res& res, const Session*) {
    std::string w = req.has_param("wait_s") ? req.get_param_value("wait_s") : "20";
    if (w.empty() || w.size() > 2 || w.find_first_not_of("0123456789") != std::string::npos || std::stoi(w) > 60)
      throw std::invalid_argument("wait_s: whole seconds 0..60 expected, got \"" + w + "\"");
    live_.request_floor_detection();
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoi(w));
    json d = detection();
    while (d.value("state", "") == "detecting" && std::chrono::steady_clock::now() < until && !stopping_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      d = detection();
    }
    const std::string state = d.value("state", "");
    if (state == "refused") d["error"] = "floor detection refused: " + d.value("reason", std::string("no reason given"));
    send(res, state == "ok" ? 200 : state == "refused" ? 422 : 202, d);
  });
  // --- system -----------------------------------------------------------------------------------
  add("GET", api + "/system/info", Role::kAdmin, [this](const Req&, Res& res, const Session*) {
    auto macs = json::array();
    for (auto& e : std::filesystem::directory_iterator("/sys/class/net")) {
      std::string mac = read_first_line(e.path() / "address");
      if (e.path().filename() != "lo" && !mac.empty()) macs.push_back({{"interface", e.path().filename().string()}, {"mac", mac}});
    }
    auto sys = config_.get()->value("system", json::object());
    send(res, 200, {{"device_name", sys.value("device_name", "Headcount")}, {"model", "Headcount software counter"},
                    {"serial_number", serial_number()}, {"hardware_version", "generic Linux host"},
                    {"software_version", "0.1.0"}, {"macs", macs}, {"device_id", sys.value("custom_device_id", "")},
                    {"site_id", sys.value("custom_site_id", "")}, {"running_s", static_cast<long>(host_now() - started_s_)}});
  });
  add("POST", api + "/system/reboot", Role::kAdmin, [this](const Req&, Res& res, const Session*) {
    send(res, 200, {{"ok", true}, {"restarting", true}});
    if (on_restart) on_restart();
  });
  add("POST", api + "/system/recovery", Role::kAdmin, [this](const Req&, Res& res, const Session*) {
    auto r = config_.replace(config::defaults());
    if (!r.ok()) return send(res, 500, {{"error", "defaults invalid"}, {"errors", errors_json(r.errors)}});
    send(res, 200, {{"ok", true}});
  });
  add("POST", api + "/system/factory-reset", Role::kAdmin, [this](const Req& req, Res& res, const Session* s) {
    if (!auth_->check_password(s->username, str(body(req), "password"))) return error(res, 400, "password: wrong");
    auto r = config_.replace(config::defaults());
    if (!r.ok()) return send(res, 500, {{"error", "defaults invalid"}, {"errors", errors_json(r.errors)}});
    live_.reset_counts();
    auth_->wipe();
    send(res, 200, {{"ok", true}});
  });
  add("GET", api + "/system/config-export", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    bool secrets = req.get_param_value("secrets") == "1";
    send(res, 200, secrets ? *config_.get() : config::without_secrets(*config_.get()));
    res.set_header("Content-Disposition", "attachment; filename=\"headcount-config.json\"");
  });
  add("POST", api + "/system/config-import", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded()) return error(res, 400, "configuration file: not JSON");
    auto r = config_.replace(j);
    if (!r.ok()) return send(res, 400, {{"error", "configuration file invalid; nothing changed"}, {"errors", errors_json(r.errors)}});
    send(res, 200, {{"ok", true}});
  });
  add("GET", api + "/network/status", Role::kAdmin, [](const Req&, Res& res, const Session*) {
    send(res, 200, read_network_status());
  });
  add("GET", "/metrics", Role::kAny, [this](const Req&, Res& res, const Session*) {
    std::string out = "# TYPE headcount_uptime_seconds gauge\nheadcount_uptime_seconds " + std::to_string(host_now() - started_s_) + "\n";
    json st = live_.stats();
    for (auto& s : st.value("stages", json::array())) {
      std::string n = s.value("name", "stage");
      for (const char* k : {"fps", "latency_ms", "drops", "queue"})
        if (s.contains(k) && s[k].is_number())
          out += std::string("headcount_stage_") + k + "{stage=\"" + n + "\"} " + s[k].dump() + "\n";
    }
    res.set_content(out, "text/plain; version=0.0.4");
  });
  define_report_routes();
  define_communication_routes();
  define_live_routes();
  define_system_routes();
}

}  // namespace hc::web
