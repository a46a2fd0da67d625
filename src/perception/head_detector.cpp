// Head-and-shoulders detection on the top view.
// 1. Clean: NaN -> 0 (floor), then a 3x3 median fills single-cell holes and removes flyers (a
//    max-filter fill would grow people into their occlusion shadows).
// 2. Candidates: cells equal to the max over a disk of peak_radius, within [min, max] height.
// 3. Per candidate, highest first: the cap (cells within cap_depth of the top) must fill a disk of
//    cap_radius around the peak (rejects corners and edges of flat tops such as carts), and a ring
//    at shoulder distance must mostly lie well below the top and hardly any of it level with the
//    top, from a shoulder drop below to a cap depth above (rejects flat tops: tables, carts,
//    strollers, also where noise or a rail puts the peak above the rest of the top; higher cells
//    are other bodies, no evidence either way), and the cap must end within a head's radius
//    (rejects domes wider than a head: stroller canopies, round bins; judged where most of that
//    circle is seen, not where a hat's brim hides it, and a cell of it with the cell beyond in
//    an occlusion shadow does not count: a brim's edge). The top is the median of
//    the cap disk, not the single highest cell, so depth noise does not lift it. Half the ring
//    must be seen, or unseen in an occlusion shadow (a line of sight from the camera to its floor
//    passes below a higher cell: at a low mount the head's own body, a taller neighbour); half,
//    that is, of the part of the ring in view at the shoulders' level, if at least half of it is
//    (at a 2.2 m mount a 1.9 m head's ring is wider than the view there). Where less than half
//    is seen, a shadow cell seen over the head itself whose point a shoulder drop below the top
//    is in sight counts as seen and dropped, first: right under a low lens a tall head's own
//    cap hides nearly all of its ring, and what it hides is lower than that point.
//    Last, the view must reach a cell around the peak at its height (cut_toward): at a low
//    mount a shoulder under a head beyond the edge of the view is the highest thing seen there.
// 4. Saddle test: a lower peak joined to an accepted one by a path that never dips saddle_drop
//    below the lower peak is the same body (a shoulder, a raised arm, a bag on a shoulder). The
//    same against every higher cell within a head spacing (nms_radius) is asked first, before the
//    profile (joined_to_higher: a backpack below its wearer's shoulders).
// 5. Placement: the cap's centre, re-centred where the edge of the view cuts the head (uncut) and
//    moved back down its ray by the noise's lift (unlift).
// Cost: O(cells x peak window) for the dilation, O(candidates x ring cells) for the tests, and
// for a candidate whose ring is half unseen a walk along each unseen cell's line of sight.
#include "perception/head_detector.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string_view>

