// Ground truth of a simulated run (truth.json, documented in docs/simulator.md): per frame every
// person's head top (camera frame), head pixel, floor position and attributes, and the events the
// scenario's rules should produce from the true trajectories (line crossings with U-turn
// filtering, region occupancy with pass-by filtering, dwell episodes).
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "core/floor_geometry.h"
#include "sim/crowd.h"
#include "sim/scenario.h"

namespace hc::sim {

// The scenario's rules, with a default line across the image centre when it defines no line and
// no region (drawn left to right, so walking towards +v, i.e. +y on the floor, is "in").
nlohmann::json effective_rules(const Scenario& scenario);

struct TruthOptions {
  bool per_frame = true;  // false: leave out the "frames" array (long runs)
};

nlohmann::json build_truth(const Scenario& scenario, uint64_t seed, const std::vector<Agent>& agents,
                           int64_t frames, const TruthOptions& options = {});

}  // namespace hc::sim
