// The time zones of the System > Time page (guide 5.6.3): fixed UTC offsets with the display names
// the device shows and reports (e.g. "UTC+08:00 China Standard Time (CT/CST)"). The configuration
// stores only the identifier ("UTC+08:00", config/schema.json system.time.time_zone).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hc::system {

struct TimeZone {
  std::string id;            // "UTC+08:00"
  int offset_min = 0;        // minutes east of UTC
  std::string display_name;  // "UTC+08:00 China Standard Time (CT/CST)"
};

// The list in offset order, UTC-12:00 .. UTC+14:00 with the half- and quarter-hour zones in use.
const std::vector<TimeZone>& time_zones();

// Minutes east of UTC for an identifier "UTC+HH:MM" / "UTC-HH:MM" (hours 0-14, minutes 00/30/45);
// nullopt when it does not have that form.
std::optional<int> parse_utc_offset(std::string_view id);

// The display name of `id` from the list; for a well-formed identifier not in the list, the
// identifier itself; throws std::invalid_argument naming system.time.time_zone otherwise.
std::string time_zone_display_name(std::string_view id);

}  // namespace hc::system
