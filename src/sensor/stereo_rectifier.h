// Rectification of raw stereo pairs: cv::stereoRectify (or the R1 R2 P1 P2 of the calibration) and
// remap tables built once; each pair then costs two cv::remap calls. Already-rectified input
// passes through untouched, so pixel coordinates (and the lines drawn on them) are kept.
// Otherwise rectified pixel (u, v) shows the scene ray P1^-1 (u, v, 1) rotated back by R1^T, i.e.
// the raw pixel is found by cv::initUndistortRectifyMap (documented in docs/recording-format.md).
#pragma once

#include <opencv2/core.hpp>

#include "core/camera_model.h"
#include "sensor/stereo_calibration.h"

namespace hc::sensor {

class StereoRectifier {
 public:
  explicit StereoRectifier(const StereoCalibration& calibration);

  bool passthrough() const { return passthrough_; }
  const core::CameraModel& camera() const { return camera_; }
  cv::Size image_size() const { return size_; }
  // Rectifies one raw pair (CV_8UC1 each); returns the inputs themselves when passthrough().
  void rectify(const cv::Mat& left, const cv::Mat& right, cv::Mat& left_out, cv::Mat& right_out) const;

 private:
  bool passthrough_ = true;
  cv::Size size_;
  core::CameraModel camera_;
  cv::Mat map1l_, map2l_, map1r_, map2r_;
};

}  // namespace hc::sensor
