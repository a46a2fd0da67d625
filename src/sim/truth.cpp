// Truth from the scripted trajectories sampled at the frame times; O(frames * people * rules).
// Line crossings follow the shared convention: core::signed_distance_to_polyline going from
// negative to positive is "in". Heads mode tests the head pixel, feet mode the pixel of the floor
// point below the head, both against the lines drawn in the left image.
#include "sim/truth.h"

#include <cmath>
#include <map>

namespace hc::sim {
namespace {

core::Polyline parse_points(const nlohmann::json& pts) {
  core::Polyline out;
  for (const auto& p : pts) out.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
  return out;
}
int sign_of(double v) { return v > 0 ? 1 : (v < 0 ? -1 : 0); }

struct LineTrack {  // per person and line
  int side = 0;
  core::Point2 side_point{};
  bool in_area = false;
  int entry_side = 0;
};
struct RegionTrack {
  bool inside = false;
  double since = 0.0;
};

}  // namespace

nlohmann::json effective_rules(const Scenario& s) {
  nlohmann::json r = s.rules;
  const bool no_lines = !r.contains("lines") || r["lines"].empty();
  const bool no_regions = !r.contains("regions") || r["regions"].empty();
  if (no_lines && no_regions) {
    const auto c = s.camera();
    r["lines"] = nlohmann::json::array(
        {{{"name", "Door"}, {"points", {{0.05 * c.width, c.cy}, {0.95 * c.width, c.cy}}}}});
  }
  if (!r.contains("tracking_mode")) r["tracking_mode"] = "heads";
  if (!r.contains("installation_height_m")) r["installation_height_m"] = s.height_m;
  return r;
}

nlohmann::json build_truth(const Scenario& s, uint64_t seed, const std::vector<Agent>& agents,
                           int64_t frames, const TruthOptions& opt) {
  const core::CameraModel cam = s.camera();
  const core::FloorGeometry geo(cam, s.plane());
  const nlohmann::json rules = effective_rules(s);
  const bool feet = rules.value("tracking_mode", "heads") == "feet";
  const bool uturn = rules.value("uturn_filtering", false);
  std::vector<core::Polyline> lines, areas;
  for (const auto& l : rules.value("lines", nlohmann::json::array())) {
    lines.push_back(parse_points(l.at("points")));
    areas.push_back(uturn && l.contains("uturn_area") && l["uturn_area"].size() >= 3
                        ? parse_points(l["uturn_area"])
                        : core::Polyline{});
  }
  struct RegionRule { core::Polygon poly; double pass_by_s; double min_dwell_s; };
  std::vector<RegionRule> regions;
  for (const auto& r : rules.value("regions", nlohmann::json::array())) {
    RegionRule rr{parse_points(r.at("points")), 5.0, 5.0};
    if (r.contains("people_counting")) rr.pass_by_s = r["people_counting"].value("pass_by_filtering_s", 5);
    if (r.contains("dwell_time")) rr.min_dwell_s = r["dwell_time"].value("min_dwell_time_s", 5);
    regions.push_back(rr);
  }

  nlohmann::json j;
  j["format"] = "headcount-sim-truth";
  j["version"] = 1;
  j["scenario"] = s.name;
  j["seed"] = seed;
  j["fps"] = s.fps;
  j["frame_count"] = frames;
  j["camera"] = {{"width", cam.width}, {"height", cam.height}, {"fx", cam.fx}, {"fy", cam.fy},
                 {"cx", cam.cx}, {"cy", cam.cy}, {"baseline_m", cam.baseline_m}};
  j["floor"] = {{"installation_height_m", s.height_m}, {"tilt_deg", s.tilt_deg},
                {"normal", geo.plane().normal}, {"offset_m", geo.plane().offset_m}};
  j["rules"] = rules;
  auto& people = j["people"] = nlohmann::json::array();
  for (const Agent& a : agents)
    people.push_back({{"id", a.id}, {"stature_m", a.stature_m}, {"child", a.child}, {"gender", a.gender},
                      {"hat", a.hat}, {"backpack", a.backpack},
                      {"pushes", a.pushed == Pushed::kCart ? "cart" : a.pushed == Pushed::kStroller ? "stroller" : "none"},
                      {"waited_s", a.waited_s}, {"stepped_aside_m", a.stepped_aside_m}});

  std::map<int, std::vector<LineTrack>> ltrack;
  std::map<int, std::vector<RegionTrack>> rtrack;
  auto crossings = nlohmann::json::array();
  auto dwell = nlohmann::json::array();
  std::vector<std::array<int, 2>> totals(lines.size(), {0, 0});
  auto frames_json = nlohmann::json::array();
  auto emit_dwell = [&](const Agent& a, size_t r, double start, double end) {
    if (end - start + 1e-9 < regions[r].min_dwell_s) return;
    dwell.push_back({{"region_index", r}, {"person_id", a.id}, {"start_s", start}, {"end_s", end},
                     {"duration_ms", std::llround((end - start) * 1000.0)}, {"child", a.child},
                     {"gender", a.gender}});
  };

  for (int64_t k = 0; k < frames; ++k) {
    const double t = static_cast<double>(k) / s.fps;
    nlohmann::json fj;
    if (opt.per_frame) fj = {{"frame", k}, {"t_s", t}, {"people", nlohmann::json::array()}};
    std::vector<int> occ(regions.size(), 0), occ_raw(regions.size(), 0);
    for (const Agent& a : agents) {
      auto& lt = ltrack[a.id];
      auto& rt = rtrack[a.id];
      lt.resize(lines.size());
      rt.resize(regions.size());
      const AgentState st = agent_state(a, t);
      std::optional<core::Point2> head_px;
      if (st.present) head_px = geo.floor_to_pixel(st.p, st.head_height_m);
      const bool in_view = head_px && head_px->x >= 0 && head_px->y >= 0 && head_px->x < cam.width &&
                           head_px->y < cam.height;
      if (st.present && opt.per_frame) {
        const core::Vec3 top = geo.floor_to_camera(st.p, st.head_height_m);
        fj["people"].push_back({{"id", a.id}, {"head_top_cam", top},
                                {"head_px", head_px ? nlohmann::json{head_px->x, head_px->y} : nlohmann::json()},
                                {"floor_xy", {st.p.x, st.p.y}}, {"head_height_m", st.head_height_m},
                                {"stature_m", a.stature_m}, {"child", a.child}, {"gender", a.gender},
                                {"in_view", in_view}});
      }
      std::optional<core::Point2> pt;
      if (in_view) pt = feet ? geo.floor_to_pixel(st.p, 0.0) : head_px;
      for (size_t li = 0; li < lines.size(); ++li) {
        LineTrack& L = lt[li];
        if (!pt) {  // out of view: the track ends; a U-turn area pass left unfinished is not counted
          L = LineTrack{};
          continue;
        }
        const int sd = sign_of(core::signed_distance_to_polyline(*pt, lines[li]));
        auto event = [&](int dir) {
          crossings.push_back({{"t_s", t}, {"frame", k}, {"line_index", li}, {"direction", dir > 0 ? "in" : "out"},
                               {"person_id", a.id}, {"child", a.child}, {"gender", a.gender}});
          ++totals[li][dir > 0 ? 0 : 1];
        };
        if (!areas[li].empty()) {
          const bool inside = core::point_in_polygon(*pt, areas[li]);
          if (inside && !L.in_area) L.entry_side = L.side != 0 ? L.side : sd;
          if (!inside && L.in_area && sd != 0 && L.entry_side != 0 && sd != L.entry_side) event(sd);
          L.in_area = inside;
        } else if (sd != 0 && L.side != 0 && sd != L.side &&
                   core::path_crosses_polyline(L.side_point, *pt, lines[li])) {
          event(sd);
        }
        if (sd != 0) {
          L.side = sd;
          L.side_point = *pt;
        }
      }
      for (size_t r = 0; r < regions.size(); ++r) {
        RegionTrack& R = rt[r];
        const bool inside = pt && core::point_in_polygon(*pt, regions[r].poly);
        if (inside && !R.inside) R.since = t;
        if (!inside && R.inside) emit_dwell(a, r, R.since, t);
        R.inside = inside;
        if (inside) {
          ++occ_raw[r];
          if (t - R.since + 1e-9 >= regions[r].pass_by_s) ++occ[r];
        }
      }
    }
    if (opt.per_frame) {
      fj["occupancy"] = occ;
      fj["occupancy_raw"] = occ_raw;
      frames_json.push_back(std::move(fj));
    }
  }
  const double t_end = static_cast<double>(frames - 1) / s.fps;
  for (const Agent& a : agents)
    for (size_t r = 0; r < regions.size(); ++r)
      if (rtrack[a.id].size() > r && rtrack[a.id][r].inside) emit_dwell(a, r, rtrack[a.id][r].since, t_end);
  if (opt.per_frame) j["frames"] = std::move(frames_json);
  j["events"] = {{"crossings", crossings}, {"dwell", dwell}};
  auto tl = nlohmann::json::array();
  for (const auto& tt : totals) tl.push_back({{"in", tt[0]}, {"out", tt[1]}});
  j["totals"] = {{"lines", tl}};
  return j;
}

}  // namespace hc::sim
