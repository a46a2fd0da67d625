// AVX2 census-SGM kernels: 32 disparity slots per register (bytes), popcount by nibble lookup
// (vpshufb), SGM step with saturating byte arithmetic, horizontal minimum via phminposuw.
// Compiled with a target attribute only, so the rest of the program stays baseline x86-64.
#include "stereo/sgm_kernels.h"
#include "stereo/sgm_row_passes.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HC_AVX2 __attribute__((target("avx2")))

namespace hc::stereo {
namespace {

HC_AVX2 inline __m256i popcount_bytes(__m256i v) {
  const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,  //
                                       0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i nib = _mm256_set1_epi8(0x0f);
  const __m256i lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(v, nib));
  const __m256i hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib));
  return _mm256_add_epi8(lo, hi);
}

HC_AVX2 inline __m128i popcount_bytes128(__m128i v) {
  const __m128i lut = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m128i nib = _mm_set1_epi8(0x0f);
  const __m128i lo = _mm_shuffle_epi8(lut, _mm_and_si128(v, nib));
  const __m128i hi = _mm_shuffle_epi8(lut, _mm_and_si128(_mm_srli_epi16(v, 4), nib));
  return _mm_add_epi8(lo, hi);
}

HC_AVX2 inline __m128i ld16(const uint8_t* q) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
}

HC_AVX2 inline void st16(uint8_t* q, __m128i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(q), v);
}

// The byte minimum of 32 bytes as 8 zero-extended words for phminposuw: min(m, m >> 8) per word
// has the pair's minimum in its low byte and min(high byte, 0) = 0 in its high byte, so no mask
// is needed before the word minimum.
HC_AVX2 inline __m128i byte_min_words(__m256i v) {
  const __m128i m = _mm_min_epu8(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  return _mm_min_epu8(m, _mm_srli_epi16(m, 8));
}

HC_AVX2 inline uint8_t hmin_u8(__m256i v) {
  return static_cast<uint8_t>(_mm_cvtsi128_si32(_mm_minpos_epu16(byte_min_words(v))));
}

HC_AVX2 inline uint16_t hmin_u16(__m256i v) {
  const __m128i m = _mm_min_epu16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  return static_cast<uint16_t>(_mm_cvtsi128_si32(_mm_minpos_epu16(m)) & 0xffff);
}

HC_AVX2 inline __m256i ld(const uint8_t* q) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
}

HC_AVX2 inline __m256i wide(const uint8_t* q) {
  return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q)));
}

