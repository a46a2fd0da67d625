// The frame source `headcount run` reads, chosen by the configuration's sensor section: the
// built-in simulated entrance, a recording, video files or live cameras (V4L2 through OpenCV), or a
// depth PNG sequence. Finite sources are replayed in a loop so an installer can leave a recording
// running like a camera.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "sensor/frame_source.h"

namespace hc::app {

// Throws std::runtime_error naming the sensor.* field (or the file) that is missing or unusable.
std::unique_ptr<sensor::FrameSource> open_sensor_source(const nlohmann::json& sensor);

// Wraps a finite source so it restarts at its end, with frame times and indices continuing
// monotonically across restarts (the tracker and the rules need time to go forward).
class LoopingSource : public sensor::FrameSource {
 public:
  explicit LoopingSource(nlohmann::json sensor);
  std::optional<sensor::Frame> next() override;
  core::CameraModel camera() const override { return inner_->camera(); }
  double fps() const override { return inner_->fps(); }
  std::string describe() const override { return inner_->describe() + " (looping)"; }

 private:
  nlohmann::json sensor_;
  std::unique_ptr<sensor::FrameSource> inner_;
  double time_offset_s_ = 0, last_t_s_ = 0, period_s_ = 0;
  int64_t index_offset_ = 0, last_index_ = -1;
};

}  // namespace hc::app
