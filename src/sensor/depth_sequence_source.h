// Depth frames from a sequence of 16-bit PNGs in millimetres (a printf pattern, a wildcard or a
// folder of .png files) plus an intrinsics YAML (K, image size), at a given frame rate.
#pragma once

#include <string>
#include <vector>

#include "sensor/frame_source.h"
#include "sensor/stereo_calibration.h"

namespace hc::sensor {

class DepthSequenceSource : public FrameSource {
 public:
  DepthSequenceSource(const std::string& pattern, const std::string& intrinsics, double fps);

  std::optional<Frame> next() override;
  core::CameraModel camera() const override { return intrinsics_.camera(); }
  int64_t frame_count() const override { return static_cast<int64_t>(files_.size()); }
  double fps() const override { return fps_; }
  std::string describe() const override { return "depth sequence " + pattern_; }

 private:
  std::string pattern_;
  DepthIntrinsics intrinsics_;
  double fps_;
  std::vector<std::string> files_;
  int64_t next_ = 0;
};

}  // namespace hc::sensor
