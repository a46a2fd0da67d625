// Region membership, pass-by filtering and dwell episodes, and the daily scheduled reset.
// Membership uses a band centred on the edge so a person standing on it does not flicker in and out.
#include <algorithm>
#include <cmath>
#include <ctime>

#include "rules/rule_engine.h"

namespace hc::rules {
namespace {

double distance_to_polygon(core::Point2 p, const core::Polygon& poly) {
  double best = INFINITY;
  for (size_t i = 0; i < poly.size(); ++i)
    best = std::min(best, core::distance_to_segment(p, {poly[i], poly[(i + 1) % poly.size()]}));
  return best;
}

// A person walking unseen is taken to keep at least this pace (a slow walk), metres per second.
constexpr double kUnseenPaceMps = 0.5;

// A person back from being held (unseen) inside a region they were outside of when last seen
// (p0 at t0, velocity v0) walked in at some unseen instant. Taken on the straight step to where
// they are now (p1 at t1): at the pace they were last seen walking at (at least a slow walk),
// then standing; no later than the same step at an even pace over the whole gap. Someone hidden
// under a neighbour at a shelf walked there and stood: stamping the entry at t1 restarted their
// pass-by time and cut their dwell by the whole time unseen, and an even pace over 5 s (like a
// line crossing's instant) by most of it.
double entry_instant(core::Point2 p0, double t0, core::Point2 v0, core::Point2 p1, double t1,
                     const core::Polygon& poly) {
  if (core::point_in_polygon(p0, poly)) return t1;  // came back in over the band only: no step
  double lo = 0.0, hi = 1.0;  // bisection of the step's fraction: outside at lo, inside at hi
  for (int i = 0; i < 20; ++i) {
    const double f = 0.5 * (lo + hi);
    const core::Point2 q{p0.x + f * (p1.x - p0.x), p0.y + f * (p1.y - p0.y)};
    (core::point_in_polygon(q, poly) ? hi : lo) = f;
  }
  const double pace = std::max(std::hypot(v0.x, v0.y), kUnseenPaceMps);
  return std::min(t0 + hi * core::distance(p0, p1) / pace, t0 + hi * (t1 - t0));
}

void add_dwell(DwellStats& s, int64_t ms) {
  s.count++;
  s.total_ms += ms;
  s.max_ms = std::max(s.max_ms, ms);
}

}  // namespace

void RuleEngine::update_region(size_t ri, PersonState& s, const TrackedPerson& p, double t,
                               bool ended, std::vector<CountEvent>& out, double end_t) {
  const auto& rule = config_.regions[ri];
  const core::Polygon poly = project(rule.points_px, plane_height(p));
  auto& rt = s.regions[ri];
  bool inside = false;
  if (!ended) {
    // The band is centred on the drawn edge: in once half of it inside, out once half of it
    // outside. A band all outside kept whoever touched the edge (a first detection a few
    // centimetres off, someone standing on the edge) inside until a full band out.
    const bool in_poly = core::point_in_polygon(p.floor_m, poly);
    const double edge = distance_to_polygon(p.floor_m, poly), half = config_.region_exit_band_m / 2;
    inside = rt.inside ? (in_poly || edge <= half) : (in_poly && edge >= half);
  }
  auto& st = region_states_[ri];
  if (inside && !rt.inside) {
    rt.inside = true;
    rt.counted = false;
    const double t0 = s.last.seen_t_s > 0 ? std::min(s.last.seen_t_s, s.prev_t) : s.prev_t;
    rt.enter_t = s.returning && s.has_prev
                     ? entry_instant(s.last.floor_m, t0, s.last.velocity_mps, p.floor_m, t, poly)
                     : t;
  }
  if (inside && rule.people_counting && !rt.counted && t - rt.enter_t >= rule.pass_by_filtering_s - 1e-6) {
    rt.counted = true;
    st.current_total++;
    if (p.gender == Gender::kMale) st.current_male++;
    if (p.gender == Gender::kFemale) st.current_female++;
    if (p.child) st.current_children++;
    emit_region_count(ri, t, out);
  }
  if (!inside && rt.inside) {
    rt.inside = false;
    if (rt.counted) {
      rt.counted = false;
      st.current_total--;
      if (p.gender == Gender::kMale) st.current_male--;
      if (p.gender == Gender::kFemale) st.current_female--;
      if (p.child) st.current_children--;
      emit_region_count(ri, t, out);
    }
    const double exit_t = ended ? std::max(rt.enter_t, end_t) : t;
    const double dur = exit_t - rt.enter_t;
    if (rule.dwell_time && dur >= rule.min_dwell_time_s - 1e-6) {
      const auto ms = static_cast<int64_t>(std::llround(dur * 1000.0));
      add_dwell(st.all, ms);
      if (p.gender == Gender::kMale) add_dwell(st.male, ms);
      if (p.gender == Gender::kFemale) add_dwell(st.female, ms);
      if (p.child) add_dwell(st.children, ms);
      out.push_back({t, DwellEpisode{static_cast<int>(ri) + 1, rule.uuid, rule.name, p.id,
                                     rt.enter_t, exit_t, ms, p.child, p.gender}});
    }
  }
}

void RuleEngine::emit_region_count(size_t ri, double t, std::vector<CountEvent>& out) const {
  const auto& rule = config_.regions[ri];
  const auto& st = region_states_[ri];
  out.push_back({t, RegionCountChange{static_cast<int>(ri) + 1, rule.uuid, rule.name,
                                      st.current_total, st.current_male, st.current_female,
                                      st.current_children}});
}

CountReset RuleEngine::reset(double t_s) {
  for (auto& c : line_counts_) c = LineCounts{};
  for (auto& r : region_states_) r.all = r.male = r.female = r.children = DwellStats{};
  return CountReset{t_s, false};
}

// True when the configured local time of day falls in (last frame, t_s]; resets the counters.
bool RuleEngine::scheduled_reset_due(double t_s) {
  if (!config_.scheduled_reset || !last_t_ || t_s <= *last_t_) return false;
  if (config_.local_wall_s) {
    // The first reset time of day after the last frame's local time, reached by this frame's.
    const double last_local = config_.local_wall_s(*last_t_), now_local = config_.local_wall_s(t_s);
    const double day = std::floor(last_local / 86400.0) * 86400.0;
    double next = day + config_.reset_minute_of_day * 60.0;
    if (next <= last_local) next += 86400.0;
    if (next > now_local) return false;
    reset(t_s);
    return true;
  }
  const auto last = static_cast<std::time_t>(std::floor(*last_t_));
  std::tm tm{};
  localtime_r(&last, &tm);
  tm.tm_hour = config_.reset_minute_of_day / 60;
  tm.tm_min = config_.reset_minute_of_day % 60;
  tm.tm_sec = 0;
  tm.tm_isdst = -1;
  std::time_t next = std::mktime(&tm);
  if (static_cast<double>(next) <= *last_t_) {
    tm.tm_mday += 1;
    tm.tm_isdst = -1;
    next = std::mktime(&tm);
  }
  if (static_cast<double>(next) > t_s) return false;
  reset(t_s);
  return true;
}

}  // namespace hc::rules
