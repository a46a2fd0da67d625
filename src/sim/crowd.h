// The people (and the carts and strollers they push) of a scenario: attributes drawn from a seeded
// generator and scripted trajectories (keyframes on the floor, metres, seconds).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "sim/scenario.h"

namespace hc::sim {

enum class Pushed { kNone, kCart, kStroller };

struct Keyframe {
  double t_s;
  core::Point2 p;  // floor frame, metres
};

struct Agent {
  int id = 0;                 // 1-based, unique within the scenario
  double stature_m = 1.75;    // head top above the floor, standing
  bool child = false;
  std::string gender = "male";
  bool hat = false;
  bool backpack = false;
  Pushed pushed = Pushed::kNone;
  int party = 0;              // non-zero: scripted to walk together (a group), adjacent in the list
  double waited_s = 0.0;        // how keep_apart moved the scripted walk: later by this,
  double stepped_aside_m = 0.0; // and along floor x by this (sim/spacing.h)
  double shirt_albedo = 0.5, hair_albedo = 0.25, texture_seed = 0.0;
  std::vector<Keyframe> path;  // increasing times; absent before the first and after the last
};

struct AgentState {
  bool present = false;
  core::Point2 p;          // floor position of the head top (gait sway included), metres
  double head_height_m;    // head top above the floor now (bob included), metres
  double heading_rad;      // walking direction in the floor frame
  double gait_phase;       // radians, advances with distance walked
};

// Every agent of the scenario, deterministic for a seed, kept physically apart (sim/spacing.h).
std::vector<Agent> build_agents(const Scenario& scenario, uint64_t seed);
AgentState agent_state(const Agent& agent, double t_s);

// Half-length (metres, along floor y) of the walk from out of view to out of view.
double walk_half_length(const Scenario& scenario);

}  // namespace hc::sim
