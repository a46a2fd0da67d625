// Head detection in the height map's top view (metres above the floor per floor cell): local
// maxima within the target height range that have a head-and-shoulders profile, one per person
// even when people touch. A person is detected once their head is well inside the
// image. O(cells x window) per frame; a few hundred microseconds at 4 cm cells.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "core/geometry.h"
#include "stereo/height_map.h"

namespace hc::perception {

struct HeadDetection {
  core::Point2 floor_m;  // floor point below the head centre, metres
  double stature_m = 0;  // head-top height above the floor, metres
  double score = 0;      // 0..1, fraction of the shoulder ring clearly below the head
  core::Point2 head_px;  // head centre in the left image, pixels
  bool child = false;    // stature below HeadDetectorParameters::child_height_m
  // A head cut by the edge of the view (HeadDetector::cut_heads): bit k is set where the view
  // ends near its top (HeadDetector::top_cut) in floor direction k * 45 degrees (from the floor's
  // +x axis towards +y). 0 for a head seen whole.
  uint8_t cut_toward = 0;
};

// One candidate peak the detector examined and its verdict, for diagnosis (`headcount replay
// --candidates`): "head", or the test that refused it: near_head (within nms_radius of a head
// already accepted), joined (rises to something higher within nms_radius without a saddle
// between: part of that body, not a peak of its own), ring_unmeasured, cap, no_drop, flat_top,
// dome, ring_out_of_view, ring_unseen, saddle, top_unseen (accepted as a peak, but the view
// around its top is cut), image_edge (accepted, but its top too near the image's edge to place).
struct HeadCandidate {
  core::Point2 floor_m;            // centre of the peak's top-view cell, metres
  double peak_m = 0, top_m = 0;    // the peak cell's height; the cap's level (0: not judged)
  int cap_in = 0, cap_total = 0;   // cap disk cells within cap_depth of the peak, all
  int ring_seen = 0, ring_all = 0, ring_drop = 0, ring_level = 0;  // shoulder ring cells
  int ring_hidden = -1;            // unseen ring cells in occlusion shadows (-1: not asked)
  int wide_in = 0, wide_seen = 0;  // the circle at wide_radius: cells still in the cap, seen
  int wide_centred_in = 0, wide_centred_seen = 0;  // the same circle around the cap's centre
  const char* verdict = "";
};

struct HeadDetectorParameters {
  double min_height_m = 1.0;    // the configuration's min/max target height
  double max_height_m = 2.2;
  double child_height_m = 0.0;  // 0: no child flag
  double nms_radius_m = 0.20;   // no two heads closer (one head is ~0.16 m wide)
  double peak_radius_m = 0.10;  // a candidate is the highest cell within this (a head's half
                                // breadth and a cell), and parted by a saddle from every higher
                                // cell within nms_radius: a child's head beside an adult's
                                // shoulder is a peak, a backpack below its wearer's shoulders not
  double cap_depth_m = 0.10;    // the head's top cap: within this of the top
  double cap_radius_m = 0.06;   // the cap must fill this disk (a cart's corner or edge does not)
  double min_cap_fill = 0.7;
  double ring_inner_m = 0.20;   // shoulder ring around the head centre
  double ring_outer_m = 0.34;
  double shoulder_drop_m = 0.12;  // ring cells this far below the top count as "dropped"
  double min_ring_drop = 0.35;    // below this fraction: not a head at all
  double min_ring_seen = 0.5;     // fraction of the ring that must be seen (not NaN, in view) or
                                  // lie in an occlusion shadow (in view, its floor hidden from
                                  // the camera by a higher cell: the head's own body, a neighbour),
                                  // of the part of the ring in view at the shoulders' level ...
  double max_ring_out_of_view = 0.5;  // ... if no more than this of it is out of view (at a
                                      // 2.2 m mount a 1.9 m head's ring never fits in view)
  double min_ring_measured = 0.2;  // ... and of it at least this fraction seen, to judge the drop on
  double max_ring_level = 0.25;   // above this fraction of the ring level with the top (within a
                                  // shoulder drop below, a cap depth above): flat top
  double wide_radius_m = 0.18;    // a head's cap ends before this radius (hat brims included) ...
  double max_wide_cap = 0.6;      // ... so a cap covering more of that circle is a dome (stroller
                                  // canopy, round bin), not a head
  double wide_depth_m = 0.13;     // "covering": within this of the top (a dome 0.46 m wide has
                                  // dropped 11 cm at 0.18 m; a head's shoulders 0.18 m or more)
  double min_wide_seen = 0.5;     // the circle is judged only with at least this fraction of it
                                  // seen, of its cells seen or in an occlusion shadow: at a low
                                  // mount a hat's brim hides the shoulders and the floor around
                                  // it, and the few cells seen reach into the brim
  double saddle_drop_m = 0.10;    // two peaks without this dip between them are one person
  double merge_distance_m = 0.5;  // peaks farther apart are never merged
  double head_centre_below_top_m = 0.05;  // for head_px: the visible head centre below its top
  double head_blob_depth_m = 0.10;  // for head_px: image pixels this close to the top are the head
  double stature_radius_m = 0.04;  // stature: median pixel height within this of the head top
  double apex_max_shift_m = 0.06;  // a head's floor point: the apex of its cap, if within this of
                                   // the cap's centroid (else the fit is not trusted; 0: centroid)
  double apex_depth_m = 0.07;      // ... fitted to the cap's cells within this of its level
  double head_half_width_m = 0.08;  // a head's half breadth: a cap cut by the edge of the view
                                     // is re-centred on a head this wide (0: left as seen)
  double edge_margin_m = 0.02;    // the head top must be this far (at its height) inside the image
  double seen_top_radius_m = 0.04;  // the view must reach this far around a peak's cell at its
                                    // height (top_unseen): else a higher head may stand there
                                    // unseen (0: no such test) ...
  double seen_apex_radius_m = 0.03;  // ... or this far around the apex of its cap, where that is
                                     // fitted (HeadDetector::top_cut; 0: around the cell)
  // A head near the edge of the view, whose cap depth noise does not lift, is placed and judged
  // by the rim of its cap instead (HeadDetector::edge_rim; rim_depth_m 0: never) ...
  double rim_depth_m = 0.03;          // ... the cap's pixels within this of its top
  double rim_search_radius_m = 0.22;  // ... a cap reaching farther from its centroid is no head's
  int rim_min_points = 12;            // ... the fit needs this many rim points (level crossings)
  double rim_step_m = 0.03;           // ... a crossing whose outer pixel lies this far below the
                                      // level is a step (a limb, a brim), used on the near side only
  double rim_max_rms_m = 0.01;        // ... the points must lie within this (RMS) of an ellipse
  double rim_min_semi_axis_m = 0.02;  // ... whose semi-axes are at least this
  double seen_rim_radius_m = 0.01;    // its top is seen if the view reaches this far around the
                                      // rim's centre at the stature
  double beside_radius_m = 0.08;     // a seen cell within this of a peak, higher than it by
  double beside_rise_m = 0.04;       // more than this (and by no more than beside_max_rise_m)
  double beside_max_rise_m = 0.40;   // and cut by the edge of the view at its own height, seen
  double beside_edge_px = 1.0;       // by pixels this near the edge, is the foot of something
                                     // whose top is unseen (HeadDetector::higher_cut_beside;
                                     // radius 0: no such test)
};

class HeadDetector {
 public:
  explicit HeadDetector(const HeadDetectorParameters& parameters = {});
  std::vector<HeadDetection> detect(const stereo::HeightMap& map);
  const HeadDetectorParameters& parameters() const { return params_; }
  // The floor points (cell centres) of the last detect() call's peaks that could not be judged
  // because too little of their shoulder ring was seen (ring_unmeasured, ring_out_of_view,
  // ring_unseen): at a low mount a head whose hat brim or own body hides its shoulders and the
  // floor around them looks like this for a few frames. Not detections: the tracker lets one
  // keep a new track alive and, right where a track seen twice is predicted, stand in for one
  // hit towards its confirmation; never start a track.
  const std::vector<core::Point2>& unjudged() const { return unjudged_; }
  // The last detect() call's peaks that pass every profile test but whose top the view does not
  // reach all round (top_unseen): at a low mount a tall head walking out of the view, its top cut
  // by the image's edge. Its stature is a lower bound (the top may lie beyond the edge) and its
  // centre is re-centred as for a head cut by the edge. Not detections: the tracker lets one
  // continue a confirmed track (a weak detection), or stand in for the third hit of a tentative
  // track seen whole twice, never start one.
  const std::vector<HeadDetection>& cut_heads() const { return cut_heads_; }
  // Every candidate of each detect() call and its verdict go to `log` (cleared per call) while it
  // is set; nullptr (the default) records nothing.
  void set_candidate_log(std::vector<HeadCandidate>* log) { candidate_log_ = log; }

