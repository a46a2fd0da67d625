#include "stereo/box_sum.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace hc::stereo {
namespace {

int reflect(int i, int n) { return cv::borderInterpolate(i, n, cv::BORDER_REFLECT_101); }

// out[i] = a[0][i] + ... + a[N-1][i], summed in that order. N known at compile time keeps the sum
// in a register: adding one array at a time into out was bound by its loads and stores.
template <int N>
[[gnu::always_inline]] inline void sum_arrays_fixed(const float* const* a, int n, float* __restrict out) {
  const float* p[N];
  std::copy(a, a + N, p);
  for (int i = 0; i < n; ++i) {
    float s = p[0][i];
    for (int k = 1; k < N; ++k) s += p[k][i];
    out[i] = s;
  }
}

// Eight lanes where the CPU has AVX2 (the rest of the binary stays baseline x86-64).
#if defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
void sum_arrays(const float* const* a, int count, int n, float* __restrict out) {
  switch (count) {
    case 1: std::copy(a[0], a[0] + n, out); return;
    case 3: sum_arrays_fixed<3>(a, n, out); return;
    case 5: sum_arrays_fixed<5>(a, n, out); return;
    case 7: sum_arrays_fixed<7>(a, n, out); return;
    default:
      std::copy(a[0], a[0] + n, out);
      for (int k = 1; k < count; ++k) {
        for (int i = 0; i < n; ++i) out[i] += a[k][i];
      }
  }
}

}  // namespace

void box_sum_row(const cv::Mat& src, int y, int radius, std::vector<float>& column, float* out) {
  if (src.depth() != CV_32F || radius < 0 || radius > kMaxBoxRadius || y < 0 || y >= src.rows) {
    throw std::invalid_argument("box_sum_row: need a CV_32F image, radius 0..7 and a row inside it");
  }
  const int cn = src.channels(), w = src.cols, n = w * cn;
  column.resize(static_cast<size_t>(w + 2 * radius) * static_cast<size_t>(cn));
  float* c = column.data() + radius * cn;  // column sums, padded by radius pixels on both sides
  const int count = 2 * radius + 1;
  std::array<const float*, 2 * kMaxBoxRadius + 1> arrays{};
  for (int k = 0; k < count; ++k) arrays[static_cast<size_t>(k)] = src.ptr<float>(reflect(y - radius + k, src.rows));
  sum_arrays(arrays.data(), count, n, c);
  for (int k = 1; k <= radius; ++k) {
    const int before = reflect(-k, w), after = reflect(w - 1 + k, w);
    for (int ch = 0; ch < cn; ++ch) {
      c[-k * cn + ch] = c[before * cn + ch];
      c[(w - 1 + k) * cn + ch] = c[after * cn + ch];
    }
  }
  for (int k = 0; k < count; ++k) arrays[static_cast<size_t>(k)] = c + (k - radius) * cn;
  sum_arrays(arrays.data(), count, n, out);
}

}  // namespace hc::stereo
