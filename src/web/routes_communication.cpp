// Communication page routes (guide 5.3): the recipients' connection status, a connection test of a
// recipient (saved, or as edited on the page before saving) and the MQTT API client's status. Each
// calls the Services hook that `headcount run` attaches; without it the answer is 503.
#include "web/http_reply.h"
#include "web/server.h"

namespace hc::web {

namespace {
using json = nlohmann::json;

// The page reads the configuration with secrets blanked (config::without_secrets); when it posts a
// recipient back for a test, a blank secret means "unchanged", so the stored one is used (for the
// same destination only).
void fill_blank_secrets(json& posted, const json& stored) {
  if (!posted.is_object() || !stored.is_object()) return;
  for (auto& [key, value] : posted.items()) {
    if (!stored.contains(key)) continue;
    const json& old = stored[key];
    if (value.is_object()) fill_blank_secrets(value, old);
    else if ((key == "password" || key == "client_key") && value == "" && old.is_string()) value = old;
  }
}

// Where a recipient's reports go: a stored secret is only reused for the same destination, so an
// edited URL or host never receives the saved password.
std::string destination(const json& r) {
  const json& h = r.value("http", json::object());
  const json& m = r.value("mqtt", json::object());
  if (r.value("protocol", "") == "http") return "http " + h.value("url", "");
  return "mqtt " + m.value("host", "") + ":" + std::to_string(m.value("port", 1883));
}

json stored_recipient(const json& config, const std::string& uuid) {
  for (const auto& r : config.value("communication", json::object()).value("recipients", json::array()))
    if (r.is_object() && r.value("uuid", "") == uuid) return r;
  return nullptr;
}

void unavailable(httplib::Response& res, const std::string& what) {
  error(res, 503, what + ": not attached to this server (headcount run attaches it)");
}
}  // namespace

void WebServer::define_communication_routes() {
  const std::string api = "/api/v1";
  add("GET", api + "/recipients/status", Role::kAdmin, [this](const httplib::Request&, httplib::Response& res, const Session*) {
    if (!services_.recipients_status) return unavailable(res, "recipients status");
    send(res, 200, services_.recipients_status());
  });
  // One test message; the result ({ok, error?}) is the answer, also when the test failed.
  auto run_test = [this](httplib::Response& res, json recipient) {
    if (!services_.test_recipient) return unavailable(res, "recipient test");
    json stored = stored_recipient(*config_.get(), recipient.value("uuid", ""));
    if (stored.is_object() && destination(stored) == destination(recipient)) fill_blank_secrets(recipient, stored);
    send(res, 200, services_.test_recipient(recipient));
  };
  // A recipient as edited on the page (not necessarily saved).
  add("POST", api + "/recipients/test", Role::kAdmin, [run_test](const httplib::Request& req, httplib::Response& res, const Session*) {
    json b = body(req);
    if (!b.contains("protocol")) throw std::invalid_argument("recipient: protocol required (a communication.recipients[] object)");
    run_test(res, std::move(b));
  });
  // The saved recipient `uuid`; a posted object, if any, replaces it for the test.
  add("POST", api + R"(/recipients/([A-Za-z0-9_.-]+)/test)", Role::kAdmin,
      [this, run_test](const httplib::Request& req, httplib::Response& res, const Session*) {
        const std::string uuid = req.matches[1];
        json posted = req.body.empty() ? json::object() : body(req);
        if (!posted.empty()) {
          posted["uuid"] = uuid;
          return run_test(res, std::move(posted));
        }
        json stored = stored_recipient(*config_.get(), uuid);
        if (stored.is_null()) return error(res, 404, "uuid: no recipient " + uuid + " in the saved configuration");
        run_test(res, std::move(stored));
      });
  add("GET", api + "/mqtt-api/status", Role::kAdmin, [this](const httplib::Request&, httplib::Response& res, const Session*) {
    if (!services_.mqtt_api_status) return unavailable(res, "MQTT API status");
    send(res, 200, services_.mqtt_api_status());
  });
}

}  // namespace hc::web
