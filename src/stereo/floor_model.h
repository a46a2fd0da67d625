// Automatic floor calibration: the floor plane, installation height and tilt, estimated from depth
// accumulated over frames (people move, the floor does not), with a confidence and a refusal reason,
// and a warning when a later estimate moves (the sensor was bumped).
//
// Method: per sampled pixel, a short history of depths; its upper quartile (the far side, where the
// floor is when people pass) becomes one 3-D point. RANSAC over those points (3-point planes,
// scored by inliers minus points found below the plane) then a least-squares refit on the inliers.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/camera_model.h"
#include "core/floor_geometry.h"

namespace hc::stereo {

struct FloorModelParameters {
  int sample_step_px = 4;            // grid step of the sampled pixels
  int history_frames = 15;           // depths kept per sampled pixel
  int refine_pairs = 4;              // last stereo pairs the photometric refinement matches
  int min_frames = 1;                // frames before fit() may succeed
  int min_points = 400;              // fewer valid floor points: refused
  double min_inlier_fraction = 0.35; // of the valid points
  double inlier_threshold_m = 0.03;  // RANSAC distance tolerance, metres (depth sources)
  double disparity_tolerance_px = 0.6;  // stereo: tolerance in disparity, converted per point
  double fx_baseline = 1e9;          // fx * baseline (px m); set by fit() for stereo frames
  int ransac_iterations = 300;
  double min_texture = 4.0;          // mean |gradient| (grey levels) a stereo sample needs
  double min_brightness = 20.0;      // mean grey level below this: refused as low light
  double change_height_m = 0.05;     // a later fit further than this from the reference warns
  double change_tilt_deg = 1.0;
  uint32_t seed = 12345;             // RANSAC is deterministic for a given seed
};

struct FloorEstimate {
  bool ok = false;               // trustworthy; otherwise see refusal
  std::string refusal;           // why not ok ("too few textured floor points: 120 < 400", ...)
  core::FloorPlane plane;        // valid when ok
  double installation_height_m = 0.0;
  double tilt_deg = 0.0;
  double confidence = 0.0;       // 0..1
  double rms_m = 0.0;            // RMS distance of the inliers to the plane, metres
  int points = 0;                // valid points offered to the fit
  int inliers = 0;
  bool refined = false;          // the photometric refinement ran and converged
};

struct FloorChange {
  double height_delta_m = 0.0;
  double tilt_delta_deg = 0.0;
  std::string message;  // "installation height changed by 0.12 m; ..."
};

class FloorModel {
 public:
  FloorModel(const core::CameraModel& camera, const FloorModelParameters& parameters = {});

  // One stereo frame: disparity (CV_32F, see stereo_matcher.h) and the left image it came from,
  // used to skip textureless samples and to refuse low light.
  void add_disparity(const cv::Mat& disparity, const cv::Mat& left);
  // As add_disparity, and keeps the pair (the last refine_pairs of them): fit() then refines the
  // plane photometrically on them (Gauss-Newton on the plane-induced disparity d = a x + b y + c,
  // matching left and right directly), which removes the sub-pixel bias of the matcher from the
  // height and tilt; several pairs average the image noise.
  void add_stereo(const cv::Mat& disparity, const cv::Mat& left, const cv::Mat& right);
  // One depth frame: depth along the optical axis in metres (CV_32F, <= 0 or NaN = none).
  void add_depth(const cv::Mat& depth_m);
  void reset();
  int frames() const { return frames_; }

  // Fits the plane to what was accumulated. The first ok estimate becomes the reference.
  FloorEstimate fit();
  // Difference between a fit and the reference, when it exceeds the change thresholds.
  std::optional<FloorChange> change_against_reference(const FloorEstimate& estimate) const;
  const std::optional<FloorEstimate>& reference() const { return reference_; }
  void set_reference(const FloorEstimate& estimate) { reference_ = estimate; }

  // The plane fit alone, for tests and tools: points in the camera frame, metres.
  static FloorEstimate fit_points(const std::vector<core::Vec3>& points,
                                  const FloorModelParameters& parameters);

 private:
  void push_depth(int sample, float depth_m);
  bool refine_photometric(FloorEstimate& estimate) const;

  core::CameraModel camera_;
  FloorModelParameters params_;
  int cols_ = 0;
  int rows_ = 0;
  std::vector<float> history_;   // rows_ * cols_ * history_frames, ring buffers
  std::vector<uint8_t> count_;   // filled entries per sample
  std::vector<uint8_t> head_;    // next write position per sample
  int frames_ = 0;
  int stereo_frames_ = 0;
  double brightness_sum_ = 0.0;
  int brightness_frames_ = 0;
  std::optional<FloorEstimate> reference_;
  struct StereoPair {
    cv::Mat left, right, disparity;
  };
  std::deque<StereoPair> pairs_;  // the last refine_pairs stereo frames, oldest first
};

}  // namespace hc::stereo