// The cost row, once per popcount: the nibble lookup (any AVX2 CPU) or AVX-512 VL/BITALG's
// byte popcount on the same 256-bit registers (one instruction instead of five: ~7 % of the frame).
// Instantiated per fixed slot count (S > 0; S = 0 reads `slots`), so the per-pixel loop over the
// slots has a compile-time trip count and unrolls; the 16-slot tail is then known at compile time.
#define HC_DEFINE_COST_ROW(NAME, ATTR, POP, POP128)                                                \
  template <int S>                                                                                 \
  ATTR void NAME##_t(const uint32_t* cl, const uint8_t* planes, int stride, int width, int base,   \
                     int slots_in, uint8_t* cost) {                                                \
    const int slots = S > 0 ? S : slots_in;                                                        \
    for (int x = 0; x < width; ++x) {                                                              \
      const int r0 = width - 1 - x + base;                                                         \
      /* The code's four bytes, each in every byte: one dword broadcast and four in-lane byte  \
         shuffles instead of a shift, move and byte broadcast per byte. */                        \
      const __m256i code = _mm256_set1_epi32(static_cast<int>(cl[x]));                             \
      const __m256i c0 = _mm256_shuffle_epi8(code, _mm256_set1_epi8(0));                           \
      const __m256i c1 = _mm256_shuffle_epi8(code, _mm256_set1_epi8(1));                           \
      const __m256i c2 = _mm256_shuffle_epi8(code, _mm256_set1_epi8(2));                           \
      const __m256i c3 = _mm256_shuffle_epi8(code, _mm256_set1_epi8(3));                           \
      uint8_t* out = cost + x * slots;                                                             \
      int k = 0;                                                                                   \
      for (; k + 32 <= slots; k += 32) {                                                           \
        const uint8_t* p = planes + r0 + k;                                                        \
        __m256i acc = POP(_mm256_xor_si256(ld(p), c0));                                            \
        acc = _mm256_add_epi8(acc, POP(_mm256_xor_si256(ld(p + stride), c1)));                     \
        acc = _mm256_add_epi8(acc, POP(_mm256_xor_si256(ld(p + 2 * stride), c2)));                 \
        acc = _mm256_add_epi8(acc, POP(_mm256_xor_si256(ld(p + 3 * stride), c3)));                 \
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), acc);                             \
      }                                                                                            \
      if (k < slots) { /* a 16-slot tail */                                                        \
        const uint8_t* p = planes + r0 + k;                                                        \
        __m128i acc = POP128(_mm_xor_si128(ld16(p), _mm256_castsi256_si128(c0)));                  \
        acc = _mm_add_epi8(acc, POP128(_mm_xor_si128(ld16(p + stride), _mm256_castsi256_si128(c1)))); \
        acc = _mm_add_epi8(acc, POP128(_mm_xor_si128(ld16(p + 2 * stride), _mm256_castsi256_si128(c2)))); \
        acc = _mm_add_epi8(acc, POP128(_mm_xor_si128(ld16(p + 3 * stride), _mm256_castsi256_si128(c3)))); \
        st16(out + k, acc);                                                                        \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
  ATTR void NAME(const uint32_t* cl, const uint8_t* planes, int stride, int width, int base,       \
                 int slots, uint8_t* cost) {                                                       \
    switch (slots) {                                                                               \
      HC_SLOT_CASES(NAME##_t, cl, planes, stride, width, base, slots, cost)                        \
    }                                                                                              \
  }

HC_DEFINE_COST_ROW(cost_row, HC_AVX2, popcount_bytes, popcount_bytes128)

#define HC_BITALG __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512bitalg")))
HC_BITALG inline __m256i popcount_bitalg(__m256i v) { return _mm256_popcnt_epi8(v); }
HC_BITALG inline __m128i popcount_bitalg128(__m128i v) { return _mm_popcnt_epi8(v); }
HC_DEFINE_COST_ROW(cost_row_bitalg, HC_BITALG, popcount_bitalg, popcount_bitalg128)

// One SGM step with fewer instructions than the plain formula, same bytes:
// * min(L(k-1) + P1, L(k+1) + P1) = min(L(k-1), L(k+1)) + P1, since a saturating add is monotone
//   (one add instead of two);
// * every candidate is >= minprev, so min(m, minprev + P2) - minprev = min(m - minprev, P2), also
//   when minprev + P2 saturates (m - minprev <= 255 - minprev): the jump is the constant P2,
//   not a per-pixel saturating add.
HC_AVX2 inline __m256i step32(__m256i same, __m256i below, __m256i above, __m256i cost,
                              __m256i vminprev, __m256i vp1, __m256i vp2) {
  const __m256i m = _mm256_min_epu8(same, _mm256_adds_epu8(_mm256_min_epu8(below, above), vp1));
  return _mm256_adds_epu8(cost, _mm256_min_epu8(_mm256_sub_epi8(m, vminprev), vp2));
}

HC_AVX2 inline int agg(const uint8_t* cost, const uint8_t* prev, uint8_t* cur, int slots,
                       int minprev, int p1, int p2) {
  const __m256i vminprev = _mm256_set1_epi8(static_cast<char>(minprev));
  const __m256i vp1 = _mm256_set1_epi8(static_cast<char>(p1));
  const __m256i vp2 = _mm256_set1_epi8(static_cast<char>(p2));
  // cur may be prev (in place): a chunk's store overwrites the first byte the next chunk reads at
  // prev + k, so that load (`below`) is made before the store.
  __m256i below = slots >= 32 ? ld(prev) : _mm256_castsi128_si256(ld16(prev));
  __m256i vmin = _mm256_setzero_si256();  // replaced by the first chunk
  int k = 0;
  for (; k + 32 <= slots; k += 32) {
    const __m256i out = step32(ld(prev + 1 + k), below, ld(prev + 2 + k), ld(cost + k), vminprev, vp1, vp2);
    if (k + 64 <= slots) below = ld(prev + k + 32);
    else if (k + 32 < slots) below = _mm256_castsi128_si256(ld16(prev + k + 32));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(cur + 1 + k), out);
    // The first chunk starts the minimum (no min with an all-ones start value).
    vmin = k == 0 ? out : _mm256_min_epu8(vmin, out);
  }
  if (k < slots) {  // a 16-slot tail, same arithmetic on 128 bits (upper lanes: copies)
    const __m256i tail = _mm256_castsi128_si256(ld16(prev + 1 + k));
    const __m256i out = step32(tail, below, _mm256_castsi128_si256(ld16(prev + 2 + k)),
                               _mm256_castsi128_si256(ld16(cost + k)), vminprev, vp1, vp2);
    const __m128i lo = _mm256_castsi256_si128(out);
    st16(cur + 1 + k, lo);
    const __m256i both = _mm256_set_m128i(lo, lo);
    vmin = k == 0 ? both : _mm256_min_epu8(vmin, both);
  }
  return hmin_u8(vmin);
}

HC_AVX2 void aggregate(const uint8_t* cost, const uint8_t* prev, uint8_t* cur, int slots, int p1,
                       int p2) {
  int minprev = 255;
  for (int k = 0; k < slots; ++k) minprev = prev[1 + k] < minprev ? prev[1 + k] : minprev;
  agg(cost, prev, cur, slots, minprev, p1, p2);
}

HC_AVX2 inline void add_paths(const uint8_t* a, const uint8_t* b, uint8_t* out, int slots) {
  int k = 0;
  for (; k + 32 <= slots; k += 32) {
    const __m256i va = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + 1 + k));
    const __m256i vb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 1 + k));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), _mm256_add_epi8(va, vb));
  }
  if (k < slots) st16(out + k, _mm_add_epi8(ld16(a + 1 + k), ld16(b + 1 + k)));
}

