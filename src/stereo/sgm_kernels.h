// The inner kernels of census-SGM, as a table of function pointers: a plain scalar set (the
// reference and the fallback) and an AVX2 set chosen at run time (__builtin_cpu_supports). A NEON
// port is one more table with the same functions (16-byte vectors, vqtbl1q_u8 for popcount).
//
// Layouts (D = disparity slots, a multiple of 16):
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

  // Fused pass-1 row (the hot loop; no per-pixel indirect calls): for x = 0..W-1, the top-down
  // step on column buffers (col_prev -> col_cur, stride D + 2, col_min[x] = min of the column's
  // previous values on entry, of its new values on exit), the left-to-right step on `scratch`
  // (2 * (D + 2) bytes), and, when s1 is not null, s1[x * D + k] = their sum. col_cur may be
  // col_prev (the vertical paths updated in place).
  void (*pass1_row)(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,
                    uint8_t* col_min, uint8_t* scratch, uint8_t* s1, int width, int slots, int p1,
                    int p2);
  // Fused pass-2 row (col_cur may be col_prev, as in pass 1): for x = W-1..0 the bottom-up and
  // right-to-left steps; when s1 is not null,
  // packed[x * D .. x * D + D) = sum_pack(...) of pixel x, best[x] = its minimum,
  // neighbours[x] = packed[x * D + kb - 1] | packed[x * D + kb + 1] << 16 with kb = best[x] & 127
  // (the sub-pixel fit's two neighbours; not clamped, so packed[-1] and packed[W * D] must be
  // readable: the caller's buffer has one entry before and after the row), and
  // right_min[r] for r in [base, W + base + D - 1) = the minimum of packed[k] over the pixels x with
  // W - 1 - x + base + k = r (the right image's winners; 0xFFFF where none). Entries below base
  // are not written.
  void (*pass2_row)(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,
                    uint8_t* col_min, uint8_t* scratch, const uint8_t* s1, uint16_t* packed,
                    uint16_t* best, uint32_t* neighbours, uint16_t* right_min, int base, int width,
                    int slots, int p1, int p2);
  // The row's disparities from pass 2's outputs: for each x the winner kb = best[x] & 127, invalid
  // (kInvalidDisparity) when x - base - kb < 0, kb >= num_disparities, or (lr_max_diff >= 0) the
  // right image's winner right_min[W - 1 - (x - base - kb)] & 127 differs by more than
  // lr_max_diff; else base + kb, plus with subpixel and 0 < kb < D - 1 the V fit
  // 0.5 (c0 - c2) / (max(c0, c2) - c1) of the totals c = packed >> 7 around the winner (when the
  // denominator is positive): c1 from best[x], c0 and c2 from neighbours[x] as pass2_row writes it.
  void (*resolve_row)(const uint16_t* best, const uint16_t* right_min, const uint32_t* neighbours,
                      int base, int width, int slots, int num_disparities, int lr_max_diff,
                      bool subpixel, float* out);
};

const SgmKernels& scalar_sgm_kernels();
// The scalar set's resolve_row for the pixels from x_begin on (the SIMD sets' tail).
void resolve_row_from(int x_begin, const uint16_t* best, const uint16_t* right_min,
                      const uint32_t* neighbours, int base, int width, int slots,
                      int num_disparities, int lr_max_diff, bool subpixel, float* out);
// nullptr when the CPU (or the build) has no AVX2. Where the CPU also has AVX-512 VL + BITALG
// and allow_avx512, the set "avx2+bitalg": the same kernels with the byte popcount instruction
// in the cost row (still 256-bit registers).
const SgmKernels* avx2_sgm_kernels(bool allow_avx512 = true);
// AVX2 when available and not forced off, else scalar.
const SgmKernels& select_sgm_kernels(bool force_scalar, bool allow_avx512 = true);

}  // namespace hc::stereo
