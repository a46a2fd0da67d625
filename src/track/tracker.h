// Multi-object tracker on the floor plane (metres): a constant-velocity Kalman filter per track,
// Hungarian assignment of strong detections within a gate (and, for a confirmed track, within a
// stature gate), a second pass that lets weak detections keep existing tracks alive (never start
// new ones), confirmation after a few hits (a tentative track seen twice survives a short gap;
// a peak the detector could not judge, right where it is predicted, or a head cut by the edge of
// the view that it walks out through, stands in for one hit),
// coasting through short misses so IDs survive brief occlusions, and re-identification of a
// person hidden for longer: a confirmed track whose coast ran out without leaving the image waits
// in a lost pool, and a new track confirmed near where it was lost, of the same stature, takes
// over its identity.
// O(T x D) gating plus O(n^3) assignment.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/geometry.h"

namespace hc::track {

// One head detection on the floor plane.
struct Detection {
  core::Point2 floor_m;     // floor point below the head, metres
  double stature_m = 1.7;   // head-top height above the floor, metres
  double score = 1.0;       // 0..1: how head-like; below TrackerParameters::strong_score is weak
  core::Point2 head_px;     // head in the left image, pixels (overlays)
  double male_probability = -1.0;  // from a gender classifier; < 0 when none ran
  // The head's top is cut by the edge of the view (perception::HeadDetection::cut_toward): bit k
  // is set where the view ends in floor direction k * 45 degrees from +x towards +y. stature_m is
  // then a lower bound, not sampled into the track's stature. 0: a head seen whole.
  uint8_t cut_toward = 0;
  bool top_cut() const { return cut_toward != 0; }
};

enum class TrackState { kTentative, kConfirmed, kCoasting };

struct PathPoint {
  double t_s;
  core::Point2 floor_m;
};

struct Track {
  int64_t id = 0;
  TrackState state = TrackState::kTentative;
  core::Point2 floor_m;      // filtered position (last corrected one while coasting), metres
  core::Point2 velocity_mps;
  double stature_m = 0.0;    // median of the per-detection statures
  bool child = false;        // stature below TrackerParameters::child_height_m
  double male_probability = -1.0;  // mean over detections that had one; < 0 unknown
  core::Point2 head_px;
  double head_px_t_s = 0.0;         // when head_px was seen: the last head seen whole (a head
                                    // cut by the edge of the view has its centroid held there)
  core::Point2 first_head_px;       // where it was first detected in the image, pixels
  core::Point2 head_velocity_pxps;  // smoothed image motion of the head, pixels per second
  int hits = 0;
  // Frames a tentative track missed with a peak the detector could not judge within
  // TrackerParameters::unjudged_hit_radius_m of its prediction (Tracker::update's `unjudged`): at
  // most one of them stands in for a hit towards confirmation.
  int unjudged_hits = 0;
  // Heads cut by the edge of the view a tentative track seen whole at least twice took
  // (Tracker::takes_cut_head): with unjudged_hits, at most one stands in for a hit.
  int cut_head_hits = 0;
  double first_t_s = 0.0, last_seen_t_s = 0.0;
  std::deque<PathPoint> path;  // most recent TrackerParameters::max_path_points
  // Where a tentative track's head was seen but not whole the frame before its first detection
  // (Tracker::first_place); put at the start of its path when it is confirmed walking on from it.
  std::optional<PathPoint> seen_before;
};

struct TrackerParameters {
  double gate_m = 0.7;           // largest distance from the prediction for a match
  double confirmed_gate_m = 0.55; // the same for a confirmed track: its motion is known, and a
                                  // head that far off its prediction is a neighbour
  // Both gates grow with the time a track went unseen (by 1 + the seconds unseen), a tentative
  // one's to twice its size, a confirmed one's to this many times: a confirmed track that coasts
  // on a wrong velocity (its person turned and left the view) took a newcomer's head 0.91 m off
  // at 0.99 m (docs/accuracy.md, change 20).
  double confirmed_gate_growth_max = 1.5;
  // Assignment cost per metre of stature difference, added to the distance (metres): of two
  // tracks near a head, the one of its height takes it. Two people side by side (an adult, a child
  // under their chin) are told apart by height when their predictions are a few cm apart; one
  // person's stature estimates vary by a few cm, so their cost hardly moves.
  double stature_cost = 0.5;
  // A confirmed track whose stature rests on at least stature_gate_samples detections never takes
  // a head more than stature_gate_m shorter or taller than its median: it coasts instead. Its own
  // person's head, refused for a frame, is found again next frame; the head it could take is a
  // neighbour's (a child beside an adult, newly seen), and taking it loses the adult's crossing.
  // 0.25 m: several times the few centimetres one person's estimates vary by, and short of the
  // 0.31 m between a 1.64 m adult walking out and a 1.33 m child walking in at the same spot
  // (docs/accuracy.md, change 19). 0: no stature gate.
  double stature_gate_m = 0.25;
  size_t stature_gate_samples = 10;
  // A confirmed track walking at least heading_min_speed_mps takes no head farther than
  // heading_gate_m across its heading from its prediction, plus heading_gate_growth_mps per second
  // it went unseen: walking, a person steps aside a few centimetres a frame, and a head that far
  // to the side is someone else's. Lanes are about 0.5 m apart: where a person walks out of the
  // view and another walks in beside them, the track would take the newcomer, with the first
  // person's stature and child flag, and walk them back across the line. 0: no such gate.
  double heading_gate_m = 0.3;
  double heading_gate_growth_mps = 0.5;
  double heading_min_speed_mps = 0.5;
  double strong_score = 0.5;     // detections below it only extend existing tracks
  double cut_head_taller_m = 0.1;  // a head cut by the view's edge (Detection::cut_toward) reading
                                   // more than this above a track's stature is not its head
  double cut_head_max_gap_s = 0.2;  // ... nor one after the track went unseen longer than this
  double cut_head_gate_m = 0.3;     // ... nor one this far or farther from its prediction
  int confirm_hits = 3;          // hits before a track is confirmed
  // A tentative track seen at least twice survives misses this long, so a person whose head is
  // refused for a few frames (its shoulder ring hidden at a low mount) is still confirmed when it
  // is seen again; one seen once dies at its first miss, and a blip seen twice and never again is
  // never confirmed. Once the image is known, not near its border (relink_border): a head cut by
  // the border comes and goes as its person walks in or out, and is confirmed once in view.
  // 0: every tentative track dies at its first miss.
  double tentative_coast_s = 0.3;
  // A tentative track that misses a frame with an unjudged peak this near its prediction counts
  // it towards confirmation, once (Track::unjudged_hits): its own head, its shoulders hidden
  // under the lens. Two heads are rarely this close; the keep-alive above reaches a whole gate.
  // And a track with such a peak, or a head cut by the edge of the view, at its prediction takes
  // no detection this far off or farther (a neighbour's head): it coasts, and finds its own head
  // again. 0: neither.
  double unjudged_hit_radius_m = 0.3;
  // A new track's path starts where its head was seen but not whole the frame before its first
  // detection: the peak the detector could not judge, or the head cut by the edge of the view
  // that no track took, nearest within this speed's reach of it, if the track, once confirmed,
  // walks on from there (within 60 degrees of its velocity); a step back along its walk, as far
  // as that place lies behind it. Under a low lens a tall head's shoulders are hidden right below
  // it, so it may first be judged a step past the line it crossed there (Tracker::first_place,
  // start_where_seen_before). 0: a path starts at its first detection.
  double first_place_reach_mps = 2.5;
  double max_coast_s = 0.8;      // a confirmed track survives this long without detections ...
  double still_speed_mps = 0.3;  // ... and one slower than this (standing: in a queue, at a shelf)
  double still_window_s = 1.0;   // over its last this many seconds seen (its filter's speed and its
                                 // path's displacement both)
  double max_still_coast_s = 2.0; // this long: a person standing still who is briefly lost keeps
                                  // their identity (and a region its occupant)
  // Re-identification. A confirmed track whose coast ran out while its head was still in the
  // image (hidden under a taller neighbour, crouching, missed) is kept, unseen, in a lost pool.
  // A new track confirmed within relink_s of the lost one last being seen, born within the gate of
  // where it was lost and with a stature within relink_stature_m of its median, continues it: it
  // takes the lost track's id, first time, path and stature samples. 0: no pool.
  double relink_s = 6.0;
  double relink_gate_m = 0.5;           // the gate at once ...
  double relink_gate_growth_mps = 0.1;  // ... growing this much per second the track was unseen ...
  double relink_max_gate_m = 1.0;       // ... up to this (a hidden person hardly moves; a new
                                        // person entering is usually further off)
  double relink_stature_m = 0.2;        // two people differ more; one person's estimates less
  // A new track walking towards where the lost one was, born at least this far short of it
  // along its walk, is someone else (walks_back), as is one walking opposite to the lost one
  // (walking_apart). 0: no such backtrack test.
  double relink_backtrack_m = 0.25;
  // Once the image is known (set_view_px): a track lost with its head this near the image border
  // (a fraction of the image's smaller side) has most likely walked out, and one born this near
  // it walked in; neither is re-identified.
  double relink_border = 0.1;
  double process_accel_mps2 = 3.0;  // white-acceleration noise of the constant-velocity model
  double measurement_sigma_m = 0.05;
  double child_height_m = 0.0;   // 0: no child flag
  size_t max_path_points = 300;
  size_t stature_samples = 61;   // window of the median
};

class Tracker {
 public:
  explicit Tracker(const TrackerParameters& parameters = {});
  // t_s non-decreasing. Returns every live track (tentative ones included; check state).
  // `unjudged`: floor points where the detector found a peak it could not judge (its shoulder
  // ring unseen, HeadDetector::unjudged); a tentative track seen once that misses a frame with
  // one within its gate (or a head cut by the edge of the view, among `detections`, that no track
  // took) survives the miss (up to tentative_coast_s), as one seen twice does, and
  // one within unjudged_hit_radius_m of its prediction stands in for a hit (Track::unjudged_hits)
  // and keeps any track from taking a detection that far off or farther.
  const std::vector<Track>& update(double t_s, const std::vector<Detection>& detections,
                                   const std::vector<core::Point2>& unjudged = {});
  const std::vector<Track>& tracks() const { return tracks_; }
  // The ids of the lost pool (see TrackerParameters::relink_s): tracks that may still be
  // continued. Their ids are not reused by anyone else.
  std::vector<int64_t> lost_ids() const;
  // The image the head pixels live in. Once known, a track that misses its detection while its
  // head is predicted outside the image has left the view and ends at once instead of coasting:
  // nothing there can be seen, so any detection it could take is someone else (a person entering
  // where another left). 0 x 0: unknown, coasting only.
  void set_view_px(int width, int height) {
    view_w_ = width;
    view_h_ = height;
  }
  void clear();

