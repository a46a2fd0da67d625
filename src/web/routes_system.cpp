// System page routes (guide 5.6, docs/system.md): time zone list, time settings with NTP status and
// "sync now", the HTTPS certificate upload and the verified upgrade. Handlers parse, call
// hc::system / OpenSSL helpers and answer JSON; the guard in server.cpp has already checked roles.
#include "system/dst_rule.h"
#include "system/ntp_service.h"
#include "system/service_clock.h"
#include "system/time_zone.h"
#include "system/upgrade_install.h"
#include "system/upgrade_package.h"
#include "web/certificate.h"
#include "web/certificate_info.h"
#include "web/http_reply.h"
#include "web/server.h"

#include <cmath>
#include <ctime>
#include <fstream>

namespace hc::web {

namespace {
using json = nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;

// "2024-07-01T10:00:00+08:00": the local wall-clock time with its offset (ISO 8601).
std::string local_iso(double unix_s, int offset_s) {
  std::time_t t = static_cast<std::time_t>(std::floor(unix_s)) + offset_s;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  int a = std::abs(offset_s) / 60;
  char zone[16];
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_s < 0 ? '-' : '+', a / 60, a % 60);
  return std::string(buf) + zone;
}

// A failed validation as a 400 answer: {error, errors: [{path, message}]}.
void reply_invalid(Res& res, const std::string& what, const std::vector<config::ConfigError>& errors) {
  auto list = json::array();
  for (const auto& e : errors) list.push_back({{"path", e.path}, {"message", e.message}});
  send(res, 400, {{"error", what + ": invalid; nothing changed"}, {"errors", list}});
}

json certificate_json(const CertificateInfo& c) {
  return {{"subject", c.subject}, {"issuer", c.issuer}, {"not_before_s", c.not_before_s},
          {"not_after_s", c.not_after_s}, {"self_signed", c.self_signed}};
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return {};
  std::string s(std::filesystem::file_size(p), '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  return s;
}

// The uploaded package and its detached signature: multipart fields "package" and "signature",
// or the raw body with the signature (base64) in the X-Upgrade-Signature header.
std::pair<std::string, std::string> upgrade_upload(const Req& req) {
  if (req.is_multipart_form_data())
    return {req.has_file("package") ? req.get_file_value("package").content : "",
            req.has_file("signature") ? req.get_file_value("signature").content : ""};
  return {req.body, req.get_header_value("X-Upgrade-Signature")};
}
}  // namespace

json WebServer::time_status() const {
  const json t = config_.get()->value("system", json::object()).value("time", json::object());
  const double unix_s = now();
  const int offset = system::utc_offset_at(t, static_cast<int64_t>(std::floor(unix_s)));
  const std::string zone = t.value("time_zone", std::string("UTC+00:00"));
  return {{"unix_s", unix_s}, {"offset_s", clock_->offset_s()},
          {"applied_to", "service clock offset (the service does not set the host clock)"}, {"host_clock_set", false},
          {"time_zone", zone}, {"time_zone_name", system::time_zone_display_name(zone)}, {"utc_offset_s", offset},
          {"dst_in_force", system::dst_in_force(t, static_cast<int64_t>(std::floor(unix_s)))},
          {"local_time", local_iso(unix_s, offset)}, {"settings", t}, {"ntp", ntp_->status()}};
}

void WebServer::define_system_routes() {
  const std::string api = "/api/v1";
  ntp_ = std::make_unique<system::NtpService>(
      [this] { return config_.get()->value("system", json::object()).value("time", json::object()); },
      [this](double offset_s) { clock_->set_offset_s(offset_s); });

  add("GET", api + "/system/time/zones", Role::kAdmin, [](const Req&, Res& res, const Session*) {
    auto zones = json::array();
    for (const auto& z : system::time_zones())
      zones.push_back({{"id", z.id}, {"offset_min", z.offset_min}, {"name", z.display_name}});
    send(res, 200, {{"zones", zones}});
  });
  add("GET", api + "/system/time", Role::kAdmin, [this](const Req&, Res& res, const Session*) { send(res, 200, time_status()); });
  add("PUT", api + "/system/time", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    json sys = config_.get()->value("system", json::object());
    sys["time"] = body(req);
    auto r = config_.replace_section("system", sys);
    if (!r.ok()) return reply_invalid(res, "system.time", r.errors);
    send(res, 200, time_status());
  });
  // Manual time, or "synchronise with computer time" (the browser sends its clock): both become the
  // service clock offset.
  add("POST", api + "/system/time", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    json b = body(req);
    if (!b.contains("unix_s") || !b["unix_s"].is_number()) throw std::invalid_argument("unix_s: number of seconds required");
    clock_->set_now_s(b["unix_s"].get<double>());
    send(res, 200, time_status());
  });
  add("POST", api + "/system/time/sync", Role::kAdmin, [this](const Req&, Res& res, const Session*) {
    json s = ntp_->sync_now();
    if (!s["error"].is_null()) return send(res, 502, {{"error", "NTP: " + s["error"].get<std::string>()}, {"ntp", s}});
    send(res, 200, time_status());
  });

  add("GET", api + "/system/certificate", Role::kAdmin, [this](const Req&, Res& res, const Session*) {
    std::string pem = read_all(options_.data_dir / "cert.pem");
    if (pem.empty()) return error(res, 404, "no certificate yet: it is created when HTTPS first starts");
    send(res, 200, certificate_json(read_certificate(pem)));
  });
  add("POST", api + "/system/certificate", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    json b = body(req);
    if (!b.contains("certificate") || !b["certificate"].is_string() || !b.contains("key") || !b["key"].is_string())
      throw std::invalid_argument("certificate, key: PEM strings required");
    CertificateInfo info = read_certificate(b["certificate"]);
    check_certificate_dates(info, now());
    // Checks that the key parses and matches before writing either file.
    install_certificate(options_.data_dir / "cert.pem", options_.data_dir / "key.pem", b["certificate"], b["key"]);
    send(res, 200, {{"ok", true}, {"certificate", certificate_json(info)},
                          {"applies", "after a restart of the service (POST /api/v1/system/reboot)"}});
  });

  add("POST", api + "/system/upgrade", Role::kAdmin, [this](const Req& req, Res& res, const Session*) {
    auto key_path = options_.upgrade_public_key.empty() ? options_.data_dir / "upgrade-public-key.pem" : options_.upgrade_public_key;
    auto [package, signature] = upgrade_upload(req);
    if (signature.empty())
      return error(res, 400, "upgrade refused: signature: missing (send the multipart file 'signature', or the "
                                   "header X-Upgrade-Signature with the package as the body); nothing changed");
    system::UpgradeCheck check = system::verify_upgrade(package, signature, read_all(key_path));
    if (!check.ok)
      return send(res, 400, {{"error", "upgrade refused: " + check.error + "; nothing changed"}, {"sha256", check.sha256_hex}});
    // A verified package that is not a release (no executable bin/headcount) is refused here
    // (std::invalid_argument: 400) before `current` changes.
    system::InstalledRelease installed;
    try {
      installed = system::install_upgrade(options_.data_dir, package, check);
    } catch (const std::invalid_argument& e) {
      return error(res, 400, std::string("upgrade refused: ") + e.what() + "; nothing changed");
    }
    send(res, 200, {{"ok", true}, {"verified", true}, {"installed", true}, {"sha256", check.sha256_hex},
                    {"release", installed.release}, {"previous", installed.previous},
                    {"restarting", static_cast<bool>(on_restart)},
                    {"next", "the service restarts into the new release; a release that fails to start is rolled "
                             "back by the start script (docs/system.md)"}});
    // As POST /system/reboot: the service exits with status 75 and systemd starts the new release.
    if (on_restart) on_restart();
  });
}

}  // namespace hc::web
