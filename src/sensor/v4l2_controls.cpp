#include "sensor/v4l2_controls.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace hc::sensor {

namespace {

bool offers(const V4l2Control& c, int32_t item) {
  return std::find(c.menu_items.begin(), c.menu_items.end(), item) != c.menu_items.end();
}

// `percent` of the control's range, rounded to its step.
int32_t scaled(const V4l2Control& c, int percent) {
  const double span = static_cast<double>(c.maximum) - c.minimum;
  const double step = std::max(1, c.step);
  const double v = c.minimum + std::round(span * std::clamp(percent, 0, 100) / 100.0 / step) * step;
  return static_cast<int32_t>(std::clamp(v, static_cast<double>(c.minimum), static_cast<double>(c.maximum)));
}

std::string range_text(const V4l2Control& c) {
  return " (range " + std::to_string(c.minimum) + ".." + std::to_string(c.maximum) + ")";
}

class Planner {
 public:
  explicit Planner(const QueryControl& query) : query_(query) {}
  void write(uint32_t id, int32_t value, const std::string& setting) { plan_.writes.push_back({id, value, setting}); }
  void applied(const std::string& setting, const std::string& detail) {
    plan_.status.push_back({setting, SettingState::kApplied, detail});
  }
  void unsupported(const std::string& setting, const std::string& why) {
    plan_.status.push_back({setting, SettingState::kUnsupported, why});
  }
  void not_in_use(const std::string& setting, const std::string& why) {
    plan_.status.push_back({setting, SettingState::kNotInUse, why});
  }
  std::optional<V4l2Control> control(uint32_t id) const { return query_(id); }
  V4l2Plan take() { return std::move(plan_); }

