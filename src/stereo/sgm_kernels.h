// The inner kernels of census-SGM, as a table of function pointers: a plain scalar set (the
// reference and the fallback) and an AVX2 set chosen at run time (__builtin_cpu_supports). A NEON
// port is one more table with the same five functions (16-byte vectors, vqtbl1q_u8 for popcount).
//
// Layouts (D = disparity slots, a multiple of 32):
//   cost row:       W * D bytes, cost[x * D + k] = Hamming distance for disparity base + k.
//   right planes:   the right census row reversed (r = W - 1 - xr) and split into 4 byte planes of
//                   `plane_stride` bytes; entries past W - 1 replicate the left image edge.
//   path buffer:    D + 2 bytes: [0] and [D + 1] are 255 pads, [1..D] the path costs L.
//   packed costs:   (total << 7) | k as uint16, so one unsigned min gives the cost and its slot.
#pragma once

#include <cstdint>

namespace hc::stereo {

struct SgmKernels {
  const char* name;
  // cost[x * D + k] = popcount(census_left[x] ^ census_right[x - base - k]) for all x in [0, W).
  void (*cost_row)(const uint32_t* census_left, const uint8_t* right_planes, int plane_stride,
                   int width, int base, int slots, uint8_t* cost);
  // One SGM step: cur[1 + k] = cost[k] + min(prev[k+1], prev[k]+p1, prev[k+2]+p1, minprev+p2)
  // - minprev, in saturating bytes. Pads of cur are not written.
  void (*aggregate)(const uint8_t* cost, const uint8_t* prev, uint8_t* cur, int slots, int p1,
                    int p2);
  // out[k] = a[1 + k] + b[1 + k] (two path buffers into a plain byte row).
  void (*add_paths)(const uint8_t* a, const uint8_t* b, uint8_t* out, int slots);
  // packed[k] = ((s[k] + a[1 + k] + b[1 + k]) << 7) | k; returns the minimum packed value.
  uint16_t (*sum_pack)(const uint8_t* s, const uint8_t* a, const uint8_t* b, uint16_t* packed,
                       int slots);
  // dst[k] = min(dst[k], src[k]) for k in [0, n).
  void (*min_into)(uint16_t* dst, const uint16_t* src, int n);
};

const SgmKernels& scalar_sgm_kernels();
// nullptr when the CPU (or the build) has no AVX2.
const SgmKernels* avx2_sgm_kernels();
// AVX2 when available and not forced off, else scalar.
const SgmKernels& select_sgm_kernels(bool force_scalar);

}  // namespace hc::stereo
