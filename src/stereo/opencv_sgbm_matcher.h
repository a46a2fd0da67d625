// The reference baseline: OpenCV StereoSGBM in MODE_SGBM_3WAY, with the settings of OpenCV's own
// stereo_match sample (P1 = 8 b^2, P2 = 32 b^2, pre-filter cap 63, uniqueness 10, speckle window
// 100 / range 32), converted to the common CV_32F output.
#pragma once

#include <opencv2/calib3d.hpp>

#include "stereo/stereo_matcher.h"

namespace hc::stereo {

class OpencvSgbmMatcher final : public StereoMatcher {
 public:
  explicit OpencvSgbmMatcher(const MatcherParameters& parameters);
  std::string name() const override { return "opencv-sgbm"; }
  const MatcherParameters& parameters() const override { return params_; }
  void compute(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity,
               const std::vector<RowRange>& row_ranges = {}) override;

 private:
  MatcherParameters params_;
  cv::Ptr<cv::StereoSGBM> sgbm_;
  cv::Mat fixed_;
};

}  // namespace hc::stereo
