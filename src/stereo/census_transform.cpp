// CS-census 9x7: O(31 * pixels). The fast path pads the image once (replicate) and, for each of
// the 31 mirrored pairs, runs one branch-free loop over a row, which GCC vectorises.
#include "stereo/census_transform.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cstdint>

namespace hc::stereo {
namespace {
constexpr int kRx = 4;
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
}  // namespace

void census_transform(const cv::Mat& image, cv::Mat& census, cv::Mat& padded) {
  check_input(image);
  cv::copyMakeBorder(image, padded, kRy, kRy, kRx, kRx, cv::BORDER_REPLICATE);
  census.create(image.size(), CV_32SC1);
  const int w = image.cols;
  for (int y = 0; y < image.rows; ++y) {
    auto* out = census.ptr<uint32_t>(y);
    std::fill(out, out + w, 0u);
    for (int b = 0; b < kCensusBits; ++b) {
      const Offset o = kOffsets[static_cast<size_t>(b)];
      const uint8_t* a = padded.ptr<uint8_t>(y + kRy + o.dy) + kRx + o.dx;
      const uint8_t* m = padded.ptr<uint8_t>(y + kRy - o.dy) + kRx - o.dx;
      const uint32_t bit = 1u << b;
      for (int x = 0; x < w; ++x) out[x] |= (a[x] > m[x]) ? bit : 0u;
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
