// Head detection: where a detected head is placed. Its pixel in the left image (head_pixel), its
// stature (top_height), its floor point (floor_point): the apex of its cap (apex), or the cap's
// centre re-centred where the edge of the view cuts it (uncut) and moved back down its ray by
// the depth noise's lift (unlift). docs/counting.md, step 5.
#include "perception/head_detector.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace hc::perception {

// The head in the left image: the centroid of the pixels of its top cap (what the eye sees as the
// head), moved in 3-D from the top down to the head's centre (head_centre_below_top_m) and
// projected back, which shifts it a little towards the image centre off-axis. nullopt when the
// head is cut by the image edge: its profile cannot be verified there.
std::optional<core::Point2> HeadDetector::head_pixel(const stereo::HeightMap& map,
                                                     core::Point2 floor_m, double stature_m) const {
  const auto& cam = map.geometry.camera();
  const auto top = map.geometry.floor_to_pixel(floor_m, stature_m);
  const double range = map.geometry.plane().installation_height_m() - stature_m;
  if (!top || range <= 0.05) return std::nullopt;
  const double margin = cam.fx * params_.edge_margin_m / range;
  if (top->x < margin || top->y < margin || top->x > cam.width - 1 - margin ||
      top->y > cam.height - 1 - margin)
    return std::nullopt;
  core::Point2 cap = *top;
  if (!map.height_m.empty()) {
    const int r = static_cast<int>(std::ceil(cam.fx * params_.nms_radius_m / range));
    const int u0 = static_cast<int>(std::lround(top->x)), v0 = static_cast<int>(std::lround(top->y));
    double su = 0, sv = 0, n = 0;
    const float cap_h = static_cast<float>(stature_m - params_.head_blob_depth_m);
    for (int v = std::max(0, v0 - r); v <= std::min(map.height_m.rows - 1, v0 + r); ++v) {
      const float* h = map.height_m.ptr<float>(v);
      for (int u = std::max(0, u0 - r); u <= std::min(map.height_m.cols - 1, u0 + r); ++u)
        if (h[u] >= cap_h && (u - u0) * (u - u0) + (v - v0) * (v - v0) <= r * r) {
          su += u;
          sv += v;
          n += 1;
        }
    }
    if (n > 0) cap = {su / n, sv / n};
  }
  const auto xy = map.geometry.pixel_to_floor(cap.x, cap.y, stature_m);
  if (!xy) return cap;
  const auto centre =
      map.geometry.floor_to_pixel(*xy, std::max(0.0, stature_m - params_.head_centre_below_top_m));
  return centre ? *centre : cap;
}

// Where a head lies on the floor. Off the camera's axis a head's far side hides the lower part of
// its cap: a head seen 50 degrees off the axis shows its far side only 2 cm down, its near side
// the whole 10 cm cap. So the centre of the seen cap lies inward of the head, by 0.5-1.9 cm on
// the simulator's exact depth (more the farther off the axis; scripts/sweep_diagnose.py offset),
// and a head passing just beyond a line's end seems to cross it. The top of a head is where its
// surface is level: the apex of a quadric fitted to the seen cells of the cap, which the hidden
// part does not move (0.0-0.2 cm off on the same heads). Not where depth noise lifts the cap
// (its level, a median of cells, above the stature, a median of pixels): a cell keeps the
// highest of its pixels and more of them fall into the cells of the head's near side, so the
// apex moves inward (1-2 cm with census-SGM), while the centre moved back down by the lift is
// unbiased. Nor on a head cut by the edge of the view: uncut re-centres the centre of its cap.
// `apex`: the cap's apex (apex), fitted only where the cap is not lifted (detect).
core::Point2 HeadDetector::floor_point(const stereo::HeightMap& map, const Profile& f,
                                       double stature_m, std::optional<core::Point2> apex) const {
  const core::Point2 recentred = uncut(map, f.centre_m, stature_m);
  const bool cut = recentred.x != f.centre_m.x || recentred.y != f.centre_m.y;
  if (apex && !cut) return *apex;
  return unlift(map, recentred, f.top, stature_m);
}

