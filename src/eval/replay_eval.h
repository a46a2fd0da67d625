// `headcount eval`: reads a replay's trigger reports (JSON lines, guide 7.2-7.4), optionally its
// summary (7.1), and a ground-truth file, and scores them (line_metrics.h definitions, plus region
// occupancy MAE and dwell-duration error).
//
// truth.json: the simulator's file (docs/simulator.md, "format": "headcount-sim-truth", converted;
// its stream times equal replay's report times when replay runs without --start-time), or this
// flat form (all times Unix seconds):
//   {"crossings": [{"t_s": 1700000012.4, "line": 1, "direction": "in", "child": false}, ...],
//    "occupancy": [{"t_s": 1700000012.0, "region": 1, "count": 2}, ...],      (optional samples)
//    "dwell":     [{"region": 1, "start_s": ..., "end_s": ...}, ...],         (optional)
//    "tracks":    [{"t_s": ..., "id": 3, "x": 0.4, "y": -1.2}, ...]}           (optional, floor m)
// The replay's --tracks file: one JSON line per frame {"t_s": ..., "tracks": [{"id", "x", "y"}]};
// frames are paired by time rounded to the millisecond.
// Report times have one-second resolution: a reported crossing at second T is taken at T + 0.5
// and matched within the tolerance plus 0.5 s.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <string>

#include <filesystem>
#include <optional>
#include <vector>

#include "eval/line_metrics.h"
#include "eval/track_metrics.h"

namespace hc::eval {

struct RegionScore {
  int region = 1;
  int64_t samples = 0;
  double occupancy_mae = 0;
  int64_t true_dwells = 0, matched_dwells = 0;
  double dwell_error_median_s = 0;
};

struct EvalReport {
  std::vector<LineScore> lines;
  std::vector<RegionScore> regions;
  // Totals from the summary's line_total_data (line, in, out) when a summary was given.
  std::vector<std::array<int64_t, 3>> summary_totals;
  std::optional<TrackScore> tracks;  // when a tracks file and truth tracks were given
  nlohmann::json to_json() const;
  std::string to_table() const;
};

// Throws std::runtime_error naming the file and line on malformed input.
EvalReport evaluate(const std::filesystem::path& truth, const std::filesystem::path& events,
                    const std::optional<std::filesystem::path>& summary,
                    const std::optional<std::filesystem::path>& tracks = std::nullopt);

}  // namespace hc::eval
