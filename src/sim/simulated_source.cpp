// Live simulated source; O(render) per frame.
#include "sim/simulated_source.h"

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

std::optional<sensor::Frame> SimulatedSource::next() {
  if (!loop_ && next_ >= frames_) return std::nullopt;
  return render(next_++);
}

}  // namespace hc::sim

namespace hc::sim {

std::unique_ptr<SimulatedSource> make_demo_source(const std::string& scenario_dir, uint64_t seed) {
  return std::make_unique<SimulatedSource>(Scenario::load("busy-hour", scenario_dir), seed, true);
}

}  // namespace hc::sim
