#include "pipeline/counter.h"

namespace hc::pipeline {
namespace {

// Warnings kept for the snapshot: enough to see a sensor that keeps moving, bounded for a source
// that warns at every frame.
constexpr std::size_t kKeptWarnings = 8;

}  // namespace

Counter::Counter(PipelineOptions options) : pipeline_(std::move(options)) {}

CounterOutput Counter::process(const sensor::Frame& frame) {
  CounterOutput out;
  FrameResult r = pipeline_.process(frame);
  if (r.output.reset) out.resets.push_back(*r.output.reset);
  if (reset_requested_.exchange(false)) {
    if (auto reset = pipeline_.reset(r.t_s)) out.resets.push_back(*reset);
  }
  out.events = std::move(r.output.events);
  for (std::string& w : pipeline_.take_depth_warnings()) out.warnings.push_back({r.t_s, std::move(w)});
  if (!out.warnings.empty()) {
    auto kept = std::make_shared<std::vector<DepthWarning>>(*recent_warnings_);
    kept->insert(kept->end(), out.warnings.begin(), out.warnings.end());
    if (kept->size() > kKeptWarnings) kept->erase(kept->begin(), kept->end() - kKeptWarnings);
    recent_warnings_ = std::move(kept);
  }

  auto snap = std::make_shared<Snapshot>();
  snap->frame_index = r.index;
  snap->t_s = r.t_s;
  snap->floor_known = r.map && r.map->floor_known;
  if (const auto* rules = pipeline_.rules()) {
    snap->lines = rules->line_counts();
    snap->regions = rules->region_states();
  }
  for (const auto& p : r.people) {
    TrackView v;
    v.id = p.id;
    v.floor_m = p.floor_m;
    v.head_px = p.head_px;
    v.stature_m = p.stature_m;
    v.child = p.child;
    v.gender = p.gender;
    for (const auto& t : pipeline_.tracker().tracks())
      if (t.id == p.id)
        for (const auto& pt : t.path) v.path_m.push_back(pt.floor_m);
    snap->tracks.push_back(std::move(v));
  }
  snap->detections = std::move(r.detections);
  snap->timings = pipeline_.timings();
  snap->gender_status = pipeline_.gender_status();
  snap->floor = pipeline_.depth_stage().floor();
  snap->calibration_frames = pipeline_.depth_stage().parameters().calibration_frames;
  snap->floor_fit_pending = pipeline_.depth_stage().floor_fit_pending();
  snap->warnings = recent_warnings_;
  snap->left = frame.left;  // shares the pixels; sources hand out a fresh image per frame
  snap->map = r.map;
  {
    std::lock_guard lock(snapshot_mutex_);
    snapshot_ = std::move(snap);
  }
  return out;
}

std::shared_ptr<const Snapshot> Counter::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_;
}

void Counter::request_reset() { reset_requested_ = true; }

}  // namespace hc::pipeline
