// Not a public header: the fused row passes, instantiated once per kernel set (scalar, AVX2) so
// the per-pixel steps inline into one loop. A macro rather than a template because the AVX2 set
// needs a target attribute on the function itself.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
// A kernel set without register-resident versions of the horizontal path or of the right-image
// minima names this as REGPATH or RIGHTMIN.
template <int S>
struct NoRegisterPath {
  static constexpr bool kEnabled = false;
};

// How many pixels ahead pass 2 prefetches the cost and sum volumes (8 / 16 / 32 tried: 16 and 32
// alike, both ~4 % below 8 in census-sgm CPU time on bench_stereo 640x400), and pass 1 the sum
// volume's lines that it is about to write (ninth round: pass 1 ~10 % fewer perf samples relative
// to pass 2; a write hint (prefetchw) measured the same, prefetching the cost row's output no gain).
constexpr int kPrefetchPixels = 16;

// How many pixels behind pass 2 picks a pixel's fit neighbours out of the packed row (any lag >= 1
// gives the same bytes): read right after that pixel's vector stores, they stalled every pixel.
constexpr int kNeighbourLag = 4;

// neighbours[x] = the packed sums of slots kb - 1 and kb + 1 around the winner kb = best[x] & 127,
// unclamped: resolve_row uses them only for 0 < kb < slots - 1, and at kb = 0 or slots - 1 the
// loads fall on the next or previous pixel's sums, or on the one padding entry that `packed` has
// before its first and after its last pixel. Replaces two gathers per eight pixels in resolve_row
// with two scalar loads here.
inline void store_neighbours(const uint16_t* packed, const uint16_t* best, uint32_t* neighbours,
                             int x, int slots) {
  const int kb = best[x] & 127;
  const uint16_t* pk = packed + static_cast<ptrdiff_t>(x) * slots + kb;
  const uint32_t lo = pk[-1], hi = pk[1];
  neighbours[x] = lo | hi << 16;
}

// Both row passes update the vertical paths in place (col: read and overwritten per pixel), as
// the matcher runs them: one pointer for the buffer instead of two (tenth round: callgrind pass 2
// -7 %). A caller with two buffers gets the previous row's paths copied first, the same result.
inline void copy_paths(const uint8_t* col_prev, uint8_t* col_cur, int width, int slots) {
  if (col_prev != col_cur) std::memcpy(col_cur, col_prev, static_cast<size_t>(width) * (slots + 2));
}

