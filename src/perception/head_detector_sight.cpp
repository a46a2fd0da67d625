// Head detection: what the camera sees around a peak. The view's edges (the image's, and a stereo
// pair's unmatched columns), the occlusion shadows that hide a ring or a circle cell (lines of
// sight through the top view), and the shadows that still tell of a head under a low lens.
// docs/counting.md, step 3.
#include "perception/head_detector.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace hc::perception {

// For a stereo map, the left image's first columns that the pair cannot measure at depth z (metres
// along the optical axis): their match, the disparity fx * baseline / z to the left, would lie
// outside the right image, so the matcher's values there are not measurements. 0 for a depth
// camera's map.
double HeadDetector::unmatched_columns(const stereo::HeightMap& map, double z) {
  const auto& cam = map.geometry.camera();
  if (map.disparity_px.empty() || !(cam.baseline_m > 0) || !(z > 0)) return 0.0;
  return cam.fx * cam.baseline_m / z;
}

// Whether the point `level` above the centre of top-view cell (col, row) is in view: inside the
// image and, on a stereo map, in the columns the pair can match at its depth.
bool HeadDetector::in_view(const stereo::HeightMap& map, int col, int row, double level) const {
  return in_view(map, map.cell_centre(col, row), level);
}

bool HeadDetector::in_view(const stereo::HeightMap& map, core::Point2 q, double level) const {
  return view_margin(map, q, level) >= 0;
}

// How far (pixels) pixel (u, v), seeing a point at depth z, lies inside the view: from the
// image's nearest side, or a stereo pair's unmatched columns at that depth; negative outside.
double HeadDetector::pixel_margin(const stereo::HeightMap& map, double u, double v, double z) {
  const auto& cam = map.geometry.camera();
  return std::min({u - unmatched_columns(map, z), v, cam.width - 1.0 - u, cam.height - 1.0 - v});
}

// The directions (eight, 45 degrees apart) in which the view does not reach around a peak at the
// peak's height; none for a top seen whole. Where it does not, whatever is higher there is
// unseen, so the peak may be no top at all: at a low mount the shoulder or flank of a person
// whose head is beyond the edge of the view (outside the image, or in a stereo pair's unmatched
// columns) is the highest thing seen there, and it stands above its seen surroundings like a
// head. A head is judged once its top is seen whole; the directions tell the tracker which way a
// cut one is leaving the view.
//
// Around what, and how far: where the apex of the cap is fitted (apex; not on a cap lifted by
// depth noise), seen_apex_radius_m around it. A flank rising to the edge of the view has no apex
// inside it, and a head's top is where its apex is. Else seen_top_radius_m around the peak's cell
// centre, which lies anywhere within half a cell (2 cm) of the top: a head passing a few cm
// inside the edge is seen or not by where the cell grid falls (measured around the cell only, the
// 2.2 m suite misses 33 crossings, tall adults in the outer lanes; around the apex, 10:
// docs/accuracy.md, change 18).
uint8_t HeadDetector::top_cut(const stereo::HeightMap& map, const Peak& p,
                              std::optional<core::Point2> apex) const {
  if (apex && params_.seen_apex_radius_m > 0)
    return cut_toward(map, *apex, p.h, params_.seen_apex_radius_m);
  return cut_toward(map, map.cell_centre(p.col, p.row), p.h, params_.seen_top_radius_m);
}

uint8_t HeadDetector::cut_toward(const stereo::HeightMap& map, core::Point2 top, double level,
                                 double radius) const {
  if (!(radius > 0)) return 0;
  constexpr int kDirections = 8;
  uint8_t cut = 0;
  for (int k = 0; k < kDirections; ++k) {
    const double a = 2 * std::numbers::pi * k / kDirections;
    if (!in_view(map, {top.x + radius * std::cos(a), top.y + radius * std::sin(a)}, level))
      cut = static_cast<uint8_t>(cut | (1u << k));
  }
  return cut;
}

