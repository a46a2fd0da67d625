// 1-D Lucas-Kanade (Lucas & Kanade 1981) per pixel over a box window, vectorised as whole-image
// operations: warp the right image and its x-gradient by the current disparity (remap), form
// gx * residual and gx^2, box-filter both, step = -sum(gx r) / sum(gx^2). O(pixels) per iteration.
#include "stereo/subpixel_refine.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <stdexcept>

#include "stereo/stereo_matcher.h"

namespace hc::stereo {

SubpixelRefiner::SubpixelRefiner(const SubpixelRefineParameters& p) : params_(p) {
  if (p.window_px < 3 || p.window_px % 2 == 0) {
    throw std::invalid_argument("subpixel: window_px must be odd and >= 3");
  }
  if (p.iterations < 1) throw std::invalid_argument("subpixel: iterations must be >= 1");
}

void SubpixelRefiner::refine(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity) {
  if (left.type() != CV_8UC1 || right.type() != CV_8UC1 || disparity.type() != CV_32F ||
      left.size() != right.size() || left.size() != disparity.size()) {
    throw std::invalid_argument("subpixel: need CV_8UC1 left/right and CV_32F disparity of one size");
  }
  left.convertTo(lf_, CV_32F);
  right.convertTo(rf_, CV_32F);
  cv::Sobel(rf_, rgx_, CV_32F, 1, 0, 1, 0.5);  // central difference
  const int w = left.cols, h = left.rows;
  map_y_.create(h, w, CV_32F);
  map_x_.create(h, w, CV_32F);
  for (int y = 0; y < h; ++y) {
    float* my = map_y_.ptr<float>(y);
    for (int x = 0; x < w; ++x) my[x] = static_cast<float>(y);
  }
  const cv::Size box(params_.window_px, params_.window_px);
  for (int it = 0; it < params_.iterations; ++it) {
    for (int y = 0; y < h; ++y) {
      const float* d = disparity.ptr<float>(y);
      float* mx = map_x_.ptr<float>(y);
      for (int x = 0; x < w; ++x) mx[x] = is_valid_disparity(d[x]) ? x - d[x] : -10.0f;
    }
    cv::remap(rf_, warped_, map_x_, map_y_, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    cv::remap(rgx_, warped_gx_, map_x_, map_y_, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    cv::subtract(lf_, warped_, tmp_);           // residual r
    cv::multiply(warped_gx_, tmp_, num_);       // gx * r
    cv::multiply(warped_gx_, warped_gx_, den_); // gx^2
    cv::boxFilter(num_, num_, CV_32F, box, {-1, -1}, false);
    cv::boxFilter(den_, den_, CV_32F, box, {-1, -1}, false);
    const float max_step = static_cast<float>(params_.max_step_px);
    for (int y = 0; y < h; ++y) {
      float* d = disparity.ptr<float>(y);
      const float* n = num_.ptr<float>(y);
      const float* q = den_.ptr<float>(y);
      for (int x = 0; x < w; ++x) {
        if (!is_valid_disparity(d[x]) || !(q[x] > 1.0f)) continue;
        // R is sampled at x - d, so r(d + s) ~ r + gx s and s = -sum(gx r) / sum(gx^2).
        const float step = -n[x] / q[x];
        if (std::abs(step) <= max_step && d[x] + step >= 0.0f) d[x] += step;
      }
    }
  }
}

}  // namespace hc::stereo
