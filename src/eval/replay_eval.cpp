#include "eval/replay_eval.h"

#include "eval/iso8601.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

namespace hc::eval {
namespace {
namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(p.string() + ": " + e.what());
  }
}

struct Step {
  double t;
  int count;
};

// A dwell episode: start and end, seconds.
struct Episode {
  double start, end;
};

// Dwell-duration errors of counted episodes matched one to one to true ones by start time, within
// 2 s (the payload's start time has whole seconds), closest pairs first: one counted episode
// standing for two true ones would score the other's duration against it.
std::vector<double> dwell_errors(const std::vector<Episode>& truth,
                                 const std::vector<Episode>& counted) {
  struct Pair {
    double gap;
    size_t t, c;
  };
  std::vector<Pair> pairs;
  for (size_t t = 0; t < truth.size(); ++t)
    for (size_t c = 0; c < counted.size(); ++c)
      if (const double gap = std::abs(counted[c].start - truth[t].start); gap <= 2.0)
        pairs.push_back({gap, t, c});
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const Pair& a, const Pair& b) { return a.gap < b.gap; });
  std::vector<bool> true_used(truth.size()), counted_used(counted.size());
  std::vector<double> errors;
  for (const Pair& p : pairs) {
    if (true_used[p.t] || counted_used[p.c]) continue;
    true_used[p.t] = counted_used[p.c] = true;
    errors.push_back(std::abs((counted[p.c].end - counted[p.c].start) -
                              (truth[p.t].end - truth[p.t].start)));
  }
  return errors;
}

// The simulator's truth.json (docs/simulator.md, "headcount-sim-truth" version 1: 0-based
// line_index/region_index, events.crossings, events.dwell, per-frame occupancy and people) in the
// shape read below (1-based indices, flat lists). Times stay as they are (stream seconds, which
// replay reports as Unix seconds when run without --start-time).
nlohmann::json from_simulator(const nlohmann::json& sim) {
  nlohmann::json out;
  out["crossings"] = nlohmann::json::array();
  const auto& events = sim.value("events", nlohmann::json::object());
  for (const auto& c : events.value("crossings", nlohmann::json::array()))
    out["crossings"].push_back({{"t_s", c.at("t_s")}, {"line", c.value("line_index", 0) + 1},
                                {"direction", c.at("direction")}, {"child", c.value("child", false)}});
  out["dwell"] = nlohmann::json::array();
  for (const auto& d : events.value("dwell", nlohmann::json::array()))
    out["dwell"].push_back({{"region", d.value("region_index", 0) + 1}, {"start_s", d.at("start_s")},
                            {"end_s", d.at("end_s")}});
  out["occupancy"] = nlohmann::json::array();
  out["tracks"] = nlohmann::json::array();
  for (const auto& f : sim.value("frames", nlohmann::json::array())) {
    const auto occ = f.value("occupancy", nlohmann::json::array());
    for (size_t r = 0; r < occ.size(); ++r)
      out["occupancy"].push_back({{"t_s", f.at("t_s")}, {"region", static_cast<int>(r) + 1},
                                  {"count", occ[r]}});
    for (const auto& p : f.value("people", nlohmann::json::array()))
      if (p.value("in_view", false) && p.contains("floor_xy"))
        out["tracks"].push_back({{"t_s", f.at("t_s")}, {"id", p.at("id")},
                                 {"x", p.at("floor_xy").at(0)}, {"y", p.at("floor_xy").at(1)}});
  }
  return out;
}

}  // namespace

