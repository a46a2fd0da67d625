// Live simulated source; O(render) per frame.
#include "sim/simulated_source.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hc::sim {

SimulatedSource::SimulatedSource(const Scenario& scenario, uint64_t seed, bool loop)
    : scenario_(scenario), loop_(loop), frames_(scenario.frame_count()),
      agents_(build_agents(scenario, seed)), renderer_(std::make_unique<Renderer>(scenario, seed)) {}

sensor::Frame SimulatedSource::render(int64_t k, cv::Mat* depth) {
  sensor::Frame f;
  f.index = k;
  f.t_seconds = static_cast<double>(k) / scenario_.fps;
  f.camera = renderer_->camera();
  const int64_t scene_k = frames_ > 0 ? k % frames_ : k;
  // The noise follows the scene frame too, so a loop repeats exactly.
  renderer_->render(agents_, static_cast<double>(scene_k) / scenario_.fps, scene_k, f.left, f.right, depth);
  return f;
}

namespace {

// At night the daylight through the entrance is gone; the ceiling camera's IR flood lights the scene
// alone (what an IR people counter sees at night: darker, the same monochrome image).
constexpr double kNightIllumination = 0.55;

// 0 % -> x0.25, 50 % -> x1, 100 % -> x4: two stops either way, as a camera's exposure target.
double brightness_gain(int target_brightness) { return std::exp2((target_brightness - 50) / 25.0); }

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

sensor::ImageStatus SimulatedSource::apply_image_settings(const sensor::ImageSettings& s, bool night) {
  using sensor::SettingState;
  Exposure e;
  e.gain = brightness_gain(s.target_brightness);
  e.illumination = night ? kNightIllumination : 1.0;
  renderer_->set_exposure(e);
  const bool automatic = s.day_night == sensor::DayNightMode::kAuto;
  const std::string no_light_model = "the simulator has no ambient light model";
  sensor::ImageStatus out;
  if (automatic)
    out.push_back({"day_night_mode", SettingState::kUnsupported, "auto: " + no_light_model + "; renders day"});
  else
    out.push_back({"day_night_mode", SettingState::kApplied,
                   night ? "night: IR flood only, illumination x" + fixed(kNightIllumination) : "day: full illumination"});
  out.push_back(automatic ? sensor::SettingStatus{"sensitivity", SettingState::kUnsupported,
                                                  "sets the auto switching level; " + no_light_model}
                          : sensor::SettingStatus{"sensitivity", SettingState::kNotInUse, "day_night_mode is not auto"});
  out.push_back(s.day_night == sensor::DayNightMode::kSchedule
                    ? sensor::SettingStatus{"night_schedule", SettingState::kApplied, "night at the schedule's local times"}
                    : sensor::SettingStatus{"night_schedule", SettingState::kNotInUse, "day_night_mode is not schedule"});
  out.push_back({"target_brightness", SettingState::kApplied, "sensor gain x" + fixed(e.gain)});
  out.push_back({"power_line_frequency_hz", SettingState::kUnsupported, "no mains-lit flicker is simulated"});
  out.push_back({"wdr", SettingState::kUnsupported, "the simulated sensor has one fixed response curve"});
  return out;
}

std::optional<sensor::Frame> SimulatedSource::next() {
  if (!loop_ && next_ >= frames_) return std::nullopt;
  return render(next_++);
}

int64_t SimulatedSource::skip(int64_t count) {
  const int64_t skipped = std::max<int64_t>(0, loop_ ? count : std::min(count, frames_ - next_));
  next_ += skipped;
  return skipped;
}

}  // namespace hc::sim

namespace hc::sim {

std::unique_ptr<SimulatedSource> make_demo_source(const std::string& scenario_dir, uint64_t seed) {
  return std::make_unique<SimulatedSource>(Scenario::load("busy-hour", scenario_dir), seed, true);
}

}  // namespace hc::sim