 private:
  const QueryControl& query_;
  V4l2Plan plan_;
};

// day_night_mode, and night_schedule with it (the schedule only chooses between day and night).
void plan_day_night(Planner& p, const ImageSettings& s, bool night) {
  const bool scheduled = s.day_night == DayNightMode::kSchedule;
  auto schedule = [&](bool applied, const std::string& detail) {
    if (!scheduled) return p.not_in_use("night_schedule", "day_night_mode is not schedule");
    if (!applied) return p.unsupported("night_schedule", detail);
    p.applied("night_schedule", "switches colorfx at the schedule's times (device local time)");
  };
  if (s.day_night == DayNightMode::kAuto) {
    p.unsupported("day_night_mode", "auto: V4L2 has no standard IR-cut or light-level control to switch on; "
                                    "choose day, night or schedule");
    return schedule(false, "");
  }
  const auto fx = p.control(V4L2_CID_COLORFX);
  const int32_t want = night ? V4L2_COLORFX_BW : V4L2_COLORFX_NONE;
  if (!fx || !offers(*fx, want)) {
    const std::string why = "the camera offers no colour effect control (colorfx)";
    p.unsupported("day_night_mode", why);
    return schedule(false, why);
  }
  p.write(V4L2_CID_COLORFX, want, "day_night_mode");
  p.applied("day_night_mode", night ? "night: colorfx black & white" : "day: colorfx none");
  schedule(true, "");
}

void plan_brightness(Planner& p, const ImageSettings& s) {
  const auto b = p.control(V4L2_CID_BRIGHTNESS);
  if (!b) return p.unsupported("target_brightness", "the camera offers no brightness control");
  const int32_t value = scaled(*b, s.target_brightness);
  p.write(V4L2_CID_BRIGHTNESS, value, "target_brightness");
  std::string detail = "brightness " + std::to_string(value) + range_text(*b);
  if (const auto e = p.control(V4L2_CID_EXPOSURE_AUTO)) {
    for (int32_t mode : {V4L2_EXPOSURE_APERTURE_PRIORITY, V4L2_EXPOSURE_AUTO})
      if (offers(*e, mode)) {
        p.write(V4L2_CID_EXPOSURE_AUTO, mode, "target_brightness");
        detail += mode == V4L2_EXPOSURE_AUTO ? ", automatic exposure" : ", automatic exposure (aperture priority)";
        break;
      }
  }
  p.applied("target_brightness", detail);
}

void plan_power_line(Planner& p, const ImageSettings& s) {
  const auto c = p.control(V4L2_CID_POWER_LINE_FREQUENCY);
  const int32_t want = s.power_line_hz == 60 ? V4L2_CID_POWER_LINE_FREQUENCY_60HZ : V4L2_CID_POWER_LINE_FREQUENCY_50HZ;
  if (!c || !offers(*c, want))
    return p.unsupported("power_line_frequency_hz",
                         "the camera offers no " + std::to_string(s.power_line_hz) + " Hz anti-flicker setting");
  p.write(V4L2_CID_POWER_LINE_FREQUENCY, want, "power_line_frequency_hz");
  p.applied("power_line_frequency_hz", "power_line_frequency " + std::to_string(s.power_line_hz) + " Hz");
}

void plan_wdr(Planner& p, const ImageSettings& s) {
  for (const auto& [id, name] : {std::pair{uint32_t{V4L2_CID_WIDE_DYNAMIC_RANGE}, "wide_dynamic_range"},
                                 std::pair{uint32_t{V4L2_CID_BACKLIGHT_COMPENSATION}, "backlight_compensation"}}) {
    if (const auto c = p.control(id)) {
      const int32_t value = s.wdr ? c->maximum : c->minimum;
      p.write(id, value, "wdr");
      return p.applied("wdr", std::string(name) + " " + std::to_string(value) + range_text(*c));
    }
  }
  p.unsupported("wdr", "the camera offers neither wide_dynamic_range nor backlight_compensation");
}

std::optional<V4l2Control> query_device(int fd, uint32_t id) {
  v4l2_queryctrl q{};
  q.id = id;
  if (::ioctl(fd, VIDIOC_QUERYCTRL, &q) != 0 || (q.flags & (V4L2_CTRL_FLAG_DISABLED | V4L2_CTRL_FLAG_READ_ONLY)))
    return std::nullopt;
  V4l2Control c{id, q.minimum, q.maximum, q.step, q.default_value, q.type == V4L2_CTRL_TYPE_MENU, {}};
  if (c.menu)
    for (int32_t i = q.minimum; i <= q.maximum; ++i) {
      v4l2_querymenu m{};
      m.id = id;
      m.index = static_cast<uint32_t>(i);
      if (::ioctl(fd, VIDIOC_QUERYMENU, &m) == 0) c.menu_items.push_back(i);
    }
  return c;
}

}  // namespace

V4l2Plan plan_v4l2_controls(const ImageSettings& settings, bool night, const QueryControl& query) {
  Planner p(query);
  plan_day_night(p, settings, night);
  if (settings.day_night == DayNightMode::kAuto)
    p.unsupported("sensitivity", "sets the auto day/night switching level; V4L2 has no standard control for it");
  else
    p.not_in_use("sensitivity", "day_night_mode is not auto");
  plan_brightness(p, settings);
  plan_power_line(p, settings);
  plan_wdr(p, settings);
  return p.take();
}

ImageStatus apply_v4l2_controls(const std::string& device, const ImageSettings& settings, bool night) {
  const int fd = ::open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return unsupported_image_settings(device + ": cannot open for controls: " + std::strerror(errno));
  V4l2Plan plan = plan_v4l2_controls(settings, night, [fd](uint32_t id) { return query_device(fd, id); });
  for (const V4l2Write& w : plan.writes) {
    v4l2_control c{w.id, w.value};
    if (::ioctl(fd, VIDIOC_S_CTRL, &c) == 0) continue;
    const std::string why = device + ": the driver refused the write: " + std::strerror(errno);
    for (SettingStatus& s : plan.status)
      if (s.setting == w.setting) s = {s.setting, SettingState::kUnsupported, why};
  }
  ::close(fd);
  return plan.status;
}

}  // namespace hc::sensor
