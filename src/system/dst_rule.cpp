// DST rule evaluation: civil-date arithmetic by H. Hinnant's days_from_civil / civil_from_days
// (http://howardhinnant.github.io/date_algorithms.html), O(1) per query; transition semantics of
// POSIX TZ rules "Mm.w.d/time" (each change happens at the wall-clock time in force before it).
#include "system/dst_rule.h"

#include "system/time_zone.h"

#include <stdexcept>

namespace hc::system {

namespace {
using json = nlohmann::json;

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int year_of_day(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (m <= 2));
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// 0 Sunday; 1970-01-01 was a Thursday.
int weekday_of(int64_t day) { return static_cast<int>(((day % 7) + 11) % 7); }

DstTransition transition_of(const json& j, DstTransition d) {
  if (!j.is_object()) return d;
  return {j.value("month", d.month), j.value("week", d.week), j.value("weekday", d.weekday), j.value("hour", d.hour)};
}

int zone_offset_s(const json& time_config) {
  if (!time_config.is_object()) throw std::invalid_argument("system.time: expected an object");
  std::string id = time_config.value("time_zone", std::string("UTC+00:00"));
  auto m = parse_utc_offset(id);
  if (!m) throw std::invalid_argument("system.time.time_zone: expected UTC+HH:MM, got '" + id + "'");
  return *m * 60;
}
}  // namespace

int64_t transition_day(int year, const DstTransition& t) {
  if (t.month < 1 || t.month > 12 || t.week < 1 || t.week > 5 || t.weekday < 0 || t.weekday > 6)
    throw std::invalid_argument("system.time.dst: month 1-12, week 1-5, weekday 0-6 required");
  const auto month = static_cast<unsigned>(t.month);
  int64_t first = days_from_civil(year, month, 1);
  int64_t day = first + (t.weekday - weekday_of(first) + 7) % 7 + 7 * (t.week - 1);
  if (t.week == 5) {
    // "Last": step back a week while past the month's end.
    int64_t next_month = t.month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
    while (day >= next_month) day -= 7;
  }
  return day;
}

bool dst_in_force(const json& time_config, int64_t unix_s) {
  const int64_t standard = unix_s + zone_offset_s(time_config);  // local standard time, as Unix-like seconds
  const json dst = time_config.value("dst", json::object());
  if (!dst.value("enabled", false)) return false;
  const int64_t bias = int64_t{dst.value("bias_min", 60)} * 60;
  const int year = year_of_day(floor_div(standard, 86400));
  const DstTransition start = transition_of(dst.value("start", json()), DstTransition{3, 2, 0, 2});
  const DstTransition end = transition_of(dst.value("end", json()), DstTransition{10, 5, 0, 3});
  const int64_t start_s = transition_day(year, start) * 86400 + start.hour * 3600;       // standard time
  const int64_t end_s = transition_day(year, end) * 86400 + end.hour * 3600 - bias;      // daylight -> standard
  if (start_s < end_s) return standard >= start_s && standard < end_s;
  return standard >= start_s || standard < end_s;  // southern hemisphere: across the new year
}

int utc_offset_at(const json& time_config, int64_t unix_s) {
  int offset = zone_offset_s(time_config);
  if (dst_in_force(time_config, unix_s)) offset += time_config["dst"].value("bias_min", 60) * 60;
  return offset;
}

}  // namespace hc::system
