// Head detection: where a head near the edge of the view lies, from the rim of its cap. The
// image pixels within rim_depth_m of the top, connected to it, are the cap; where that cap meets
// lower seen pixels is its rim (the level crossing, interpolated between the two pixels), and an
// ellipse fitted to the rim's points on the floor plane (an algebraic conic fit, one 5x5 solve)
// has the head's centre at its centre, whatever the head's (or its hat brim's) size and shape.
// Where the cap meets the image's border or a stereo pair's unmatched columns its rim is hidden
// and left out, so a head cut by the edge is placed by the part of its rim in view. Cost: a flood
// fill of the cap's pixels (cv::floodFill) and a pass over them, only for peaks within
// rim_search_radius_m of the edge of the view (0.05 ms per such head at 640x400 and 2.2 m,
// bench_pipeline). docs/counting.md, step 5.
#include "perception/head_detector.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace hc::perception {
namespace {

struct Ellipse {
  core::Point2 centre;
  double major = 0, minor = 0;  // semi-axes
  double rms = 0;               // of the points' (Sampson) distances from it
};

// The conic A x^2 + B xy + C y^2 + D x + E y + F = 0 with A + C = 1, by linear least squares
// (one 5x5 solve): a head's cap is longer than it is wide (front to back), and a circle fitted
// to the near half of such a rim puts its centre outward, by (a^2 - b^2) / 2b (2.3 cm for a head
// 0.20 m long and 0.16 m wide). nullopt unless the conic is an ellipse.
std::optional<Ellipse> fit_ellipse(const std::vector<core::Point2>& points) {
  cv::Matx<double, 5, 5> normal = cv::Matx<double, 5, 5>::zeros();
  cv::Matx<double, 5, 1> rhs = cv::Matx<double, 5, 1>::zeros();
  for (const auto& p : points) {
    const cv::Matx<double, 5, 1> g(p.x * p.x - p.y * p.y, p.x * p.y, p.x, p.y, 1.0);
    normal += g * g.t();
    rhs += -(p.y * p.y) * g;
  }
  cv::Matx<double, 5, 1> k;
  if (!cv::solve(normal, rhs, k, cv::DECOMP_CHOLESKY)) return std::nullopt;
  const double a = k(0), b = k(1), c = 1 - a, d = k(2), e = k(3), f = k(4);
  const double det = 4 * a * c - b * b;
  if (!(a > 0 && c > 0 && det > 0)) return std::nullopt;
  Ellipse out;
  out.centre = {(b * e - 2 * c * d) / det, (b * d - 2 * a * e) / det};
  const double x0 = out.centre.x, y0 = out.centre.y;
  const double at_centre = a * x0 * x0 + b * x0 * y0 + c * y0 * y0 + d * x0 + e * y0 + f;
  const double mean = (a + c) / 2, spread = std::hypot((a - c) / 2, b / 2);
  if (!(at_centre < 0 && mean - spread > 0)) return std::nullopt;
  out.major = std::sqrt(-at_centre / (mean - spread));
  out.minor = std::sqrt(-at_centre / (mean + spread));
  double squares = 0;
  for (const auto& p : points) {
    const double v = a * p.x * p.x + b * p.x * p.y + c * p.y * p.y + d * p.x + e * p.y + f;
    const double gx = 2 * a * p.x + b * p.y + d, gy = b * p.x + 2 * c * p.y + e;
    const double g2 = gx * gx + gy * gy;
    if (g2 > 0) squares += v * v / g2;
  }
  out.rms = std::sqrt(squares / points.size());
  return out;
}

}  // namespace

std::optional<HeadDetector::Rim> HeadDetector::edge_rim(const stereo::HeightMap& map,
                                                       core::Point2 floor_m,
                                                       double stature_m) const {
  if (!(params_.rim_depth_m > 0) || map.height_m.empty()) return std::nullopt;
  const auto& cam = map.geometry.camera();
  const auto top = map.geometry.floor_to_pixel(floor_m, stature_m);
  const double range = map.geometry.plane().installation_height_m() - stature_m;
  if (!top || range <= 0.05) return std::nullopt;
  const int r = static_cast<int>(std::ceil(cam.fx * params_.rim_search_radius_m / range));
  const int u0 = static_cast<int>(std::lround(top->x)), v0 = static_cast<int>(std::lround(top->y));
  const int rows = map.height_m.rows, cols = map.height_m.cols;
  // Away from the edge of the view the apex of the cap places a head (floor_point).
  if (u0 - r > unmatched_columns(map, range) && v0 - r > 0 && u0 + r < cols - 1 && v0 + r < rows - 1)
    return std::nullopt;
  if (u0 < 0 || v0 < 0 || u0 >= cols || v0 >= rows) return std::nullopt;
  if (!trace_rim(map, floor_m, stature_m, {u0, v0, r}) ||
      static_cast<int>(rim_points_.size()) < params_.rim_min_points)
    return std::nullopt;
  const auto fit = fit_ellipse(rim_points_);
  // A rim far from an ellipse, or of no head's size, is not a cap this can place (a shoulder's
  // flank, two touching heads).
  if (!fit || fit->rms > params_.rim_max_rms_m || fit->major > params_.rim_search_radius_m ||
      fit->minor < params_.rim_min_semi_axis_m)
    return std::nullopt;
  return Rim{{floor_m.x + fit->centre.x, floor_m.y + fit->centre.y}};
}

