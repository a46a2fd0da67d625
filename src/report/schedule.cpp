// Periodic report times; see schedule.h. Floor division keeps negative offsets correct.
#include "report/schedule.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace hc::report {

namespace {
constexpr std::array<int, 14> kPeriods = {1, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440};
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

PeriodicScheme parse_periodic_scheme(const std::string& name) {
  if (name == "on_the_dot") return PeriodicScheme::kOnTheDot;
  if (name == "from_now_on") return PeriodicScheme::kFromNowOn;
  throw std::invalid_argument("report.periodic.scheme: expected on_the_dot or from_now_on, got \"" + name + "\"");
}

bool valid_period_min(int p) { return std::find(kPeriods.begin(), kPeriods.end(), p) != kPeriods.end(); }

int64_t next_periodic_report(int64_t now_s, int period_min, PeriodicScheme scheme, int64_t enabled_at_s,
                             int utc_offset_s) {
  if (!valid_period_min(period_min))
    throw std::invalid_argument("report.periodic.period_min: " + std::to_string(period_min) +
                                " is not one of 1, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440");
  const int64_t p = int64_t{period_min} * 60;
  if (scheme == PeriodicScheme::kOnTheDot) {
    const int64_t local = now_s + utc_offset_s;
    return (floor_div(local, p) + 1) * p - utc_offset_s;
  }
  if (now_s < enabled_at_s) return enabled_at_s + p;
  return enabled_at_s + (floor_div(now_s - enabled_at_s, p) + 1) * p;
}

int64_t next_periodic_report_tz(int64_t after_s, int period_min, PeriodicScheme scheme, int64_t enabled_at_s,
                                const std::function<int(int64_t)>& utc_offset_at) {
  if (scheme == PeriodicScheme::kFromNowOn || !utc_offset_at)
    return next_periodic_report(after_s, period_min, scheme, enabled_at_s, utc_offset_at ? utc_offset_at(after_s) : 0);
  // Candidates aligned in the offset before and in the offset after a possible change; a candidate
  // counts only where that offset is the one in force at it. A few steps suffice: offsets change
  // at most twice a year.
  const int before = utc_offset_at(after_s);
  const int after = utc_offset_at(next_periodic_report(after_s, period_min, scheme, enabled_at_s, before));
  int64_t best = -1;
  for (const int off : {before, after}) {
    int64_t c = next_periodic_report(after_s, period_min, scheme, enabled_at_s, off);
    for (int step = 0; step < 4 && utc_offset_at(c) != off; ++step)
      c = next_periodic_report(c, period_min, scheme, enabled_at_s, off);
    if (utc_offset_at(c) == off && (best < 0 || c < best)) best = c;
  }
  return best >= 0 ? best : next_periodic_report(after_s, period_min, scheme, enabled_at_s, before);
}

}  // namespace hc::report
