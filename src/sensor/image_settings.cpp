#include "sensor/image_settings.h"

namespace hc::sensor {

bool night_mode(const ImageSettings& s, int local_minute) {
  switch (s.day_night) {
    case DayNightMode::kDay: return false;
    case DayNightMode::kNight: return true;
    case DayNightMode::kAuto: return false;
    case DayNightMode::kSchedule: break;
  }
  if (s.night_start_min == s.night_end_min) return false;
  if (s.night_start_min < s.night_end_min) return local_minute >= s.night_start_min && local_minute < s.night_end_min;
  return local_minute >= s.night_start_min || local_minute < s.night_end_min;  // across midnight
}

const std::vector<std::string>& image_setting_names() {
  static const std::vector<std::string> kNames = {"day_night_mode", "sensitivity", "night_schedule",
                                                  "target_brightness", "power_line_frequency_hz", "wdr"};
  return kNames;
}

const char* to_string(SettingState state) {
  switch (state) {
    case SettingState::kApplied: return "applied";
    case SettingState::kNotInUse: return "not in use";
    case SettingState::kUnsupported: break;
  }
  return "unsupported";
}

ImageStatus unsupported_image_settings(const std::string& why) {
  ImageStatus out;
  for (const std::string& name : image_setting_names()) out.push_back({name, SettingState::kUnsupported, why});
  return out;
}

}  // namespace hc::sensor