// Fills the cap from pixel (disc.u, disc.v) (cv::floodFill, 4-connected, the pixels within
// [level, ceiling] in the box around the disc, clipped to the view) and collects its rim's points
// (floor metres, relative to floor_m) in rim_points_; false where the cap reaches a side of the
// box inside the view (wider than any head).
bool HeadDetector::trace_rim(const stereo::HeightMap& map, core::Point2 floor_m, double stature_m,
                             PixelDisc disc) const {
  const int rows = map.height_m.rows, cols = map.height_m.cols;
  const int first = static_cast<int>(std::ceil(
      unmatched_columns(map, map.geometry.plane().installation_height_m() - stature_m)));
  const float level = static_cast<float>(stature_m - params_.rim_depth_m);
  const float ceiling = static_cast<float>(stature_m + params_.cap_depth_m);
  auto height = [&](int u, int v) { return map.height_m.at<float>(v, u); };
  rim_points_.clear();
  const float h0 = height(disc.u, disc.v);
  if (disc.u < first || !(h0 >= level && h0 <= ceiling)) return true;

  const cv::Rect box = cv::Rect(cv::Point(disc.u - disc.r, disc.v - disc.r),
                                cv::Point(disc.u + disc.r + 1, disc.v + disc.r + 1)) &
                       cv::Rect(first, 0, cols - first, rows);
  rim_mask_.create(box.height + 2, box.width + 2, CV_8U);
  rim_mask_.setTo(0);
  cv::Mat roi = map.height_m(box);  // read only: the fill writes the mask alone
  cv::Rect filled;
  cv::floodFill(roi, rim_mask_, {disc.u - box.x, disc.v - box.y}, 0, &filled, h0 - level,
                ceiling - h0, 4 | cv::FLOODFILL_FIXED_RANGE | cv::FLOODFILL_MASK_ONLY | (1 << 8));
  // The cap reaches a side of the box that lies inside the view: wider than any head.
  if ((filled.x == 0 && box.x > first) || (filled.y == 0 && box.y > 0) ||
      (filled.br().x == box.width && box.br().x < cols) ||
      (filled.br().y == box.height && box.br().y < rows))
    return false;
  filled += box.tl();
  auto in_cap = [&](int u, int v) { return rim_mask_.at<uint8_t>(v - box.y + 1, u - box.x + 1) != 0; };

  const core::Point2 near{eyes_.front().x - floor_m.x, eyes_.front().y - floor_m.y};
  constexpr int kSteps[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
  for (int v = filled.y; v < filled.br().y; ++v)
    for (int u = filled.x; u < filled.br().x; ++u) {
      if (!in_cap(u, v)) continue;
      const float h = height(u, v);
      for (const auto& s : kSteps) {
        const int nu = u + s[0], nv = v + s[1];
        // Beyond the edge of the view the cap's rim is hidden; no rim against the cap itself,
        // an unseen pixel or something taller.
        if (nu < first || nv < 0 || nu >= cols || nv >= rows || in_cap(nu, nv)) continue;
        const float nh = height(nu, nv);
        if (nh != nh || nh > ceiling) continue;
        // Where the surface crosses the level. Where the cap ends in a step (a hat's brim over
        // the shoulders, a head's limb) the edge is the cap pixel's own, at its own height, not
        // lower (1.6 cm lower moves a point 2 cm outward at the image's side at 2.2 m). On the
        // far side (away from the camera's floor point) such a step is the head's limb, above
        // the level and inward of it, not its rim (a head 3 cm inside the image's side at 2.2 m
        // was placed 1.1 cm inward): left out. A hat's brim ends in a step all round, and its
        // near side is its rim.
        const bool step = level - nh > params_.rim_step_m;
        const double t = step ? 0.5 : (h - level) / (h - nh);
        const auto p = map.geometry.pixel_to_floor(u + t * s[0], v + t * s[1], step ? h : level);
        if (!p) continue;
        const core::Point2 q{p->x - floor_m.x, p->y - floor_m.y};
        if (!step || q.x * near.x + q.y * near.y >= 0) rim_points_.push_back(q);
      }
    }
  return true;
}

// The tracker reads the directions as the way a cut head leaves the view, so they are taken from
// the peak's cell, which is in view: around the rim's centre, when that lies just beyond the
// edge, the view ends in nearly every direction.
uint8_t HeadDetector::rim_cut(const stereo::HeightMap& map, const Peak& p,
                              std::optional<core::Point2> apex, const Rim& rim,
                              double stature_m) const {
  const uint8_t around_rim = cut_toward(map, rim.centre_m, stature_m, params_.seen_rim_radius_m);
  if (around_rim == 0 && in_view(map, rim.centre_m, stature_m)) return 0;
  if (const uint8_t cut = top_cut(map, p, apex)) return cut;
  const core::Point2 cell = map.cell_centre(p.col, p.row);
  const double reach = std::hypot(rim.centre_m.x - cell.x, rim.centre_m.y - cell.y);
  const uint8_t from_cell = cut_toward(map, cell, stature_m, reach + params_.seen_rim_radius_m);
  return from_cell ? from_cell : (around_rim ? around_rim : uint8_t{0xFF});
}

}  // namespace hc::perception