// Whether depth noise lifts the cap: its level (a median of cells, each the highest of its
// pixels) above the stature (a median of pixels, which the noise does not lift).
bool HeadDetector::lifted(const Profile& f, double stature_m) { return f.top > stature_m; }

// The quadric h = k0 + k1 x + k2 y + k3 x^2 + k4 xy + k5 y^2 (x, y in cells from the peak) by
// least squares over the seen cells of the cap's upper part (within ring_inner of the peak and
// apex_depth of the cap's level: an ellipsoid's flank steepens away from a quadric lower down,
// and a cell read high on one side, hair or noise, moves the fit less); its apex where the
// gradient is zero, if it is a cap (concave) and lies within apex_max_shift of the cap's centre;
// else nullopt (too few cells, no cap, too far off: the fit is not trusted), as with
// apex_max_shift 0. Cost: one 6x6 solve per head.
std::optional<core::Point2> HeadDetector::apex(const stereo::HeightMap& map, const Peak& p,
                                               const Profile& f) const {
  if (!(params_.apex_max_shift_m > 0)) return std::nullopt;
  const int r = static_cast<int>(std::ceil(params_.ring_inner_m / cell_));
  cv::Matx<double, 6, 6> normal = cv::Matx<double, 6, 6>::zeros();
  cv::Matx<double, 6, 1> rhs = cv::Matx<double, 6, 1>::zeros();
  int n = 0;
  for (int dr = -r; dr <= r; ++dr)
    for (int dc = -r; dc <= r; ++dc) {
      const int rr = p.row + dr, cc = p.col + dc;
      if (rr < 0 || rr >= clean_.rows || cc < 0 || cc >= clean_.cols) continue;
      if (std::hypot(dc, dr) * cell_ > params_.ring_inner_m) continue;
      const float raw = raw_.at<float>(rr, cc), v = clean_.at<float>(rr, cc);
      if (raw != raw || std::abs(v - f.top) > params_.apex_depth_m) continue;  // unseen, not top
      const cv::Matx<double, 6, 1> g(1, dc, dr, dc * dc, dc * dr, dr * dr);
      normal += g * g.t();
      rhs += g * static_cast<double>(v);
      ++n;
    }
  cv::Matx<double, 6, 1> k;
  if (n < 8 || !cv::solve(normal, rhs, k, cv::DECOMP_CHOLESKY)) return std::nullopt;
  const double hxx = 2 * k(3), hxy = k(4), hyy = 2 * k(5), det = hxx * hyy - hxy * hxy;
  if (!(hxx < 0 && hyy < 0 && det > 1e-12)) return std::nullopt;
  const double x = (-k(1) * hyy + k(2) * hxy) / det, y = (-k(2) * hxx + k(1) * hxy) / det;
  const core::Point2 top{map.origin_m.x + (p.col + x + 0.5) * cell_,
                         map.origin_m.y + (p.row + y + 0.5) * cell_};
  if (std::hypot(top.x - f.centre_m.x, top.y - f.centre_m.y) > params_.apex_max_shift_m)
    return std::nullopt;
  return top;
}

