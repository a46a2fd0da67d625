// The rules section of the configuration document (config/schema.json "rules") as typed values, and
// the engine's own tuning (hysteresis band, minimum travel). Geometry stays in left rectified image
// pixels here; the RuleEngine projects it onto the floor.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/geometry.h"

namespace hc::rules {

enum class TrackingMode { kHeads, kFeet };

struct LineRule {
  std::string uuid;
  std::string name;            // "Line<N>" when the document leaves it empty
  core::Polyline points_px;    // 2..5 vertices; crossing from its left (on screen) to its right is IN
  core::Polygon uturn_area_px; // empty: no U-turn area
};

struct RegionRule {
  std::string uuid;
  std::string name;            // "Region<N>" when empty
  core::Polygon points_px;     // 3..10 vertices
  bool people_counting = true;
  int pass_by_filtering_s = 5; // seconds inside before a person is counted
  bool dwell_time = false;
  int min_dwell_time_s = 5;    // shorter stays make no dwell episode
};

struct RulesConfig {
  double installation_height_m = 3.0;
  double min_target_height_m = 1.0;
  double max_target_height_m = 2.2;
  TrackingMode tracking_mode = TrackingMode::kHeads;
  bool children_adult_differentiation = false;
  double child_filter_height_m = 1.2;
  bool gender_recognition = false;
  std::string gender_model;
  bool line_cross_counting = true;
  bool uturn_filtering = false;
  bool region_monitoring = false;
  bool scheduled_reset = false;
  int reset_minute_of_day = 0;  // local time, minutes after midnight
  // The device's local wall clock at engine time t_s, as seconds since 1970-01-01 00:00 local (so
  // t % 86400 is the time of day): the scheduled reset's clock. Not in the document: `headcount
  // run` sets it to the service clock and `headcount replay` to the frame clock, both in the
  // configured zone and DST. Empty: the process's time zone (localtime_r) on t_s itself (tests).
  std::function<double(double t_s)> local_wall_s;
  std::vector<LineRule> lines;
  std::vector<RegionRule> regions;

  // Engine tuning (not in the document): a person changes side of a line only once they are more
  // than hysteresis_m beyond it, and only after walking min_travel_m (path length) since the last
  // side change, so standing on a line or swaying across it never counts twice. A crossing walks
  // at least the band's width (0.24 m); the 1 cm more guard against a sway just across it (the
  // engine waits for the next step, RuleEngine::update_line). Not
  // more: at a 2.2 m mount a tall person's head is seen over about 0.3 m of walk, at 10 frames/s
  // in two or three places, one frame just past the band before the line and the next just past
  // it beyond (docs/accuracy.md, "The lowest mounts": 0.27 m missed such steps).
  double hysteresis_m = 0.12;
  double min_travel_m = 0.25;
  // A band this wide (metres) centred on a region's edge, for the same reason: a person enters
  // once half of it inside and leaves once half of it outside.
  double region_exit_band_m = 0.10;
};

// Reads the "rules" object (defaults filled where absent). Throws std::invalid_argument naming the
// field ("rules.lines[1].points: ...") on a malformed value.
RulesConfig parse_rules(const nlohmann::json& rules);

}  // namespace hc::rules
