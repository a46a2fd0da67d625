// The image settings on a V4L2 camera (guide 5.5 -> the kernel's standard controls). The mapping
// is plain logic over what the camera offers (tested without a camera); applying it asks the
// device node with VIDIOC_QUERYCTRL / VIDIOC_QUERYMENU and writes with VIDIOC_S_CTRL.
//   target_brightness        -> V4L2_CID_BRIGHTNESS, 0..100 % of the control's range (step-rounded),
//                               with V4L2_CID_EXPOSURE_AUTO on an automatic mode when offered
//   power_line_frequency_hz  -> V4L2_CID_POWER_LINE_FREQUENCY (menu 50 Hz / 60 Hz)
//   wdr                      -> V4L2_CID_WIDE_DYNAMIC_RANGE, else V4L2_CID_BACKLIGHT_COMPENSATION
//                               (on: maximum, off: minimum)
//   day_night_mode day/night/schedule -> V4L2_CID_COLORFX (night: black & white, day: none)
//   day_night_mode auto, sensitivity  -> unsupported: V4L2 has no standard IR-cut or light-level
//                               control to switch on
#pragma once

#include "sensor/image_settings.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hc::sensor {

// What VIDIOC_QUERYCTRL (and VIDIOC_QUERYMENU for menus) says about one control.
struct V4l2Control {
  uint32_t id = 0;
  int32_t minimum = 0, maximum = 0, step = 1, default_value = 0;
  bool menu = false;
  std::vector<int32_t> menu_items;  // the indices the camera offers (menus only)
};

// The camera's control `id`, or nullopt when it does not offer it (or offers it disabled).
using QueryControl = std::function<std::optional<V4l2Control>(uint32_t id)>;

struct V4l2Write {
  uint32_t id = 0;
  int32_t value = 0;
  std::string setting;  // the image setting it carries
};

struct V4l2Plan {
  std::vector<V4l2Write> writes;
  ImageStatus status;  // one entry per image setting
};

// The control writes for the settings on a camera that offers what `query` says.
V4l2Plan plan_v4l2_controls(const ImageSettings& settings, bool night, const QueryControl& query);

// Plans against the device node (e.g. "/dev/video0") and writes; a write the driver refuses turns
// its setting unsupported with the errno text. A device that cannot be opened: all unsupported.
ImageStatus apply_v4l2_controls(const std::string& device, const ImageSettings& settings, bool night);

}  // namespace hc::sensor
