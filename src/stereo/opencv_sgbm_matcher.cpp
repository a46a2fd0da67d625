// Wrapper around cv::StereoSGBM (Hirschmüller 2008, OpenCV's 3-way variant). Per-row ranges are
// not supported by OpenCV: their union is searched. Threads go through cv::setNumThreads.
#include "stereo/opencv_sgbm_matcher.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "stereo/census_sgm_matcher.h"

namespace hc::stereo {

OpencvSgbmMatcher::OpencvSgbmMatcher(const MatcherParameters& p) : params_(p) {
  if (p.num_disparities < 1) throw std::invalid_argument("opencv-sgbm: num_disparities must be >= 1");
  if (p.block_size < 1 || p.block_size % 2 == 0 || p.block_size > 11) {
    throw std::invalid_argument("opencv-sgbm: block_size must be odd, 1..11");
  }
  if (p.threads < 1) throw std::invalid_argument("opencv-sgbm: threads must be >= 1");
  const int b2 = p.block_size * p.block_size;
  sgbm_ = cv::StereoSGBM::create(p.min_disparity, (p.num_disparities + 15) / 16 * 16, p.block_size,
                                 // OpenCV checks sub-pixel values, so a tolerance of 0 would reject nearly everything.
                                 8 * b2, 32 * b2, p.lr_max_diff < 0 ? -1 : std::max(1, p.lr_max_diff), 63, 10,
                                 100, 32, cv::StereoSGBM::MODE_SGBM_3WAY);
}

void OpencvSgbmMatcher::compute(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity,
                                const std::vector<RowRange>& row_ranges) {
  if (left.empty() || left.type() != CV_8UC1 || right.type() != CV_8UC1 ||
      left.size() != right.size()) {
    throw std::invalid_argument("opencv-sgbm: left and right must be CV_8UC1 images of one size");
  }
  int lo = params_.min_disparity, hi = params_.min_disparity + params_.num_disparities;
  if (!row_ranges.empty()) {
    lo = row_ranges.front().min_px;
    hi = lo;
    for (const RowRange& r : row_ranges) {
      lo = std::min(lo, r.min_px);
      hi = std::max(hi, r.min_px + params_.num_disparities);
    }
  }
  sgbm_->setMinDisparity(lo);
  sgbm_->setNumDisparities((hi - lo + 15) / 16 * 16);
  cv::setNumThreads(params_.threads);
  sgbm_->compute(left, right, fixed_);
  disparity.create(left.size(), CV_32F);
  const int invalid = (lo - 1) * 16;
  for (int y = 0; y < fixed_.rows; ++y) {
    const auto* in = fixed_.ptr<int16_t>(y);
    float* out = disparity.ptr<float>(y);
    for (int x = 0; x < fixed_.cols; ++x) {
      out[x] = in[x] <= invalid || in[x] < 0 ? kInvalidDisparity : static_cast<float>(in[x]) / 16.0f;
    }
  }
  if (params_.fill_invalid) fill_invalid_rows(disparity);
}

}  // namespace hc::stereo
