// Sub-pixel refinement of a disparity map by 1-D Lucas-Kanade on a small window: SGM's winner
// plus parabola or V fit "pixel-locks" (a flat floor at 10.67 px reads ~10.9 on average), which is
// about 7 cm of height at 3 m; matching intensities directly removes most of that bias.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace hc::stereo {

struct SubpixelRefineParameters {
  int window_px = 5;     // odd box window
  int iterations = 2;
  double max_step_px = 0.5;  // larger corrections are rejected (the pixel keeps its value)
  double max_window_range_px = 1.0;  // pixels whose window spans more disparities are left alone
  bool force_scalar = false;  // plain loops even where the CPU has AVX2 (same values; for tests)
};

// Buffers are reused between calls on one object.
class SubpixelRefiner {
 public:
  explicit SubpixelRefiner(const SubpixelRefineParameters& parameters = {});
  // left, right: CV_8UC1; disparity: CV_32F (stereo_matcher.h), refined in place.
  void refine(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity);

 private:
  SubpixelRefineParameters params_;
  cv::Mat products_, lo_, hi_;
  std::vector<float> table_;  // one right row's interpolation table
  std::vector<float> column_, sums_;  // one row of box sums and its scratch
};

}  // namespace hc::stereo
