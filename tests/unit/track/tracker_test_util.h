// Shared helpers for the tracker tests: detections on the floor plane and the confirmed tracks.
#pragma once

#include <map>
#include <vector>

#include "track/tracker.h"

namespace hc::track {

inline Detection det(double x, double y, double stature = 1.75, double score = 1.0) {
  Detection d;
  d.floor_m = {x, y};
  d.stature_m = stature;
  d.score = score;
  return d;
}

// A detection with its head pixel in a 640x400 image where 1 m on the floor is 200 px.
inline Detection seen(double x, double y) {
  Detection d = det(x, y);
  d.head_px = {320 + 200 * x, 200 + 200 * y};
  return d;
}

inline std::map<int64_t, const Track*> confirmed(const std::vector<Track>& ts) {
  std::map<int64_t, const Track*> m;
  for (const auto& t : ts)
    if (t.state != TrackState::kTentative) m[t.id] = &t;
  return m;
}

}  // namespace hc::track
