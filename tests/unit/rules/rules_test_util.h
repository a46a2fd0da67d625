// Shared helpers for the rule tests: a camera 3 m above the floor looking straight down
// (640x400, f = 400 px), so on the floor 1 px = 7.5 mm and the image centre is the floor origin.
#pragma once

#include <vector>

#include "core/floor_geometry.h"
#include "rules/rule_engine.h"

namespace hc::rules::test {

inline core::FloorGeometry geometry() {
  return core::FloorGeometry(core::CameraModel{}, core::FloorPlane::from_height_and_tilt(3.0, 0.0));
}

inline TrackedPerson person(int64_t id, double x, double y, double stature = 1.7) {
  TrackedPerson p;
  p.id = id;
  p.floor_m = {x, y};
  p.stature_m = stature;
  return p;
}

// Walks person `id` from (x0, y0) to (x1, y1) in `steps` frames of dt seconds starting at t0;
// returns all events and advances t0.
inline std::vector<CountEvent> walk(RuleEngine& e, double& t, int64_t id, core::Point2 a,
                                    core::Point2 b, int steps, double stature = 1.7,
                                    bool child = false, double dt = 0.1) {
  std::vector<CountEvent> all;
  for (int i = 0; i <= steps; ++i) {
    const double f = static_cast<double>(i) / steps;
    auto p = person(id, a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, stature);
    p.child = child;
    auto out = e.update(t, {p});
    all.insert(all.end(), out.events.begin(), out.events.end());
    t += dt;
  }
  return all;
}

inline int count_dir(const std::vector<CountEvent>& ev, Direction d) {
  int n = 0;
  for (const auto& e : ev)
    if (const auto* c = std::get_if<LineCrossing>(&e.what); c && c->direction == d) ++n;
  return n;
}

}  // namespace hc::rules::test
