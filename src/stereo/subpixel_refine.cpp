// 1-D Lucas-Kanade (Lucas & Kanade 1981) per pixel over a box window: sample the right image and
// its x-gradient at x - d (linear along the row), form gx * residual and gx^2, box-filter both,
// step = -sum(gx r) / sum(gx^2). O(pixels) per iteration.
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
  right.convertTo(rf_, CV_32F);
  cv::Sobel(rf_, rgx_, CV_32F, 1, 0, 1, 0.5);  // central difference
  const int w = left.cols, h = left.rows;
  // gx * residual and gx^2 interleaved: one two-channel box filter instead of two.
  products_.create(h, w, CV_32FC2);
  const cv::Size box(params_.window_px, params_.window_px);
  const float max_step = static_cast<float>(params_.max_step_px);
  // The window assumes one disparity: skip pixels whose window spans a depth edge (or a hole),
  // where the step would pull the edge's two sides together and create outliers.
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, box);
  cv::dilate(disparity, hi_, kernel);
  cv::erode(disparity, lo_, kernel);
  for (int it = 0; it < params_.iterations; ++it) {
    // The warp moves along rows only (rectified pair), so 1-D linear interpolation suffices.
    for (int y = 0; y < h; ++y) {
      const float* d = disparity.ptr<float>(y);
      const uint8_t* l = left.ptr<uint8_t>(y);
      const float* r = rf_.ptr<float>(y);
      const float* g = rgx_.ptr<float>(y);
      float* nq = products_.ptr<float>(y);
      for (int x = 0; x < w; ++x) {
        const float xr = static_cast<float>(x) - d[x];
        const int i = static_cast<int>(xr);
        if (!is_valid_disparity(d[x]) || xr < 0.0f || i + 1 >= w) {
          nq[2 * x] = nq[2 * x + 1] = 0.0f;
          continue;
        }
        const float t = xr - static_cast<float>(i);
        const float rv = r[i] + t * (r[i + 1] - r[i]);
        const float gv = g[i] + t * (g[i + 1] - g[i]);
        nq[2 * x] = gv * (static_cast<float>(l[x]) - rv);  // gx * residual
        nq[2 * x + 1] = gv * gv;
      }
    }
    cv::boxFilter(products_, sums_, CV_32F, box, {-1, -1}, false);
    for (int y = 0; y < h; ++y) {
      float* d = disparity.ptr<float>(y);
      const float* nq = sums_.ptr<float>(y);
      const float* lo = lo_.ptr<float>(y);
      const float* hi = hi_.ptr<float>(y);
      for (int x = 0; x < w; ++x) {
        const float n = nq[2 * x], q = nq[2 * x + 1];
        if (!is_valid_disparity(d[x]) || !(q > 1.0f)) continue;
        if (!(lo[x] >= 0.0f) || hi[x] - lo[x] > static_cast<float>(params_.max_window_range_px)) {
          continue;
        }
        // R is sampled at x - d, so r(d + s) ~ r + gx s and s = -sum(gx r) / sum(gx^2).
        const float step = -n / q;
        if (std::abs(step) <= max_step && d[x] + step >= 0.0f) d[x] += step;
      }
    }
  }
}

}  // namespace hc::stereo
