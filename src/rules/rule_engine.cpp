// Rule evaluation per frame. Lines: a side state machine with a hysteresis band (metres) around
// the projected polyline; a side change counts only if the path really crossed the polyline (so
// walking round the end of a broken line does not count) and the person travelled at least
// min_travel_m; the first firm side counts too when the person was first seen on the other side,
// inside the band (low mounts: a tall head is in view only around the line). U-turn areas: count
// on leaving the area on the other side of the line than the entry side. A count is stamped with
// the interpolated instant its path crossed the line, not the later frame that confirmed it
// (0.1-0.2 s after, past the hysteresis band). Regions: point-in-polygon with an exit band,
// pass-by timer, dwell episodes.
// Cost: O(people x (line vertices + region vertices)) per frame.
#include "rules/rule_engine.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <stdexcept>
#include <string>

namespace hc::rules {
namespace {

// Bound on how far before the confirming frame a crossing is stamped (CountEvent::t_s), so a
// consumer that has closed a period can tell how late an event for it may still come.
constexpr double kMaxCrossingLag_s = 2.0;

// The instant a straight step from signed distance d0 (time t0) to d1 (time t1) meets the line,
// linear in the distance; the step's end when it does not change sign (a broken line's corner).
double crossing_instant(double d0, double d1, double t0, double t1) {
  if ((d0 < 0) == (d1 < 0) || d0 == d1) return t1;
  return t0 + (t1 - t0) * d0 / (d0 - d1);
}

}  // namespace

RuleEngine::RuleEngine(RulesConfig config, const core::FloorGeometry& geometry)
    : config_(std::move(config)), geometry_(geometry) {
  line_counts_.resize(config_.lines.size());
  region_states_.resize(config_.regions.size());
  // Fail fast on rules that cannot be projected at the floor or at the tallest target height.
  auto check = [&](const std::vector<core::Point2>& pts, const std::string& path) {
    for (double h : {0.0, config_.max_target_height_m})
      for (auto p : pts)
        if (!geometry_.pixel_to_floor(p.x, p.y, h))
          throw std::invalid_argument(path + ": vertex (" + std::to_string(p.x) + ", " +
                                      std::to_string(p.y) +
                                      ") px does not reach the floor plane (above the horizon?)");
  };
  for (size_t i = 0; i < config_.lines.size(); ++i) {
    check(config_.lines[i].points_px, "rules.lines[" + std::to_string(i) + "].points");
    check(config_.lines[i].uturn_area_px, "rules.lines[" + std::to_string(i) + "].uturn_area");
  }
  for (size_t i = 0; i < config_.regions.size(); ++i)
    check(config_.regions[i].points_px, "rules.regions[" + std::to_string(i) + "].points");
}

core::Point2 RuleEngine::project(core::Point2 px, double height_m) const {
  auto p = geometry_.pixel_to_floor(px.x, px.y, height_m);
  if (!p)
    throw std::invalid_argument("rule vertex (" + std::to_string(px.x) + ", " +
                                std::to_string(px.y) + ") px does not reach the floor plane");
  return *p;
}

double RuleEngine::plane_height(const TrackedPerson& p) const {
  if (config_.tracking_mode == TrackingMode::kFeet) return 0.0;
  // Heads are projected at the person's stature, clamped to the plausible range so a bad stature
  // estimate cannot push the plane above the camera.
  return std::clamp(p.stature_m, 0.0, std::min(config_.max_target_height_m,
                                               geometry_.plane().installation_height_m() - 0.2));
}

std::vector<core::Point2> RuleEngine::project(const std::vector<core::Point2>& px,
                                              double height_m) const {
  std::vector<core::Point2> out;
  out.reserve(px.size());
  for (auto p : px) out.push_back(project(p, height_m));
  return out;
}

core::Polyline RuleEngine::projected_line(size_t line, double stature_m) const {
  return project(config_.lines.at(line).points_px, stature_m);
}

RuleOutput RuleEngine::update(double t_s, const std::vector<TrackedPerson>& people,
                              const std::vector<int64_t>& held) {
  RuleOutput out;
  if (scheduled_reset_due(t_s)) out.reset = CountReset{t_s, true};
  last_t_ = t_s;
  std::map<int64_t, bool> seen;
  for (TrackedPerson p : people) {
    if (!config_.children_adult_differentiation) p.child = false;
    if (!config_.gender_recognition) p.gender = Gender::kUnknown;
    seen[p.id] = true;
    auto& s = people_[p.id];
    s.returning = s.held_since.has_value();
    s.held_since.reset();
    if (s.lines.empty() && !config_.lines.empty()) {
      s.lines.resize(config_.lines.size());
      s.prev.resize(config_.lines.size());
    }
    if (s.regions.empty()) s.regions.resize(config_.regions.size());
    if (!s.has_prev && p.origin_m && p.origin_t_s < t_s && config_.line_cross_counting) {
      // A new person's lines start where the track started, so the steps walked before it was
      // confirmed count towards a crossing.
      TrackedPerson origin = p;
      origin.floor_m = *p.origin_m;
      for (size_t i = 0; i < config_.lines.size(); ++i)
        update_line(i, s, origin, p.origin_t_s, false, out.events);
      s.has_prev = true;
      s.prev_t = p.origin_t_s;
      s.prev_h = plane_height(origin);
    }
    if (config_.line_cross_counting)
      for (size_t i = 0; i < config_.lines.size(); ++i) update_line(i, s, p, t_s, false, out.events);
    if (config_.region_monitoring)
      for (size_t i = 0; i < config_.regions.size(); ++i)
        update_region(i, s, p, t_s, false, out.events);
    s.has_prev = true;
    s.prev_t = t_s;
    s.prev_h = plane_height(p);
    s.last = p;
  }
  for (auto it = people_.begin(); it != people_.end();) {
    if (seen.count(it->first)) {
      ++it;
      continue;
    }
    auto& s = it->second;
    if (std::find(held.begin(), held.end(), it->first) != held.end()) {
      if (!s.held_since) s.held_since = t_s;
      ++it;
      continue;
    }
    if (config_.line_cross_counting)
      for (size_t i = 0; i < config_.lines.size(); ++i) update_line(i, s, s.last, t_s, true, out.events);
    if (config_.region_monitoring)
      for (size_t i = 0; i < config_.regions.size(); ++i)
        update_region(i, s, s.last, t_s, true, out.events, s.held_since.value_or(t_s));
    it = people_.erase(it);
  }
  return out;
}

void RuleEngine::update_line(size_t li, PersonState& s, const TrackedPerson& p, double t,
                             bool ended, std::vector<CountEvent>& out) {
  const auto& rule = config_.lines[li];
  const double h = plane_height(p);
  const core::Polyline line = project(rule.points_px, h);
  auto& lt = s.lines[li];
  const core::Point2 pos = p.floor_m;
  const double d = core::signed_distance_to_polyline(pos, line);
  if (lt.first_sign == 2 && !ended) lt.first_sign = d > 0 ? 1 : (d < 0 ? -1 : 0);
  if (!ended && s.has_prev) {
    // Heads are projected at the person's stature, which the tracker refines as it goes; with a
    // tilted camera or a line away from the image centre the line moves a few millimetres when it
    // changes. A step that starts within that of the line crosses the line the previous position
    // was judged against, but not this frame's (the start is past both): either one counts.
    const core::Polyline before = s.prev_h == h ? core::Polyline{} : project(rule.points_px, s.prev_h);
    const core::Polyline* crossed = core::path_crosses_polyline(s.prev[li], pos, line) ? &line
                                    : !before.empty() && core::path_crosses_polyline(s.prev[li], pos, before)
                                        ? &before
                                        : nullptr;
    if (crossed) {
      lt.crossed = true;
      lt.cross_t = crossing_instant(core::signed_distance_to_polyline(s.prev[li], *crossed),
                                    core::signed_distance_to_polyline(pos, *crossed), s.prev_t, t);
    }
    lt.travel_m += core::distance(s.prev[li], pos);
  }
  s.prev[li] = pos;
  const int firm = d > config_.hysteresis_m ? 1 : (d < -config_.hysteresis_m ? -1 : 0);

  if (config_.uturn_filtering && !rule.uturn_area_px.empty()) {
    const core::Polygon area = project(rule.uturn_area_px, h);
    const bool inside = !ended && core::point_in_polygon(pos, area);
    const int sign = d > 0 ? 1 : (d < 0 ? -1 : 0);
    if (inside && !lt.in_area) {
      lt.in_area = true;
      lt.entry_side = sign;
      lt.crossed = false;
    } else if (inside && lt.entry_side == 0) {
      lt.entry_side = sign;
      lt.crossed = false;
    } else if (!inside && lt.in_area) {
      lt.in_area = false;
      // A track that ends inside the area (walked out of view) must be firmly across.
      const int exit_side = ended ? firm : sign;
      if (lt.crossed && lt.entry_side != 0 && exit_side != 0 && exit_side != lt.entry_side)
        count_crossing(li, exit_side > 0 ? Direction::kIn : Direction::kOut, p, t, lt.cross_t, out);
      lt.crossed = false;
    }
    return;
  }

  if (ended || firm == 0) return;
  if (lt.side == 0) {
    // First firm side. A person first seen within the band on the other side walked over the
    // line: at a low mount a tall person's head is in view only a few tenths of a metre around
    // it, too short to be firm on both sides. One first seen on the line's own side stays
    // uncounted, as before.
    if (lt.crossed && lt.first_sign == -firm)
      count_crossing(li, firm > 0 ? Direction::kIn : Direction::kOut, p, t, lt.cross_t, out);
    lt.side = firm;
    lt.travel_m = 0;
    lt.crossed = false;
    return;
  }
  if (firm == lt.side) {  // back firmly on its side: a half crossing is forgotten
    lt.crossed = false;
    return;
  }
  // Firmly across but not yet min_travel_m from the last firm side: the next step decides (a
  // sway just across and back is forgotten above). Flipping the side here lost the crossing of
  // a person whose one step spanned the band and 0.6 cm less than min_travel_m (2.2 m suite).
  if (lt.crossed && lt.travel_m < config_.min_travel_m) return;
  if (lt.crossed)
    count_crossing(li, firm > 0 ? Direction::kIn : Direction::kOut, p, t, lt.cross_t, out);
  lt.side = firm;
  lt.travel_m = 0;
  lt.crossed = false;
}

void RuleEngine::count_crossing(size_t li, Direction d, const TrackedPerson& p, double t,
                                double cross_t, std::vector<CountEvent>& out) {
  auto& c = line_counts_[li];
  const bool in = d == Direction::kIn;
  (in ? c.in : c.out)++;
  if (p.child) (in ? c.children_in : c.children_out)++;
  if (p.gender == Gender::kMale) (in ? c.male_in : c.male_out)++;
  if (p.gender == Gender::kFemale) (in ? c.female_in : c.female_out)++;
  const auto& rule = config_.lines[li];
  out.push_back({std::clamp(cross_t, t - kMaxCrossingLag_s, t), LineCrossing{static_cast<int>(li) + 1, rule.uuid, rule.name, d, p.id, p.child,
                                 p.gender}});
}

}  // namespace hc::rules
