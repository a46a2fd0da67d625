// The right census row as the SGM cost kernels read it (sgm_kernels.h, "right planes"): reversed
// (r = W - 1 - x) and split into 4 byte planes, so that one unaligned 32-byte load gives one byte
// of 32 consecutive disparities.
#pragma once

#include <cstdint>

namespace hc::stereo {

// planes[p * stride + r] = byte p of codes[width - 1 - r] for r in [0, width), and byte p of
// codes[0] for r in [width, stride) (the left image edge, so the kernels need no bounds checks).
// stride >= width. AVX2 16 codes at a time when the CPU has it and not force_scalar.
void reversed_byte_planes(const uint32_t* codes, int width, uint8_t* planes, int stride,
                          bool force_scalar = false);

}  // namespace hc::stereo