// Seen cells beside a peak that stand above it where the edge of the view cuts them at their own
// height: the peak is the foot of something whose top is beyond the edge. At a low mount a
// person whose head is beyond the side of the view shows the shoulder rising towards the unseen
// neck, and the edge's line of sight grazes the head's flank a cell or two from the shoulder's
// highest seen point: a strip too thin for the cleaned map (the 3x3 median takes it), so the
// shoulder stands as a peak well inside the view at its own height and top_cut passes it: a head
// 0.25 m low (HeadDetectorSide.AShoulderBesideAHeadFlankCutByTheSideIsACutHead; docs/accuracy.md,
// change 23). A head seen whole has nothing higher within a head's half breadth of its top.
// Only cells the edge cuts count, and of them, on a map with per-pixel heights, only those
// whose highest pixels lie on the edge (grazing_margin): a grazed flank is seen by the image's
// outermost pixels, while a time-of-flight camera's flying pixels near its border, read 7-12
// cm above a head's top (GOTPD image0337, 11 px inside), are not. Cells higher than a head
// over its shoulders, or than anyone, are flyers too.
uint8_t HeadDetector::higher_cut_beside(const stereo::HeightMap& map, const Peak& p) const {
  if (!(params_.beside_radius_m > 0)) return 0;
  const int r = static_cast<int>(std::floor(params_.beside_radius_m / cell_ + 1e-9));
  uint8_t cut = 0;
  for (int rr = std::max(0, p.row - r); rr <= std::min(raw_.rows - 1, p.row + r); ++rr)
    for (int cc = std::max(0, p.col - r); cc <= std::min(raw_.cols - 1, p.col + r); ++cc) {
      const int dc = cc - p.col, dr = rr - p.row;
      if (dc * dc + dr * dr > r * r) continue;
      const float h = raw_.at<float>(rr, cc);
      // NaN, not higher, or higher than a head over its own shoulders or than anyone: a flyer.
      if (!(h > p.h + params_.beside_rise_m && h <= p.h + params_.beside_max_rise_m &&
            h <= params_.max_height_m))
        continue;
      const core::Point2 q = map.cell_centre(cc, rr);
      if (cut_toward(map, q, h, cell_) == 0 || grazing_margin(map, cc, rr, h) > params_.beside_edge_px)
        continue;
      cut = static_cast<uint8_t>(cut | outward(map, q, h));
    }
  return cut;
}

// The smallest view margin (view_margin) of the image pixels whose points make top-view cell
// (cc, rr) as high as `level` (within 1 cm): where a line of sight from the edge of the view
// grazes a surface, its pixel is on that edge. 0 on a map without per-pixel heights.
double HeadDetector::grazing_margin(const stereo::HeightMap& map, int cc, int rr, double level) const {
  if (map.height_m.empty()) return 0.0;
  const auto& cam = map.geometry.camera();
  double u0 = cam.width, v0 = cam.height, u1 = -1, v1 = -1;
  for (const double lv : {level, level - 0.01})
    for (const int dc : {0, 1})
      for (const int dr : {0, 1}) {
        const core::Point2 corner{map.origin_m.x + (cc + dc) * cell_, map.origin_m.y + (rr + dr) * cell_};
        const auto px = map.geometry.floor_to_pixel(corner, lv);
        if (!px) return 0.0;
        u0 = std::min(u0, px->x), u1 = std::max(u1, px->x);
        v0 = std::min(v0, px->y), v1 = std::max(v1, px->y);
      }
  const int ua = std::max(0, static_cast<int>(std::floor(u0)) - 1);
  const int ub = std::min(map.height_m.cols - 1, static_cast<int>(std::ceil(u1)) + 1);
  const int va = std::max(0, static_cast<int>(std::floor(v0)) - 1);
  const int vb = std::min(map.height_m.rows - 1, static_cast<int>(std::ceil(v1)) + 1);
  double best = std::numeric_limits<double>::infinity();
  for (int v = va; v <= vb; ++v) {
    const float* row = map.height_m.ptr<float>(v);
    for (int u = ua; u <= ub; ++u) {
      if (!(row[u] >= level - 0.01)) continue;
      const auto at = map.geometry.pixel_to_floor(u, v, row[u]);
      if (!at || static_cast<int>(std::floor((at->x - map.origin_m.x) / cell_)) != cc ||
          static_cast<int>(std::floor((at->y - map.origin_m.y) / cell_)) != rr)
        continue;
      best = std::min(best, pixel_margin(map, u, v, map.geometry.floor_to_camera(*at, row[u])[2]));
    }
  }
  return best;
}

