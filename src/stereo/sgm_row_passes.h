// Not a public header: the fused row passes, instantiated once per kernel set (scalar, AVX2) so
// the per-pixel steps inline into one loop. A macro rather than a template because the AVX2 set
// needs a target attribute on the function itself.
#pragma once
#include <cstdint>

// The row passes, shared in shape by every kernel set: AGG(cost, prev, cur, slots, minprev, p1,
// p2) returns the minimum of cur.
#define HC_DEFINE_ROW_PASSES(ATTR, AGG, ADD, SUMPACK, MININTO)                                    \
  template <int S>                                                                               \
  ATTR void pass1_row_t(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,          \
                        uint8_t* col_min, uint8_t* scratch, uint8_t* s1, int width,              \
                        int slots_in, int p1, int p2) {                                          \
    const int slots = S > 0 ? S : slots_in;                                                      \
    const int stride = slots + 2;                                                                \
    uint8_t* a = scratch;                                                                        \
    uint8_t* b = scratch + stride;                                                               \
    for (int k = 0; k < stride; ++k) a[k] = 0;                                                   \
    a[0] = a[slots + 1] = b[0] = b[slots + 1] = 255;                                             \
    int hmin = 0;                                                                                \
    for (int x = 0; x < width; ++x) {                                                            \
      const uint8_t* c = cost + x * slots;                                                       \
      col_min[x] = AGG(c, col_prev + x * stride, col_cur + x * stride, slots, col_min[x], p1, p2); \
      hmin = AGG(c, a, b, slots, hmin, p1, p2);                                                  \
      if (s1) ADD(col_cur + x * stride, b, s1 + x * slots, slots);                               \
      uint8_t* t = a;                                                                            \
      a = b;                                                                                     \
      b = t;                                                                                     \
    }                                                                                            \
  }                                                                                              \
  template <int S>                                                                               \
  ATTR void pass2_row_t(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,          \
                        uint8_t* col_min, uint8_t* scratch, const uint8_t* s1, uint16_t* packed, \
                        uint16_t* best, uint16_t* right_min, int base, int width, int slots_in,  \
                        int p1, int p2) {                                                        \
    const int slots = S > 0 ? S : slots_in;                                                      \
    const int stride = slots + 2;                                                                \
    uint8_t* a = scratch;                                                                        \
    uint8_t* b = scratch + stride;                                                               \
    for (int k = 0; k < stride; ++k) a[k] = 0;                                                   \
    a[0] = a[slots + 1] = b[0] = b[slots + 1] = 255;                                             \
    int hmin = 0;                                                                                \
    for (int x = width - 1; x >= 0; --x) {                                                       \
      const uint8_t* c = cost + x * slots;                                                       \
      col_min[x] = AGG(c, col_prev + x * stride, col_cur + x * stride, slots, col_min[x], p1, p2); \
      hmin = AGG(c, a, b, slots, hmin, p1, p2);                                                  \
      if (s1) {                                                                                  \
        uint16_t* pk = packed + x * slots;                                                       \
        best[x] = SUMPACK(s1 + x * slots, col_cur + x * stride, b, pk, slots);                   \
        MININTO(right_min + (width - 1 - x + base), pk, slots);                                  \
      }                                                                                          \
      uint8_t* t = a;                                                                            \
      a = b;                                                                                     \
      b = t;                                                                                     \
    }                                                                                            \
  } \
  /* Fixed slot counts let the compiler unroll the per-pixel loops completely. */               \
  ATTR void pass1_row(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,            \
                      uint8_t* col_min, uint8_t* scratch, uint8_t* s1, int width, int slots,     \
                      int p1, int p2) {                                                          \
    switch (slots) {                                                                             \
      HC_SLOT_CASES(pass1_row_t, cost, col_prev, col_cur, col_min, scratch, s1, width, slots, p1, p2) \
    }                                                                                            \
  }                                                                                              \
  ATTR void pass2_row(const uint8_t* cost, const uint8_t* col_prev, uint8_t* col_cur,            \
                      uint8_t* col_min, uint8_t* scratch, const uint8_t* s1, uint16_t* packed,   \
                      uint16_t* best, uint16_t* right_min, int base, int width, int slots,       \
                      int p1, int p2) {                                                          \
    switch (slots) {                                                                             \
      HC_SLOT_CASES(pass2_row_t, cost, col_prev, col_cur, col_min, scratch, s1, packed, best,    \
                    right_min, base, width, slots, p1, p2)                                       \
    }                                                                                            \
  }

#define HC_SLOT_CASES(FN, ...)              \
  case 32: return FN<32>(__VA_ARGS__);      \
  case 48: return FN<48>(__VA_ARGS__);      \
  case 64: return FN<64>(__VA_ARGS__);      \
  case 96: return FN<96>(__VA_ARGS__);      \
  case 128: return FN<128>(__VA_ARGS__);    \
  default: return FN<0>(__VA_ARGS__);
