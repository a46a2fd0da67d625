// 1-D Lucas-Kanade (Lucas & Kanade 1981) per pixel over a box window: sample the right image and
// its x-gradient at x - d (linear along the row), form gx * residual and gx^2, box-sum both,
// step = -sum(gx r) / sum(gx^2). O(pixels) per iteration.
#include "stereo/subpixel_refine.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <stdexcept>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "stereo/box_sum.h"
#include "stereo/stereo_matcher.h"

namespace hc::stereo {
namespace {

// Per pixel i of a right row: R, R(i+1) - R(i), its x-gradient G (central difference, 0 at both
// ends as OpenCV's Sobel with ksize 1 and scale 0.5 gives) and G(i+1) - G(i): the warp's linear
// interpolation then reads one 16-byte entry per pixel instead of four scattered floats. The
// values are small integers and halves, exact in float, so they equal the image-based ones.
float central_difference(const uint8_t* right, int width, int i) {
  return (i == 0 || i == width - 1)
             ? 0.0f
             : 0.5f * (static_cast<float>(right[i + 1]) - static_cast<float>(right[i - 1]));
}

// Entries [i_begin, i_end) of the table (width - 1 entries in all). width >= 2.
void interpolation_table_row(int i_begin, int i_end, const uint8_t* right, int width,
                             float* table) {
  for (int i = i_begin; i < i_end; ++i) {
    const float r = static_cast<float>(right[i]);
    const float g = central_difference(right, width, i);
    table[4 * i] = r;
    table[4 * i + 1] = static_cast<float>(right[i + 1]) - r;
    table[4 * i + 2] = g;
    table[4 * i + 3] = central_difference(right, width, i + 1) - g;
  }
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) inline __m256 eight_bytes_as_floats(const uint8_t* p) {
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}

// A 4x4 transpose of floats within each 128-bit lane, in place: v_k's lane holds element k of
// the four inputs' lanes afterwards.
__attribute__((target("avx2"))) inline void transpose_4x4_in_lanes(__m256& v0, __m256& v1,
                                                                   __m256& v2, __m256& v3) {
  const __m256d a = _mm256_castps_pd(_mm256_unpacklo_ps(v0, v1));
  const __m256d b = _mm256_castps_pd(_mm256_unpackhi_ps(v0, v1));
  const __m256d c = _mm256_castps_pd(_mm256_unpacklo_ps(v2, v3));
  const __m256d e = _mm256_castps_pd(_mm256_unpackhi_ps(v2, v3));
  v0 = _mm256_castpd_ps(_mm256_unpacklo_pd(a, c));
  v1 = _mm256_castpd_ps(_mm256_unpackhi_pd(a, c));
  v2 = _mm256_castpd_ps(_mm256_unpacklo_pd(b, e));
  v3 = _mm256_castpd_ps(_mm256_unpackhi_pd(b, e));
}

// Entries [1, n) of the same table, 8 at a time, where every read stays inside the row (entry 0
// and the last ones, whose gradients are 0 by the border rule, stay with the plain loop).
// Returns n.
__attribute__((target("avx2"))) int interpolation_table_row_avx2(const uint8_t* right, int width,
                                                                 float* table) {
  const __m256 half = _mm256_set1_ps(0.5f);
  int i = 1;
  for (; i + 10 <= width; i += 8) {  // reads right[i - 1 .. i + 9], i + 8 <= width - 2
    const __m256 before = eight_bytes_as_floats(right + i - 1), r = eight_bytes_as_floats(right + i);
    const __m256 next = eight_bytes_as_floats(right + i + 1), after = eight_bytes_as_floats(right + i + 2);
    const __m256 g = _mm256_mul_ps(half, _mm256_sub_ps(next, before));
    const __m256 g_next = _mm256_mul_ps(half, _mm256_sub_ps(after, r));
    // Columns r, dr, g, dg -> entries (0 4), (1 5), (2 6), (3 7) in the two lanes.
    __m256 e0 = r, e1 = _mm256_sub_ps(next, r), e2 = g, e3 = _mm256_sub_ps(g_next, g);
    transpose_4x4_in_lanes(e0, e1, e2, e3);
    float* out = table + 4 * i;
    _mm256_storeu_ps(out, _mm256_permute2f128_ps(e0, e1, 0x20));  // entries 0, 1
    _mm256_storeu_ps(out + 8, _mm256_permute2f128_ps(e2, e3, 0x20));  // 2, 3
    _mm256_storeu_ps(out + 16, _mm256_permute2f128_ps(e0, e1, 0x31));  // 4, 5
    _mm256_storeu_ps(out + 24, _mm256_permute2f128_ps(e2, e3, 0x31));  // 6, 7
  }
  return i;
}
#endif

// gx * residual and gx^2 of pixels [x_begin, width) of a row, interleaved; 0 where the warp
// leaves the image or d is invalid. width >= 2; table from interpolation_table_row.
void products_row(int x_begin, const float* d, const uint8_t* l, const float* table, int width,
                  float* nq) {
  for (int x = x_begin; x < width; ++x) {
    const float xr = static_cast<float>(x) - d[x];
    const int i = static_cast<int>(xr);
    const bool inside = is_valid_disparity(d[x]) & (xr >= 0.0f) & (i + 1 < width);
    const int at = inside ? i : 0;
    const float t = xr - static_cast<float>(at);
    const float* e = table + 4 * at;
    const float rv = e[0] + t * e[1];
    const float gv = e[2] + t * e[3];
    nq[2 * x] = inside ? gv * (static_cast<float>(l[x]) - rv) : 0.0f;  // gx * residual
    nq[2 * x + 1] = inside ? gv * gv : 0.0f;
  }
}

#if defined(__x86_64__)
// The same, 8 pixels at a time: eight 16-byte table loads transposed into the four columns (the
// scalar loop's operations in the same order, no FMA: identical values). Returns the pixels done.
__attribute__((target("avx2"))) int products_row_avx2(const float* d, const uint8_t* l,
                                                      const float* table, int width, float* nq) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256 zero = _mm256_setzero_ps();
  alignas(32) int32_t idx[8];
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    const __m256 dv = _mm256_loadu_ps(d + x);
    const __m256 xr = _mm256_sub_ps(_mm256_cvtepi32_ps(_mm256_add_epi32(_mm256_set1_epi32(x), lanes)), dv);
    const __m256i i = _mm256_cvttps_epi32(xr);
    const __m256 inside = _mm256_and_ps(
        _mm256_and_ps(_mm256_cmp_ps(dv, zero, _CMP_GE_OQ), _mm256_cmp_ps(xr, zero, _CMP_GE_OQ)),
        _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(width), _mm256_add_epi32(i, _mm256_set1_epi32(1)))));
    const __m256i at = _mm256_and_si256(i, _mm256_castps_si256(inside));
    const __m256 t = _mm256_sub_ps(xr, _mm256_cvtepi32_ps(at));
    _mm256_store_si256(reinterpret_cast<__m256i*>(idx), at);
    const auto entry = [&](int k) { return _mm_loadu_ps(table + 4 * idx[k]); };
    // Rows = pixels 0..3 in the low lanes, 4..7 in the high lanes; transpose to columns.
    __m256 r0 = _mm256_set_m128(entry(4), entry(0)), dr = _mm256_set_m128(entry(5), entry(1));
    __m256 g0 = _mm256_set_m128(entry(6), entry(2)), dg = _mm256_set_m128(entry(7), entry(3));
    transpose_4x4_in_lanes(r0, dr, g0, dg);
    const __m256 rv = _mm256_add_ps(r0, _mm256_mul_ps(t, dr));
    const __m256 gv = _mm256_add_ps(g0, _mm256_mul_ps(t, dg));
    const __m256 lv = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(l + x))));
    const __m256 a = _mm256_and_ps(_mm256_mul_ps(gv, _mm256_sub_ps(lv, rv)), inside);
    const __m256 b = _mm256_and_ps(_mm256_mul_ps(gv, gv), inside);
    const __m256 lo = _mm256_unpacklo_ps(a, b), hi = _mm256_unpackhi_ps(a, b);  // pixels 0 1 4 5, 2 3 6 7
    _mm256_storeu_ps(nq + 2 * x, _mm256_permute2f128_ps(lo, hi, 0x20));
    _mm256_storeu_ps(nq + 2 * x + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
  }
  return x;
}
#endif

