// Tracker update: predict every filter to t, assign strong detections (Hungarian; cost the
// Euclidean distance plus a stature difference term, gate on the distance growing with time unseen,
// tighter for confirmed tracks, on the stature for confirmed tracks with a robust median, and to
// unjudged_hit_radius_m for a track with an unjudged peak or a cut head that near), then weak
// detections to confirmed tracks left over (heads cut by the edge of the view among them, only to a
// track walking out there: takes_cut_head; such a head also stands in for the third hit of a
// tentative track seen whole twice), start tentative tracks from unmatched strong detections, age
// and delete (tentative ones at their first miss, or past tentative_coast_s when seen twice or when
// the detector found a peak it could not judge, or a cut head no track took, within reach; coasting
// ones past max_coast_s, or max_still_coast_s when standing still, or at once when their head is
// predicted out of the image). A coast that runs out inside the image moves the track to the lost
// pool, where a newly confirmed track born near it with its stature, and not walking back or
// towards where it was lost, continues it (re-identification by place, stature and direction; the
// pool is O(lost) per confirmation).
// See tracker.h.
#include "track/tracker.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numbers>

#include "track/hungarian.h"

namespace hc::track {
namespace {
// A strong detection this close to a matched track is a second peak of the same person, not a
// new person (two heads are never closer than this, even touching).
constexpr double kDuplicateRadiusM = 0.22;
}  // namespace

Tracker::Tracker(const TrackerParameters& parameters) : params_(parameters) {}

void Tracker::clear() {
  tracks_.clear();
  filters_.clear();
  statures_.clear();
  male_.clear();
  lost_.clear();
  unseen_whole_.clear();
  started_ = false;
}

std::optional<core::Point2> Tracker::first_place(core::Point2 q, double t_s) const {
  // Only from the frame just before (a gap longer than a cut head may bridge breaks it).
  const double dt = t_s - unseen_whole_t_s_;
  if (!(dt > 0 && dt <= params_.cut_head_max_gap_s + 1e-9)) return std::nullopt;
  const double reach = params_.first_place_reach_mps * dt;
  std::optional<core::Point2> nearest;
  double best = reach;
  for (const auto& u : unseen_whole_)
    if (const double d = core::distance(u, q); d <= best) {
      best = d;
      nearest = u;
    }
  return nearest;
}

void Tracker::predict(Filter& f, double dt) const {
  if (dt <= 0) return;
  f.x[0] += f.x[1] * dt;
  f.y[0] += f.y[1] * dt;
  const double q = params_.process_accel_mps2 * params_.process_accel_mps2;
  auto& p = f.p;
  const double p00 = p[0][0] + dt * (p[1][0] + p[0][1]) + dt * dt * p[1][1];
  const double p01 = p[0][1] + dt * p[1][1];
  p[0][0] = p00 + q * dt * dt * dt * dt / 4;
  p[0][1] = p01 + q * dt * dt * dt / 2;
  p[1][0] = p[0][1];
  p[1][1] += q * dt * dt;
}

void Tracker::correct(Filter& f, core::Point2 z) const {
  const double r = params_.measurement_sigma_m * params_.measurement_sigma_m;
  auto& p = f.p;
  const double s = p[0][0] + r;
  const double k0 = p[0][0] / s, k1 = p[1][0] / s;
  const double ex = z.x - f.x[0], ey = z.y - f.y[0];
  f.x[0] += k0 * ex;
  f.x[1] += k1 * ex;
  f.y[0] += k0 * ey;
  f.y[1] += k1 * ey;
  const double p00 = p[0][0], p01 = p[0][1];
  p[0][0] -= k0 * p00;
  p[0][1] -= k0 * p01;
  p[1][0] = p[0][1];
  p[1][1] -= k1 * p01;
}

bool Tracker::left_view(const Track& tr, double t_s) const {
  if (view_w_ <= 0 || view_h_ <= 0) return false;
  const double unseen = t_s - tr.head_px_t_s;
  const double u = tr.head_px.x + tr.head_velocity_pxps.x * unseen;
  const double v = tr.head_px.y + tr.head_velocity_pxps.y * unseen;
  return u < 0 || v < 0 || u > view_w_ - 1 || v > view_h_ - 1;
}

bool Tracker::near_border(core::Point2 px) const {
  if (view_w_ <= 0 || view_h_ <= 0) return false;
  const double m = params_.relink_border * std::min(view_w_, view_h_);
  return px.x < m || px.y < m || px.x > view_w_ - 1 - m || px.y > view_h_ - 1 - m;
}

// How long a track may go unseen: longer for one standing still, whose position hardly drifts
// while it coasts. Standing still: its filter's speed is low and its path moved less than that
// speed allows over the last still_window_s before it was lost, having been seen that long. The
// filter's velocity alone is not enough: a track fed by sparse, jumping detections (a false
// peak, a person half out of view) has a damped velocity, but its path shows it is not standing.
double Tracker::max_coast(const Track& tr) const {
  const double long_coast = std::max(params_.max_coast_s, params_.max_still_coast_s);
  if (long_coast <= params_.max_coast_s || tr.path.empty()) return params_.max_coast_s;
  if (std::hypot(tr.velocity_mps.x, tr.velocity_mps.y) >= params_.still_speed_mps)
    return params_.max_coast_s;
  const double since = tr.last_seen_t_s - params_.still_window_s;
  if (tr.path.front().t_s > since + 1e-9) return params_.max_coast_s;  // not seen long enough
  auto it = tr.path.end();
  while (it != tr.path.begin() && std::prev(it)->t_s >= since - 1e-9) --it;
  if (it == tr.path.end()) return params_.max_coast_s;
  const double moved = core::distance(it->floor_m, tr.path.back().floor_m);
  return moved < params_.still_speed_mps * params_.still_window_s ? long_coast
                                                                   : params_.max_coast_s;
}

void Tracker::apply(size_t ti, const Detection& d, double t_s) {
  auto& tr = tracks_[ti];
  correct(filters_[ti], d.floor_m);
  const auto& f = filters_[ti];
  tr.floor_m = {f.x[0], f.y[0]};
  tr.velocity_mps = {f.x[1], f.y[1]};
  // Image velocity of the head from consecutive heads seen whole, smoothed over ~2 frames, and
  // the stature sample. A head cut by the edge of the view has its image centroid held at the
  // edge, and its stature is a lower bound: its track's head is taken to walk on at the velocity
  // it had (so that once unseen it is found gone: left_view), its stature to stay.
  if (!d.top_cut()) {
    if (tr.hits > 0 && t_s > tr.head_px_t_s) {
      const double dt = t_s - tr.head_px_t_s;
      const core::Point2 v{(d.head_px.x - tr.head_px.x) / dt, (d.head_px.y - tr.head_px.y) / dt};
      tr.head_velocity_pxps = tr.hits == 1 ? v
                                           : core::Point2{0.5 * (tr.head_velocity_pxps.x + v.x),
                                                          0.5 * (tr.head_velocity_pxps.y + v.y)};
    }
    tr.head_px = d.head_px;
    tr.head_px_t_s = t_s;
    auto& st = statures_[ti];
    st.push_back(d.stature_m);
    if (st.size() > params_.stature_samples) st.erase(st.begin());
    set_stature(tr, st);
  }
  if (tr.state == TrackState::kTentative && d.top_cut())
    tr.cut_head_hits++;
  else
    tr.hits++;
  tr.last_seen_t_s = t_s;
  if (d.male_probability >= 0) {
    male_[ti].first += d.male_probability;
    male_[ti].second++;
    tr.male_probability = male_[ti].first / male_[ti].second;
  }
  tr.path.push_back({t_s, tr.floor_m});
  if (tr.path.size() > params_.max_path_points) tr.path.pop_front();
  if (tr.state == TrackState::kCoasting) tr.state = TrackState::kConfirmed;
  confirm_if_due(ti);
}

void Tracker::confirm_if_due(size_t ti) {
  auto& tr = tracks_[ti];
  if (tr.state != TrackState::kTentative) return;
  const int stand_in = tr.hits >= 2 ? std::min(tr.unjudged_hits + tr.cut_head_hits, 1) : 0;
  if (tr.hits + stand_in < params_.confirm_hits) return;
  tr.state = TrackState::kConfirmed;
  start_where_seen_before(tr);
  relink(ti);
}

// A confirmed track walking on from where its head was seen but not whole the frame before its
// first detection (Track::seen_before) starts its path a step back from that detection, along
// its walk, as far as that place lies behind it: the rules count the steps from there. Only the
// distance along the walk is taken from that place, an unjudged peak's cell centre (4 cm
// cells): across it, it put a walker along a line's end 2.7 cm beyond it (stereo seed 2
// groups-counterflow, a crossing lost). Any other such place (a neighbour's peak, the track's
// own head ahead of it) is dropped.
void Tracker::start_where_seen_before(Track& tr) const {
  if (!tr.seen_before || tr.path.empty()) return;
  const PathPoint before = *tr.seen_before;
  tr.seen_before.reset();
  const core::Point2 first = tr.path.front().floor_m;
  const double speed = std::hypot(tr.velocity_mps.x, tr.velocity_mps.y);
  if (!(speed > 0)) return;
  const double ux = tr.velocity_mps.x / speed, uy = tr.velocity_mps.y / speed;
  const double sx = first.x - before.floor_m.x, sy = first.y - before.floor_m.y;
  const double back = sx * ux + sy * uy;  // how far behind the first detection, along the walk
  if (!(back > 0.5 * std::hypot(sx, sy))) return;
  tr.path.push_front({before.t_s, {first.x - back * ux, first.y - back * uy}});
  tr.first_t_s = before.t_s;
}

void Tracker::set_stature(Track& tr, const std::vector<double>& samples) const {
  std::vector<double> tmp = samples;
  std::nth_element(tmp.begin(), tmp.begin() + tmp.size() / 2, tmp.end());
  tr.stature_m = tmp[tmp.size() / 2];
  tr.child = params_.child_height_m > 0 && tr.stature_m < params_.child_height_m;
}

// Whether two tracks walk (still_speed_mps or faster, both) in opposite directions: a person
// lost walking one way and a track born walking back are two people (at a low mount a person
// walking out of the view is often lost before their head reaches the image's border, and one
// walking in the other way is found where they were lost).
bool Tracker::walking_apart(core::Point2 a, core::Point2 b) const {
  const double still = params_.still_speed_mps;
  const bool walking = std::hypot(a.x, a.y) >= still && std::hypot(b.x, b.y) >= still;
  return walking && a.x * b.x + a.y * b.y < 0;
}

// Whether new track tr walks (still_speed_mps or faster) towards `lost` from a birth point at
// least relink_backtrack_m short of it, along its walk: someone hidden who then walks on is
// found beyond where they were lost, or near it. This one is someone else coming that way (a
// person who turned near the line and was lost standing, and the next one walking in).
bool Tracker::walks_back(const Track& tr, core::Point2 lost) const {
  const core::Point2 v = tr.velocity_mps;
  const double speed = std::hypot(v.x, v.y);
  if (params_.relink_backtrack_m <= 0 || speed < params_.still_speed_mps) return false;
  const core::Point2 born = tr.path.front().floor_m;
  const double along = ((born.x - lost.x) * v.x + (born.y - lost.y) * v.y) / speed;
  return along <= -params_.relink_backtrack_m;
}

// Only a track born after the lost one was last seen may continue it: two tracks seen at the same
// time are two people. Of the lost tracks within the gate of its birth point and of its stature,
// the nearest one.
void Tracker::relink(size_t ti) {
  auto& tr = tracks_[ti];
  if (params_.relink_s <= 0 || lost_.empty() || tr.path.empty() || near_border(tr.first_head_px))
    return;
  const core::Point2 born = tr.path.front().floor_m;
  size_t best = lost_.size();
  double best_d = 0;
  for (size_t li = 0; li < lost_.size(); ++li) {
    const Track& l = lost_[li].track;
    const double unseen = tr.first_t_s - l.last_seen_t_s;
    if (unseen <= 0 || tr.last_seen_t_s - l.last_seen_t_s > params_.relink_s + 1e-9) continue;
    const double gate = std::min(params_.relink_max_gate_m,
                                 params_.relink_gate_m + params_.relink_gate_growth_mps * unseen);
    const double d = core::distance(born, l.floor_m);
    if (d >= gate || std::abs(tr.stature_m - l.stature_m) > params_.relink_stature_m) continue;
    if (walking_apart(l.velocity_mps, tr.velocity_mps) || walks_back(tr, l.floor_m)) continue;
    if (best == lost_.size() || d < best_d) {
      best = li;
      best_d = d;
    }
  }
  if (best == lost_.size()) return;
  Track& l = lost_[best].track;
  tr.id = l.id;
  tr.first_t_s = l.first_t_s;
  tr.hits += l.hits;
  std::deque<PathPoint> path = std::move(l.path);
  path.insert(path.end(), tr.path.begin(), tr.path.end());
  while (path.size() > params_.max_path_points) path.pop_front();
  tr.path = std::move(path);
  std::vector<double> st = std::move(lost_[best].statures);
  st.insert(st.end(), statures_[ti].begin(), statures_[ti].end());
  if (st.size() > params_.stature_samples)
    st.erase(st.begin(), st.end() - static_cast<std::ptrdiff_t>(params_.stature_samples));
  statures_[ti] = std::move(st);
  set_stature(tr, statures_[ti]);
  male_[ti].first += lost_[best].male.first;
  male_[ti].second += lost_[best].male.second;
  if (male_[ti].second > 0) tr.male_probability = male_[ti].first / male_[ti].second;
  lost_.erase(lost_.begin() + static_cast<std::ptrdiff_t>(best));
}

std::vector<int64_t> Tracker::lost_ids() const {
  std::vector<int64_t> ids;
  ids.reserve(lost_.size());
  for (const Lost& l : lost_) ids.push_back(l.track.id);
  return ids;
}

// How far a detection's stature is from a track's. A head cut by the edge of the view reads at
// most its stature (its top may lie beyond the edge), so only reading taller counts against it.
double Tracker::stature_difference(const Detection& d, const Track& tr) {
  const double taller = d.stature_m - tr.stature_m;
  return d.top_cut() ? std::max(0.0, taller) : std::abs(taller);
}

// Whether track tr may take head d, cut by the edge of the view, distance_m from its prediction
// at t_s: only straight on from a detection (seen within cut_head_max_gap_s, predicted within
// cut_head_gate_m: a head walking in beside it is someone else's), walking out through the cut
// (its velocity, at walking speed, within 60 degrees of every direction in which the view ends
// around the head, Detection::cut_toward), and reading at most cut_head_taller_m taller than the
// track (a cut top reads its stature or less). A head cut by the side of the view while its track
// walks along it is a flank walker near a line's end (a shoulder under a head beyond the view,
// or a head a few centimetres from passing beyond the line's end); so is one cut at a corner, on
// the side it walks along; and a neighbour's shoulder reads taller than a child beside it.
bool Tracker::takes_cut_head(const Track& tr, const Detection& d, double t_s,
                             double distance_m) const {
  if (d.stature_m - tr.stature_m > params_.cut_head_taller_m ||
      t_s - tr.last_seen_t_s > params_.cut_head_max_gap_s + 1e-9 ||
      distance_m >= params_.cut_head_gate_m)
    return false;
  const core::Point2 v = tr.velocity_mps;
  const double speed = std::hypot(v.x, v.y);
  if (speed < params_.still_speed_mps) return false;
  for (int k = 0; k < 8; ++k) {
    if (!(d.cut_toward & (1u << k))) continue;
    const double a = std::numbers::pi * k / 4;
    if (v.x * std::cos(a) + v.y * std::sin(a) < 0.5 * speed) return false;
  }
  return true;
}

double Tracker::gate(size_t i, double t_s) const {
  const double unseen = t_s - tracks_[i].last_seen_t_s;
  const bool confirmed = tracks_[i].state != TrackState::kTentative;
  const double growth = 1.0 + unseen;
  return confirmed ? params_.confirmed_gate_m * std::min(params_.confirmed_gate_growth_max, growth)
                   : params_.gate_m * std::min(2.0, growth);
}

bool Tracker::across_heading(size_t i, core::Point2 q, double t_s) const {
  if (!(params_.heading_gate_m > 0)) return false;
  const Filter& f = filters_[i];
  const double speed = std::hypot(f.x[1], f.y[1]);
  if (!(speed >= params_.heading_min_speed_mps)) return false;
  const double across = std::abs((q.x - f.x[0]) * f.y[1] - (q.y - f.y[0]) * f.x[1]) / speed;
  const double unseen = t_s - tracks_[i].last_seen_t_s;
  return across > params_.heading_gate_m + params_.heading_gate_growth_mps * unseen;
}

double Tracker::from_prediction(size_t i, core::Point2 q) const {
  return std::hypot(q.x - filters_[i].x[0], q.y - filters_[i].y[0]);
}

double Tracker::nearest_unjudged(size_t i, const std::vector<core::Point2>& unjudged) const {
  double nearest = std::numeric_limits<double>::infinity();
  for (const auto& q : unjudged) nearest = std::min(nearest, from_prediction(i, q));
  return nearest;
}

double Tracker::nearest_cut_head(size_t i, const std::vector<Detection>& detections,
                                 const std::vector<char>& used) const {
  double nearest = std::numeric_limits<double>::infinity();
  for (size_t d = 0; d < detections.size(); ++d)
    if (!used[d] && detections[d].top_cut())
      nearest = std::min(nearest, from_prediction(i, detections[d].floor_m));
  return nearest;
}

const std::vector<Track>& Tracker::update(double t_s, const std::vector<Detection>& detections,
                                          const std::vector<core::Point2>& unjudged) {
  const double dt = started_ ? std::max(0.0, t_s - last_t_) : 0.0;
  started_ = true;
  last_t_ = t_s;
  for (auto& f : filters_) predict(f, dt);
  std::erase_if(lost_, [&](const Lost& l) { return t_s - l.track.last_seen_t_s > params_.relink_s; });
  // Each track's nearest unjudged peak, once: the assignment and the ageing below both ask.
  std::vector<double> unjudged_m(tracks_.size());
  for (size_t i = 0; i < tracks_.size(); ++i) unjudged_m[i] = nearest_unjudged(i, unjudged);
  // ... and its nearest head cut by the edge of the view: where that is at the prediction, so is
  // the track's own head, unseen whole. (No detection is used yet.)
  std::vector<char> used(detections.size(), 0);
  std::vector<double> cut_m(tracks_.size());
  for (size_t i = 0; i < tracks_.size(); ++i) cut_m[i] = nearest_cut_head(i, detections, used);

  std::vector<int> strong, weak;
  for (int i = 0; i < static_cast<int>(detections.size()); ++i)
    (detections[i].score >= params_.strong_score && !detections[i].top_cut() ? strong : weak)
        .push_back(i);

  const double forbidden = 1e9;
  auto cost_matrix = [&](const std::vector<size_t>& rows, const std::vector<int>& cols) {
    std::vector<std::vector<double>> cost(rows.size(), std::vector<double>(cols.size(), forbidden));
    for (size_t r = 0; r < rows.size(); ++r) {
      const bool confirmed = tracks_[rows[r]].state != TrackState::kTentative;
      const double reach = gate(rows[r], t_s);
      const bool stature_gate = confirmed && params_.stature_gate_m > 0 &&
                                statures_[rows[r]].size() >= params_.stature_gate_samples;
      // An unjudged peak (its shoulders hidden under a low lens) or a cut head this near the
      // prediction is most likely the track's own head: a head farther off is a neighbour's,
      // newly seen, and taking it would carry this person's track into the next lane.
      const bool own_head_unseen_whole =
          std::min(unjudged_m[rows[r]], cut_m[rows[r]]) < params_.unjudged_hit_radius_m;
      for (size_t c = 0; c < cols.size(); ++c) {
        const double d = from_prediction(rows[r], detections[cols[c]].floor_m);
        const double ds = stature_difference(detections[cols[c]], tracks_[rows[r]]);
        if (own_head_unseen_whole && d >= params_.unjudged_hit_radius_m) continue;
        if (detections[cols[c]].top_cut() &&
            !takes_cut_head(tracks_[rows[r]], detections[cols[c]], t_s, d))
          continue;
        // Of the weak detections, a tentative track takes only a cut head (the stand-in above).
        if (!confirmed && !detections[cols[c]].top_cut() &&
            detections[cols[c]].score < params_.strong_score)
          continue;
        if (confirmed && across_heading(rows[r], detections[cols[c]].floor_m, t_s)) continue;
        if (d < reach && !(stature_gate && ds > params_.stature_gate_m))
          cost[r][c] = d + params_.stature_cost * ds;
      }
    }
    return cost;
  };

  std::vector<char> matched(tracks_.size(), 0);
  std::vector<size_t> rows(tracks_.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  auto a = solve_assignment(cost_matrix(rows, strong), forbidden);
  for (size_t r = 0; r < a.size(); ++r)
    if (a[r] >= 0) {
      apply(rows[r], detections[strong[a[r]]], t_s);
      matched[rows[r]] = 1;
      used[strong[a[r]]] = 1;
    }
  // Second pass: weak detections may only continue confirmed tracks, and a head cut by the edge
  // of the view a tentative one seen whole twice (it stands in for a hit: confirm_if_due).
  rows.clear();
  for (size_t i = 0; i < tracks_.size(); ++i)
    if (!matched[i] && (tracks_[i].state != TrackState::kTentative || tracks_[i].hits >= 2))
      rows.push_back(i);
  if (!rows.empty() && !weak.empty()) {
    a = solve_assignment(cost_matrix(rows, weak), forbidden);
    for (size_t r = 0; r < a.size(); ++r)
      if (a[r] >= 0) {
        apply(rows[r], detections[weak[a[r]]], t_s);
        matched[rows[r]] = 1;
        used[weak[a[r]]] = 1;
      }
  }
  // Age unmatched tracks; delete tentative ones at the first miss (seen twice, or with a peak
  // the detector could not judge within reach: past tentative_coast_s) and coasting ones past
  // the limit (into the lost pool when their head is still in the image).
  std::vector<Track> keep_t;
  std::vector<Filter> keep_f;
  std::vector<std::vector<double>> keep_s;
  std::vector<std::pair<double, int>> keep_m;
  for (size_t i = 0; i < tracks_.size(); ++i) {
    auto& tr = tracks_[i];
    if (!matched[i] && tr.state == TrackState::kTentative) {
      if ((tr.hits < 2 && unjudged_m[i] >= gate(i, t_s) &&
           nearest_cut_head(i, detections, used) >= gate(i, t_s)) ||
          t_s - tr.last_seen_t_s > params_.tentative_coast_s + 1e-9 ||
          near_border(tr.head_px) || left_view(tr, t_s))
        continue;
      if (unjudged_m[i] < params_.unjudged_hit_radius_m) {
        tr.unjudged_hits++;
        confirm_if_due(i);
      }
    } else if (!matched[i]) {
      tr.state = TrackState::kCoasting;
      const bool gone = left_view(tr, t_s);
      if (gone || t_s - tr.last_seen_t_s > max_coast(tr)) {
        if (!gone && params_.relink_s > 0 && !near_border(tr.head_px)) {
          lost_.push_back({std::move(tr), std::move(statures_[i]), male_[i]});
        }
        continue;
      }
    }
    keep_t.push_back(std::move(tr));
    keep_f.push_back(filters_[i]);
    keep_s.push_back(std::move(statures_[i]));
    keep_m.push_back(male_[i]);
  }
  tracks_ = std::move(keep_t);
  filters_ = std::move(keep_f);
  statures_ = std::move(keep_s);
  male_ = std::move(keep_m);
  // New tentative tracks from strong detections nobody explains.
  for (int di : strong) {
    if (used[di]) continue;
    const auto& d = detections[di];
    bool duplicate = false;
    for (const auto& tr : tracks_)
      if (tr.last_seen_t_s == t_s && core::distance(tr.floor_m, d.floor_m) < kDuplicateRadiusM)
        duplicate = true;
    if (duplicate) continue;
    Track tr;
    tr.id = next_id_++;
    tr.first_t_s = t_s;
    if (const auto before = first_place(d.floor_m, t_s)) tr.seen_before = {unseen_whole_t_s_, *before};
    Filter f;
    f.x[0] = d.floor_m.x;
    f.y[0] = d.floor_m.y;
    const double r = params_.measurement_sigma_m * params_.measurement_sigma_m;
    f.p[0][0] = r;
    f.p[1][1] = 4.0;  // walking speeds up to ~2 m/s
    tracks_.push_back(tr);
    filters_.push_back(f);
    statures_.emplace_back();
    male_.emplace_back(0.0, 0);
    // First measurement: position exact, velocity unknown.
    auto& nt = tracks_.back();
    nt.floor_m = d.floor_m;
    nt.head_px = nt.first_head_px = d.head_px;
    nt.head_px_t_s = t_s;
    nt.hits = 1;
    nt.last_seen_t_s = t_s;
    statures_.back().push_back(d.stature_m);
    nt.stature_m = d.stature_m;
    nt.child = params_.child_height_m > 0 && nt.stature_m < params_.child_height_m;
    if (d.male_probability >= 0) {
      male_.back() = {d.male_probability, 1};
      nt.male_probability = d.male_probability;
    }
    nt.path.push_back({t_s, nt.floor_m});
    if (params_.confirm_hits <= 1) {
      nt.state = TrackState::kConfirmed;
      relink(tracks_.size() - 1);
    }
  }
  unseen_whole_ = unjudged;
  for (size_t i = 0; i < detections.size(); ++i)
    if (!used[i] && detections[i].top_cut()) unseen_whole_.push_back(detections[i].floor_m);
  unseen_whole_t_s_ = t_s;
  return tracks_;
}

}  // namespace hc::track
