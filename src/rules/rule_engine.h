// The rule engine (the guide's section 5.2): detection lines with hysteresis and optional U-turn
// areas, regions with pass-by filtering and dwell time, cumulative counters, manual and scheduled
// resets. Input per frame: the confirmed tracks; output: CountEvents. It does no I/O and never
// blocks: update() is O(tracks x rule vertices).
//
// Geometry: lines and regions are drawn in left rectified image pixels and projected onto a plane
// in metres: the floor (height 0) in "feet" mode, the plane at each person's stature in "heads"
// mode (equivalent to testing the head pixel against the drawn line). A person is then tested by
// their floor position (the floor point below the head).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/floor_geometry.h"
#include "rules/count_event.h"
#include "rules/rules_config.h"

namespace hc::rules {

// One confirmed track as the rules see it.
struct TrackedPerson {
  int64_t id = 0;
  core::Point2 floor_m;   // floor point below the head, metres (floor frame)
  double stature_m = 1.7; // head-top height above the floor, metres
  bool child = false;     // shorter than the child filter height (meaningful when differentiation is on)
  Gender gender = Gender::kUnknown;
  core::Point2 head_px;   // head in the left rectified image, pixels (for overlays)
  // Where and when (Unix seconds) the track was first detected, before it was confirmed: a track
  // is handed over only after a few hits, and near the line (low mounts, where a head is in view
  // for a few frames) those first steps may be the crossing itself. nullopt: unknown.
  std::optional<core::Point2> origin_m;
  double origin_t_s = 0.0;
  // When the track was last detected (Unix seconds; it may have coasted since, reported where it
  // was then) and its velocity then (metres per second): where a person held unseen went from.
  // seen_t_s 0: unknown, taken as the last frame reported.
  double seen_t_s = 0.0;
  core::Point2 velocity_mps;
};

struct LineCounts {
  int64_t in = 0, out = 0;
  int64_t male_in = 0, male_out = 0, female_in = 0, female_out = 0;
  int64_t children_in = 0, children_out = 0;
  // The guide's payloads report capacity_counted as the magnitude of in - out.
  int64_t capacity() const { return in > out ? in - out : out - in; }
  // "Children Excluded" view.
  int64_t adult_in() const { return in - children_in; }
  int64_t adult_out() const { return out - children_out; }
};

struct DwellStats {  // over the period since the last reset, milliseconds
  int64_t count = 0, total_ms = 0, max_ms = 0;
  int64_t avg_ms() const { return count ? total_ms / count : 0; }
};

struct RegionState {
  int current_total = 0, current_male = 0, current_female = 0, current_children = 0;
  DwellStats all, male, female, children;
};

struct RuleOutput {
  std::vector<CountEvent> events;
  std::optional<CountReset> reset;  // a scheduled reset happened in this frame (before the events)
};

class RuleEngine {
 public:
  // Throws std::invalid_argument when a rule cannot be projected (e.g. a vertex above the horizon).
  RuleEngine(RulesConfig config, const core::FloorGeometry& geometry);

  // t_s: Unix time of the frame, seconds, non-decreasing. Tracks absent from `people` have ended,
  // except those in `held`: people the tracker has lost but may still find again (hidden under a
  // neighbour; track::Tracker::lost_ids()). A held person keeps their line sides, region entry times
  // and region counts, unchanged, until they come back under the same id (their next position
  // then continues their path, so a crossing made unseen counts once) or are no longer held; then
  // they end as they were when last seen, a dwell episode at the time they were lost.
  RuleOutput update(double t_s, const std::vector<TrackedPerson>& people,
                    const std::vector<int64_t>& held = {});
  // Manual reset: clears the cumulative line counts and the dwell statistics (not who is inside).
  CountReset reset(double t_s);

  const RulesConfig& config() const { return config_; }
  const std::vector<LineCounts>& line_counts() const { return line_counts_; }
  const std::vector<RegionState>& region_states() const { return region_states_; }
  // The plane polylines for a person of the given stature (metres), for overlays and tests.
  core::Polyline projected_line(size_t line, double stature_m) const;

 private:
  struct LineTrack {
    int side = 0;  // -1 left of the line (on screen), +1 right, 0 not yet known
    int first_sign = 2;  // the side of the person's first position, band or not (2: none yet)
    double travel_m = 0;   // path length walked since the last side change
    bool crossed = false;  // the path crossed the polyline since the anchor
    bool in_area = false;  // inside the U-turn area
    int entry_side = 0;    // side of the line where the person entered the U-turn area
    double cross_t = 0.0;  // Unix time the path last crossed the polyline (interpolated)
  };
  struct RegionTrack {
    bool inside = false;
    bool counted = false;  // past the pass-by filter, part of the current count
    double enter_t = 0.0;
  };
  struct PersonState {
    bool has_prev = false;
    double prev_t = 0.0;             // Unix time of the previous position
    double prev_h = 0.0;             // the height its lines were projected at then (heads mode)
    std::vector<core::Point2> prev;  // previous plane position per line
    std::vector<LineTrack> lines;
    std::vector<RegionTrack> regions;
    TrackedPerson last;
    std::optional<double> held_since;  // Unix time of the first frame it was held, while held
    bool returning = false;            // back in this frame after being held
  };

  core::Point2 project(core::Point2 px, double height_m) const;
  // Every vertex of a drawn line or polygon onto the plane at height_m.
  std::vector<core::Point2> project(const std::vector<core::Point2>& px, double height_m) const;
  double plane_height(const TrackedPerson& p) const;
  void update_line(size_t li, PersonState& s, const TrackedPerson& p, double t, bool ended,
                   std::vector<CountEvent>& out);
  // Counts a crossing confirmed at frame time t, stamped with the crossing instant (see
  // CountEvent::t_s).
  void count_crossing(size_t li, Direction d, const TrackedPerson& p, double t, double cross_t,
                      std::vector<CountEvent>& out);
  // ended: the person's track ended at end_t (<= t), the frame time.
  void update_region(size_t ri, PersonState& s, const TrackedPerson& p, double t, bool ended,
                     std::vector<CountEvent>& out, double end_t = 0.0);
  void emit_region_count(size_t ri, double t, std::vector<CountEvent>& out) const;
  bool scheduled_reset_due(double t_s);

  RulesConfig config_;
  core::FloorGeometry geometry_;
  std::vector<LineCounts> line_counts_;
  std::vector<RegionState> region_states_;
  std::map<int64_t, PersonState> people_;
  std::optional<double> last_t_;
};

}  // namespace hc::rules