// One Gauss-Newton step per pixel of a row where the window is trusted; branch-free so that it
// vectorises.
void step_row(const float* nq, const float* lo, const float* hi, int width,
                                 float max_step, float max_range, float* d) {
  for (int x = 0; x < width; ++x) {
    const float n = nq[2 * x], q = nq[2 * x + 1];
    const bool trusted = is_valid_disparity(d[x]) & (q > 1.0f) & (lo[x] >= 0.0f) &
                         !(hi[x] - lo[x] > max_range);
    // R is sampled at x - d, so r(d + s) ~ r + gx s and s = -sum(gx r) / sum(gx^2).
    const float step = -n / (trusted ? q : 1.0f);
    const bool take = trusted & (std::abs(step) <= max_step) & (d[x] + step >= 0.0f);
    d[x] = take ? d[x] + step : d[x];
  }
}

}  // namespace

SubpixelRefiner::SubpixelRefiner(const SubpixelRefineParameters& p) : params_(p) {
  if (p.window_px < 3 || p.window_px % 2 == 0 || p.window_px > 2 * kMaxBoxRadius + 1) {
    throw std::invalid_argument("subpixel: window_px must be odd, 3..15");
  }
  if (p.iterations < 1) throw std::invalid_argument("subpixel: iterations must be >= 1");
}

