// See plain_floor.h.
#include "stereo/plain_floor.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace hc::stereo {

namespace {
bool same_floor(const core::FloorPlane& a, const core::FloorPlane& b) {
  return a.normal == b.normal && a.offset_m == b.offset_m;
}
bool same_camera(const core::CameraModel& a, const core::CameraModel& b) {
  return a.width == b.width && a.height == b.height && a.fx == b.fx && a.fy == b.fy &&
         a.cx == b.cx && a.cy == b.cy && a.baseline_m == b.baseline_m;
}
}  // namespace

PlainFloor::PlainFloor(const PlainFloorParameters& parameters) : params_(parameters) {}

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
  if (!floor_disparity_.empty() && same_floor(g.plane(), floor_plane_) &&
      same_camera(g.camera(), floor_camera_))
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
  // Sobel's x kernel sums 4 central differences: / 4 is their mean, in grey levels.
  cv::Sobel(left, gradient_, CV_32F, 1, 0, 3, 0.25);
  gradient_ = cv::abs(gradient_);
  const int w = std::max(1, params_.texture_window_px | 1);
  cv::blur(gradient_, texture_, cv::Size(w, w));
  const float min_texture = static_cast<float>(params_.min_texture);
  for (int v = 0; v < disparity.rows; ++v) {
    float* d = disparity.ptr<float>(v);
    const uint8_t* a = ambiguous.ptr<uint8_t>(v);
    const float* t = texture_.ptr<float>(v);
    const float* f = floor.ptr<float>(v);
    for (int u = 0; u < disparity.cols; ++u)
      if (a[u] && t[u] < min_texture) d[u] = f[u];
  }
}

}  // namespace hc::stereo
