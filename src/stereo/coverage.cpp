// Coverage: the guide's table and formula (user guide section 6.1), and the calibrated area as the
// projection of the image border onto the plane at target height. O(border samples).
#include "stereo/coverage.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hc::stereo {

FieldOfView guide_field_of_view(double h) {
  if (h <= 3.0) return {103.0, 77.0};
  if (h <= 4.0) return {94.0, 68.0};
  if (h <= 5.0) return {89.0, 58.0};
  return {62.0, 41.0};
}

CoverageArea guide_coverage(double installation_height_m, double target_height_m) {
  const FieldOfView fov = guide_field_of_view(installation_height_m);
  const double span = installation_height_m - target_height_m + 0.05;
  if (span <= 0.0) return {};
  auto side = [&](double deg) { return 2.0 * std::tan(deg / 2.0 * std::numbers::pi / 180.0) * span; };
  CoverageArea a{side(fov.alpha_deg), side(fov.beta_deg), 0.0};
  a.area_m2 = a.length_m * a.width_m;
  return a;
}

core::Polygon visible_polygon(const core::FloorGeometry& g, double target_height_m,
                              double margin_px) {
  const core::CameraModel& cam = g.camera();
  const double u0 = margin_px, v0 = margin_px;
  const double u1 = cam.width - 1 - margin_px, v1 = cam.height - 1 - margin_px;
  core::Polygon poly;
  const int n = 16;
  auto add = [&](double u, double v) {
    if (const auto p = g.pixel_to_floor(u, v, target_height_m)) poly.push_back(*p);
  };
  // Clockwise on screen: top edge, right edge, bottom edge, left edge.
  for (int i = 0; i < n; ++i) add(u0 + (u1 - u0) * i / n, v0);
  for (int i = 0; i < n; ++i) add(u1, v0 + (v1 - v0) * i / n);
  for (int i = 0; i < n; ++i) add(u1 - (u1 - u0) * i / n, v1);
  for (int i = 0; i < n; ++i) add(u0, v1 - (v1 - v0) * i / n);
  return poly;
}

CoverageArea calibrated_coverage(const core::FloorGeometry& g, double target_height_m) {
  const core::Polygon poly = visible_polygon(g, target_height_m);
  if (poly.size() < 3) return {};
  double x0 = 1e18, x1 = -1e18, y0 = 1e18, y1 = -1e18;
  for (const core::Point2& p : poly) {
    x0 = std::min(x0, p.x);
    x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y);
    y1 = std::max(y1, p.y);
  }
  return {x1 - x0, y1 - y0, std::abs(core::polygon_signed_area(poly))};
}

}  // namespace hc::stereo