// How far (pixels) the point `level` above floor point q lies inside the view (pixel_margin);
// -infinity where it does not project (behind the camera).
double HeadDetector::view_margin(const stereo::HeightMap& map, core::Point2 q, double level) const {
  const auto px = map.geometry.floor_to_pixel(q, level);
  if (!px) return -std::numeric_limits<double>::infinity();
  return pixel_margin(map, px->x, px->y, map.geometry.floor_to_camera(q, level)[2]);
}

// The floor directions (bits as in cut_toward) in which the view's edge lies from the point
// `level` above floor point q: those in which a step brings it nearest the edge (more than half
// as fast as the steepest). At a straight side, the three directions facing it.
uint8_t HeadDetector::outward(const stereo::HeightMap& map, core::Point2 q, double level) const {
  constexpr double kStep = 0.01;
  const double here = view_margin(map, q, level);
  if (!std::isfinite(here)) return 0;
  std::array<double, 8> fall{};
  double steepest = 0;
  for (int k = 0; k < 8; ++k) {
    const double a = std::numbers::pi * k / 4;
    fall[k] = here - view_margin(map, {q.x + kStep * std::cos(a), q.y + kStep * std::sin(a)}, level);
    steepest = std::max(steepest, fall[k]);
  }
  uint8_t bits = 0;
  for (int k = 0; k < 8; ++k)
    if (steepest > 0 && fall[k] > 0.5 * steepest) bits = static_cast<uint8_t>(bits | (1u << k));
  return bits;
}

// Whether the floor of top-view cell (col, row) is hidden: the line of sight from a camera down
// to it passes below a cell of the cleaned map (the body of the candidate itself, of a taller
// neighbour), so whatever stands there lower than that line is hidden. On a stereo map both
// cameras of the pair count: a point the right camera cannot see has no match either. The
// camera's centre is the floor frame's origin at the installation height (the floor frame's
// definition), so this holds for any mount height and tilt.
bool HeadDetector::floor_hidden(const stereo::HeightMap& map, int col, int row) const {
  return std::any_of(eyes_.begin(), eyes_.end(),
                     [&](const Eye& e) { return hidden_from(map, e, col, row, 0.0); });
}

// Whether the point `height` above the centre of top-view cell (col, row) is hidden from camera
// e: its line of sight passes below a cell of the cleaned map. Seen from a point, a higher point
// on the same vertical has a line of sight above it all the way, so a point in sight has every
// point above it in sight too. Cost: half-cell steps along the line until it rises above the
// map's highest cell.
bool HeadDetector::hidden_from(const stereo::HeightMap& map, const Eye& e, int col, int row,
                               double height) const {
  const core::Point2 q = map.cell_centre(col, row);
  const double step = cell_ / 2;
  const double dx = e.x - q.x, dy = e.y - q.y, len = std::hypot(dx, dy);
  for (double d = step; d < len; d += step) {
    const double line = height + (e.h - height) * d / len;  // the line's height above the floor
    if (line >= highest_) break;
    const int c = static_cast<int>(std::floor((q.x + dx * d / len - map.origin_m.x) / cell_));
    const int r = static_cast<int>(std::floor((q.y + dy * d / len - map.origin_m.y) / cell_));
    if (c == col && r == row) continue;
    if (c < 0 || r < 0 || c >= clean_.cols || r >= clean_.rows) break;  // left the grid for good
    if (clean_.at<float>(r, c) > line) return true;
  }
  return false;
}

// Whether the line of sight from top-view cell (cc, rr) to the camera passes over the head of
// the peak at (col, row): within a head's half breadth of it, seen from above. Only there does
// the peak's own head hide the cell, and only such a shadow tells of the head: the flank of a
// body whose head is beyond the edge of the view stands above a shadow too, but on its far
// side from the camera, and that side lies beyond the edge.
bool HeadDetector::behind_own_head(const stereo::HeightMap& map, int col, int row, int cc,
                                   int rr) const {
  const Eye& e = eyes_.front();
  const core::Segment sight{map.cell_centre(cc, rr), {e.x, e.y}};
  return core::distance_to_segment(map.cell_centre(col, row), sight) <= params_.head_half_width_m;
}