// The slot numbers k..k+15 as words: the low 7 bits of the packed (cost << 7) | slot.
HC_AVX2 inline __m256i slot_indices(int k) {
  return _mm256_add_epi16(_mm256_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                          _mm256_set1_epi16(static_cast<short>(k)));
}

// Slots k..k+15 of sum_pack: packed = ((s + ab) << 7) | slot, stored and returned.
// Each path cost is <= 127 (p2 <= 96, costs <= 31), so the two pass-2 paths add in bytes (ab).
HC_AVX2 inline __m256i pack16(const uint8_t* s, __m128i ab, int k, uint16_t* packed) {
  const __m256i idx = slot_indices(k);
  __m256i t = _mm256_add_epi16(wide(s + k), _mm256_cvtepu8_epi16(ab));
  t = _mm256_or_si256(_mm256_slli_epi16(t, 7), idx);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(packed + k), t);
  return t;
}

// Slots k..k+31 as pack16 twice, from the 32 bytes of ab: the byte sums widen as the pairs
// (s, ab) that one vpmaddubsw by 1 adds into words (exact: at most 2 * 255), the pairs made by
// vpunpck{l,h}bw after a vpermq that puts slots k..k+7 and k+8..k+15 in the low qwords of the two
// lanes (four shuffles instead of the four vpmovzxbw and the vextracti128 of ab's upper half).
HC_AVX2 inline void pack32(const uint8_t* s, __m256i ab, int k, uint16_t* packed, __m256i* t) {
  const __m256i ones = _mm256_set1_epi8(1);
  const __m256i sp = _mm256_permute4x64_epi64(ld(s + k), 0xD8);
  const __m256i ap = _mm256_permute4x64_epi64(ab, 0xD8);
  const __m256i lo = _mm256_maddubs_epi16(_mm256_unpacklo_epi8(sp, ap), ones);
  const __m256i hi = _mm256_maddubs_epi16(_mm256_unpackhi_epi8(sp, ap), ones);
  const __m256i idx = slot_indices(k);
  t[0] = _mm256_or_si256(_mm256_slli_epi16(lo, 7), idx);
  t[1] = _mm256_or_si256(_mm256_slli_epi16(hi, 7), _mm256_add_epi16(idx, _mm256_set1_epi16(16)));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(packed + k), t[0]);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(packed + k + 16), t[1]);
}