EvalReport evaluate(const fs::path& truth_path, const fs::path& events_path,
                    const std::optional<fs::path>& summary_path,
                    const std::optional<fs::path>& tracks_path) {
  nlohmann::json truth = read_json(truth_path);
  if (truth.value("format", "") == "headcount-sim-truth") {
    try {
      truth = from_simulator(truth);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(truth_path.string() + ": " + e.what());
    }
  }
  std::vector<Crossing> true_crossings, counted;
  std::set<int> lines;
  try {
    for (const auto& c : truth.value("crossings", nlohmann::json::array())) {
      Crossing x;
      x.t_s = c.at("t_s").get<double>();
      x.line = c.value("line", 1);
      x.direction = c.at("direction").get<std::string>() == "out" ? rules::Direction::kOut
                                                                  : rules::Direction::kIn;
      x.child = c.value("child", false);
      true_crossings.push_back(x);
      lines.insert(x.line);
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(truth_path.string() + ": crossings: " + e.what());
  }
  std::map<int, std::vector<Step>> steps;
  std::map<int, std::vector<Episode>> reported_dwells;  // per region, from the 7.4 reports
  std::ifstream ev(events_path);
  if (!ev) throw std::runtime_error("cannot read " + events_path.string());
  std::string line;
  int n = 0;
  while (std::getline(ev, line)) {
    ++n;
    if (line.empty()) continue;
    try {
      const auto j = nlohmann::json::parse(line);
      const double t = parse_iso8601(j.at("time_info").at("time").get<std::string>()) + 0.5;
      for (const auto& l : j.value("line_trigger_data", nlohmann::json::array())) {
        const int idx = l.at("line").get<int>();
        lines.insert(idx);
        for (int k = 0; k < l.value("in", 0); ++k)
          counted.push_back({t, idx, rules::Direction::kIn, k < l.value("children_in", 0)});
        for (int k = 0; k < l.value("out", 0); ++k)
          counted.push_back({t, idx, rules::Direction::kOut, k < l.value("children_out", 0)});
      }
      if (j.contains("region_trigger_data")) {
        const auto& r = j["region_trigger_data"];
        for (const auto& c : r.value("region_count_data", nlohmann::json::array()))
          steps[c.at("region").get<int>()].push_back({t - 0.5, c.at("current_total").get<int>()});
        for (const auto& d : r.value("dwell_time_data", nlohmann::json::array())) {
          const int reg = d.at("region").get<int>();
          const double start = parse_iso8601(d.at("dwell_start_time").get<std::string>());
          reported_dwells[reg].push_back({start, start + d.at("duration").get<double>() / 1000.0});
        }
      }
    } catch (const std::exception& e) {
      throw std::runtime_error(events_path.string() + ":" + std::to_string(n) + ": " + e.what());
    }
  }
  EvalReport report;
  for (int l : lines)
    for (auto d : {rules::Direction::kIn, rules::Direction::kOut})
      report.lines.push_back(score_line(true_crossings, counted, l, d, 60.0, 1.5));

  // Regions: occupancy MAE at the truth's sample times; dwell durations matched by start time.
  std::map<int, RegionScore> regions;
  for (const auto& s : truth.value("occupancy", nlohmann::json::array())) {
    const int reg = s.value("region", 1);
    const double t = s.at("t_s").get<double>();
    int count = 0;
    for (const auto& st : steps[reg])
      if (st.t <= t) count = st.count;
    auto& rs = regions[reg];
    rs.region = reg;
    rs.occupancy_mae += std::abs(count - s.at("count").get<int>());
    rs.samples++;
  }
  std::map<int, std::vector<Episode>> true_dwells;
  for (const auto& d : truth.value("dwell", nlohmann::json::array())) {
    const int reg = d.value("region", 1);
    regions[reg].region = reg;
    regions[reg].true_dwells++;
    true_dwells[reg].push_back({d.at("start_s").get<double>(), d.at("end_s").get<double>()});
  }
  std::map<int, std::vector<double>> errors;
  for (const auto& [reg, episodes] : true_dwells) {
    errors[reg] = dwell_errors(episodes, reported_dwells[reg]);
    regions[reg].matched_dwells = static_cast<int64_t>(errors[reg].size());
  }
  for (auto& [reg, rs] : regions) {
    if (rs.samples) rs.occupancy_mae /= static_cast<double>(rs.samples);
    auto& e = errors[reg];
    if (!e.empty()) {
      std::nth_element(e.begin(), e.begin() + e.size() / 2, e.end());
      rs.dwell_error_median_s = e[e.size() / 2];
    }
    report.regions.push_back(rs);
  }
  if (summary_path) {
    const auto s = read_json(*summary_path);
    for (const auto& l : s.value("line_total_data", nlohmann::json::array()))
      report.summary_totals.push_back({l.value("line", 0), l.value("in_counted", int64_t{0}),
                                       l.value("out_counted", int64_t{0})});
  }
  if (tracks_path) {
    auto key = [](double t) { return static_cast<int64_t>(std::llround(t * 1000.0)); };
    TrackFrames t, h;
    try {
      for (const auto& p : truth.value("tracks", nlohmann::json::array()))
        t[key(p.at("t_s").get<double>())].push_back(
            {p.at("id").get<int64_t>(), {p.at("x").get<double>(), p.at("y").get<double>()}});
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(truth_path.string() + ": tracks: " + e.what());
    }
    std::ifstream in(*tracks_path);
    if (!in) throw std::runtime_error("cannot read " + tracks_path->string());
    int k = 0;
    while (std::getline(in, line)) {
      ++k;
      if (line.empty()) continue;
      try {
        const auto j = nlohmann::json::parse(line);
        auto& frame = h[key(j.at("t_s").get<double>())];
        for (const auto& p : j.at("tracks"))
          frame.push_back({p.at("id").get<int64_t>(), {p.at("x").get<double>(), p.at("y").get<double>()}});
      } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(tracks_path->string() + ":" + std::to_string(k) + ": " + e.what());
      }
    }
    // Only frames the replay processed count (the truth may be sampled more densely).
    TrackFrames paired;
    for (const auto& [kk, v] : t)
      if (h.count(kk)) paired[kk] = v;
    report.tracks = score_tracks(paired, h);
  }
  return report;
}

