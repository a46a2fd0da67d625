// The pinhole model of the rectified left camera, valid for one stream of frames.
#pragma once

namespace hc::core {

struct CameraModel {
  int width = 640;            // pixels
  int height = 400;           // pixels
  double fx = 400.0;          // focal length, pixels
  double fy = 400.0;          // focal length, pixels
  double cx = 320.0;          // principal point, pixels
  double cy = 200.0;          // principal point, pixels
  double baseline_m = 0.08;   // stereo baseline, metres (0 for depth cameras)

  // Depth along the optical axis (metres) for a disparity in pixels; fx * B / d.
  double depth_from_disparity(double disparity_px) const { return fx * baseline_m / disparity_px; }
  double disparity_from_depth(double depth_m) const { return fx * baseline_m / depth_m; }
  friend bool operator==(const CameraModel&, const CameraModel&) = default;
};

}  // namespace hc::core
