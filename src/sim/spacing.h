// Keeps the simulated people physically apart. Each behaviour scripts its people independently, so
// without this two walkers (or a walker and someone's cart) could pass through each other, which no
// camera ever sees: two heads 3-8 cm apart are one head from above. A person who would collide with
// someone already placed steps aside or waits (keep_apart), as people do at a busy door.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/crowd.h"

namespace hc::sim {

// A disc on the floor covering part of a body (or a pushed cart) seen from above, metres.
struct FootprintDisc {
  core::Point2 centre;
  double radius_m;
};

// The footprint of a person at a state: the torso and shoulders (scaled by stature), a backpack,
// and the cart or stroller pushed ahead. Matches the renderer's body (sim/renderer.cpp).
std::vector<FootprintDisc> footprint(const Agent& agent, const AgentState& state);

// Whether two people's footprints overlap at time t (false when either is absent).
bool bodies_overlap(const Agent& a, const Agent& b, double t_s);

// The first time, checked every kSpacingCheckStep_s while both walk, at which two people overlap.
std::optional<double> first_overlap(const Agent& a, const Agent& b);

// Time step of the overlap checks: at two walkers' closing speed (3 m/s) 6 cm, under a disc's radius.
inline constexpr double kSpacingCheckStep_s = 0.02;
// How long a person waits, at most, for a gap; then they walk anyway (the scenario's truth still
// holds, only that pair overlaps).
inline constexpr double kMaxWait_s = 30.0;

// Places each party (agents sharing a non-zero `party`, or one agent) in order of arrival, earliest
// first. A party that would overlap someone placed before it makes room the cheapest way a person
// would: stepping aside (up to 0.3 m across the walking axis, in 0.1 m steps), waiting (0.1 s
// steps), or both, where 0.1 m aside costs as much as 0.2 s of waiting. Members of one party are
// not kept apart from each other: a scripted group walks side by side as its scenario places it.
// Returns the number of parties moved.
int keep_apart(std::vector<Agent>& agents);

// What keep_apart did, per person, for the simulate command's log: "to keep apart, of 67 people
// 27 waited (38.1 s in all, at most 4.7 s) and 28 stepped aside (at most 0.3 m)".
std::string spacing_summary(const std::vector<Agent>& agents);

}  // namespace hc::sim
