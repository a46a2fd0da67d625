#include "pipeline/report_payloads.h"

#include "report/payloads.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace hc::pipeline {
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

// The payloads themselves come from the report module's builders (src/report/payloads.h), so
// replay writes exactly what would be pushed: default content, flat format, UTC.
namespace {

report::ReportContext context(double running_time_s) {
  report::ReportContext ctx;
  ctx.device.device_name = "Headcount";
  ctx.device.running_time_s = static_cast<int64_t>(running_time_s);
  ctx.time.time_zone = "UTC+0:00";
  ctx.time.utc_offset_s = 0;
  return ctx;
}

}  // namespace

nlohmann::json device_info(double running_time_s) {
  return report::build_trigger(context(running_time_s),
                               rules::CountEvent{0.0, rules::RegionCountChange{}},
                               report::ReportOptions{})
      .value("device_info", nlohmann::json::object());
}

nlohmann::json trigger_report(const rules::CountEvent& e, double running_time_s) {
  return report::build_trigger(context(running_time_s), e, report::ReportOptions{});
}

nlohmann::json periodic_report(double start_s, double end_s, const rules::RulesConfig& rules,
                               const std::vector<rules::LineCounts>& period,
                               const std::vector<rules::LineCounts>& total,
                               const std::vector<rules::RegionState>& regions,
                               double running_time_s) {
  report::PeriodicData d;
  d.start_s = start_s;
  d.end_s = end_s;
  for (size_t i = 0; i < rules.lines.size(); ++i) {
    const int idx = static_cast<int>(i) + 1;
    const auto& rule = rules.lines[i];
    if (i < period.size()) {
      const auto& c = period[i];
      report::LineCounts l;
      l.line = idx;
      l.line_name = rule.name;
      l.line_uuid = rule.uuid;
      l.in = c.in;
      l.out = c.out;
      l.male_in = c.male_in;
      l.male_out = c.male_out;
      l.female_in = c.female_in;
      l.female_out = c.female_out;
      l.children_in = c.children_in;
      l.children_out = c.children_out;
      d.line_periodic.push_back(l);
    }
    if (i < total.size()) {
      const auto& c = total[i];
      report::LineTotals l;
      l.line = idx;
      l.line_name = rule.name;
      l.line_uuid = rule.uuid;
      l.in_counted = c.in;
      l.out_counted = c.out;
      l.male_in_counted = c.male_in;
      l.male_out_counted = c.male_out;
      l.female_in_counted = c.female_in;
      l.female_out_counted = c.female_out;
      l.children_in_counted = c.children_in;
      l.children_out_counted = c.children_out;
      d.line_total.push_back(l);
    }
  }
  for (size_t i = 0; i < rules.regions.size() && i < regions.size(); ++i) {
    const auto& r = regions[i];
    const auto& rule = rules.regions[i];
    const int idx = static_cast<int>(i) + 1;
    report::RegionCounts rc;
    rc.region = idx;
    rc.region_name = rule.name;
    rc.region_uuid = rule.uuid;
    rc.current_total = r.current_total;
    rc.current_male = r.current_male;
    rc.current_female = r.current_female;
    rc.current_children = r.current_children;
    d.region_count.push_back(rc);
    report::RegionDwell rd;
    rd.region = idx;
    rd.region_name = rule.name;
    rd.region_uuid = rule.uuid;
    rd.avg_dwell_time = r.all.avg_ms();
    rd.max_dwell_time = r.all.max_ms;
    rd.male_avg_dwell_time = r.male.avg_ms();
    rd.male_max_dwell_time = r.male.max_ms;
    rd.female_avg_dwell_time = r.female.avg_ms();
    rd.female_max_dwell_time = r.female.max_ms;
    rd.children_avg_dwell_time = r.children.avg_ms();
    rd.children_max_dwell_time = r.children.max_ms;
    d.region_dwell.push_back(rd);
  }
  return report::build_periodic(context(running_time_s), d, report::ReportOptions{});
}

}  // namespace hc::pipeline
