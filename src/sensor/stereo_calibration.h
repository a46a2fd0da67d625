// A stereo calibration as cv::stereoCalibrate produces it, stored in OpenCV FileStorage (YAML):
// image_width, image_height, M1 D1 M2 D2 R T (T in metres), and optionally R1 R2 P1 P2 Q.
// Also the single-camera intrinsics of depth sequences (K or M1, D optional, image size).
#pragma once

#include <opencv2/core.hpp>

#include <string>

#include "core/camera_model.h"

namespace hc::sensor {

struct StereoCalibration {
  cv::Size image_size;          // pixels, of the raw images
  cv::Mat M1, D1, M2, D2;       // intrinsics and distortion (CV_64F)
  cv::Mat R, T;                 // rotation (3x3) and translation (3x1, metres) from left to right
  cv::Mat R1, R2, P1, P2, Q;    // rectification; empty when not given

  // Reads a calibration.yml; throws SourceError naming the file and the missing/bad field.
  static StereoCalibration load(const std::string& path);
  void save(const std::string& path) const;
  // The calibration of images that are already rectified with the given model: M1 == M2 == K,
  // zero distortion, R identity, T = (-baseline, 0, 0).
  static StereoCalibration from_rectified(const core::CameraModel& camera);

  // True when the images need no remapping: zero distortion, R identity, equal intrinsics and a
  // purely horizontal baseline. Such input passes through pixel for pixel.
  bool is_rectified() const;
  double baseline_m() const;
};

// Intrinsics of a depth camera: K (or M1), optional D, image_width, image_height.
struct DepthIntrinsics {
  cv::Size image_size;
  cv::Mat K, D;
  static DepthIntrinsics load(const std::string& path);
  void save(const std::string& path) const;
  core::CameraModel camera() const;  // baseline 0
};

}  // namespace hc::sensor
