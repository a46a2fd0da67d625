// A simulated entrance: camera, floor, clutter, imaging, rules and behaviours, read from JSON
// (config/scenarios/*.json, documented in docs/simulator.md).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/camera_model.h"
#include "core/floor_geometry.h"

namespace hc::sim {

struct Box {  // static clutter or an object part: centre on the floor frame, half sizes, metres
  double x = 0, y = 0, half_w = 0.2, half_d = 0.2, height = 0.5, yaw_deg = 0;
  bool round = false;  // an ellipsoid-ish pot/bin instead of a box
};

struct Behaviour {
  std::string type;          // crossing, uturn, loiter, group, counterflow, queue, busy
  int count = 1;             // people (groups: groups)
  std::string direction = "both";  // in, out, both (alternating / random)
  double start_s = 0.5;
  double interval_s = 2.0;
  double angle_deg = 0.0;    // diagonal crossings: angle to the walking axis
  double speed_mps = 0.0;    // 0 = random 1.0-1.5
  std::string where = "before";  // uturn: before or after the line
  double x = 0.0, y = 0.0;   // loiter: spot on the floor (metres)
  double duration_s = 10.0;  // loiter: stay; busy: span of arrivals
  int size = 2;              // group size
  double per_minute = 24.0;  // busy: arrival rate
  double child_fraction = 0.15, hat_fraction = 0.2, backpack_fraction = 0.2;
  double cart_fraction = 0.0, stroller_fraction = 0.0;
};

struct Scenario {
  std::string name;
  std::string description;
  double height_m = 3.0;
  double tilt_deg = 0.0;
  double baseline_m = 0.08;
  int width = 0, height = 0;  // 0: 640x400, 1280x800 above 4 m
  double fps = 15.0;
  double duration_s = 10.0;
  std::string floor_texture = "tiles";  // tiles, carpet
  std::vector<Box> textureless;          // nearly textureless floor patches (half_w/half_d used)
  std::vector<Box> clutter;
  bool dot_pattern = false;
  double read_noise = 1.5;    // grey levels (sigma)
  double shot_noise = 0.08;   // variance per grey level
  double gain_mismatch = 0.03;  // right gain = 1 + this
  nlohmann::json rules;       // a schema `rules` object; default line added when it has none
  std::vector<Behaviour> behaviours;

  // Parses and validates; throws std::runtime_error naming the file and field.
  static Scenario from_json(const nlohmann::json& j, const std::string& origin);
  // A name from config/scenarios (without .json) or a path to a file.
  static Scenario load(const std::string& name_or_file, const std::string& scenario_dir);

  core::CameraModel camera() const;  // FOV from the user guide's table for the height
  core::FloorPlane plane() const { return core::FloorPlane::from_height_and_tilt(height_m, tilt_deg); }
  int64_t frame_count() const { return static_cast<int64_t>(duration_s * fps + 0.5); }
};

// config/scenarios: from the working directory, else searched upwards from the executable (the
// source tree above build/<preset>/...) or an install's share/headcount/scenarios.
std::string find_scenario_dir();

// Horizontal field of view (degrees) for an installation height, per the user guide (section 6).
double horizontal_fov_deg(double height_m);

}  // namespace hc::sim