namespace hc::perception {

HeadDetector::HeadDetector(const HeadDetectorParameters& parameters) : params_(parameters) {}

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

namespace {
// For a stereo map, the left image's first columns that the pair cannot measure at depth z (metres
// along the optical axis): their match, the disparity fx * baseline / z to the left, would lie
// outside the right image, so the matcher's values there are not measurements. 0 for a depth
// camera's map.
double unmatched_columns(const stereo::HeightMap& map, double z) {
  const auto& cam = map.geometry.camera();
  if (map.disparity_px.empty() || !(cam.baseline_m > 0) || !(z > 0)) return 0.0;
  return cam.fx * cam.baseline_m / z;
}
}  // namespace

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

// The top level of a peak: the median of the seen cells of its cap disk. The peak cell itself is
// the highest of many noisy cells, so on a flat noisy top (a cart, a stroller canopy) it stands a
// few centimetres above the surface around it; judged against the peak, that surface would look
// "dropped". The median is the surface's own level, on a head 1-3 cm below its top.
float HeadDetector::top_level(int col, int row, float peak_h) const {
  const int r_cap = static_cast<int>(std::floor(params_.cap_radius_m / cell_ + 1e-9));
  levels_.clear();
  for (int dr = -r_cap; dr <= r_cap; ++dr)
    for (int dc = -r_cap; dc <= r_cap; ++dc) {
      const int rr = row + dr, cc = col + dc;
      if (rr < 0 || rr >= clean_.rows || cc < 0 || cc >= clean_.cols) continue;
      if (std::hypot(dc, dr) * cell_ > params_.cap_radius_m + 1e-9) continue;
      levels_.push_back(clean_.at<float>(rr, cc));
    }
  if (levels_.empty()) return peak_h;
  std::nth_element(levels_.begin(), levels_.begin() + levels_.size() / 2, levels_.end());
  return std::min(peak_h, levels_[levels_.size() / 2]);
}

// The neighbourhood of a peak: its cap (cleaned map, against the peak), the shoulder ring (seen
// cells of the raw map, against the top level: unseen cells, occlusion shadows or outside the
// view, neither support nor refute a head, and the median filter would pull cells next to them
// down); with the centre of the cap on the floor. The circle just beyond a head's radius is
// counted later, only for peaks that pass the cheaper tests (count_wide_circle).
HeadDetector::Profile HeadDetector::profile(const stereo::HeightMap& map, int col, int row,
                                            float peak_h) const {
  Profile f;
  const double cell = cell_;
  const float top = top_level(col, row, peak_h);
  const int r_out = static_cast<int>(std::ceil(params_.ring_outer_m / cell));
  double sx = 0, sy = 0, sw = 0;
  for (int dr = -r_out; dr <= r_out; ++dr) {
    const int rr = row + dr;
    for (int dc = -r_out; dc <= r_out; ++dc) {
      const int cc = col + dc;
      const double dist = std::hypot(dc, dr) * cell;
      const bool in_ring = dist >= params_.ring_inner_m && dist <= params_.ring_outer_m;
      if (in_ring) ++f.ring_all;
      if (rr < 0 || rr >= clean_.rows || cc < 0 || cc >= clean_.cols) continue;
      const float v = clean_.at<float>(rr, cc);
      const float raw = raw_.at<float>(rr, cc);
      const bool seen = raw == raw;  // not NaN
      if (dist <= params_.cap_radius_m + 1e-9) {
        ++f.cap_total;
        if (v >= peak_h - params_.cap_depth_m) ++f.cap_in;
      }
      // The head's cap, for its floor point: cells within a cap depth of the top level (the cap
      // disk's median, not the noisy peak), plain mean. Weighting by height above the peak's cap
      // moved the centre towards whichever cells the depth noise read high.
      if (dist <= params_.ring_inner_m && std::abs(v - top) <= params_.cap_depth_m) {
        sx += cc;
        sy += rr;
        sw += 1;
      }
      if (in_ring && seen) {
        ++f.ring_total;
        if (raw < top - params_.shoulder_drop_m) ++f.ring_drop;
        else if (raw <= top + params_.cap_depth_m) ++f.ring_level;
      }
    }
  }
  f.centre_m = {map.origin_m.x + ((sw > 0 ? sx / sw : col) + 0.5) * cell,
                map.origin_m.y + ((sw > 0 ? sy / sw : row) + 0.5) * cell};
  f.top = top;
  return f;
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

// The directions (eight, 45 degrees apart) in which the view does not reach seen_top_radius_m (a
// cell) around a peak at the peak's height; none for a top seen whole. Where it does not,
// whatever is higher there is unseen, so the peak may be no top at all: at a low mount the
// shoulder or flank of a person whose head is beyond the edge of the view (outside the image, or
// in a stereo pair's unmatched columns) is the highest thing seen there, and it stands above its
// seen surroundings like a head. A head is judged once its top is seen whole; the directions
// tell the tracker which way a cut one is leaving the view.
uint8_t HeadDetector::cut_toward(const stereo::HeightMap& map, const Peak& p) const {
  const double r = params_.seen_top_radius_m;
  if (!(r > 0)) return 0;
  const core::Point2 c = map.cell_centre(p.col, p.row);
  constexpr int kDirections = 8;
  uint8_t cut = 0;
  for (int k = 0; k < kDirections; ++k) {
    const double a = 2 * std::numbers::pi * k / kDirections;
    if (!in_view(map, {c.x + r * std::cos(a), c.y + r * std::sin(a)}, p.h))
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

// The circle just beyond a head's radius around the peak: on a dome (a stroller's canopy, a round
// bin) it is still part of the cap, within a cap depth of the top; on a head, hat brims included,
// it is shoulders or floor. The top is the median pixel height at the top (top_height), not the
// peak cell: a cell keeps the highest of its pixels, so with depth noise a dome's cells read
// 5-10 cm above its surface and, judged against them, its rim falls out of the cap. Pixels more
// than a cap depth below the cap's level are left out of that median: they are gross mismatches
// (half the pixels of a head 0.3 m from the lens on the stereo path), not the top. Cells above
// the peak by more than a cap depth (a taller neighbour's head) do not count as this cap, nor
// do cells whose outside is in an occlusion shadow (shadow_beyond). Its unseen cells in
// occlusion shadows are counted apart (min_wide_seen).
//
// The circle is drawn around the peak and around the cap's centre, and either mostly in the cap
// makes a dome: a dome's top is flat, so the noise puts its peak cell anywhere on it, and a circle
// around a peak near the dome's rim reaches off it on that side (a stroller canopy, 0.44 m wide,
// passed for a child's head in a tenth of its frames on the stereo path, and was tracked and
// counted). A head is narrower than the circle about either centre.
void HeadDetector::count_wide_circle(const stereo::HeightMap& map, const Peak& p, Profile& f) const {
  const double top = top_height(map, f.centre_m, p.h, f.top - params_.cap_depth_m);
  f.wide = wide_circle(map, p, p.col, p.row, top);
  f.wide_centred = wide_circle(map, p, (f.centre_m.x - map.origin_m.x) / cell_ - 0.5,
                               (f.centre_m.y - map.origin_m.y) / cell_ - 0.5, top);
}

HeadDetector::Profile::Circle HeadDetector::wide_circle(const stereo::HeightMap& map, const Peak& p,
                                                        double col, double row, double top) const {
  Profile::Circle c;
  const int r = static_cast<int>(std::ceil(params_.wide_radius_m / cell_)) + 1;
  const int c0 = static_cast<int>(std::lround(col)), r0 = static_cast<int>(std::lround(row));
  for (int rr = std::max(0, r0 - r); rr <= std::min(clean_.rows - 1, r0 + r); ++rr)
    for (int cc = std::max(0, c0 - r); cc <= std::min(clean_.cols - 1, c0 + r); ++cc) {
      const double dist = std::hypot(cc - col, rr - row) * cell_;
      if (std::abs(dist - params_.wide_radius_m) > cell_ / 2) continue;
      const float raw = raw_.at<float>(rr, cc);
      if (raw != raw) {  // unseen
        if (in_shadow(map, cc, rr, top)) ++c.shadow;
        continue;
      }
      ++c.seen;
      const float v = clean_.at<float>(rr, cc);
      if (v >= top - params_.wide_depth_m && v <= p.h + params_.cap_depth_m &&
          !shadow_beyond(map, col, row, rr, cc, top))
        ++c.in;
    }
  return c;
}

// Judged only where enough of the circle is seen (min_wide_seen).
bool HeadDetector::is_dome(const Profile::Circle& c) const {
  return c.seen > 0 && c.seen >= params_.min_wide_seen * (c.seen + c.shadow) &&
         static_cast<double>(c.in) / c.seen > params_.max_wide_cap;
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

// Why a candidate peak is not a head (the name of the test that refused it), or nullptr. `hidden`:
// the unseen ring cells in occlusion shadows, when that was asked (-1: not asked, or more than
// max_ring_out_of_view of the ring is out of view).
const char* HeadDetector::refusal(const stereo::HeightMap& map, const Peak& p, Profile& f,
                                  const std::vector<Peak>& accepted, int& hidden) const {
  // Where less than half the shoulder ring is seen, its occlusion shadows are asked for: a
  // shadow cell whose point a shoulder drop below the top is in sight lies lower than that, a
  // dropped ring cell as good as a seen one (ring_shadow).
  RingShadow shadow;
  const bool shadowed = f.ring_total < params_.min_ring_seen * f.ring_all;
  if (shadowed) {
    shadow = ring_shadow(map, p.col, p.row, std::max(0.0, f.top - params_.shoulder_drop_m));
    f.ring_total += shadow.dropped;
    f.ring_drop += shadow.dropped;
  }
  // Enough of the shoulder ring must be seen to judge the drop on.
  if (f.cap_total == 0 || f.ring_total < params_.min_ring_measured * f.ring_all) return "ring_unmeasured";
  if (static_cast<double>(f.cap_in) / f.cap_total < params_.min_cap_fill) return "cap";
  if (static_cast<double>(f.ring_drop) / f.ring_total < params_.min_ring_drop) return "no_drop";
  // A head stands above its surroundings; a flat top (cart, table) stays level around any peak.
  if (static_cast<double>(f.ring_level) / f.ring_total > params_.max_ring_level) return "flat_top";
  count_wide_circle(map, p, f);
  if (is_dome(f.wide) || is_dome(f.wide_centred)) return "dome";
  // Half the shoulder ring must be seen, or hidden in an occlusion shadow (at a low mount a
  // head's own body hides the floor beyond its shoulders, a taller neighbour's the floor and
  // shoulders behind it; such cells neither support nor refute a head). Half of the part of the
  // ring within the view, that is: at a low mount a tall head's ring is wider than the view at
  // the shoulders' level even under the lens. With more than half of it beyond the view's edge
  // the head is not judged yet.
  if (shadowed && f.ring_total < params_.min_ring_seen * f.ring_all) {
    if (shadow.out_of_view > params_.max_ring_out_of_view * f.ring_all) return "ring_out_of_view";
    hidden = shadow.hidden;
    if (f.ring_total + hidden < params_.min_ring_seen * (f.ring_all - shadow.out_of_view))
      return "ring_unseen";
  }
  // Saddle test against every accepted (higher) peak nearby.
  for (const Peak& a : accepted) {
    const double dist = std::hypot(a.col - p.col, a.row - p.row);
    if (dist * cell_ > params_.merge_distance_m) continue;
    if (lowest_between(p, a.col, a.row) >= p.h - params_.saddle_drop_m) return "saddle";
  }
  return nullptr;
}

float HeadDetector::lowest_between(const Peak& p, int col, int row) const {
  float lowest = p.h;
  const int steps = static_cast<int>(std::ceil(std::hypot(col - p.col, row - p.row) * 2));
  for (int s = 1; s < steps; ++s) {
    const double frac = static_cast<double>(s) / steps;
    const int cc = static_cast<int>(std::lround(p.col + (col - p.col) * frac));
    const int rr = static_cast<int>(std::lround(p.row + (row - p.row) * frac));
    lowest = std::min(lowest, clean_.at<float>(rr, cc));
  }
  return lowest;
}

// What rises from a peak to something higher within a head spacing without a dip between belongs
// to that body: a shoulder, a raised arm, a backpack, a bag on a shoulder. A child's head beside
// an adult's shoulder is parted from it by the child's own shoulders. Cost: one path per higher
// cell in the disk, for the few peaks that have one.
bool HeadDetector::joined_to_higher(const Peak& p) const {
  const int r = std::max(1, static_cast<int>(std::lround(params_.nms_radius_m / cell_)));
  for (int rr = std::max(0, p.row - r); rr <= std::min(clean_.rows - 1, p.row + r); ++rr) {
    const float* h = clean_.ptr<float>(rr);
    for (int cc = std::max(0, p.col - r); cc <= std::min(clean_.cols - 1, p.col + r); ++cc)
      if (h[cc] > p.h && (rr - p.row) * (rr - p.row) + (cc - p.col) * (cc - p.col) <= r * r &&
          lowest_between(p, cc, rr) >= p.h - params_.saddle_drop_m)
        return true;
  }
  return false;
}

namespace {
// The refusals that say the shoulder ring could not be seen, not that it is no head's.
bool ring_not_seen(const char* verdict) {
  const std::string_view v(verdict);
  return v == "ring_unmeasured" || v == "ring_out_of_view" || v == "ring_unseen";
}
}  // namespace

// Records a candidate and the verdict on it when a log is set (diagnosis only).
void HeadDetector::log_candidate(const stereo::HeightMap& map, const Peak& p, const Profile* f,
                                 int hidden, const char* verdict) const {
  if (!candidate_log_) return;
  HeadCandidate c;
  c.floor_m = map.cell_centre(p.col, p.row);
  c.peak_m = p.h;
  if (f) {
    c.top_m = f->top;
    c.cap_in = f->cap_in;
    c.cap_total = f->cap_total;
    c.ring_seen = f->ring_total;
    c.ring_all = f->ring_all;
    c.ring_drop = f->ring_drop;
    c.ring_level = f->ring_level;
    c.wide_in = f->wide.in;
    c.wide_seen = f->wide.seen;
    c.wide_centred_in = f->wide_centred.in;
    c.wide_centred_seen = f->wide_centred.seen;
  }
  c.ring_hidden = hidden;
  c.verdict = verdict;
  candidate_log_->push_back(c);
}

std::vector<HeadDetection> HeadDetector::detect(const stereo::HeightMap& map) {
  std::vector<HeadDetection> out;
  if (candidate_log_) candidate_log_->clear();
  unjudged_.clear();
  cut_heads_.clear();
  if (!map.floor_known || map.top_view_m.empty()) return out;
  const double cell = map.cell_m;
  raw_ = map.top_view_m;
  cell_ = cell;
  map.top_view_m.copyTo(clean_);
  cv::patchNaNs(clean_, 0.0);
  cv::medianBlur(clean_, clean_, 3);

  const int r_peak = std::max(1, static_cast<int>(std::lround(params_.peak_radius_m / cell)));
  cv::Mat disk = cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * r_peak + 1, 2 * r_peak + 1});
  cv::dilate(clean_, dilated_, disk);
  double highest = 0;
  cv::minMaxLoc(clean_, nullptr, &highest);
  highest_ = static_cast<float>(highest);
  // The cameras' centres over the top view: the left camera's, and on a stereo map the right
  // one's (the baseline along the left camera's x axis).
  eyes_.clear();
  auto add_eye = [&](const core::Vec3& centre) {
    const core::Point2 xy = map.geometry.to_floor(centre);
    eyes_.push_back({xy.x, xy.y, map.geometry.plane().height_of(centre)});
  };
  add_eye({0.0, 0.0, 0.0});
  const double baseline = map.geometry.camera().baseline_m;
  if (!map.disparity_px.empty() && baseline > 0) add_eye({baseline, 0.0, 0.0});

  std::vector<Peak> peaks;
  for (int r = 0; r < clean_.rows; ++r) {
    const float* h = clean_.ptr<float>(r);
    const float* d = dilated_.ptr<float>(r);
    for (int c = 0; c < clean_.cols; ++c)
      if (h[c] >= d[c] && h[c] >= params_.min_height_m && h[c] <= params_.max_height_m)
        peaks.push_back({c, r, h[c]});
  }
  std::sort(peaks.begin(), peaks.end(), [](const Peak& a, const Peak& b) { return a.h > b.h; });

  std::vector<Peak> accepted;
  for (const Peak& p : peaks) {
    bool near = false;
    for (const Peak& a : accepted)
      if (std::hypot(a.col - p.col, a.row - p.row) * cell < params_.nms_radius_m) near = true;
    if (near) {
      log_candidate(map, p, nullptr, -1, "near_head");
      continue;
    }
    if (joined_to_higher(p)) {
      log_candidate(map, p, nullptr, -1, "joined");
      continue;
    }
    Profile f = profile(map, p.col, p.row, p.h);
    int hidden = -1;
    if (const char* why = refusal(map, p, f, accepted, hidden)) {
      log_candidate(map, p, &f, hidden, why);
      if (ring_not_seen(why)) unjudged_.push_back(map.cell_centre(p.col, p.row));
      continue;
    }
    accepted.push_back(p);  // suppresses lower peaks nearby even if cut by the image edge
    const uint8_t cut = cut_toward(map, p);
    const bool top_seen = cut == 0;
    if (!top_seen) log_candidate(map, p, &f, hidden, "top_unseen");
    HeadDetection d;
    d.floor_m = f.centre_m;
    const auto px = head_pixel(map, d.floor_m, p.h);
    if (top_seen) log_candidate(map, p, &f, hidden, px ? "head" : "image_edge");
    if (!px) continue;
    d.head_px = *px;
    d.stature_m = top_height(map, d.floor_m, p.h);
    d.floor_m = uncut(map, d.floor_m, d.stature_m);
    d.floor_m = unlift(map, d.floor_m, f.top, d.stature_m);
    d.score = std::clamp(static_cast<double>(f.ring_drop) / f.ring_total, 0.0, 1.0);
    d.child = params_.child_height_m > 0 && d.stature_m < params_.child_height_m;
    d.cut_toward = cut;
    (top_seen ? out : cut_heads_).push_back(d);
  }
  raw_.release();  // the map's buffer: not held past this frame
  return out;
}

}  // namespace hc::perception