// A head cut by the edge of the view is seen only in part, and the centre of its visible cap
// lies inward of the head's centre: by half a head at most, where the head's centre is on the
// edge. Walking past the end of a line drawn near the edge, a person would seem to cross it. In
// the image, at the head's top height (where its cut is seen), a head 2 half_width across (from
// c - r to c + r pixels) cut at the edge e shows the part from e to c + r, whose centre
// m = (e + c + r) / 2; so c = 2 m - e - r, per image axis and edge. The edges are the image's,
// and on a stereo map also the left image's unmatched first columns (unmatched_columns). Heads
// wider than assumed stay a little inward (a 0.18 m head 3 cm inside the edge: 1.3 cm instead of
// 2.2 cm). Cost: three projections per detection.
core::Point2 HeadDetector::uncut(const stereo::HeightMap& map, core::Point2 floor_m,
                                 double height_m) const {
  const auto& cam = map.geometry.camera();
  const auto px = map.geometry.floor_to_pixel(floor_m, height_m);
  const double z = map.geometry.floor_to_camera(floor_m, height_m)[2];
  if (!px || !(z > 0.05) || !(params_.head_half_width_m > 0)) return floor_m;
  const double r = cam.fx * params_.head_half_width_m / z;
  const double left = unmatched_columns(map, z);
  auto centre = [r](double m, double lo, double hi) {
    if (m - r < lo) return std::max(lo - r, 2 * m - lo - r);
    if (m + r > hi) return std::min(hi + r, 2 * m - hi + r);
    return m;
  };
  const core::Point2 c{centre(px->x, left, cam.width - 1.0), centre(px->y, 0.0, cam.height - 1.0)};
  if (c.x == px->x && c.y == px->y) return floor_m;
  const auto out = map.geometry.pixel_to_floor(c.x, c.y, height_m);
  return out ? *out : floor_m;
}

// The head's top height from the image: the median of the pixel heights within stature_radius_m
// of the top. A top-view cell keeps the highest of the many pixels that fall into it (dozens on a
// near head), so with depth noise the peak cell reads several centimetres above the head (5-7 cm
// with census-SGM at 3 m): statures, and the child flag with them, would come out too tall. Near
// the top a head's surface is within a few millimetres of its top, so the median is the top.
double HeadDetector::top_height(const stereo::HeightMap& map, core::Point2 floor_m,
                                double peak_h, double lowest) const {
  if (map.height_m.empty()) return peak_h;
  const auto top = map.geometry.floor_to_pixel(floor_m, peak_h);
  const double range = map.geometry.plane().installation_height_m() - peak_h;
  if (!top || range <= 0.05) return peak_h;
  const double r = map.geometry.camera().fx * params_.stature_radius_m / range;
  const int ri = static_cast<int>(std::ceil(r));
  const int u0 = static_cast<int>(std::lround(top->x)), v0 = static_cast<int>(std::lround(top->y));
  levels_.clear();
  for (int v = std::max(0, v0 - ri); v <= std::min(map.height_m.rows - 1, v0 + ri); ++v) {
    const float* h = map.height_m.ptr<float>(v);
    for (int u = std::max(0, u0 - ri); u <= std::min(map.height_m.cols - 1, u0 + ri); ++u)
      if (h[u] == h[u] && h[u] >= lowest && (u - u0) * (u - u0) + (v - v0) * (v - v0) <= r * r)
        levels_.push_back(h[u]);
  }
  if (levels_.size() < 5) return peak_h;
  std::nth_element(levels_.begin(), levels_.begin() + levels_.size() / 2, levels_.end());
  return levels_[levels_.size() / 2];
}

// The cap's floor point moved down its pixel ray by the cap's lift. A top-view cell keeps the
// highest of its pixels, so with depth noise the cells of a cap are filled by the pixels read
// high, and a pixel read high lies nearer the camera on its own ray: off-axis, that is inward of
// the head's true place, by the lift times the point's distance from the camera's floor point
// over its range below the camera (census-SGM on the simulator: heads 3-5 % of their distance
// inward). The lift is the cap's level in the top view (top_level) less the stature (the median
// pixel height at the top, which the noise does not lift). With exact depth the cap's level lies
// a little below the top (the head's curvature), so it is left as it is; with noise that
// curvature makes the lift an under-estimate by 1-2 cm.
core::Point2 HeadDetector::unlift(const stereo::HeightMap& map, core::Point2 floor_m, double cap_level,
                                  double stature_m) const {
  if (!(cap_level > stature_m)) return floor_m;
  const auto px = map.geometry.floor_to_pixel(floor_m, cap_level);
  if (!px) return floor_m;
  const auto down = map.geometry.pixel_to_floor(px->x, px->y, stature_m);
  return down ? *down : floor_m;
}

}  // namespace hc::perception
