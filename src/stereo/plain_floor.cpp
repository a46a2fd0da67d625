// See plain_floor.h.
#include "stereo/plain_floor.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>


namespace hc::stereo {

PlainFloor::PlainFloor(const PlainFloorParameters& parameters) : params_(parameters) {
  if (params_.texture_radius_px < 0 || params_.texture_radius_px > kMaxTextureRadius)
    throw std::invalid_argument("plain_floor.texture_radius_px must be in 0.." +
                                std::to_string(kMaxTextureRadius) + ", got " +
                                std::to_string(params_.texture_radius_px));
}

bool PlainFloor::wants_ambiguity(int64_t frame) const {
  if (!(params_.min_ambiguous_fraction > 0)) return false;
  return plain_ || params_.check_every_frames <= 1 || frame % params_.check_every_frames == 0;
}

std::optional<std::string> PlainFloor::observe(const cv::Mat& ambiguous) {
  if (ambiguous.empty()) return std::nullopt;
  fractions_.push_back(static_cast<double>(cv::countNonZero(ambiguous)) /
                       static_cast<double>(ambiguous.total()));
  while (static_cast<int>(fractions_.size()) > std::max(1, params_.checks)) fractions_.pop_front();
  std::vector<double> sorted(fractions_.begin(), fractions_.end());
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double median = sorted[sorted.size() / 2];
  const bool plain = median >= params_.min_ambiguous_fraction;
  if (plain == plain_) return std::nullopt;
  plain_ = plain;
  char msg[200];
  std::snprintf(msg, sizeof msg,
                plain ? "plain floor: %.0f %% of the image has nothing to match on; its untextured "
                        "pixels are taken as floor"
                      : "the floor is textured again (%.0f %% of the image ambiguous)",
                100.0 * median);
  return std::string(msg);
}

const cv::Mat& PlainFloor::floor_disparity(const core::FloorGeometry& g) {
  if (!floor_disparity_.empty() && g.plane() == floor_plane_ && g.camera() == floor_camera_)
    return floor_disparity_;
  floor_plane_ = g.plane();
  floor_camera_ = g.camera();
  floor_disparity_.create(g.camera().height, g.camera().width, CV_32F);
  for (int v = 0; v < floor_disparity_.rows; ++v) {
    float* row = floor_disparity_.ptr<float>(v);
    for (int u = 0; u < floor_disparity_.cols; ++u) {
      const double d = g.floor_disparity_at(u, v);
      row[u] = d > 0 ? static_cast<float>(d) : -1.0f;  // a ray that misses the floor: invalid
    }
  }
  return floor_disparity_;
}

void PlainFloor::fill(const cv::Mat& left, const cv::Mat& ambiguous,
                      const core::FloorGeometry& geometry, cv::Mat& disparity) {
  if (!plain_ || ambiguous.size() != disparity.size() || left.size() != disparity.size()) return;
  const cv::Mat& floor = floor_disparity(geometry);
  if (floor.size() != disparity.size()) return;
  // |Sobel x| is 4 central differences, saturated at 255 (far above any threshold), and its
  // unnormalised window sum fits 16 bits (225 x 255 at the largest window), so OpenCV's integer
  // running box sum does (its float one sums in double: box_sum.h). Below 4 x min_texture per
  // pixel of the window: untextured.
  cv::Sobel(left, gradient16_, CV_16S, 1, 0, 3);
  cv::convertScaleAbs(gradient16_, gradient_);
  const int r = params_.texture_radius_px;
  cv::boxFilter(gradient_, texture_, CV_16U, cv::Size(2 * r + 1, 2 * r + 1), cv::Point(-1, -1),
                false);
  const double window = (2 * r + 1) * (2 * r + 1);
  const auto min_sum =
      static_cast<uint16_t>(std::min(65535.0, std::ceil(4.0 * params_.min_texture * window)));
  for (int v = 0; v < disparity.rows; ++v) {
    float* d = disparity.ptr<float>(v);
    const uint8_t* a = ambiguous.ptr<uint8_t>(v);
    const uint16_t* t = texture_.ptr<uint16_t>(v);
    const float* f = floor.ptr<float>(v);
    for (int u = 0; u < disparity.cols; ++u)
      if (a[u] && t[u] < min_sum) d[u] = f[u];
  }
}

}  // namespace hc::stereo
