// The image settings of the guide (5.5: day/night mode, sensitivity, night schedule, target
// brightness, power line frequency, WDR) as a frame source receives them, and the per-setting
// status it answers: applied (and how) or unsupported by this source (and why). Each source maps
// them onto what it can change: a V4L2 camera's controls (v4l2_controls.h), the simulator's
// lighting (sim::Renderer); recorded frames change nothing.
#pragma once

#include <string>
#include <vector>

namespace hc::sensor {

enum class DayNightMode { kAuto, kDay, kNight, kSchedule };

struct ImageSettings {
  DayNightMode day_night = DayNightMode::kAuto;
  int sensitivity = 4;            // 1..7: the light level at which auto mode switches
  int night_start_min = 18 * 60;  // schedule: night from this local minute of the day...
  int night_end_min = 6 * 60;     // ...until this one (wrapping midnight when start > end)
  int target_brightness = 50;     // 0..100, 50 the neutral exposure
  int power_line_hz = 50;         // 50 or 60: the mains frequency whose flicker to avoid
  bool wdr = false;               // wide dynamic range
};

// Whether night mode is in force at `local_minute` (0..1439) of the device's local day: day
// false, night true, schedule by the night window (start == end: never), auto false (a source
// with its own light measurement decides for itself; see its status).
bool night_mode(const ImageSettings& settings, int local_minute);

// kNotInUse: a setting the current choice ignores (the schedule outside schedule mode, the
// sensitivity outside auto mode).
enum class SettingState { kApplied, kUnsupported, kNotInUse };
// "applied", "unsupported", "not in use"
const char* to_string(SettingState state);

struct SettingStatus {
  std::string setting;  // the field of the image section: "target_brightness", ...
  SettingState state = SettingState::kUnsupported;
  std::string detail;   // how it was applied, or why this source cannot
};
using ImageStatus = std::vector<SettingStatus>;

// The fields of the image section, in the guide's order.
const std::vector<std::string>& image_setting_names();
// Every setting unsupported for the same reason (sources with nothing to adjust).
ImageStatus unsupported_image_settings(const std::string& why);

}  // namespace hc::sensor
