// The image settings -> V4L2 controls mapping, without a camera: a fake VIDIOC_QUERYCTRL answers
// what an imagined camera offers; the plan's writes and per-setting status are checked exactly.
#include "sensor/v4l2_controls.h"

#include <linux/videodev2.h>

#include <gtest/gtest.h>

#include <map>

namespace hc::sensor {
namespace {

// A UVC-like camera: brightness -64..64 step 1, power line 0..2, backlight compensation 0..2,
// exposure auto {1 manual, 3 aperture priority}, colorfx {0 none, 1 bw}.
std::map<uint32_t, V4l2Control> uvc_camera() {
  return {{V4L2_CID_BRIGHTNESS, {V4L2_CID_BRIGHTNESS, -64, 64, 1, 0, false, {}}},
          {V4L2_CID_POWER_LINE_FREQUENCY, {V4L2_CID_POWER_LINE_FREQUENCY, 0, 2, 1, 1, true, {0, 1, 2}}},
          {V4L2_CID_BACKLIGHT_COMPENSATION, {V4L2_CID_BACKLIGHT_COMPENSATION, 0, 2, 1, 1, false, {}}},
          {V4L2_CID_EXPOSURE_AUTO, {V4L2_CID_EXPOSURE_AUTO, 0, 3, 1, 3, true, {1, 3}}},
          {V4L2_CID_COLORFX, {V4L2_CID_COLORFX, 0, 15, 1, 0, true, {0, 1}}}};
}

QueryControl query(const std::map<uint32_t, V4l2Control>& camera) {
  return [camera](uint32_t id) -> std::optional<V4l2Control> {
    auto it = camera.find(id);
    if (it == camera.end()) return std::nullopt;
    return it->second;
  };
}

const SettingStatus& status_of(const V4l2Plan& plan, const std::string& name) {
  for (const auto& s : plan.status)
    if (s.setting == name) return s;
  static const SettingStatus kMissing{"missing", SettingState::kUnsupported, "missing"};
  return kMissing;
}

std::map<uint32_t, int32_t> writes(const V4l2Plan& plan) {
  std::map<uint32_t, int32_t> out;
  for (const auto& w : plan.writes) out[w.id] = w.value;
  return out;
}

TEST(V4l2Controls, EverySettingOnACameraThatOffersTheControls) {
  ImageSettings s;
  s.day_night = DayNightMode::kSchedule;
  s.target_brightness = 75;
  s.power_line_hz = 60;
  s.wdr = true;
  const V4l2Plan night = plan_v4l2_controls(s, true, query(uvc_camera()));
  EXPECT_EQ(writes(night), (std::map<uint32_t, int32_t>{{V4L2_CID_COLORFX, V4L2_COLORFX_BW},
                                                        {V4L2_CID_BRIGHTNESS, 32},
                                                        {V4L2_CID_EXPOSURE_AUTO, V4L2_EXPOSURE_APERTURE_PRIORITY},
                                                        {V4L2_CID_POWER_LINE_FREQUENCY, 2},
                                                        {V4L2_CID_BACKLIGHT_COMPENSATION, 2}}));
  EXPECT_EQ(night.status.size(), image_setting_names().size());
  for (const char* applied : {"day_night_mode", "night_schedule", "target_brightness", "power_line_frequency_hz", "wdr"})
    EXPECT_EQ(status_of(night, applied).state, SettingState::kApplied) << applied << ": " << status_of(night, applied).detail;
  EXPECT_EQ(status_of(night, "sensitivity").state, SettingState::kNotInUse);
  EXPECT_EQ(status_of(night, "target_brightness").detail,
            "brightness 32 (range -64..64), automatic exposure (aperture priority)");
  EXPECT_EQ(status_of(night, "wdr").detail, "backlight_compensation 2 (range 0..2)");

  s.wdr = false;
  s.power_line_hz = 50;
  s.target_brightness = 0;
  const V4l2Plan day = plan_v4l2_controls(s, false, query(uvc_camera()));
  EXPECT_EQ(writes(day).at(V4L2_CID_COLORFX), V4L2_COLORFX_NONE);
  EXPECT_EQ(writes(day).at(V4L2_CID_BRIGHTNESS), -64);
  EXPECT_EQ(writes(day).at(V4L2_CID_POWER_LINE_FREQUENCY), V4L2_CID_POWER_LINE_FREQUENCY_50HZ);
  EXPECT_EQ(writes(day).at(V4L2_CID_BACKLIGHT_COMPENSATION), 0);
}

TEST(V4l2Controls, BrightnessIsRoundedToTheStepAndWdrPrefersItsOwnControl) {
  auto camera = uvc_camera();
  camera[V4L2_CID_BRIGHTNESS] = {V4L2_CID_BRIGHTNESS, 0, 255, 5, 128, false, {}};
  camera[V4L2_CID_WIDE_DYNAMIC_RANGE] = {V4L2_CID_WIDE_DYNAMIC_RANGE, 0, 1, 1, 0, false, {}};
  camera.erase(V4L2_CID_EXPOSURE_AUTO);
  ImageSettings s;
  s.day_night = DayNightMode::kDay;
  s.target_brightness = 33;  // 84.15 -> 85 (step 5)
  s.wdr = true;
  const V4l2Plan plan = plan_v4l2_controls(s, false, query(camera));
  EXPECT_EQ(writes(plan).at(V4L2_CID_BRIGHTNESS), 85);
  EXPECT_EQ(writes(plan).count(V4L2_CID_EXPOSURE_AUTO), 0u);
  EXPECT_EQ(writes(plan).at(V4L2_CID_WIDE_DYNAMIC_RANGE), 1);
  EXPECT_EQ(writes(plan).count(V4L2_CID_BACKLIGHT_COMPENSATION), 0u);
  EXPECT_EQ(status_of(plan, "target_brightness").detail, "brightness 85 (range 0..255)");
  EXPECT_EQ(status_of(plan, "night_schedule").state, SettingState::kNotInUse);
}

TEST(V4l2Controls, WhatTheCameraLacksIsUnsupportedAndNotWritten) {
  ImageSettings s;  // auto day/night
  const V4l2Plan bare = plan_v4l2_controls(s, false, query({}));
  EXPECT_TRUE(bare.writes.empty());
  for (const auto& st : bare.status)
    EXPECT_EQ(st.state, st.setting == "night_schedule" ? SettingState::kNotInUse : SettingState::kUnsupported)
        << st.setting;
  EXPECT_NE(status_of(bare, "day_night_mode").detail.find("auto"), std::string::npos);
  EXPECT_NE(status_of(bare, "target_brightness").detail.find("no brightness control"), std::string::npos);

  // A power line menu without the 60 Hz item, a colour effect menu without black & white.
  auto camera = uvc_camera();
  camera[V4L2_CID_POWER_LINE_FREQUENCY].menu_items = {0, 1};
  camera[V4L2_CID_COLORFX].menu_items = {0};
  s.day_night = DayNightMode::kSchedule;
  s.power_line_hz = 60;
  const V4l2Plan partial = plan_v4l2_controls(s, true, query(camera));
  EXPECT_EQ(writes(partial).count(V4L2_CID_POWER_LINE_FREQUENCY), 0u);
  EXPECT_EQ(writes(partial).count(V4L2_CID_COLORFX), 0u);
  EXPECT_EQ(status_of(partial, "power_line_frequency_hz").state, SettingState::kUnsupported);
  EXPECT_EQ(status_of(partial, "day_night_mode").state, SettingState::kUnsupported);
  EXPECT_EQ(status_of(partial, "night_schedule").state, SettingState::kUnsupported);
  EXPECT_EQ(status_of(partial, "target_brightness").state, SettingState::kApplied);
}

TEST(V4l2Controls, NightBySchedule) {
  ImageSettings s;
  s.day_night = DayNightMode::kSchedule;  // 18:00 -> 06:00 across midnight
  EXPECT_TRUE(night_mode(s, 18 * 60));
  EXPECT_TRUE(night_mode(s, 23 * 60 + 59));
  EXPECT_TRUE(night_mode(s, 5 * 60 + 59));
  EXPECT_FALSE(night_mode(s, 6 * 60));
  EXPECT_FALSE(night_mode(s, 12 * 60));
  s.night_start_min = 1 * 60;
  s.night_end_min = 5 * 60;  // within one day
  EXPECT_TRUE(night_mode(s, 3 * 60));
  EXPECT_FALSE(night_mode(s, 6 * 60));
  s.night_end_min = s.night_start_min;
  EXPECT_FALSE(night_mode(s, 1 * 60));
  s.day_night = DayNightMode::kNight;
  EXPECT_TRUE(night_mode(s, 12 * 60));
  s.day_night = DayNightMode::kAuto;
  EXPECT_FALSE(night_mode(s, 0));
}

TEST(V4l2Controls, ADeviceThatCannotBeOpenedIsUnsupportedNamingIt) {
  const ImageStatus st = apply_v4l2_controls("/dev/video-hc-missing", ImageSettings{}, false);
  ASSERT_EQ(st.size(), image_setting_names().size());
  for (const auto& s : st) {
    EXPECT_EQ(s.state, SettingState::kUnsupported);
    EXPECT_NE(s.detail.find("/dev/video-hc-missing"), std::string::npos) << s.detail;
  }
}

}  // namespace
}  // namespace hc::sensor
