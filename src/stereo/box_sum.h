// Box sums of a small odd window over a float image with interleaved channels, one output row at
// a time, edges reflected like OpenCV's default border (BORDER_REFLECT_101).
// Why not cv::boxFilter: for CV_32F OpenCV 4.6 accumulates in double with scalar conversions,
// which was ~13 % of the whole pipeline benchmark; this sums in float, 2 x window additions per
// value, in loops the compiler vectorises. Values differ from OpenCV's by float rounding only.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace hc::stereo {

inline constexpr int kMaxBoxRadius = 7;

// Row y of the (2 radius + 1)^2 box sum of src (CV_32FC1..4, continuous rows not required) into
// out (src.cols * channels floats), radius 0..kMaxBoxRadius. column: scratch, reused between calls.
void box_sum_row(const cv::Mat& src, int y, int radius, std::vector<float>& column, float* out);

}  // namespace hc::stereo
