// The floor-limited disparity search range: per image row, from just below the floor's disparity
// to the disparity of the tallest allowed target, so the matcher never searches disparities that
// cannot occur in the scene.
#pragma once

#include <vector>

#include "core/floor_geometry.h"
#include "stereo/stereo_matcher.h"

namespace hc::stereo {

struct RowRangeSummary {
  std::vector<RowRange> rows;  // one per image row
  int num_disparities = 0;     // the count every row needs (max over rows of hi - lo + 1)
  // max_target_height_m is not below the camera (the installation height): nothing limits the
  // disparity; rows is empty and num_disparities 0.
  bool unbounded = false;
};

// For each row v: lo = floor(min_u floor_disparity(u, v)) - margin_px (>= 0),
// hi = ceil(max_u disparity of a point max_target_height_m above the floor at (u, v)).
// A max_target_height_m at or above the camera gives `unbounded` (no row range).
RowRangeSummary floor_limited_ranges(const core::FloorGeometry& geometry, double max_target_height_m,
                                     int margin_px = 2);

}  // namespace hc::stereo
