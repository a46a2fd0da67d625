#include "stereo/disparity_median.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hc::stereo {
namespace {

// Loops the compiler vectorises; eight or sixteen lanes where the CPU has AVX2 (the rest of the
// binary stays baseline x86-64).
#if defined(__x86_64__)
#define HC_MEDIAN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define HC_MEDIAN_CLONES
#endif

// saturate_cast<short>(v * 16) of OpenCV: round half to even, then clamp (clamping first to the
// integral bounds gives the same). Pads one replicated value at both ends.
HC_MEDIAN_CLONES void to_fixed_padded(const float* d, int width, int16_t* out) {
  for (int x = 0; x < width; ++x) {
    const float v = std::clamp(d[x] * 16.0f, -32768.0f, 32767.0f);
    out[x + 1] = static_cast<int16_t>(std::nearbyint(v));
  }
  out[0] = out[1];
  out[width + 1] = out[width];
}

inline void sort2(int16_t& a, int16_t& b) {
  const int16_t lo = std::min(a, b);
  b = std::max(a, b);
  a = lo;
}

// Median of each 3x3 neighbourhood (the 19-exchange network OpenCV uses), scaled back to pixels.
HC_MEDIAN_CLONES void median_row(const int16_t* up, const int16_t* mid, const int16_t* down,
                                 int width, float* out) {
  for (int x = 0; x < width; ++x) {
    int16_t p0 = up[x], p1 = up[x + 1], p2 = up[x + 2];
    int16_t p3 = mid[x], p4 = mid[x + 1], p5 = mid[x + 2];
    int16_t p6 = down[x], p7 = down[x + 1], p8 = down[x + 2];
    sort2(p1, p2); sort2(p4, p5); sort2(p7, p8); sort2(p0, p1);
    sort2(p3, p4); sort2(p6, p7); sort2(p1, p2); sort2(p4, p5);
    sort2(p7, p8); sort2(p0, p3); sort2(p5, p8); sort2(p4, p7);
    sort2(p3, p6); sort2(p1, p4); sort2(p2, p5); sort2(p4, p7);
    sort2(p4, p2); sort2(p6, p4); sort2(p4, p2);
    out[x] = static_cast<float>(p4) * (1.0f / 16.0f);
  }
}

}  // namespace

void DisparityMedian3::apply(cv::Mat& disparity) {
  if (disparity.type() != CV_32F) throw std::invalid_argument("median: disparity must be CV_32F");
  const int w = disparity.cols, h = disparity.rows;
  if (w == 0 || h == 0) return;
  const size_t stride = static_cast<size_t>(w) + 2;
  rows_.resize(3 * stride);
  int16_t* ring[3] = {rows_.data(), rows_.data() + stride, rows_.data() + 2 * stride};
  // ring[y % 3] holds row y; rows above and below the image repeat the edge rows.
  to_fixed_padded(disparity.ptr<float>(0), w, ring[0]);
  for (int y = 0; y < h; ++y) {
    if (y + 1 < h) to_fixed_padded(disparity.ptr<float>(y + 1), w, ring[(y + 1) % 3]);
    const int16_t* up = ring[std::max(y - 1, 0) % 3];
    const int16_t* down = ring[std::min(y + 1, h - 1) % 3];
    median_row(up, ring[y % 3], down, w, disparity.ptr<float>(y));
  }
}

}  // namespace hc::stereo