 private:
  std::optional<core::Point2> head_pixel(const stereo::HeightMap& map, core::Point2 floor_m,
                                         double stature_m) const;

  struct Profile {
    int cap_in = 0, cap_total = 0;  // cap disk cells within cap_depth of the peak, all of them
    int ring_drop = 0, ring_level = 0, ring_total = 0, ring_all = 0;  // seen shoulder-ring cells
    struct Circle {
      int in = 0, seen = 0;  // seen cells of the circle at wide_radius still in the cap ...
      int shadow = 0;        // ... and its unseen cells in occlusion shadows
    };
    Circle wide, wide_centred;  // around the peak, and around the cap's centre (count_wide_circle,
                                // once the earlier tests pass)
    core::Point2 centre_m;           // centre of the cap, floor metres
    float top = 0;                   // the cap's level (top_level)
  };
  core::Point2 uncut(const stereo::HeightMap& map, core::Point2 floor_m, double height_m) const;
  struct Rim {
    core::Point2 centre_m;  // of the ellipse fitted to the cap's seen rim, floor metres
  };
  // The rim of the cap at floor_m, for a cap within rim_search_radius_m of the edge of the view;
  // nullopt elsewhere, or where the rim seen is too short or too far from an ellipse to fit.
  std::optional<Rim> edge_rim(const stereo::HeightMap& map, core::Point2 floor_m,
                             double stature_m) const;
  struct PixelDisc {
    int u, v, r;  // centre and radius, pixels
  };
  bool trace_rim(const stereo::HeightMap& map, core::Point2 floor_m, double stature_m,
                 PixelDisc disc) const;
  core::Point2 unlift(const stereo::HeightMap& map, core::Point2 floor_m, double cap_level,
                      double stature_m) const;
  float top_level(int col, int row, float peak_h) const;
  // Pixels below `lowest` are left out of the median.
  double top_height(const stereo::HeightMap& map, core::Point2 floor_m, double peak_h,
                    double lowest = -std::numeric_limits<double>::infinity()) const;
  Profile profile(const stereo::HeightMap& map, int col, int row, float peak_h) const;
  struct Peak {
    int col, row;
    float h;
  };
  // Step 5: where a head lies on the floor, given its stature and the apex of its cap if fitted.
  core::Point2 floor_point(const stereo::HeightMap& map, const Profile& f, double stature_m,
                           std::optional<core::Point2> apex) const;
  static bool lifted(const Profile& f, double stature_m);
  // The apex of a quadric fitted to the seen cells of p's cap; nullopt where the fit fails.
  std::optional<core::Point2> apex(const stereo::HeightMap& map, const Peak& p,
                                   const Profile& f) const;
  // The lowest cell of clean_ on the straight path from peak p to cell (col, row), p included.
  float lowest_between(const Peak& p, int col, int row) const;
  // Whether a cell higher than peak p within nms_radius is joined to it without a saddle.
  bool joined_to_higher(const Peak& p) const;
  void count_wide_circle(const stereo::HeightMap& map, const Peak& p, Profile& f) const;
  // The circle at wide_radius around top-view point (col, row), fractional cells.
  Profile::Circle wide_circle(const stereo::HeightMap& map, const Peak& p, double col, double row,
                              double top) const;
  bool is_dome(const Profile::Circle& c) const;
  // Whether the cell beyond circle cell (rr, cc), outwards from (col, row), is in an occlusion
  // shadow.
  bool shadow_beyond(const stereo::HeightMap& map, double col, double row, int rr, int cc,
                     double level) const;
  bool in_shadow(const stereo::HeightMap& map, int col, int row, double level) const;
  const char* refusal(const stereo::HeightMap& map, const Peak& p, Profile& f,
                      const std::vector<Peak>& accepted, int& hidden) const;
  void log_candidate(const stereo::HeightMap& map, const Peak& p, const Profile* f, int hidden,
                     const char* verdict) const;
  struct RingShadow {
    int hidden = 0;       // unseen ring cells in occlusion shadows ...
    int dropped = 0;      // ... but these, in sight a shoulder drop below the top
    int out_of_view = 0;  // ring cells beyond the edge of the view at the shoulders' level
  };
  RingShadow ring_shadow(const stereo::HeightMap& map, int col, int row, double level) const;
  // For a stereo map, the left image's first columns that the pair cannot measure at depth z
  // (metres along the optical axis); 0 for a depth camera's map.
  static double unmatched_columns(const stereo::HeightMap& map, double z);
  static double pixel_margin(const stereo::HeightMap& map, double u, double v, double z);
  bool in_view(const stereo::HeightMap& map, int col, int row, double level) const;
  bool in_view(const stereo::HeightMap& map, core::Point2 floor_m, double level) const;
  // The floor directions (HeadDetection::cut_toward) in which the view does not reach around peak
  // p (around its cap's apex where that is fitted); 0 when its top is seen whole.
  uint8_t top_cut(const stereo::HeightMap& map, const Peak& p,
                  std::optional<core::Point2> apex) const;
  // top_cut for a cap whose rim is fitted: 0 where the view reaches seen_rim_radius_m around the
  // rim's centre at the stature; else the directions in which the view ends beyond the peak.
  uint8_t rim_cut(const stereo::HeightMap& map, const Peak& p, std::optional<core::Point2> apex,
                  const Rim& rim, double stature_m) const;
  // For seen cells beside peak p that stand above it and that the edge of the view cuts at their
  // height, the directions in which that edge lies (top_cut's meaning: the way out of the view,
  // for the tracker); 0 where none is cut.
  uint8_t higher_cut_beside(const stereo::HeightMap& map, const Peak& p) const;
  // Pixels from the point `level` above floor point q to the nearest edge of the view (negative
  // beyond it), and the floor directions in which that edge lies.
  double view_margin(const stereo::HeightMap& map, core::Point2 q, double level) const;
  // The least view margin of the pixels that make top-view cell (cc, rr) as high as `level`.
  double grazing_margin(const stereo::HeightMap& map, int cc, int rr, double level) const;
  uint8_t outward(const stereo::HeightMap& map, core::Point2 q, double level) const;
  // The floor directions in which the view ends within `radius` of
  // floor point `top` at height `level`; 0 when it reaches that far all round.
  uint8_t cut_toward(const stereo::HeightMap& map, core::Point2 top, double level,
                     double radius) const;
  bool floor_hidden(const stereo::HeightMap& map, int col, int row) const;
  bool behind_own_head(const stereo::HeightMap& map, int col, int row, int cc, int rr) const;
  bool matched_up_the_ray(const stereo::HeightMap& map, int col, int row, double level) const;
  struct Eye;
  bool hidden_from(const stereo::HeightMap& map, const Eye& e, int col, int row,
                   double height) const;

  HeadDetectorParameters params_;
  cv::Mat raw_;                  // during detect(): the map's top view (NaN: unseen)
  double cell_ = 0.04;
  cv::Mat clean_, dilated_;      // reused buffers
  struct Eye {                   // a camera's centre over the top view: floor point, height
    double x, y, h;
  };
  std::vector<Eye> eyes_;        // during detect(): the camera (and a stereo pair's right one)
  float highest_ = 0;            // during detect(): the cleaned map's highest cell
  mutable std::vector<float> levels_;
  mutable cv::Mat rim_mask_;  // trace_rim's fill mask, reused
  mutable std::vector<core::Point2> rim_points_;
  std::vector<HeadCandidate>* candidate_log_ = nullptr;
  std::vector<core::Point2> unjudged_;
  std::vector<HeadDetection> cut_heads_;
};

}  // namespace hc::perception