 private:
  // The matching gate of track i at time t_s (widening while it is unseen).
  double gate(size_t i, double t_s) const;
  // The distance from track i's prediction to floor point q.
  double from_prediction(size_t i, core::Point2 q) const;
  // Whether floor point q lies beyond track i's heading gate (TrackerParameters::heading_gate_m).
  bool across_heading(size_t i, core::Point2 q, double t_s) const;
  // The distance from track i's prediction to the nearest peak the detector could not judge
  // (infinity when there is none).
  double nearest_unjudged(size_t i, const std::vector<core::Point2>& unjudged) const;
  // ... and to the nearest head cut by the edge of the view that no track took (infinity when
  // there is none): like an unjudged peak, a head the detector saw but could not see whole.
  double nearest_cut_head(size_t i, const std::vector<Detection>& detections,
                          const std::vector<char>& used) const;
  static double stature_difference(const Detection& d, const Track& tr);
  bool takes_cut_head(const Track& tr, const Detection& d, double t_s, double distance_m) const;
  struct Filter {  // independent x and y constant-velocity filters share one covariance
    double x[2]{}, y[2]{};  // position, velocity
    double p[2][2]{};
  };
  bool walking_apart(core::Point2 a_mps, core::Point2 b_mps) const;
  bool walks_back(const Track& tr, core::Point2 lost) const;
  void predict(Filter& f, double dt) const;
  void correct(Filter& f, core::Point2 z) const;
  void apply(size_t ti, const Detection& d, double t_s);
  // Confirms tentative track ti once its hits suffice (see Track::unjudged_hits).
  void confirm_if_due(size_t ti);
  // A newly confirmed track continues the best-matching lost one, if any (see relink_s).
  void relink(size_t ti);
  void set_stature(Track& tr, const std::vector<double>& samples) const;  // median, child flag

  TrackerParameters params_;
  std::vector<Track> tracks_;
  std::vector<Filter> filters_;
  std::vector<std::vector<double>> statures_;
  std::vector<std::pair<double, int>> male_;  // sum, count
  struct Lost {  // a track in the lost pool, as it was last seen
    Track track;
    std::vector<double> statures;
    std::pair<double, int> male;
  };
  std::vector<Lost> lost_;
  bool left_view(const Track& tr, double t_s) const;
  bool near_border(core::Point2 px) const;  // see relink_border
  double max_coast(const Track& tr) const;

  void start_where_seen_before(Track& tr) const;
  // Where the earliest place of a new track first detected at floor point q at t_s lies: the
  // nearest of the last frame's heads seen but not whole within reach, or nullopt.
  std::optional<core::Point2> first_place(core::Point2 q, double t_s) const;

  int view_w_ = 0, view_h_ = 0;
  // The last frame's peaks the detector could not judge and heads cut by the edge no track took.
  std::vector<core::Point2> unseen_whole_;
  double unseen_whole_t_s_ = 0.0;
  int64_t next_id_ = 1;
  double last_t_ = 0.0;
  bool started_ = false;
};

}  // namespace hc::track
