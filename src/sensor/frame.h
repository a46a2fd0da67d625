// One timestamped frame from a source: a rectified stereo pair or a depth image, with the camera
// model valid for it. This is the contract between sources (sensor, sim) and the stereo stage.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>

#include "core/camera_model.h"

namespace hc::sensor {

struct Frame {
  int64_t index = 0;          // 0-based position in the stream
  double t_seconds = 0.0;     // stream time, seconds (a recording's timestamps.csv, monotonic)
  cv::Mat left;               // CV_8UC1, rectified left image (empty for depth frames)
  cv::Mat right;              // CV_8UC1, rectified right image (empty for depth frames)
  cv::Mat depth_mm;           // CV_16UC1, depth along the optical axis in millimetres, 0 = none
  core::CameraModel camera;   // rectified left camera (for depth frames: the depth camera)

  bool is_stereo() const { return !left.empty() && !right.empty(); }
  bool is_depth() const { return !depth_mm.empty(); }
};

}  // namespace hc::sensor
