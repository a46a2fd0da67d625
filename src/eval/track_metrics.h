// Multi-object tracking scores on the floor plane: CLEAR MOT (MOTA) and IDF1 with a match radius
// (0.5 m by default). Per frame, truth and hypothesis points are matched by the Hungarian
// algorithm within the radius, keeping last frame's pairs when still within it (Bernardin &
// Stiefelhagen 2008); IDF1 matches whole identities by a global assignment maximising the frames
// they coincide (Ristani et al. 2016). O(frames x n^3).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/geometry.h"

namespace hc::eval {

struct TrackPoint {
  int64_t id = 0;
  core::Point2 floor_m;
};
// Frames keyed by time (seconds, rounded by the caller so truth and hypothesis share keys).
using TrackFrames = std::map<int64_t, std::vector<TrackPoint>>;

struct TrackScore {
  int64_t truth_points = 0, matches = 0, misses = 0, false_positives = 0, id_switches = 0;
  double mota = 1.0, idf1 = 1.0;
};

TrackScore score_tracks(const TrackFrames& truth, const TrackFrames& hypothesis,
                        double radius_m = 0.5);

}  // namespace hc::eval
