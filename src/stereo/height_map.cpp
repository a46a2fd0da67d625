// Height map: per pixel, the camera-frame point (from disparity or depth), its height n.X + d above
// the floor plane, and its floor coordinates; the top view keeps the maximum per cell. O(pixels).
#include "stereo/height_map.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "stereo/stereo_matcher.h"

namespace hc::stereo {

HeightMapBuilder::HeightMapBuilder(const HeightMapParameters& p) : params_(p) {
  if (!(p.cell_m > 0.0) || !(p.max_extent_m > 0.0)) {
    throw std::invalid_argument("height_map: cell_m and max_extent_m must be positive");
  }
}

void HeightMapBuilder::top_view_layout(const core::FloorGeometry& g, core::Point2& origin,
                                       int& cols, int& rows) const {
  const core::CameraModel& cam = g.camera();
  double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
  const int n = 32;
  for (int i = 0; i <= n; ++i) {
    const double t = static_cast<double>(i) / n;
    const double us[4] = {t * (cam.width - 1), t * (cam.width - 1), 0.0, cam.width - 1.0};
    const double vs[4] = {0.0, cam.height - 1.0, t * (cam.height - 1), t * (cam.height - 1)};
    for (int k = 0; k < 4; ++k) {
      if (const auto p = g.pixel_to_floor(us[k], vs[k], 0.0)) {
        x0 = std::min(x0, p->x);
        x1 = std::max(x1, p->x);
        y0 = std::min(y0, p->y);
        y1 = std::max(y1, p->y);
      }
    }
  }
  const double e = params_.max_extent_m;
  x0 = std::clamp(x0, -e, e);
  x1 = std::clamp(x1, -e, e);
  y0 = std::clamp(y0, -e, e);
  y1 = std::clamp(y1, -e, e);
  if (x1 <= x0 || y1 <= y0) {  // the image never sees the floor: an empty 1x1 grid
    x0 = y0 = 0.0;
    x1 = y1 = params_.cell_m;
  }
  origin = {std::floor(x0 / params_.cell_m) * params_.cell_m,
            std::floor(y0 / params_.cell_m) * params_.cell_m};
  cols = std::max(1, static_cast<int>(std::ceil((x1 - origin.x) / params_.cell_m)));
  rows = std::max(1, static_cast<int>(std::ceil((y1 - origin.y) / params_.cell_m)));
}

namespace {
// Fills height and floor xy for a pixel given its camera point; returns false when rejected.
template <typename PointFn>
void build(const core::FloorGeometry& g, const HeightMapParameters& params, int width, int height,
           PointFn point_at, HeightMap& out, const HeightMapBuilder& builder) {
  out.geometry = g;
  out.floor_known = true;
  out.cell_m = params.cell_m;
  int cols = 0, rows = 0;
  builder.top_view_layout(g, out.origin_m, cols, rows);
  out.height_m.create(height, width, CV_32F);
  out.height_m.setTo(std::numeric_limits<float>::quiet_NaN());
  out.top_view_m.create(rows, cols, CV_32F);
  out.top_view_m.setTo(std::numeric_limits<float>::quiet_NaN());
  const core::FloorPlane& plane = g.plane();
  for (int v = 0; v < height; ++v) {
    float* hrow = out.height_m.ptr<float>(v);
    for (int u = 0; u < width; ++u) {
      core::Vec3 p;
      if (!point_at(u, v, p)) continue;
      const double h = plane.height_of(p);
      if (h < params.min_height_m || h > params.max_height_m) continue;
      hrow[u] = static_cast<float>(h);
      const core::Point2 xy = g.to_floor(p);
      const int c = static_cast<int>(std::floor((xy.x - out.origin_m.x) / params.cell_m));
      const int r = static_cast<int>(std::floor((xy.y - out.origin_m.y) / params.cell_m));
      if (c < 0 || r < 0 || c >= cols || r >= rows) continue;
      float& cell = out.top_view_m.at<float>(r, c);
      if (std::isnan(cell) || h > cell) cell = static_cast<float>(h);
    }
  }
}
}  // namespace

void HeightMapBuilder::from_disparity(const cv::Mat& disparity, const core::FloorGeometry& g,
                                      HeightMap& out) const {
  if (disparity.type() != CV_32F) throw std::invalid_argument("height_map: disparity must be CV_32F");
  const core::CameraModel& cam = g.camera();
  const double fxb = cam.fx * cam.baseline_m;
  build(g, params_, disparity.cols, disparity.rows,
        [&](int u, int v, core::Vec3& p) {
          const float d = disparity.at<float>(v, u);
          if (!is_valid_disparity(d) || d < 0.25f) return false;
          const double z = fxb / d;
          p = {(u - cam.cx) * z / cam.fx, (v - cam.cy) * z / cam.fy, z};
          return true;
        },
        out, *this);
}

void HeightMapBuilder::from_depth(const cv::Mat& depth_m, const core::FloorGeometry& g,
                                  HeightMap& out) const {
  if (depth_m.type() != CV_32F) throw std::invalid_argument("height_map: depth must be CV_32F");
  const core::CameraModel& cam = g.camera();
  build(g, params_, depth_m.cols, depth_m.rows,
        [&](int u, int v, core::Vec3& p) {
          const float z = depth_m.at<float>(v, u);
          if (!(z > 0.0f) || !std::isfinite(z)) return false;
          p = {(u - cam.cx) * z / cam.fx, (v - cam.cy) * z / cam.fy, static_cast<double>(z)};
          return true;
        },
        out, *this);
}

}  // namespace hc::stereo
