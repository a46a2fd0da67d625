// The JSON and pixel views of the latest snapshot that the web server publishes (web::LiveState).
#include <cmath>

#include "app/live_counter.h"
#include "system/dst_rule.h"

namespace hc::app {
namespace {

using json = nlohmann::json;

json line_json(const json& rule, const rules::LineCounts& c) {
  return {{"uuid", rule.value("uuid", "")},  {"name", rule.value("name", "")},
          {"in", c.in},                      {"out", c.out},
          {"capacity", c.capacity()},        {"adult_in", c.adult_in()},
          {"adult_out", c.adult_out()},      {"child_in", c.children_in},
          {"child_out", c.children_out},     {"male_in", c.male_in},
          {"male_out", c.male_out},          {"female_in", c.female_in},
          {"female_out", c.female_out}};
}

json region_json(const json& rule, const rules::RegionState& r) {
  return {{"uuid", rule.value("uuid", "")},
          {"name", rule.value("name", "")},
          {"count", r.current_total},
          {"male", r.current_male},
          {"female", r.current_female},
          {"children", r.current_children},
          {"dwell_count", r.all.count},
          {"avg_dwell_s", static_cast<double>(r.all.avg_ms()) / 1000.0},
          {"max_dwell_s", static_cast<double>(r.all.max_ms) / 1000.0}};
}

json stage_json(const char* name, const pipeline::StageStat& s, double fps, int64_t drops) {
  return {{"name", name}, {"fps", fps}, {"latency_ms", s.mean_ms()}, {"max_ms", s.max_ms}, {"drops", drops}, {"queue", 0}};
}

std::vector<std::array<double, 2>> path_pixels(const pipeline::TrackView& t, const core::FloorGeometry& g) {
  std::vector<std::array<double, 2>> out;
  for (const auto& p : t.path_m)
    if (auto px = g.floor_to_pixel(p, t.stature_m)) out.push_back({px->x, px->y});
  return out;
}

// The latest depth-stage warnings, times on the service clock.
json warnings_json(const pipeline::Snapshot& snap, double offset_s) {
  json out = json::array();
  if (snap.warnings)
    for (const auto& w : *snap.warnings) out.push_back({{"t_s", w.t_s + offset_s}, {"message", w.message}});
  return out;
}

// The floor detection's state: detecting (a detection asked for and not yet run, the first
// calibration_frames frames, a fit in the background), ok with the floor, or refused with why.
json floor_state(const pipeline::Snapshot* snap, bool waiting) {
  if (waiting || !snap || snap->timings.total.frames <= snap->calibration_frames) return {{"state", "detecting"}};
  const auto& f = snap->floor;
  if (f.ok)
    return {{"state", "ok"},          {"installation_height_m", f.installation_height_m},
            {"tilt_deg", f.tilt_deg}, {"confidence", f.confidence},
            {"inliers", f.inliers},   {"points", f.points}};
  if (!snap->floor_fit_pending && !f.refusal.empty()) return {{"state", "refused"}, {"reason", f.refusal}};
  return {{"state", "detecting"}};
}

const char* gender_name(rules::Gender g) {
  return g == rules::Gender::kMale ? "male" : g == rules::Gender::kFemale ? "female" : "unknown";
}

}  // namespace

json LiveCounter::counts() const {
  std::shared_ptr<const json> doc;
  {
    std::lock_guard lock(state_mutex_);
    doc = rules_config_;
  }
  const auto snap = snapshot();
  json lines = json::array(), regions = json::array();
  if (doc) {
    const json& rules = (*doc)["rules"];
    const json line_rules = rules.value("lines", json::array()), region_rules = rules.value("regions", json::array());
    // Before the first frame (or the floor) the configured rules are listed with zero counts.
    for (size_t i = 0; i < line_rules.size(); ++i)
      lines.push_back(line_json(line_rules[i], snap && i < snap->lines.size() ? snap->lines[i] : rules::LineCounts{}));
    for (size_t i = 0; i < region_rules.size(); ++i)
      regions.push_back(
          region_json(region_rules[i], snap && i < snap->regions.size() ? snap->regions[i] : rules::RegionState{}));
  }
  // now_s and utc_offset_s let a page that any viewer opens (the report's time range) show and take
  // times on the device's wall clock, which may differ from the browser's in clock and in zone.
  const double now_s = options_.clock ? options_.clock->now_s() : system::ServiceClock::host_s();
  const auto config = config_.get();
  const json time = config->contains("system") ? (*config)["system"].value("time", json::object()) : json::object();
  return {{"lines", lines},
          {"regions", regions},
          {"t_s", snap ? snap->t_s + service_offset_s() : 0.0},
          {"now_s", now_s},
          {"utc_offset_s", system::utc_offset_at(time, static_cast<int64_t>(std::floor(now_s)))}};
}

json LiveCounter::stats() const {
  FrameRate rate;
  std::string error, source;
  {
    std::lock_guard lock(state_mutex_);
    rate = rate_;
    error = error_;
    source = source_name_;
  }
  const auto snap = snapshot();
  json stages = json::array();
  if (snap) {
    const auto& t = snap->timings;
    stages.push_back(stage_json("depth", t.depth, rate.fps, rate.drops));
    stages.push_back(stage_json("detect", t.detect, rate.fps, 0));
    stages.push_back(stage_json("track", t.track, rate.fps, 0));
    stages.push_back(stage_json("rules", t.rules, rate.fps, 0));
    stages.push_back(stage_json("pipeline", t.total, rate.fps, rate.drops));
  }
  json out{{"stages", stages}, {"frames", rate.frames}, {"drops", rate.drops}, {"fps", rate.fps},
           {"source", source}};
  if (!error.empty()) out["error"] = error;
  if (snap && !snap->gender_status.empty()) out["gender"] = snap->gender_status;
  out["warnings"] = snap ? warnings_json(*snap, service_offset_s()) : json::array();
  return out;
}

json LiveCounter::floor_detection() const {
  bool waiting;
  {
    std::lock_guard lock(state_mutex_);
    waiting = generation_ < detection_generation_;
  }
  const auto snap = snapshot();
  json out = floor_state(snap.get(), waiting);
  // What the depth stage said lately (a moved sensor, an unlimited search range): the Rule page
  // shows it beside the result.
  out["warnings"] = snap ? warnings_json(*snap, service_offset_s()) : json::array();
  return out;
}

json LiveCounter::overlay() const {
  const auto snap = snapshot();
  if (!snap) return {{"frame_index", -1}, {"tracks", json::array()}, {"detections", json::array()}};
  json tracks = json::array(), detections = json::array();
  for (const auto& t : snap->tracks) {
    json path = json::array();
    if (snap->map && snap->map->floor_known)
      for (const auto& p : path_pixels(t, snap->map->geometry)) path.push_back(p);
    tracks.push_back({{"id", t.id}, {"u", t.head_px.x}, {"v", t.head_px.y}, {"x_m", t.floor_m.x},
                      {"y_m", t.floor_m.y}, {"stature_m", t.stature_m}, {"child", t.child},
                      {"gender", gender_name(t.gender)}, {"path", path}});
  }
  for (const auto& d : snap->detections)
    detections.push_back({{"u", d.head_px.x}, {"v", d.head_px.y}, {"height_m", d.stature_m}});
  const int w = snap->map ? snap->map->height_m.cols : 0, h = snap->map ? snap->map->height_m.rows : 0;
  return {{"frame_index", snap->frame_index}, {"t_s", snap->t_s + service_offset_s()}, {"width", w}, {"height", h},
          {"tracks", tracks}, {"detections", detections}};
}

web::PreviewFrame LiveCounter::preview() const {
  web::PreviewFrame out;
  const auto snap = snapshot();
  if (!snap || !snap->map) return out;
  out.frame_index = snap->frame_index;
  out.t_s = snap->t_s + service_offset_s();
  out.width = snap->map->height_m.cols;
  out.height = snap->map->height_m.rows;
  if (!snap->left.empty() && snap->left.isContinuous() && snap->left.type() == CV_8UC1)
    out.gray.assign(snap->left.data, snap->left.data + snap->left.total());
  if (snap->floor_known && snap->map->height_m.type() == CV_32F) {
    out.height_mm.resize(static_cast<size_t>(out.width) * static_cast<size_t>(out.height));
    size_t k = 0;
    for (int v = 0; v < out.height; ++v) {
      const float* row = snap->map->height_m.ptr<float>(v);
      for (int u = 0; u < out.width; ++u, ++k)
        out.height_mm[k] = std::isfinite(row[u]) && row[u] > 0 ? static_cast<uint16_t>(std::min(row[u] * 1000.0f, 65535.0f)) : 0;
    }
  }
  return out;
}

}  // namespace hc::app