void SubpixelRefiner::refine(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity) {
  if (left.type() != CV_8UC1 || right.type() != CV_8UC1 || disparity.type() != CV_32F ||
      left.size() != right.size() || left.size() != disparity.size()) {
    throw std::invalid_argument("subpixel: need CV_8UC1 left/right and CV_32F disparity of one size");
  }
  const int w = left.cols, h = left.rows;
  // gx * residual and gx^2 interleaved: one two-channel box sum instead of two.
  products_.create(h, w, CV_32FC2);
  const cv::Size box(params_.window_px, params_.window_px);
  const float max_step = static_cast<float>(params_.max_step_px);
  // The window assumes one disparity: skip pixels whose window spans a depth edge (or a hole),
  // where the step would pull the edge's two sides together and create outliers.
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, box);
  cv::dilate(disparity, hi_, kernel);
  cv::erode(disparity, lo_, kernel);
  if (w < 2) return;  // no pixel has a neighbour to interpolate with
#if defined(__x86_64__)
  const bool avx2 = !params_.force_scalar && __builtin_cpu_supports("avx2");
#endif
  table_.resize(static_cast<size_t>(4 * (w - 1)));
  for (int it = 0; it < params_.iterations; ++it) {
    // The warp moves along rows only (rectified pair), so 1-D linear interpolation suffices.
    for (int y = 0; y < h; ++y) {
      const float* d = disparity.ptr<float>(y);
      const uint8_t* l = left.ptr<uint8_t>(y);
      const uint8_t* r = right.ptr<uint8_t>(y);
      float* nq = products_.ptr<float>(y);
      int done = 0;
      int table_done = 1;
      interpolation_table_row(0, 1, r, w, table_.data());
#if defined(__x86_64__)
      if (avx2) table_done = interpolation_table_row_avx2(r, w, table_.data());
#endif
      interpolation_table_row(table_done, w - 1, r, w, table_.data());
#if defined(__x86_64__)
      if (avx2) done = products_row_avx2(d, l, table_.data(), w, nq);
#endif
      products_row(done, d, l, table_.data(), w, nq);
    }
    sums_.resize(static_cast<size_t>(2 * w));
    for (int y = 0; y < h; ++y) {
      box_sum_row(products_, y, params_.window_px / 2, column_, sums_.data());
      step_row(sums_.data(), lo_.ptr<float>(y), hi_.ptr<float>(y), w, max_step,
               static_cast<float>(params_.max_window_range_px), disparity.ptr<float>(y));
    }
  }
}

}  // namespace hc::stereo