nlohmann::json EvalReport::to_json() const {
  nlohmann::json j;
  j["lines"] = nlohmann::json::array();
  for (const auto& s : lines)
    j["lines"].push_back({{"line", s.line},
                          {"direction", s.direction == rules::Direction::kIn ? "in" : "out"},
                          {"true", s.true_total}, {"counted", s.counted_total},
                          {"net_accuracy", s.net_accuracy}, {"unbalanced_error", s.unbalanced_error},
                          {"event_precision", s.precision}, {"event_recall", s.recall},
                          {"event_f1", s.f1}, {"child_accuracy", s.child_accuracy}});
  j["regions"] = nlohmann::json::array();
  for (const auto& r : regions)
    j["regions"].push_back({{"region", r.region}, {"occupancy_samples", r.samples},
                            {"occupancy_mae", r.occupancy_mae}, {"true_dwells", r.true_dwells},
                            {"matched_dwells", r.matched_dwells},
                            {"dwell_error_median_s", r.dwell_error_median_s}});
  j["summary_totals"] = nlohmann::json::array();
  for (const auto& t : summary_totals)
    j["summary_totals"].push_back({{"line", t[0]}, {"in_counted", t[1]}, {"out_counted", t[2]}});
  if (tracks)
    j["tracks"] = {{"mota", tracks->mota}, {"idf1", tracks->idf1}, {"truth_points", tracks->truth_points},
                   {"misses", tracks->misses}, {"false_positives", tracks->false_positives},
                   {"id_switches", tracks->id_switches}, {"match_radius_m", 0.5}};
  else
    j["tracks"] = nullptr;
  return j;
}

std::string EvalReport::to_table() const {
  std::ostringstream o;
  char buf[256];
  o << "line dir   true counted  net_acc  unbal_err  event_f1  child_acc\n";
  for (const auto& s : lines) {
    std::snprintf(buf, sizeof buf, "%4d %-4s %6lld %7lld  %7.4f  %9.4f  %8.4f  %9.4f\n", s.line,
                  s.direction == rules::Direction::kIn ? "in" : "out",
                  static_cast<long long>(s.true_total), static_cast<long long>(s.counted_total),
                  s.net_accuracy, s.unbalanced_error, s.f1, s.child_accuracy);
    o << buf;
  }
  if (!regions.empty()) o << "region samples occupancy_mae dwells(true/matched) dwell_err_median_s\n";
  for (const auto& r : regions) {
    std::snprintf(buf, sizeof buf, "%6d %7lld %13.4f %9lld/%-9lld %8.3f\n", r.region,
                  static_cast<long long>(r.samples), r.occupancy_mae,
                  static_cast<long long>(r.true_dwells), static_cast<long long>(r.matched_dwells),
                  r.dwell_error_median_s);
    o << buf;
  }
  for (const auto& t : summary_totals) {
    std::snprintf(buf, sizeof buf, "summary line %lld: in_counted %lld, out_counted %lld\n",
                  static_cast<long long>(t[0]), static_cast<long long>(t[1]),
                  static_cast<long long>(t[2]));
    o << buf;
  }
  if (tracks) {
    std::snprintf(buf, sizeof buf,
                  "tracks (0.5 m): MOTA %.4f IDF1 %.4f (%lld truth points, %lld misses, %lld false "
                  "positives, %lld id switches)\n",
                  tracks->mota, tracks->idf1, static_cast<long long>(tracks->truth_points),
                  static_cast<long long>(tracks->misses), static_cast<long long>(tracks->false_positives),
                  static_cast<long long>(tracks->id_switches));
    o << buf;
  }
  return o.str();
}

}  // namespace hc::eval
