// Sub-pixel refinement of a disparity map by 1-D Lucas-Kanade on a small window: SGM's winner
// plus parabola or V fit "pixel-locks" (a flat floor at 10.67 px read 10.9 on average), which is
// 9 cm of height at 3 m; matching intensities directly removes most of that bias.
#pragma once

#include <opencv2/core.hpp>

namespace hc::stereo {

struct SubpixelRefineParameters {
  int window_px = 5;     // odd box window
  int iterations = 2;
  double max_step_px = 1.0;  // larger corrections are rejected (the pixel keeps its value)
};

// Buffers are reused between calls on one object.
class SubpixelRefiner {
 public:
  explicit SubpixelRefiner(const SubpixelRefineParameters& parameters = {});
  // left, right: CV_8UC1; disparity: CV_32F (stereo_matcher.h), refined in place.
  void refine(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity);

 private:
  SubpixelRefineParameters params_;
  cv::Mat lf_, rf_, rgx_, map_x_, map_y_, warped_, warped_gx_, num_, den_, tmp_;
};

}  // namespace hc::stereo
