#include "pipeline/pipeline.h"

#include <algorithm>
#include <chrono>

namespace hc::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

rules::Gender gender_of(double male_probability) {
  if (male_probability < 0) return rules::Gender::kUnknown;
  return male_probability >= 0.5 ? rules::Gender::kMale : rules::Gender::kFemale;
}

// The tracker's view of a head the detector found (a cut one included: the tracker takes any
// head with cut_toward set as weak, whatever its score).
track::Detection as_track_detection(const perception::HeadDetection& d) {
  track::Detection td;
  td.floor_m = d.floor_m;
  td.stature_m = d.stature_m;
  td.score = d.score;
  td.head_px = d.head_px;
  td.cut_toward = d.cut_toward;
  return td;
}

}  // namespace

void StageStat::add(double ms) {
  total_ms += ms;
  max_ms = std::max(max_ms, ms);
  ++frames;
}

PipelineOptions with_rules(PipelineOptions options, const rules::RulesConfig& r) {
  options.rules = r;
  options.detector.min_height_m = r.min_target_height_m;
  options.detector.max_height_m = r.max_target_height_m;
  options.depth.max_target_height_m = r.max_target_height_m;
  options.depth.plain_floor_fallback = core::FloorPlane::from_height_and_tilt(r.installation_height_m, 0.0);
  const double child = r.children_adult_differentiation ? r.child_filter_height_m : 0.0;
  options.detector.child_height_m = child;
  options.tracker.child_height_m = child;
  return options;
}

Pipeline::Pipeline(PipelineOptions options)
    : options_(with_rules(options, options.rules)),
      depth_(options_.depth),
      detector_(options_.detector),
      tracker_(options_.tracker),
      gender_(options_.rules.gender_recognition ? options_.rules.gender_model : std::string()) {}

std::string Pipeline::gender_status() const {
  if (!options_.rules.gender_recognition) return "gender recognition is off";
  return gender_.available() ? "" : gender_.why_unavailable();
}

FrameResult Pipeline::process(const sensor::Frame& frame) {
  const auto t_all = Clock::now();
  FrameResult r;
  r.index = frame.index;
  r.t_s = frame.t_seconds + options_.unix_offset_s;

  auto t0 = Clock::now();
  r.map = depth_.process(frame);
  timings_.depth.add(ms_since(t0));

  t0 = Clock::now();
  if (options_.log_candidates) detector_.set_candidate_log(&r.candidates);
  r.detections = detector_.detect(*r.map);
  detector_.set_candidate_log(nullptr);
  // Heads cut by the edge of the view go along too: the tracker lets them only carry on a track
  // walking out there (a tall person's short walk through a low mount's view), never start one.
  const auto& cut = detector_.cut_heads();
  std::vector<track::Detection> dets;
  dets.reserve(r.detections.size() + cut.size());
  for (const auto& d : r.detections) {
    track::Detection td = as_track_detection(d);
    if (gender_.available() && frame.is_stereo()) {
      const double range = r.map->geometry.plane().installation_height_m() - d.stature_m;
      if (range > 0.1)
        td.male_probability =
            gender_.male_probability(frame.left, d.head_px, frame.camera.fx * 0.1 / range);
    }
    dets.push_back(td);
  }
  for (const auto& d : cut) dets.push_back(as_track_detection(d));
  timings_.detect.add(ms_since(t0));

  t0 = Clock::now();
  tracker_.set_view_px(frame.camera.width, frame.camera.height);
  const auto& tracks = tracker_.update(r.t_s, dets, detector_.unjudged());
  const auto lost = tracker_.lost_ids();
  std::erase_if(admitted_, [&](int64_t id) {
    const auto is_it = [id](const track::Track& t) { return t.id == id; };
    return std::none_of(tracks.begin(), tracks.end(), is_it) &&
           std::find(lost.begin(), lost.end(), id) == lost.end();
  });
  for (const auto& t : tracks) {
    if (t.state == track::TrackState::kTentative || !admitted(t)) continue;
    rules::TrackedPerson p;
    p.id = t.id;
    p.floor_m = t.floor_m;
    p.stature_m = t.stature_m;
    p.child = t.child;
    p.gender = gender_of(t.male_probability);
    p.head_px = t.head_px;
    p.seen_t_s = t.last_seen_t_s;
    p.velocity_mps = t.velocity_mps;
    if (!t.path.empty() && t.path.front().t_s == t.first_t_s) {
      p.origin_m = t.path.front().floor_m;
      p.origin_t_s = t.path.front().t_s;
    }
    r.people.push_back(p);
  }
  timings_.track.add(ms_since(t0));

  t0 = Clock::now();
  if (!rules_ && r.map->floor_known)
    rules_ = std::make_unique<rules::RuleEngine>(options_.rules, r.map->geometry);
  if (rules_) r.output = rules_->update(r.t_s, r.people, lost);
  timings_.rules.add(ms_since(t0));
  timings_.total.add(ms_since(t_all));
  return r;
}

bool Pipeline::admitted(const track::Track& t) {
  if (admitted_.count(t.id)) return true;
  if (!within_target_heights(t.stature_m)) return false;
  admitted_.insert(t.id);
  return true;
}

bool Pipeline::within_target_heights(double stature_m) const {
  return stature_m >= options_.rules.min_target_height_m && stature_m <= options_.rules.max_target_height_m;
}

std::optional<rules::CountReset> Pipeline::reset(double t_s) {
  if (!rules_) return std::nullopt;
  return rules_->reset(t_s);
}

}  // namespace hc::pipeline