// On a stereo map, whether the pair matches the whole line of sight from the point `level` above
// cell (col, row) up to the map's highest cell: a nearer point needs a larger disparity, so near
// the left image's edge something on that line, nearer than the point, may lie in the columns
// the pair cannot match at its depth, and be missing from the map (at a low mount the body of
// a person whose head is beyond the edge). A depth camera's map has every such point.
bool HeadDetector::matched_up_the_ray(const stereo::HeightMap& map, int col, int row,
                                      double level) const {
  if (map.disparity_px.empty()) return true;
  const auto px = map.geometry.floor_to_pixel(map.cell_centre(col, row), level);
  if (!px) return false;
  const auto up = map.geometry.pixel_to_floor(px->x, px->y, highest_);
  if (!up) return false;
  return px->x >= unmatched_columns(map, map.geometry.floor_to_camera(*up, highest_)[2]);
}

// The unseen cells of a peak's shoulder ring whose floor is hidden (occlusion shadows), and the
// cells out of view at `level` (a shoulder drop below the top): beyond the edge of the image, or
// of the top view. Of the shadows, those whose point at `level` every camera has in sight are
// counted apart (dropped): whatever stands there is lower than that, or it would be seen. Under
// a low lens a tall head's own cap hides its shoulders and the floor around them, and this is
// all the ring there is to judge it on.
HeadDetector::RingShadow HeadDetector::ring_shadow(const stereo::HeightMap& map, int col, int row,
                                                   double level) const {
  const int r_out = static_cast<int>(std::ceil(params_.ring_outer_m / cell_));
  RingShadow shadow;
  for (int rr = row - r_out; rr <= row + r_out; ++rr)
    for (int cc = col - r_out; cc <= col + r_out; ++cc) {
      const double dist = std::hypot(cc - col, rr - row) * cell_;
      if (dist < params_.ring_inner_m || dist > params_.ring_outer_m) continue;
      if (rr < 0 || rr >= raw_.rows || cc < 0 || cc >= raw_.cols || !in_view(map, cc, rr, level)) {
        ++shadow.out_of_view;
        continue;
      }
      const float raw = raw_.at<float>(rr, cc);
      if (raw == raw || !floor_hidden(map, cc, rr)) continue;
      const bool in_sight = behind_own_head(map, col, row, cc, rr) &&
                            matched_up_the_ray(map, cc, rr, level) &&
                            std::none_of(eyes_.begin(), eyes_.end(), [&](const Eye& e) {
                              return hidden_from(map, e, cc, rr, level);
                            });
      ++(in_sight ? shadow.dropped : shadow.hidden);
    }
  return shadow;
}

// Whether the cell one step further out from a peak than cell (rr, cc) lies in an occlusion
// shadow: in view at `level` (the cap's), unseen, its floor hidden. A cap reaching the wide
// circle is a dome only where its surface goes on beyond it: a hat's brim ends inside the
// circle, and the circle's cells (4 cm wide, keeping their highest point) reach in to it; at a
// low mount the brim hides what lies beyond, so those cells are the brim's edge, not a dome's
// flank. A canopy's surface goes on to its rim, seen from above. Beyond the edge of the view
// nothing is known either way, and the cell still counts.
bool HeadDetector::shadow_beyond(const stereo::HeightMap& map, double col, double row, int rr,
                                 int cc, double level) const {
  const double dc = cc - col, dr = rr - row, len = std::hypot(dc, dr);
  if (!(len > 0)) return false;
  const int oc = static_cast<int>(std::lround(cc + dc / len));
  const int orow = static_cast<int>(std::lround(rr + dr / len));
  if (orow < 0 || orow >= raw_.rows || oc < 0 || oc >= raw_.cols) return false;
  return in_shadow(map, oc, orow, level);
}

// Whether top-view cell (col, row) is in an occlusion shadow: unseen, in view at `level`, and
// its floor hidden (floor_hidden).
bool HeadDetector::in_shadow(const stereo::HeightMap& map, int col, int row, double level) const {
  const float raw = raw_.at<float>(row, col);
  return raw != raw && in_view(map, col, row, level) && floor_hidden(map, col, row);
}

}  // namespace hc::perception
