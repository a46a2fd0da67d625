#include "app/image_control.h"

#include <cmath>
#include <stdexcept>

#include "system/dst_rule.h"

namespace hc::app {

namespace {

using json = nlohmann::json;

// "18:30" -> 1110; throws naming the field.
int minutes_of(const std::string& hhmm, const std::string& field) {
  if (hhmm.size() != 5 || hhmm[2] != ':') throw std::invalid_argument(field + ": HH:MM expected, got \"" + hhmm + "\"");
  const int h = std::stoi(hhmm.substr(0, 2)), m = std::stoi(hhmm.substr(3, 2));
  if (h > 23 || m > 59) throw std::invalid_argument(field + ": HH:MM expected, got \"" + hhmm + "\"");
  return h * 60 + m;
}

int in_range(const json& image, const char* field, int fallback, int lo, int hi) {
  const int v = image.value(field, fallback);
  if (v < lo || v > hi)
    throw std::invalid_argument(std::string("image.") + field + ": " + std::to_string(lo) + ".." + std::to_string(hi) +
                                " expected, got " + std::to_string(v));
  return v;
}

}  // namespace

sensor::ImageSettings parse_image_settings(const json& image) {
  sensor::ImageSettings s;
  const std::string mode = image.value("day_night_mode", "auto");
  if (mode == "auto") s.day_night = sensor::DayNightMode::kAuto;
  else if (mode == "day") s.day_night = sensor::DayNightMode::kDay;
  else if (mode == "night") s.day_night = sensor::DayNightMode::kNight;
  else if (mode == "schedule") s.day_night = sensor::DayNightMode::kSchedule;
  else throw std::invalid_argument("image.day_night_mode: auto, day, night or schedule expected, got \"" + mode + "\"");
  s.sensitivity = in_range(image, "sensitivity", 4, 1, 7);
  const json schedule = image.value("night_schedule", json::object());
  s.night_start_min = minutes_of(schedule.value("start", "18:00"), "image.night_schedule.start");
  s.night_end_min = minutes_of(schedule.value("end", "06:00"), "image.night_schedule.end");
  s.target_brightness = in_range(image, "target_brightness", 50, 0, 100);
  s.power_line_hz = image.value("power_line_frequency_hz", 50);
  if (s.power_line_hz != 50 && s.power_line_hz != 60)
    throw std::invalid_argument("image.power_line_frequency_hz: 50 or 60 expected, got " + std::to_string(s.power_line_hz));
  s.wdr = image.value("wdr", false);
  return s;
}

int local_minute_of_day(const json& time_config, double unix_s) {
  const auto t = static_cast<int64_t>(std::floor(unix_s));
  const int64_t local = t + system::utc_offset_at(time_config, t);
  return static_cast<int>(((local % 86400) + 86400) % 86400 / 60);
}

json image_status_json(const sensor::ImageStatus& status, bool night, const std::string& source, const json& settings,
                       double applied_s) {
  json per = json::object();
  for (const sensor::SettingStatus& s : status) per[s.setting] = {{"state", to_string(s.state)}, {"detail", s.detail}};
  return {{"source", source}, {"night", night}, {"applied_s", applied_s}, {"settings", settings}, {"status", per}};
}

}  // namespace hc::app
