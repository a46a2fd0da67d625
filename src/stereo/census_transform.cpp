// CS-census 9x7: O(31 * pixels). The fast path pads the image once (replicate) and, for each of
// the 31 mirrored pairs, runs one branch-free loop over a row, which GCC vectorises.
#include "stereo/census_transform.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace hc::stereo {
namespace {
constexpr int kRx = kCensusRadiusX;
constexpr int kRy = 3;

struct Offset {
  int dx;
  int dy;
};

// The first half of the 9x7 window in raster order; each is compared with its mirror image.
constexpr std::array<Offset, kCensusBits> make_offsets() {
  std::array<Offset, kCensusBits> out{};
  int n = 0;
  for (int dy = -kRy; dy <= 0; ++dy) {
    for (int dx = -kRx; dx <= kRx; ++dx) {
      if (dy == 0 && dx >= 0) break;
      out[static_cast<size_t>(n++)] = {dx, dy};
    }
  }
  return out;
}
constexpr auto kOffsets = make_offsets();
static_assert(kOffsets[kCensusBits - 1].dx == -1 && kOffsets[kCensusBits - 1].dy == 0);

void check_input(const cv::Mat& image) {
  if (image.empty() || image.type() != CV_8UC1) {
    throw std::invalid_argument("census_transform: image must be a non-empty CV_8UC1");
  }
}

#if defined(__x86_64__)
#define HC_CENSUS_AVX2 __attribute__((target("avx2")))
// 32 pixels from x: each pair sets one bit in one of four byte planes (unsigned compare via the
// sign flip), then the planes interleave into 32-bit codes. The pair loop is unrolled so that the
// planes stay in registers (rolled, GCC kept them on the stack: a store-load chain per pair that
// took three quarters of the census time).
HC_CENSUS_AVX2 inline void census_block_avx2(const uint8_t* const* first, const uint8_t* const* mirror,
                                             int x, uint32_t* out) {
  const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
  __m256i plane[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                      _mm256_setzero_si256()};
#pragma GCC unroll 32
  for (int b = 0; b < kCensusBits; ++b) {
    const __m256i va = _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(first[b] + x)), flip);
    const __m256i vm = _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(mirror[b] + x)), flip);
    const __m256i bit = _mm256_set1_epi8(static_cast<char>(1 << (b & 7)));
    plane[b >> 3] = _mm256_or_si256(plane[b >> 3], _mm256_and_si256(_mm256_cmpgt_epi8(va, vm), bit));
  }
  // Byte planes p0..p3 -> 32-bit codes p0 | p1 << 8 | p2 << 16 | p3 << 24, per 128-bit lane.
  const __m256i lo01 = _mm256_unpacklo_epi8(plane[0], plane[1]);
  const __m256i hi01 = _mm256_unpackhi_epi8(plane[0], plane[1]);
  const __m256i lo23 = _mm256_unpacklo_epi8(plane[2], plane[3]);
  const __m256i hi23 = _mm256_unpackhi_epi8(plane[2], plane[3]);
  const __m256i c0 = _mm256_unpacklo_epi16(lo01, lo23);  // lane pixels 0-3 | 16-19
  const __m256i c1 = _mm256_unpackhi_epi16(lo01, lo23);  // 4-7 | 20-23
  const __m256i c2 = _mm256_unpacklo_epi16(hi01, hi23);  // 8-11 | 24-27
  const __m256i c3 = _mm256_unpackhi_epi16(hi01, hi23);  // 12-15 | 28-31
  auto* dst = reinterpret_cast<__m256i*>(out + x);
  _mm256_storeu_si256(dst + 0, _mm256_permute2x128_si256(c0, c1, 0x20));
  _mm256_storeu_si256(dst + 1, _mm256_permute2x128_si256(c2, c3, 0x20));
  _mm256_storeu_si256(dst + 2, _mm256_permute2x128_si256(c0, c1, 0x31));
  _mm256_storeu_si256(dst + 3, _mm256_permute2x128_si256(c2, c3, 0x31));
}

// Returns the pixels done: all of the row, or none when it is narrower than one block.
HC_CENSUS_AVX2 int census_row_avx2(const cv::Mat& padded, int y, int w, uint32_t* out) {
  if (w < 32) return 0;
  const uint8_t* first[kCensusBits];   // row starts of each pair's first pixel
  const uint8_t* mirror[kCensusBits];  // and of its mirror image
  for (int b = 0; b < kCensusBits; ++b) {
    const Offset o = kOffsets[static_cast<size_t>(b)];
    first[b] = padded.ptr<uint8_t>(y + kRy + o.dy) + kRx + o.dx;
    mirror[b] = padded.ptr<uint8_t>(y + kRy - o.dy) + kRx - o.dx;
  }
  for (int x = 0; x + 32 <= w; x += 32) census_block_avx2(first, mirror, x, out);
  if (w % 32 != 0) census_block_avx2(first, mirror, w - 32, out);  // the tail, overlapping
  return w;
}
#endif
}  // namespace

void census_transform(const cv::Mat& image, cv::Mat& census, cv::Mat& padded, bool force_scalar) {
  check_input(image);
  cv::copyMakeBorder(image, padded, kRy, kRy, kRx, kRx, cv::BORDER_REPLICATE);
  census.create(image.size(), CV_32SC1);
  const int w = image.cols;
#if defined(__x86_64__)
  const bool simd = !force_scalar && __builtin_cpu_supports("avx2");
#else
  const bool simd = false;
  (void)force_scalar;
#endif
  for (int y = 0; y < image.rows; ++y) {
    auto* out = census.ptr<uint32_t>(y);
    int x0 = 0;
#if defined(__x86_64__)
    if (simd) x0 = census_row_avx2(padded, y, w, out);
#endif
    if (x0 == w) continue;
    std::fill(out + x0, out + w, 0u);
    for (int b = 0; b < kCensusBits; ++b) {
      const Offset o = kOffsets[static_cast<size_t>(b)];
      const uint8_t* a = padded.ptr<uint8_t>(y + kRy + o.dy) + kRx + o.dx;
      const uint8_t* m = padded.ptr<uint8_t>(y + kRy - o.dy) + kRx - o.dx;
      const uint32_t bit = 1u << b;
      for (int x = x0; x < w; ++x) out[x] |= (a[x] > m[x]) ? bit : 0u;
    }
  }
}

void census_transform_reference(const cv::Mat& image, cv::Mat& census) {
  check_input(image);
  census.create(image.size(), CV_32SC1);
  auto at = [&](int x, int y) {
    return image.at<uint8_t>(std::clamp(y, 0, image.rows - 1), std::clamp(x, 0, image.cols - 1));
  };
  for (int y = 0; y < image.rows; ++y) {
    for (int x = 0; x < image.cols; ++x) {
      uint32_t code = 0;
      for (int b = 0; b < kCensusBits; ++b) {
        const Offset o = kOffsets[static_cast<size_t>(b)];
        if (at(x + o.dx, y + o.dy) > at(x - o.dx, y - o.dy)) code |= 1u << b;
      }
      census.at<uint32_t>(y, x) = code;
    }
  }
}

}  // namespace hc::stereo