// The row passes, shared in shape by every kernel set: AGG(cost, prev, cur, slots, minprev, p1,
// p2) returns the minimum of cur. The horizontal path is a small object: MemoryPath (two buffers
// swapped per pixel, any slot count) or the kernel set's REGPATH<S> where REGPATH<S>::kEnabled
// (values kept in registers: no store-to-load round trip on the serial dependency, and no store
// at all: the sums below read the registers). Both expose step(cost, p1, p2), add_to(vertical, s1)
// (ADD with the path as second operand) and pack_sums(s, vertical, packed, right, x) (likewise
// SUMPACK, and the packed sums into the right image's minima `right`, below).
// The right image's minima likewise: MemoryRightMin (min into the row array at the pixel's
// diagonal) or RIGHTMIN<S> (a window of D values in registers sliding one slot per pixel: in
// memory, each pixel's loads overlapped the previous pixel's stores 2 bytes off, which store-to-
// load forwarding cannot serve). MemoryRightMin exposes add(packed, x) for x = W-1 down to 0,
// RIGHTMIN<S> add_values (the packed sums as REGPATH<S>::pack_sums has them in registers), both
// finish().
#define HC_DEFINE_ROW_PASSES(ATTR, AGG, ADD, SUMPACK, MININTO, REGPATH, RIGHTMIN)                         \
  template <int S>                                                                                \
  struct MemoryPath {                                                                             \
    uint8_t* a;                                                                                   \
    uint8_t* b;                                                                                   \
    int slots;                                                                                    \
    int hmin = 0;                                                                                 \
    ATTR MemoryPath(uint8_t* scratch, int slots_in)                                               \
        : a(scratch), b(scratch + slots_in + 2), slots(slots_in) {                                \
      for (int k = 0; k < slots + 2; ++k) a[k] = 0;                                               \
      a[0] = a[slots + 1] = b[0] = b[slots + 1] = 255;                                            \
    }                                                                                             \
    ATTR void step(const uint8_t* c, int p1, int p2) {                                            \
      hmin = AGG(c, a, b, slots, hmin, p1, p2);                                                   \
      uint8_t* t = a;                                                                             \
      a = b;                                                                                      \
      b = t;                                                                                      \
    }                                                                                             \
    /* s1[k] = vertical[1 + k] + path[1 + k] (pass 1's stored sum) */                          \
    ATTR void add_to(const uint8_t* vertical, uint8_t* s1) const { ADD(vertical, a, s1, slots); } \
    /* SUMPACK of pass 2 with this path as its second operand, then the packed sums into the   \
       right image's minima; returns the minimum */                                             \
    template <class RightMin>                                                                     \
    ATTR uint16_t pack_sums(const uint8_t* s, const uint8_t* vertical, uint16_t* packed,           \
                            RightMin& right, int x) const {                                       \
      const uint16_t lowest = SUMPACK(s, vertical, a, packed, slots);                             \
      right.add(packed, x);                                                                       \
      return lowest;                                                                              \
    }                                                                                             \
  };                                                                                              \
  template <int S>                                                                                \
  using PathFor = std::conditional_t<REGPATH<S>::kEnabled, REGPATH<S>, MemoryPath<S>>;            \
  template <int S>                                                                                \
  struct MemoryRightMin {                                                                         \
    uint16_t* row; /* right_min + base + width - 1: pixel x's diagonal starts at row - x */       \
    int slots;                                                                                    \
    ATTR MemoryRightMin(uint16_t* right_min, int base, int width, int slots_in)                   \
        : row(right_min + base + width - 1), slots(slots_in) {                                    \
      for (int i = 0; i < width + slots - 1; ++i) right_min[base + i] = 0xFFFF;                   \
    }                                                                                             \
    ATTR void add(const uint16_t* packed, int x) { MININTO(row - x, packed, slots); }             \
    void finish() {}                                                                              \
  };                                                                                              \
  template <int S>                                                                                \
  using RightMinFor = std::conditional_t<RIGHTMIN<S>::kEnabled, RIGHTMIN<S>, MemoryRightMin<S>>;  \
  /* kSums: whether the row stores sums (s1 not null); a template argument, so the per-pixel   \
     loop has no test of it (GCC did not unswitch the loop). */                                 \
  template <int S, bool kSums>                                                                    \
  ATTR void pass1_row_b(const uint8_t* cost, uint8_t* col,                                        \
                        uint8_t* col_min, uint8_t* scratch, uint8_t* s1, int width,               \
                        int slots_in, int p1, int p2) {                                           \
    const int slots = S > 0 ? S : slots_in;                                                       \
    const int stride = slots + 2;                                                                 \
    PathFor<S> h(scratch, slots);                                                                 \
    for (int x = 0; x < width; ++x) {                                                             \
      const uint8_t* c = cost + x * slots;                                                        \
      col_min[x] = AGG(c, col + x * stride, col + x * stride, slots, col_min[x], p1, p2);         \
      h.step(c, p1, p2);                                                                          \
      /* The sum volume is written once per frame and is not in the caches: fetching its lines \
         a few pixels before the stores took ~10 % off this pass at 640x400x64 (ninth round). */ \
      if (kSums && x + kPrefetchPixels < width) __builtin_prefetch(s1 + (x + kPrefetchPixels) * slots); \
      if (kSums) h.add_to(col + x * stride, s1 + x * slots);                                      \
    }                                                                                             \
  }                                                                                               \
  template <int S>                                                                                \
  ATTR void pass1_row_t(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,           \
                        uint8_t* col_min, uint8_t* scratch, uint8_t* s1, int width,               \
                        int slots_in, int p1, int p2) {                                           \
    copy_paths(col_prev, col_cur, width, slots_in);                                               \
    if (s1) return pass1_row_b<S, true>(cost, col_cur, col_min, scratch, s1, width, slots_in, p1, \
                                        p2);                                                      \
    pass1_row_b<S, false>(cost, col_cur, col_min, scratch, s1, width, slots_in, p1, p2);          \
  }                                                                                               \
  template <int S, bool kSums>                                                                    \
  ATTR void pass2_row_b(const uint8_t* cost, uint8_t* col,                                        \
                        uint8_t* col_min, uint8_t* scratch, const uint8_t* s1, uint16_t* packed,  \
                        uint16_t* best, uint32_t* neighbours, uint16_t* right_min, int base,      \
                        int width, int slots_in, int p1, int p2) {                                \
    const int slots = S > 0 ? S : slots_in;                                                       \
    const int stride = slots + 2;                                                                 \
    PathFor<S> h(scratch, slots);                                                                 \
    RightMinFor<S> right(right_min, base, width, slots);                                          \
    for (int x = width - 1; x >= 0; --x) {                                                        \
      const uint8_t* c = cost + x * slots;                                                        \
      /* Pass 2 walks the cost and pass-1 sum volumes (16 MB each at 640x400x64) backwards:   \
         fetch them a few pixels ahead. */                                                      \
      if (x >= kPrefetchPixels) {                                                                 \
        __builtin_prefetch(c - kPrefetchPixels * slots);                                          \
        if (kSums) __builtin_prefetch(s1 + (x - kPrefetchPixels) * slots);                        \
      }                                                                                           \
      col_min[x] = AGG(c, col + x * stride, col + x * stride, slots, col_min[x], p1, p2);         \
      h.step(c, p1, p2);                                                                          \
      if (kSums) {                                                                                \
        /* The row of packed sums stays in memory for the sub-pixel fit: reading the winner's   \
           neighbours back here, right after the vector stores, stalled every pixel. */         \
        uint16_t* pk = packed + x * slots;                                                        \
        best[x] = h.pack_sums(s1 + x * slots, col + x * stride, pk, right, x);                     \
        /* The fit's neighbours of the pixel kNeighbourLag steps back: its stores are done by   \
           now, and the scalar loads use ports the vector work leaves idle. */                  \
        if (x + kNeighbourLag < width) {                                                          \
          store_neighbours(packed, best, neighbours, x + kNeighbourLag, slots);                   \
        }                                                                                         \
      }                                                                                           \
    }                                                                                             \
    if (kSums) {                                                                                  \
      for (int x = (width < kNeighbourLag ? width : kNeighbourLag) - 1; x >= 0; --x) {            \
        store_neighbours(packed, best, neighbours, x, slots);                                     \
      }                                                                                           \
      right.finish();                                                                             \
    }                                                                                             \
  }                                                                                               \
  template <int S>                                                                                \
  ATTR void pass2_row_t(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,           \
                        uint8_t* col_min, uint8_t* scratch, const uint8_t* s1, uint16_t* packed,  \
                        uint16_t* best, uint32_t* neighbours, uint16_t* right_min, int base,      \
                        int width, int slots_in, int p1, int p2) {                                \
    copy_paths(col_prev, col_cur, width, slots_in);                                               \
    if (s1) return pass2_row_b<S, true>(cost, col_cur, col_min, scratch, s1, packed, best,        \
                                        neighbours, right_min, base, width, slots_in, p1, p2);    \
    pass2_row_b<S, false>(cost, col_cur, col_min, scratch, s1, packed, best, neighbours,          \
                          right_min, base, width, slots_in, p1, p2);                              \
  }                                                                                               \
  /* Fixed slot counts let the compiler unroll the per-pixel loops completely. */                 \
  ATTR void pass1_row(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,             \
                      uint8_t* col_min, uint8_t* scratch, uint8_t* s1, int width, int slots,      \
                      int p1, int p2) {                                                           \
    switch (slots) {                                                                              \
      HC_SLOT_CASES(pass1_row_t, cost, col_prev, col_cur, col_min, scratch, s1, width, slots, p1, p2) \
    }                                                                                             \
  }                                                                                               \
  ATTR void pass2_row(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,             \
                      uint8_t* col_min, uint8_t* scratch, const uint8_t* s1, uint16_t* packed,    \
                      uint16_t* best, uint32_t* neighbours, uint16_t* right_min, int base,        \
                      int width, int slots, int p1, int p2) {                                     \
    switch (slots) {                                                                              \
      HC_SLOT_CASES(pass2_row_t, cost, col_prev, col_cur, col_min, scratch, s1, packed, best,     \
                    neighbours, right_min, base, width, slots, p1, p2)                            \
    }                                                                                             \
  }

#define HC_SLOT_CASES(FN, ...)              \
  case 32: return FN<32>(__VA_ARGS__);      \
  case 48: return FN<48>(__VA_ARGS__);      \
  case 64: return FN<64>(__VA_ARGS__);      \
  case 96: return FN<96>(__VA_ARGS__);      \
  case 128: return FN<128>(__VA_ARGS__);    \
  default: return FN<0>(__VA_ARGS__);
