// ISO 8601 time stamps as they appear on the command line (`headcount replay --start-time`) and in
// the guide's payloads ("2024-05-30T20:11:32+08:00"). Formatting lives in the report module
// (report::format_iso8601); this is the one parser.
#pragma once

#include <string>

namespace hc::eval {

// "YYYY-MM-DDTHH:MM:SS" with an optional fraction of a second and "Z", "+HH:MM" or "-HH:MM"
// (none = UTC) -> Unix seconds. Throws std::invalid_argument quoting the text otherwise.
double parse_iso8601(const std::string& text);

}  // namespace hc::eval
