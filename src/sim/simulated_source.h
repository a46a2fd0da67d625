// A live FrameSource rendering a scenario on the fly: frame k shows the scene at time
// (k mod N) / fps when looping (N frames per loop), stamped k / fps. Identical, pixel for pixel,
// to what `headcount simulate` writes for the same scenario and seed.
#pragma once

#include <memory>

#include "sensor/frame_source.h"
#include "sim/crowd.h"
#include "sim/renderer.h"
#include "sim/scenario.h"

namespace hc::sim {

class SimulatedSource : public sensor::FrameSource {
 public:
  SimulatedSource(const Scenario& scenario, uint64_t seed, bool loop = false);

  std::optional<sensor::Frame> next() override;
  // Skips without rendering: frame k depends on k alone, so the frames after are unchanged.
  int64_t skip(int64_t count) override;
  core::CameraModel camera() const override { return renderer_->camera(); }
  int64_t frame_count() const override { return loop_ ? -1 : frames_; }
  double fps() const override { return scenario_.fps; }
  std::string describe() const override { return "simulated entrance '" + scenario_.name + "'"; }
  // Target brightness -> sensor gain; night (day/night mode, schedule) -> the scene lit by the IR
  // flood only. Auto mode, sensitivity, power line frequency and WDR are unsupported (no ambient
  // light model, no mains flicker, one fixed sensor response); docs/simulator.md.
  sensor::ImageStatus apply_image_settings(const sensor::ImageSettings& settings, bool night) override;

  // Renders frame k (also its left-view depth in metres when `depth` is given).
  sensor::Frame render(int64_t k, cv::Mat* depth = nullptr);
  const std::vector<Agent>& agents() const { return agents_; }
  const Renderer& renderer() const { return *renderer_; }

 private:
  Scenario scenario_;
  bool loop_;
  int64_t frames_;
  int64_t next_ = 0;
  std::vector<Agent> agents_;
  std::unique_ptr<Renderer> renderer_;
};

}  // namespace hc::sim

namespace hc::sim {

// The source `make demo` runs on: the busy-hour scenario looping forever (seed 1). Throws
// std::runtime_error when the scenario file cannot be found in scenario_dir.
std::unique_ptr<SimulatedSource> make_demo_source(const std::string& scenario_dir, uint64_t seed = 1);

}  // namespace hc::sim
