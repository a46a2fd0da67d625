// Reversed byte planes of a census row: O(W). The AVX2 path reverses and groups the bytes of 4
// codes with one vpshufb and transposes 4x4 dwords (unpack), 16 codes per step.
#include "stereo/census_planes.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace hc::stereo {
namespace {

void planes_scalar(const uint32_t* codes, int width, int r_begin, uint8_t* planes, int stride) {
  for (int p = 0; p < 4; ++p) {
    uint8_t* plane = planes + p * stride;
    for (int r = r_begin; r < width; ++r) plane[r] = static_cast<uint8_t>(codes[width - 1 - r] >> (8 * p));
  }
}

#if defined(__x86_64__)
#define HC_PLANES_AVX2 __attribute__((target("avx2")))
// 4 codes, their order reversed and byte p of each grouped into dword p.
HC_PLANES_AVX2 inline __m128i grouped(const uint32_t* codes) {
  const __m128i group = _mm_setr_epi8(12, 8, 4, 0, 13, 9, 5, 1, 14, 10, 6, 2, 15, 11, 7, 3);
  return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(codes)), group);
}

// Returns the entries done (a multiple of 16).
HC_PLANES_AVX2 int planes_avx2(const uint32_t* codes, int width, uint8_t* planes, int stride) {
  int r = 0;
  for (; r + 16 <= width; r += 16) {
    const uint32_t* src = codes + (width - 16 - r);  // src[i] is entry r + 15 - i
    // Entries r + 0..3, 4..7, 8..11, 12..15.
    const __m128i a0 = grouped(src + 12), a1 = grouped(src + 8), a2 = grouped(src + 4), a3 = grouped(src);
    const __m128i t0 = _mm_unpacklo_epi32(a0, a1), t1 = _mm_unpacklo_epi32(a2, a3);
    const __m128i t2 = _mm_unpackhi_epi32(a0, a1), t3 = _mm_unpackhi_epi32(a2, a3);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(planes + r), _mm_unpacklo_epi64(t0, t1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(planes + stride + r), _mm_unpackhi_epi64(t0, t1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(planes + 2 * stride + r), _mm_unpacklo_epi64(t2, t3));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(planes + 3 * stride + r), _mm_unpackhi_epi64(t2, t3));
  }
  return r;
}
#endif

}  // namespace

void reversed_byte_planes(const uint32_t* codes, int width, uint8_t* planes, int stride,
                          bool force_scalar) {
  int done = 0;
#if defined(__x86_64__)
  if (!force_scalar && __builtin_cpu_supports("avx2")) done = planes_avx2(codes, width, planes, stride);
#else
  (void)force_scalar;
#endif
  planes_scalar(codes, width, done, planes, stride);
  for (int p = 0; p < 4; ++p) {
    std::memset(planes + p * stride + width, static_cast<uint8_t>(codes[0] >> (8 * p)),
                static_cast<size_t>(stride - width));
  }
}

}  // namespace hc::stereo
