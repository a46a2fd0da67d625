// ISO 8601 parsing: sscanf of the fixed fields, timegm for the calendar, then the UTC offset. O(1).
#include "eval/iso8601.h"

#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace hc::eval {

double parse_iso8601(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, consumed = 0;
  double s = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6 ||
      mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s < 0 || s >= 61)
    throw std::invalid_argument("'" + text + "' is not ISO 8601 (YYYY-MM-DDTHH:MM:SS[Z|+HH:MM])");
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  const double t = static_cast<double>(timegm(&tm)) + s;
  const std::string rest = text.substr(static_cast<size_t>(consumed));
  if (rest.empty() || rest == "Z") return t;
  int oh = 0, om = 0, used = 0;
  char sign = 0;
  if (std::sscanf(rest.c_str(), "%c%2d:%2d%n", &sign, &oh, &om, &used) != 3 ||
      static_cast<size_t>(used) != rest.size() || (sign != '+' && sign != '-') || oh > 23 || om > 59)
    throw std::invalid_argument("'" + text + "': bad UTC offset '" + rest + "'");
  return t - (oh * 3600.0 + om * 60.0) * (sign == '+' ? 1 : -1);
}

}  // namespace hc::eval