HC_AVX2 inline uint16_t sum_pack(const uint8_t* s, const uint8_t* a, const uint8_t* b, uint16_t* packed,
                          int slots) {
  __m256i best = _mm256_set1_epi16(-1);
  for (int k = 0; k < slots; k += 16) {
    best = _mm256_min_epu16(best, pack16(s, _mm_add_epi8(ld16(a + 1 + k), ld16(b + 1 + k)), k, packed));
  }
  return hmin_u16(best);
}

HC_AVX2 inline void min_into(uint16_t* dst, const uint16_t* src, int n) {
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i d = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(dst + i));
    const __m256i s = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), _mm256_min_epu16(d, s));
  }
  for (; i < n; ++i) dst[i] = dst[i] < src[i] ? dst[i] : src[i];
}

// The horizontal path of S (fixed) slots in N = S / 32 (rounded up) registers. The left-to-right
// recurrence is serial, and with the path in memory each step loads its neighbours at +-1 byte
// from the previous step's store: a partial overlap that store-to-load forwarding cannot serve,
// so every pixel waited for the store to commit. Here the +-1 neighbours come from lane shifts
// (vperm2i128 + vpalignr) and the minimum stays a broadcast vector. The sums of the passes read
// the registers directly (add_to, pack_sums): the path is never stored.
template <int S>
struct RegisterPath {
  static constexpr bool kEnabled = S > 0;
  static constexpr int kRegs = S > 0 ? (S + 31) / 32 : 1;
  static constexpr bool kHalfTail = S % 32 == 16;  // the last register's upper half stays 255
  __m256i h[kRegs];
  __m256i vmin;  // minimum of h in every byte

  HC_AVX2 RegisterPath(uint8_t*, int) {
    for (__m256i& r : h) r = _mm256_setzero_si256();
    if (kHalfTail) h[kRegs - 1] = upper_ff();
    vmin = _mm256_setzero_si256();
  }
  HC_AVX2 static __m256i upper_ff() {
    return _mm256_set_m128i(_mm_set1_epi8(static_cast<char>(0xff)), _mm_setzero_si128());
  }
  HC_AVX2 void step(const uint8_t* cost, int p1, int p2) {
    const __m256i ff = _mm256_set1_epi8(static_cast<char>(0xff));
    const __m256i vp1 = _mm256_set1_epi8(static_cast<char>(p1));
    const __m256i vp2 = _mm256_set1_epi8(static_cast<char>(p2));
    __m256i next[kRegs];
    for (int i = 0; i < kRegs; ++i) {
      const __m256i below = i == 0 ? ff : h[i - 1], above = i == kRegs - 1 ? ff : h[i + 1];
      // slot k - 1 and slot k + 1 for every lane, across the 128-bit halves and registers.
      const __m256i up = _mm256_alignr_epi8(h[i], _mm256_permute2x128_si256(below, h[i], 0x21), 15);
      const __m256i down = _mm256_alignr_epi8(_mm256_permute2x128_si256(h[i], above, 0x21), h[i], 1);
      const bool half = kHalfTail && i == kRegs - 1;
      const __m256i c = half ? _mm256_set_m128i(_mm_setzero_si128(), ld16(cost + 32 * i)) : ld(cost + 32 * i);
      next[i] = step32(h[i], up, down, c, vmin, vp1, vp2);
      if (half) next[i] = _mm256_or_si256(next[i], upper_ff());
    }
    // The minimum as a tree over the registers (no all-ones start value).
    __m256i lowest = next[0];
    for (int i = 1; i < kRegs; ++i) lowest = _mm256_min_epu8(lowest, next[i]);
    for (int i = 0; i < kRegs; ++i) h[i] = next[i];
    vmin = broadcast_min(lowest);
  }
  // The low (half 0) or high 16 slots of register i.
  HC_AVX2 __m128i half_of(int i, int half) const {
    return half == 0 ? _mm256_castsi256_si128(h[i]) : _mm256_extracti128_si256(h[i], 1);
  }
  // s1[k] = vertical[1 + k] + h[k], as add_paths.
  HC_AVX2 void add_to(const uint8_t* vertical, uint8_t* s1) const {
    for (int i = 0; i < kRegs; ++i) {
      if (kHalfTail && i == kRegs - 1) st16(s1 + 32 * i, _mm_add_epi8(ld16(vertical + 1 + 32 * i), half_of(i, 0)));
      else _mm256_storeu_si256(reinterpret_cast<__m256i*>(s1 + 32 * i), _mm256_add_epi8(ld(vertical + 1 + 32 * i), h[i]));
    }
  }
  // As sum_pack(s, vertical, path buffer, packed, S), then the packed sums into `right` (a
  // RegisterRightMin<S>) from the registers: reloading them right after their stores (store-to-
  // load forwarding) held up every pixel (tenth round).
  template <class RightMin>
  HC_AVX2 uint16_t pack_sums(const uint8_t* s, const uint8_t* vertical, uint16_t* packed,
                             RightMin& right, int) const {
    __m256i best = _mm256_set1_epi16(-1);
    __m256i t[S > 0 ? S / 16 : 1];
    if constexpr (kHalfTail) {
      for (int k = 0; k < S; k += 16) {
        t[k / 16] = pack16(s, _mm_add_epi8(ld16(vertical + 1 + k), half_of(k / 32, (k / 16) % 2)), k, packed);
        best = _mm256_min_epu16(best, t[k / 16]);
      }
    } else {
      for (int i = 0; i < kRegs; ++i) {
        pack32(s, _mm256_add_epi8(ld(vertical + 1 + 32 * i), h[i]), 32 * i, packed, t + 2 * i);
        const __m256i lower = _mm256_min_epu16(t[2 * i], t[2 * i + 1]);
        best = i == 0 ? lower : _mm256_min_epu16(best, lower);  // no min with the all-ones start
      }
    }
    right.add_values(t);
    return hmin_u16(best);
  }
  HC_AVX2 static __m256i broadcast_min(__m256i v) {
    return _mm256_broadcastb_epi8(_mm_minpos_epu16(byte_min_words(v)));
  }
};

