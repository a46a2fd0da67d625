// Head detection: what the camera sees around a peak. The view's edges (the image's, and a stereo
// pair's unmatched columns), the occlusion shadows that hide a ring or a circle cell (lines of
// sight through the top view), and the shadows that still tell of a head under a low lens.
// docs/counting.md, step 3.
#include "perception/head_detector.h"

#include <algorithm>
#include <cmath>
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
  const auto& cam = map.geometry.camera();
  const auto px = map.geometry.floor_to_pixel(q, level);
  if (!px) return false;
  const double z = map.geometry.floor_to_camera(q, level)[2];
  return px->x >= unmatched_columns(map, z) && px->y >= 0 && px->x <= cam.width - 1.0 &&
         px->y <= cam.height - 1.0;
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
