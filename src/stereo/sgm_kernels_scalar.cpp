// Scalar census-SGM kernels: the reference every SIMD version is tested against, and the fallback
// on CPUs without AVX2. O(W * D) per row for cost, O(D) per aggregation step.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdlib>

#include "stereo/sgm_kernels.h"
#include "stereo/sgm_row_passes.h"
#include "stereo/stereo_matcher.h"

namespace hc::stereo {
namespace {

void cost_row(const uint32_t* cl, const uint8_t* planes, int stride, int width, int base,
              int slots, uint8_t* cost) {
  for (int x = 0; x < width; ++x) {
    const int r0 = width - 1 - x + base;
    for (int k = 0; k < slots; ++k) {
      const int r = r0 + k;
      const uint32_t cr = uint32_t{planes[r]} | uint32_t{planes[stride + r]} << 8 |
                          uint32_t{planes[2 * stride + r]} << 16 |
                          uint32_t{planes[3 * stride + r]} << 24;
      cost[x * slots + k] = static_cast<uint8_t>(std::popcount(cl[x] ^ cr));
    }
  }
}

uint8_t sat8(int v) { return static_cast<uint8_t>(std::min(v, 255)); }

void aggregate(const uint8_t* cost, const uint8_t* prev, uint8_t* cur, int slots, int p1, int p2) {
  int minprev = 255;
  for (int k = 0; k < slots; ++k) minprev = std::min<int>(minprev, prev[1 + k]);
  const int jump = sat8(minprev + p2);
  for (int k = 0; k < slots; ++k) {
    int m = std::min<int>(prev[1 + k], sat8(prev[k] + p1));
    m = std::min<int>(m, sat8(prev[k + 2] + p1));
    m = std::min(m, jump);
    cur[1 + k] = sat8(cost[k] + (m - minprev));
  }
}

// The step with a known minimum of prev; returns the minimum of cur. cur may be prev (the
// vertical paths update in place): slot k - 1's old value is carried, not re-read.
inline int agg(const uint8_t* cost, const uint8_t* prev, uint8_t* cur, int slots, int minprev,
               int p1, int p2) {
  const int jump = sat8(minprev + p2);
  int mincur = 255;
  int below = prev[0];
  for (int k = 0; k < slots; ++k) {
    const int same = prev[1 + k];
    int m = std::min<int>(same, sat8(below + p1));
    m = std::min<int>(m, sat8(prev[k + 2] + p1));
    m = std::min(m, jump);
    below = same;
    cur[1 + k] = sat8(cost[k] + (m - minprev));
    mincur = std::min<int>(mincur, cur[1 + k]);
  }
  return mincur;
}

void add_paths(const uint8_t* a, const uint8_t* b, uint8_t* out, int slots) {
  for (int k = 0; k < slots; ++k) out[k] = static_cast<uint8_t>(a[1 + k] + b[1 + k]);
}

uint16_t sum_pack(const uint8_t* s, const uint8_t* a, const uint8_t* b, uint16_t* packed,
                  int slots) {
  uint16_t best = 0xFFFF;
  for (int k = 0; k < slots; ++k) {
    const int total = s[k] + a[1 + k] + b[1 + k];
    packed[k] = static_cast<uint16_t>(total << 7 | k);
    best = std::min(best, packed[k]);
  }
  return best;
}

void min_into(uint16_t* dst, const uint16_t* src, int n) {
  for (int i = 0; i < n; ++i) dst[i] = std::min(dst[i], src[i]);
}

}  // namespace

void resolve_row_from(int x_begin, const uint16_t* best, const uint16_t* right_min,
                      const uint32_t* neighbours, int base, int width, int slots,
                      int num_disparities, int lr_max_diff, bool subpixel, float* out) {
  for (int x = x_begin; x < width; ++x) {
    const int kb = best[x] & 127;
    const int xr = x - base - kb;
    bool valid = xr >= 0 && kb < num_disparities;
    if (valid && lr_max_diff >= 0) valid = std::abs((right_min[width - 1 - xr] & 127) - kb) <= lr_max_diff;
    if (!valid) {
      out[x] = kInvalidDisparity;
      continue;
    }
    float disp = static_cast<float>(base + kb);
    if (subpixel && kb > 0 && kb < slots - 1) {
      const uint32_t nb = neighbours[x];
      const int c0 = static_cast<int>(nb & 0xFFFF) >> 7, c1 = best[x] >> 7;
      const int c2 = static_cast<int>(nb >> 16) >> 7;
      // Equiangular (V) fit: census costs are L1-like, and the parabola's pixel locking biased
      // flat floors by 0.3 px (Shimizu & Okutomi, "Sub-pixel estimation error cancellation").
      const int rise = std::max(c0, c2) - c1;
      if (rise > 0) disp += 0.5f * static_cast<float>(c0 - c2) / static_cast<float>(rise);
    }
    out[x] = disp;
  }
}

namespace {

void resolve_row(const uint16_t* best, const uint16_t* right_min, const uint32_t* neighbours,
                 int base, int width, int slots, int num_disparities, int lr_max_diff,
                 bool subpixel, float* out) {
  resolve_row_from(0, best, right_min, neighbours, base, width, slots, num_disparities, lr_max_diff,
                   subpixel, out);
}

HC_DEFINE_ROW_PASSES(, agg, add_paths, sum_pack, min_into, NoRegisterPath, NoRegisterPath)

constexpr SgmKernels kScalar{"scalar",  cost_row,  aggregate, add_paths,         sum_pack,
                             min_into,  pass1_row, pass2_row, resolve_row};
}  // namespace

const SgmKernels& scalar_sgm_kernels() { return kScalar; }

const SgmKernels& select_sgm_kernels(bool force_scalar, bool allow_avx512) {
  if (!force_scalar) {
    if (const SgmKernels* k = avx2_sgm_kernels(allow_avx512)) return *k;
  }
  return kScalar;
}

}  // namespace hc::stereo
