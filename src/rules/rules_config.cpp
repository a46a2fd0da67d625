#include "rules/rules_config.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <stdexcept>

namespace hc::rules {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw std::invalid_argument(path + ": " + message);
}

template <typename T>
T get_or(const nlohmann::json& j, const char* key, T fallback, const std::string& path) {
  if (!j.contains(key)) return fallback;
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    fail(path + "." + key, "wrong type");
  }
}

std::vector<core::Point2> points(const nlohmann::json& j, const std::string& path, size_t min_n,
                                 size_t max_n) {
  if (!j.is_array()) fail(path, "expected an array of [x, y] points");
  std::vector<core::Point2> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const auto& p = j[i];
    if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
      fail(path + "[" + std::to_string(i) + "]", "expected [x, y] numbers");
    out.push_back({p[0].get<double>(), p[1].get<double>()});
  }
  if (out.size() < min_n || out.size() > max_n)
    fail(path, std::to_string(out.size()) + " points, expected " + std::to_string(min_n) + " to " +
                   std::to_string(max_n));
  return out;
}

}  // namespace

RulesConfig parse_rules(const nlohmann::json& r) {
  const std::string p = "rules";
  if (!r.is_object()) fail(p, "expected an object");
  RulesConfig c;
  c.installation_height_m = get_or(r, "installation_height_m", c.installation_height_m, p);
  c.min_target_height_m = get_or(r, "min_target_height_m", c.min_target_height_m, p);
  c.max_target_height_m = get_or(r, "max_target_height_m", c.max_target_height_m, p);
  const auto mode = get_or<std::string>(r, "tracking_mode", "heads", p);
  if (mode == "heads") c.tracking_mode = TrackingMode::kHeads;
  else if (mode == "feet") c.tracking_mode = TrackingMode::kFeet;
  else fail(p + ".tracking_mode", "'" + mode + "' is neither heads nor feet");
  c.children_adult_differentiation =
      get_or(r, "children_adult_differentiation", c.children_adult_differentiation, p);
  c.child_filter_height_m = get_or(r, "child_filter_height_m", c.child_filter_height_m, p);
  c.gender_recognition = get_or(r, "gender_recognition", c.gender_recognition, p);
  c.gender_model = get_or(r, "gender_model", c.gender_model, p);
  c.line_cross_counting = get_or(r, "line_cross_counting", c.line_cross_counting, p);
  c.uturn_filtering = get_or(r, "uturn_filtering", c.uturn_filtering, p);
  c.region_monitoring = get_or(r, "region_monitoring", c.region_monitoring, p);
  if (r.contains("scheduled_reset")) {
    const auto& s = r["scheduled_reset"];
    const std::string sp = p + ".scheduled_reset";
    c.scheduled_reset = get_or(s, "enabled", false, sp);
    const auto time = get_or<std::string>(s, "time", "00:00", sp);
    int hh = -1, mm = -1;
    if (time.size() != 5 || std::sscanf(time.c_str(), "%2d:%2d", &hh, &mm) != 2 || hh < 0 ||
        hh > 23 || mm < 0 || mm > 59)
      fail(sp + ".time", "'" + time + "' is not HH:MM");
    c.reset_minute_of_day = hh * 60 + mm;
  }
  if (c.min_target_height_m >= c.max_target_height_m)
    fail(p + ".min_target_height_m", "must be below max_target_height_m");
  if (r.contains("lines")) {
    if (!r["lines"].is_array()) fail(p + ".lines", "expected an array");
    int n = 0;
    for (const auto& l : r["lines"]) {
      const std::string lp = p + ".lines[" + std::to_string(n++) + "]";
      LineRule line;
      line.uuid = get_or<std::string>(l, "uuid", "", lp);
      line.name = get_or<std::string>(l, "name", "", lp);
      if (line.name.empty()) line.name = "Line" + std::to_string(n);
      if (!l.contains("points")) fail(lp + ".points", "missing");
      line.points_px = points(l["points"], lp + ".points", 2, 5);
      if (l.contains("uturn_area") && !l["uturn_area"].empty())
        line.uturn_area_px = points(l["uturn_area"], lp + ".uturn_area", 3, 10);
      c.lines.push_back(std::move(line));
    }
  }
  if (r.contains("regions")) {
    if (!r["regions"].is_array()) fail(p + ".regions", "expected an array");
    int n = 0;
    for (const auto& g : r["regions"]) {
      const std::string gp = p + ".regions[" + std::to_string(n++) + "]";
      RegionRule region;
      region.uuid = get_or<std::string>(g, "uuid", "", gp);
      region.name = get_or<std::string>(g, "name", "", gp);
      if (region.name.empty()) region.name = "Region" + std::to_string(n);
      if (!g.contains("points")) fail(gp + ".points", "missing");
      region.points_px = points(g["points"], gp + ".points", 3, 10);
      if (g.contains("people_counting")) {
        const auto& pc = g["people_counting"];
        region.people_counting = get_or(pc, "enabled", true, gp + ".people_counting");
        region.pass_by_filtering_s = get_or(pc, "pass_by_filtering_s", 5, gp + ".people_counting");
      }
      if (g.contains("dwell_time")) {
        const auto& dt = g["dwell_time"];
        region.dwell_time = get_or(dt, "enabled", false, gp + ".dwell_time");
        region.min_dwell_time_s = get_or(dt, "min_dwell_time_s", 5, gp + ".dwell_time");
      }
      c.regions.push_back(std::move(region));
    }
  }
  return c;
}

}  // namespace hc::rules