// The right image's minima for S (fixed) slots: window slot j holds right_min[r0 + j] where r0 is
// the current pixel's diagonal start; each pixel lowers the window by its packed sums, emits slot 0
// (no later pixel reaches it) and shifts one slot down (vperm2i128 + vpalignr).
template <int S>
struct RegisterRightMin {
  static constexpr bool kEnabled = S > 0;
  static constexpr int kRegs = S > 0 ? S / 16 : 1;
  __m256i w[kRegs];
  uint16_t* out;

  HC_AVX2 RegisterRightMin(uint16_t* right_min, int base, int, int) : out(right_min + base) {
    for (__m256i& r : w) r = _mm256_set1_epi16(-1);
  }
  // packed[i]: the pixel's packed sums of slots 16 i .. 16 i + 15.
  HC_AVX2 void add_values(const __m256i* packed) {
    for (int i = 0; i < kRegs; ++i) w[i] = _mm256_min_epu16(w[i], packed[i]);
    *out++ = static_cast<uint16_t>(_mm256_extract_epi16(w[0], 0));
    for (int i = 0; i < kRegs; ++i) {
      const __m256i above = i == kRegs - 1 ? _mm256_set1_epi16(-1) : w[i + 1];
      w[i] = _mm256_alignr_epi8(_mm256_permute2x128_si256(w[i], above, 0x21), w[i], 2);
    }
  }
  HC_AVX2 void finish() {
    for (int i = 0; i < kRegs; ++i) _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 16 * i), w[i]);
  }
};

HC_DEFINE_ROW_PASSES(HC_AVX2, agg, add_paths, sum_pack, min_into, RegisterPath, RegisterRightMin)

