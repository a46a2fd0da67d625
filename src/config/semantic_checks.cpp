// Geometric and cross-field validation. Polyline/polygon self-intersection is the O(n^2) pairwise
// segment test of core::geometry (n <= 10 here); everything else is a linear scan.
#include "config/semantic_checks.h"

#include "core/geometry.h"

#include <set>
#include <string>

namespace hc::config {
namespace {

using nlohmann::json;

std::string idx(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

std::vector<core::Point2> to_points(const json& points) {
  std::vector<core::Point2> out;
  for (const auto& p : points) out.push_back({p[0].get<double>(), p[1].get<double>()});
  return out;
}

// Vertices inside the image and no zero-length segment; `closed` adds the last-to-first segment.
bool check_vertices(const std::vector<core::Point2>& pts, bool closed, double width, double height,
                    const std::string& path, std::vector<ConfigError>& out) {
  bool ok = true;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (pts[i].x < 0 || pts[i].y < 0 || pts[i].x > width || pts[i].y > height) {
      out.push_back({idx(path, i), "vertex (" + json(pts[i].x).dump() + ", " + json(pts[i].y).dump() +
                                       ") is outside the " + json(width).dump() + "x" +
                                       json(height).dump() + " image"});
      ok = false;
    }
  }
  const std::size_t segments = closed ? pts.size() : pts.size() - 1;
  for (std::size_t i = 0; i < segments; ++i) {
    const std::size_t j = (i + 1) % pts.size();
    if (pts[i] == pts[j]) {
      out.push_back({path, "segment " + std::to_string(i + 1) + " has zero length (vertices " +
                               std::to_string(i) + " and " + std::to_string(j) + " coincide)"});
      ok = false;
    }
  }
  return ok;
}

void check_unique_names(const json& list, const std::string& path, std::vector<ConfigError>& out) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto name = list[i].value("name", std::string());
    if (name.empty()) continue;
    if (!seen.insert(name).second) out.push_back({idx(path, i) + ".name", "\"" + name + "\" is used twice"});
  }
}

void check_uuids(const json& rules, const json& recipients, std::vector<ConfigError>& out) {
  std::set<std::string> seen;
  auto check = [&](const json& list, const std::string& path) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto uuid = list[i].value("uuid", std::string());
      if (!uuid.empty() && !seen.insert(uuid).second) out.push_back({idx(path, i) + ".uuid", "duplicate uuid " + uuid});
    }
  };
  check(rules["lines"], "rules.lines");
  check(rules["regions"], "rules.regions");
  check(recipients, "communication.recipients");
}

void check_rules(const json& doc, std::vector<ConfigError>& out) {
  const json& rules = doc["rules"];
  const double width = doc["sensor"]["image_width"].get<double>();
  const double height = doc["sensor"]["image_height"].get<double>();
  if (rules["min_target_height_m"].get<double>() >= rules["max_target_height_m"].get<double>()) {
    out.push_back({"rules.min_target_height_m", "must be below rules.max_target_height_m (" +
                                                    rules["max_target_height_m"].dump() + ")"});
  }
  if (rules["max_target_height_m"].get<double>() >= rules["installation_height_m"].get<double>()) {
    out.push_back({"rules.max_target_height_m", "must be below rules.installation_height_m (" +
                                                    rules["installation_height_m"].dump() + ")"});
  }
  const json& lines = rules["lines"];
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string base = idx("rules.lines", i);
    const auto pts = to_points(lines[i]["points"]);
    if (check_vertices(pts, false, width, height, base + ".points", out) && core::polyline_self_intersects(pts))
      out.push_back({base + ".points", "the line crosses itself"});
    const json& area = lines[i]["uturn_area"];
    if (area.empty()) continue;
    if (area.size() < 3) {
      out.push_back({base + ".uturn_area", std::to_string(area.size()) +
                                               " vertices, a polygon needs at least 3 (or leave it empty)"});
      continue;
    }
    const auto poly = to_points(area);
    if (check_vertices(poly, true, width, height, base + ".uturn_area", out) && core::polygon_self_intersects(poly))
      out.push_back({base + ".uturn_area", "the polygon crosses itself"});
  }
  const json& regions = rules["regions"];
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const std::string base = idx("rules.regions", i);
    const auto poly = to_points(regions[i]["points"]);
    if (check_vertices(poly, true, width, height, base + ".points", out) && core::polygon_self_intersects(poly))
      out.push_back({base + ".points", "the polygon crosses itself"});
  }
  check_unique_names(lines, "rules.lines", out);
  check_unique_names(regions, "rules.regions", out);
}

bool is_http_url(const std::string& url) {
  for (const char* scheme : {"http://", "https://"}) {
    const std::string s = scheme;
    if (url.rfind(s, 0) == 0 && url.size() > s.size()) return true;
  }
  return false;
}

void check_recipients(const json& doc, std::vector<ConfigError>& out) {
  const json& recipients = doc["communication"]["recipients"];
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    const json& r = recipients[i];
    const std::string base = idx("communication.recipients", i);
    if (!r["enabled"].get<bool>()) continue;
    if (r["protocol"] == "http") {
      if (!is_http_url(r["http"]["url"].get<std::string>()))
        out.push_back({base + ".http.url", "must start with http:// or https:// and name a host"});
    } else if (r["protocol"] == "mqtt") {
      if (r["mqtt"]["host"].get<std::string>().empty()) out.push_back({base + ".mqtt.host", "must not be empty"});
      if (r["mqtt"]["topic"].get<std::string>().empty()) out.push_back({base + ".mqtt.topic", "must not be empty"});
    }
  }
  check_unique_names(recipients, "communication.recipients", out);

  const json& api = doc["communication"]["mqtt_api"];
  if (api["enabled"].get<bool>()) {
    for (const char* key : {"host", "request_topic", "response_topic"}) {
      if (api[key].get<std::string>().empty())
        out.push_back({std::string("communication.mqtt_api.") + key, "must not be empty when the MQTT API is enabled"});
    }
  }
  const json& http = doc["communication"]["http"];
  if (http["http_enabled"].get<bool>() && http["https_enabled"].get<bool>() && http["http_port"] == http["https_port"])
    out.push_back({"communication.http.https_port", "must differ from communication.http.http_port"});
}

}  // namespace

std::vector<ConfigError> semantic_errors(const json& document) {
  std::vector<ConfigError> out;
  check_rules(document, out);
  check_recipients(document, out);
  check_uuids(document["rules"], document["communication"]["recipients"], out);
  return out;
}

}  // namespace hc::config
