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
//    Last, the view must reach a little way around the top at its height (top_cut: around the
//    apex of the cap where that is fitted, else the peak's cell; near the edge of the view
//    rim_cut, around the centre of the cap's rim), and nothing that the edge cuts may stand
//    higher close by (higher_cut_beside): at a low mount a shoulder under a head beyond the
//    edge of the view is the highest thing seen there, or stands beside that head's flank.
// 4. Saddle test: a lower peak joined to an accepted one by a path that never dips saddle_drop
//    below the lower peak is the same body (a shoulder, a raised arm, a bag on a shoulder). The
//    same against every higher cell within a head spacing (nms_radius) is asked first, before the
//    profile (joined_to_higher: a backpack below its wearer's shoulders).
// 5. Placement: near the edge of the view, on a cap depth noise does not lift, the centre of the
//    ellipse fitted to the cap's rim (edge_rim); elsewhere the apex of the cap (a fitted
//    quadric's top), or where depth noise lifts the cap or the edge of the view cuts the head,
//    the cap's centre, re-centred where the edge cuts it (uncut) and moved back down its ray by
//    the noise's lift (unlift).
// Cost: O(cells x peak window) for the dilation, O(candidates x ring cells) for the tests, and
// for a candidate whose ring is half unseen a walk along each unseen cell's line of sight.
// This file holds the steps and the tests; what the camera sees (the view's edges, occlusion
// shadows) is in head_detector_sight.cpp, the placement (step 5) in head_detector_placement.cpp
// and, near the edge of the view, head_detector_rim.cpp.
#include "perception/head_detector.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace hc::perception {

HeadDetector::HeadDetector(const HeadDetectorParameters& parameters) : params_(parameters) {}

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
    double stature = top_height(map, f.centre_m, p.h);
    const bool level_cap = !lifted(f, stature);
    const auto top = level_cap ? apex(map, p, f) : std::nullopt;
    // Near the edge of the view a head is placed and judged by the rim of its cap: the edge cuts
    // the cap, and the apex of a cut cap, or its centre re-centred on a head's width, lay
    // centimetres off (a hat's brim, 0.30 m wide, 4-6 cm inward; docs/accuracy.md, change 21).
    const auto rim = level_cap ? edge_rim(map, f.centre_m, stature) : std::nullopt;
    // Near the edge of the view the cap's centroid lies inward of its top, and the pixels around
    // it read the stature low; around the rim's centre they are the top's, where it is in view.
    if (rim) stature = top_height(map, rim->centre_m, p.h);
    // And nothing cut by the edge may stand above it close by: a shoulder below a head beyond
    // the edge of the view stands well inside the view, beside that head's flank.
    const uint8_t cut = (rim ? rim_cut(map, p, top, *rim, stature) : top_cut(map, p, top)) |
                        higher_cut_beside(map, p);
    const bool top_seen = cut == 0;
    if (!top_seen) log_candidate(map, p, &f, hidden, "top_unseen");
    HeadDetection d;
    const auto px = head_pixel(map, f.centre_m, p.h);
    if (top_seen) log_candidate(map, p, &f, hidden, px ? "head" : "image_edge");
    if (!px) continue;
    d.head_px = *px;
    d.stature_m = stature;
    d.floor_m = rim ? rim->centre_m : floor_point(map, f, stature, top);
    d.score = std::clamp(static_cast<double>(f.ring_drop) / f.ring_total, 0.0, 1.0);
    d.child = params_.child_height_m > 0 && d.stature_m < params_.child_height_m;
    d.cut_toward = cut;
    (top_seen ? out : cut_heads_).push_back(d);
  }
  raw_.release();  // the map's buffer: not held past this frame
  return out;
}

}  // namespace hc::perception
