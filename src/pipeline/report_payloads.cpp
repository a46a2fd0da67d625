#include "pipeline/report_payloads.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace hc::pipeline {
namespace {

const char* sex(rules::Gender g) {
  switch (g) {
    case rules::Gender::kMale: return "male";
    case rules::Gender::kFemale: return "female";
    default: return "unknown";
  }
}

nlohmann::json time_info(double t) {
  return {{"dst_status", false}, {"enable_dst", false}, {"time", iso8601_utc(t)},
          {"time_zone", "UTC+0:00 Coordinated Universal Time (UTC)"}};
}

nlohmann::json line_entry(int index, const rules::LineRule& rule, const rules::LineCounts& c) {
  return {{"children_in", c.children_in}, {"children_out", c.children_out},
          {"female_in", c.female_in},     {"female_out", c.female_out},
          {"in", c.in},                   {"line", index},
          {"line_name", rule.name},       {"line_uuid", rule.uuid},
          {"male_in", c.male_in},         {"male_out", c.male_out},
          {"out", c.out}};
}

}  // namespace

std::string iso8601_utc(double unix_s) {
  const auto t = static_cast<std::time_t>(std::floor(unix_s));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buf;
}

double parse_iso8601(const std::string& text) {
  std::tm tm{};
  int y, mo, d, h, mi;
  double s;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6)
    throw std::invalid_argument("--start-time '" + text + "' is not ISO 8601 (YYYY-MM-DDTHH:MM:SS[Z|+HH:MM])");
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = 0;
  double t = static_cast<double>(timegm(&tm)) + s;
  const std::string rest = text.substr(consumed);
  if (rest.empty() || rest == "Z") return t;
  int oh = 0, om = 0;
  char sign = 0;
  if (std::sscanf(rest.c_str(), "%c%2d:%2d", &sign, &oh, &om) != 3 || (sign != '+' && sign != '-'))
    throw std::invalid_argument("--start-time '" + text + "': bad UTC offset '" + rest + "'");
  const double off = (oh * 3600.0 + om * 60.0) * (sign == '+' ? 1 : -1);
  return t - off;
}

nlohmann::json device_info(double running_time_s) {
  return {{"device_name", "Headcount"}, {"firmware_version", "headcount"},
          {"running_time", static_cast<int64_t>(running_time_s)}};
}

nlohmann::json trigger_report(const rules::CountEvent& e, double running_time_s) {
  nlohmann::json j;
  j["device_info"] = device_info(running_time_s);
  if (const auto* c = std::get_if<rules::LineCrossing>(&e.what)) {
    rules::LineCounts one;
    const bool in = c->direction == rules::Direction::kIn;
    (in ? one.in : one.out) = 1;
    if (c->child) (in ? one.children_in : one.children_out) = 1;
    if (c->gender == rules::Gender::kMale) (in ? one.male_in : one.male_out) = 1;
    if (c->gender == rules::Gender::kFemale) (in ? one.female_in : one.female_out) = 1;
    rules::LineRule rule;
    rule.name = c->line_name;
    rule.uuid = c->line_uuid;
    j["line_trigger_data"] = nlohmann::json::array({line_entry(c->line_index, rule, one)});
  } else if (const auto* r = std::get_if<rules::RegionCountChange>(&e.what)) {
    j["region_trigger_data"]["region_count_data"] = nlohmann::json::array(
        {{{"current_children", r->current_children}, {"current_female", r->current_female},
          {"current_male", r->current_male}, {"current_total", r->current_total},
          {"region", r->region_index}, {"region_name", r->region_name},
          {"region_uuid", r->region_uuid}}});
  } else if (const auto* d = std::get_if<rules::DwellEpisode>(&e.what)) {
    j["region_trigger_data"]["dwell_time_data"] = nlohmann::json::array(
        {{{"children", d->child}, {"duration", d->duration_ms},
          {"dwell_end_time", iso8601_utc(d->end_s)}, {"dwell_start_time", iso8601_utc(d->start_s)},
          {"people_id", d->track_id}, {"region", d->region_index}, {"region_name", d->region_name},
          {"region_uuid", d->region_uuid}, {"sex", sex(d->gender)}}});
  }
  j["time_info"] = time_info(e.t_s);
  return j;
}

nlohmann::json periodic_report(double start_s, double end_s, const rules::RulesConfig& rules,
                               const std::vector<rules::LineCounts>& period,
                               const std::vector<rules::LineCounts>& total,
                               const std::vector<rules::RegionState>& regions,
                               double running_time_s) {
  nlohmann::json j;
  j["device_info"] = device_info(running_time_s);
  j["line_periodic_data"] = nlohmann::json::array();
  j["line_total_data"] = nlohmann::json::array();
  for (size_t i = 0; i < rules.lines.size(); ++i) {
    const int idx = static_cast<int>(i) + 1;
    const auto& rule = rules.lines[i];
    if (i < period.size()) j["line_periodic_data"].push_back(line_entry(idx, rule, period[i]));
    if (i < total.size()) {
      const auto& c = total[i];
      j["line_total_data"].push_back(
          {{"capacity_counted", c.capacity()}, {"children_in_counted", c.children_in},
           {"children_out_counted", c.children_out}, {"female_in_counted", c.female_in},
           {"female_out_counted", c.female_out}, {"in_counted", c.in}, {"line", idx},
           {"line_name", rule.name}, {"line_uuid", rule.uuid}, {"male_in_counted", c.male_in},
           {"male_out_counted", c.male_out}, {"out_counted", c.out}});
    }
  }
  auto& rd = j["region_data"];
  rd["region_count_data"] = nlohmann::json::array();
  rd["dwell_time_data"] = nlohmann::json::array();
  for (size_t i = 0; i < rules.regions.size() && i < regions.size(); ++i) {
    const auto& r = regions[i];
    const auto& rule = rules.regions[i];
    const int idx = static_cast<int>(i) + 1;
    rd["region_count_data"].push_back(
        {{"current_children", r.current_children}, {"current_female", r.current_female},
         {"current_male", r.current_male}, {"current_total", r.current_total}, {"region", idx},
         {"region_name", rule.name}, {"region_uuid", rule.uuid}});
    rd["dwell_time_data"].push_back(
        {{"avg_dwell_time", r.all.avg_ms()}, {"children_avg_dwell_time", r.children.avg_ms()},
         {"children_max_dwell_time", r.children.max_ms}, {"female_avg_dwell_time", r.female.avg_ms()},
         {"female_max_dwell_time", r.female.max_ms}, {"male_avg_dwell_time", r.male.avg_ms()},
         {"male_max_dwell_time", r.male.max_ms}, {"max_dwell_time", r.all.max_ms},
         {"region", idx}, {"region_name", rule.name}, {"region_uuid", rule.uuid}});
  }
  auto ti = time_info(end_s);
  ti.erase("time");
  ti["start_time"] = iso8601_utc(start_s);
  ti["end_time"] = iso8601_utc(end_s);
  j["time_info"] = ti;
  return j;
}

}  // namespace hc::pipeline
