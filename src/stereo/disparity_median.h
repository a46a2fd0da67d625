// The matcher's 3x3 median of a disparity map, in 1/16 px fixed point (as OpenCV's own matchers):
// the same values as `convertTo(CV_16S, 16)`, `cv::medianBlur(3)`, `convertTo(CV_32F, 1 / 16.)`
// (border replicated), in one pass over the rows instead of three over the image.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace hc::stereo {

class DisparityMedian3 {
 public:
  // disparity: CV_32F, filtered in place. Invalid (-1) stays -1 where the median is invalid.
  void apply(cv::Mat& disparity);

 private:
  std::vector<int16_t> rows_;  // three fixed-point rows, each padded by one replicated pixel
};

}  // namespace hc::stereo