// resolve_row 8 pixels at a time: the right winner by a masked gather (4 bytes at a 2-byte index:
// the low half is that entry), the fit's neighbours as pass 2 left them (one plain load), the fit
// in float lanes with the scalar version's operations in the same order, so the results are
// bit-identical.
HC_AVX2 void resolve_row(const uint16_t* best, const uint16_t* right_min,
                         const uint32_t* neighbours, int base, int width, int slots,
                         int num_disparities, int lr_max_diff, bool subpixel, float* out) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i slot_mask = _mm256_set1_epi32(127), low16 = _mm256_set1_epi32(0xFFFF);
  const __m256i zero = _mm256_setzero_si256(), one = _mm256_set1_epi32(1);
  const auto* right32 = reinterpret_cast<const int*>(right_min);
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    const __m256i bv = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(best + x)));
    const __m256i kb = _mm256_and_si256(bv, slot_mask);
    const __m256i xv = _mm256_add_epi32(_mm256_set1_epi32(x), lanes);
    const __m256i xr = _mm256_sub_epi32(_mm256_sub_epi32(xv, _mm256_set1_epi32(base)), kb);
    __m256i valid = _mm256_and_si256(_mm256_cmpgt_epi32(xr, _mm256_set1_epi32(-1)),
                                     _mm256_cmpgt_epi32(_mm256_set1_epi32(num_disparities), kb));
    if (lr_max_diff >= 0) {
      const __m256i at = _mm256_sub_epi32(_mm256_set1_epi32(width - 1), xr);
      const __m256i kr = _mm256_and_si256(_mm256_mask_i32gather_epi32(zero, right32, at, valid, 2), slot_mask);
      const __m256i diff = _mm256_abs_epi32(_mm256_sub_epi32(kr, kb));
      valid = _mm256_and_si256(valid, _mm256_cmpgt_epi32(_mm256_set1_epi32(lr_max_diff + 1), diff));
    }
    __m256i num = zero, den = one;
    if (subpixel) {
      const __m256i fit = _mm256_and_si256(
          valid, _mm256_and_si256(_mm256_cmpgt_epi32(kb, zero),
                                  _mm256_cmpgt_epi32(_mm256_set1_epi32(slots - 1), kb)));
      const __m256i nb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(neighbours + x));
      const __m256i c0 = _mm256_srli_epi32(_mm256_and_si256(nb, low16), 7);
      const __m256i c1 = _mm256_srli_epi32(bv, 7);
      const __m256i c2 = _mm256_srli_epi32(nb, 16 + 7);
      const __m256i rise = _mm256_sub_epi32(_mm256_max_epi32(c0, c2), c1);
      const __m256i use = _mm256_and_si256(fit, _mm256_cmpgt_epi32(rise, zero));
      num = _mm256_and_si256(use, _mm256_sub_epi32(c0, c2));
      den = _mm256_blendv_epi8(one, rise, use);
    }
    const __m256 disp = _mm256_add_ps(
        _mm256_cvtepi32_ps(_mm256_add_epi32(_mm256_set1_epi32(base), kb)),
        _mm256_div_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), _mm256_cvtepi32_ps(num)), _mm256_cvtepi32_ps(den)));
    _mm256_storeu_ps(out + x, _mm256_blendv_ps(_mm256_set1_ps(-1.0f), disp, _mm256_castsi256_ps(valid)));
  }
  resolve_row_from(x, best, right_min, neighbours, base, width, slots, num_disparities, lr_max_diff,
                   subpixel, out);
}

constexpr SgmKernels kAvx2Bitalg{"avx2+bitalg", cost_row_bitalg, aggregate, add_paths,  sum_pack,
                                 min_into,      pass1_row,       pass2_row, resolve_row};
constexpr SgmKernels kAvx2{"avx2",   cost_row,  aggregate, add_paths,  sum_pack,
                           min_into, pass1_row, pass2_row, resolve_row};
}  // namespace

const SgmKernels* avx2_sgm_kernels(bool allow_avx512) {
  if (!__builtin_cpu_supports("avx2")) return nullptr;
  const bool bitalg = __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512bitalg");
  return allow_avx512 && bitalg ? &kAvx2Bitalg : &kAvx2;
}

}  // namespace hc::stereo

#else
namespace hc::stereo {
const SgmKernels* avx2_sgm_kernels(bool) { return nullptr; }
}  // namespace hc::stereo
#endif
