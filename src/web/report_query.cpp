// Report parameters and output formats (JSON for the chart, CSV for export). Every parameter is
// checked before the store is touched; each error names the parameter and what it accepts.
#include "web/report_query.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <ostream>
#include <stdexcept>

namespace hc::web {

namespace {
using json = nlohmann::json;

// 1970 .. 2100: anything else is a typo (milliseconds instead of seconds, say).
constexpr double kMaxUnixS = 4102444800.0;

std::string param(const QueryParams& p, const std::string& name) {
  auto it = p.find(name);
  return it == p.end() ? std::string() : it->second;
}

[[noreturn]] void bad(const std::string& name, const std::string& why) {
  throw std::invalid_argument(name + ": " + why);
}

int64_t unix_param(const QueryParams& p, const std::string& name) {
  const std::string v = param(p, name);
  if (v.empty()) bad(name, "required (Unix seconds)");
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(d))
    bad(name, "expected Unix seconds, got \"" + v + "\"");
  if (d < 0 || d > kMaxUnixS) bad(name, "Unix seconds between 0 and 4102444800 (year 2100), got " + v);
  return static_cast<int64_t>(std::floor(d));
}

ReportType parse_type(const std::string& v) {
  // The GUI's names and the store's / MQTT API's names are both accepted.
  if (v == "line_crossing" || v == "line_count") return ReportType::kLineCrossing;
  if (v == "region_counting" || v == "region_count") return ReportType::kRegionCounting;
  if (v == "dwell_time" || v == "dwell") return ReportType::kDwellTime;
  bad("type", "expected line_crossing, region_counting or dwell_time, got \"" + v + "\"");
}

ReportUnit parse_unit(const std::string& v) {
  if (v == "hour") return ReportUnit::kHour;
  if (v == "day") return ReportUnit::kDay;
  if (v == "week") return ReportUnit::kWeek;
  if (v == "month") return ReportUnit::kMonth;
  if (v == "year") return ReportUnit::kYear;
  bad("unit", "expected hour, day, week, month or year, got \"" + v + "\"");
}

int64_t nominal_seconds(ReportUnit u) {
  switch (u) {
    case ReportUnit::kHour: return 3600;
    case ReportUnit::kDay: return 86400;
    case ReportUnit::kWeek: return 7 * 86400;
    case ReportUnit::kMonth: return 28 * 86400;  // the shortest month: an upper bound on the count
    case ReportUnit::kYear: return 365 * 86400;
  }
  return 3600;
}

// Resolves target (uuid, 1-based index, or all) against the configured lines or regions.
void resolve_target(ReportRequest& r, const std::string& target, const json& rules) {
  const bool lines = r.type == ReportType::kLineCrossing;
  const json items = rules.value(lines ? "lines" : "regions", json::array());
  const std::string kind = lines ? "line" : "region";
  auto name_of = [&](int index) {
    if (index >= 1 && index <= static_cast<int>(items.size())) {
      std::string n = items[static_cast<size_t>(index - 1)].value("name", "");
      if (!n.empty()) return n;
    }
    return std::string(lines ? "Line" : "Region") + std::to_string(index);
  };
  for (size_t i = 0; i < rules.value("regions", json::array()).size(); ++i) {
    std::string n = rules["regions"][i].value("name", "");
    r.region_names.push_back(n.empty() ? "Region" + std::to_string(i + 1) : n);
  }
  if (target.empty() || target == "all" || target == "0") return;
  r.target = target;
  if (target.find_first_not_of("0123456789") == std::string::npos) {
    if (target.size() > 3 || std::stoi(target) > 64 || std::stoi(target) < 1)
      bad("target", kind + " index 1..64 expected, got " + target);
    r.index = std::stoi(target);
  } else {
    for (size_t i = 0; i < items.size() && r.index == 0; ++i)
      if (items[i].value("uuid", "") == target) r.index = static_cast<int>(i) + 1;
    if (r.index == 0) bad("target", "no " + kind + " with uuid \"" + target + "\" in the rules");
  }
  r.target_name = name_of(r.index);
}

std::string number(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  else std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

json values_json(const std::vector<std::string>& series, const std::vector<std::optional<double>>& v) {
  json out = json::object();
  for (size_t i = 0; i < series.size(); ++i) out[series[i]] = v[i] ? json(*v[i]) : json(nullptr);
  return out;
}

// The local wall-clock time of `unix_s`: "20261124T0600" (compact, for file names) or
// "2026-11-24T06:00:00".
std::string format_local(int64_t unix_s, int offset_s, bool compact) {
  const auto t = static_cast<time_t>(unix_s + offset_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  if (compact) std::strftime(buf, sizeof buf, "%Y%m%dT%H%M", &tm);
  else std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}
}  // namespace

const char* to_string(ReportType t) {
  switch (t) {
    case ReportType::kLineCrossing: return "line_crossing";
    case ReportType::kRegionCounting: return "region_counting";
    case ReportType::kDwellTime: return "dwell_time";
  }
  return "line_crossing";
}

const char* to_string(ReportUnit u) {
  static const char* kNames[] = {"hour", "day", "week", "month", "year"};
  return kNames[static_cast<int>(u)];
}

std::string local_iso(int64_t unix_s, int offset_s) {
  const int a = std::abs(offset_s);
  char zone[16];
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_s < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
  return format_local(unix_s, offset_s, false) + zone;
}

ReportRequest parse_report_request(const QueryParams& p, const json& rules) {
  ReportRequest r;
  const std::string type = param(p, "type"), unit = param(p, "unit"), raw = param(p, "raw");
  if (type.empty()) bad("type", "required: line_crossing, region_counting or dwell_time");
  r.type = parse_type(type);
  if (unit.empty()) bad("unit", "required: hour, day, week, month or year");
  r.unit = parse_unit(unit);
  r.from_s = unix_param(p, "from");
  r.to_s = unix_param(p, "to");
  if (r.to_s <= r.from_s) bad("to", "must be after from");
  if ((r.to_s - r.from_s) / nominal_seconds(r.unit) + 2 > kMaxReportBuckets)
    bad("to", "the range holds more than " + std::to_string(kMaxReportBuckets) + " " + unit +
                  " buckets; choose a shorter range or a larger unit");
  if (raw != "" && raw != "0" && raw != "1") bad("raw", "expected 0 or 1, got \"" + raw + "\"");
  r.raw = raw == "1";
  resolve_target(r, param(p, "target"), rules.is_object() ? rules : json::object());
  return r;
}

json report_json(const ReportRequest& r, const Report& rep, const OffsetAt& offset_at) {
  json buckets = json::array();
  for (const auto& b : rep.buckets) {
    json o = values_json(rep.series, b.values);
    o["t"] = b.t_s;
    o["local"] = local_iso(b.t_s, static_cast<int>(b.local_s - b.t_s));
    buckets.push_back(std::move(o));
  }
  return {{"type", to_string(r.type)}, {"unit", to_string(r.unit)}, {"from", r.from_s}, {"to", r.to_s},
          {"target", r.target}, {"target_name", r.target_name}, {"utc_offset_s", offset_at(r.from_s)},
          {"series", rep.series}, {"buckets", std::move(buckets)}, {"totals", values_json(rep.series, rep.totals)}};
}

void write_report_csv(const ReportRequest& r, const Report& rep, std::ostream& out) {
  out << "time,time_unix,target";
  for (const auto& s : rep.series) out << ',' << csv_field(s);
  out << '\n';
  for (const auto& b : rep.buckets) {
    out << local_iso(b.t_s, static_cast<int>(b.local_s - b.t_s)) << ',' << b.t_s << ',' << csv_field(r.target_name);
    for (const auto& v : b.values) out << ',' << (v ? number(*v) : std::string());
    out << '\n';
  }
}

std::string report_file_name(const ReportRequest& r, const OffsetAt& offset_at) {
  return std::string(r.raw ? "headcount-events-" : "headcount-report-") + to_string(r.type) + "-" +
         (r.raw ? std::string() : std::string(to_string(r.unit)) + "-") +
         format_local(r.from_s, offset_at(r.from_s), true) + "-" + format_local(r.to_s, offset_at(r.to_s), true) + ".csv";
}

}  // namespace hc::web
