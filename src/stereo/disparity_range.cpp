// Per-row search range from the floor plane: O(W * H) evaluations of the ray-plane geometry,
// done once per calibration, not per frame.
#include "stereo/disparity_range.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace hc::stereo {

RowRangeSummary floor_limited_ranges(const core::FloorGeometry& g, double max_target_height_m,
                                     int margin_px) {
  const core::CameraModel& cam = g.camera();
  RowRangeSummary out;
  // A target plane at or above the camera: no ray meets it, every disparity can occur.
  if (!(max_target_height_m < g.plane().installation_height_m())) {
    out.unbounded = true;
    return out;
  }
  out.rows.resize(static_cast<size_t>(cam.height));
  const int step = std::max(1, cam.width / 64);
  for (int v = 0; v < cam.height; ++v) {
    double lo = 1e9, hi = 0.0;
    for (int u = 0; u <= cam.width; u += step) {
      const double uu = std::min(u, cam.width - 1);
      const double floor_d = g.floor_disparity_at(uu, v);
      if (floor_d > 0.0) lo = std::min(lo, floor_d);
      // Where the ray meets the plane max_target_height_m above the floor.
      if (const auto xy = g.pixel_to_floor(uu, v, max_target_height_m)) {
        const core::Vec3 p = g.floor_to_camera(*xy, max_target_height_m);
        if (p[2] > 1e-6) hi = std::max(hi, cam.disparity_from_depth(p[2]));
      }
    }
    if (lo > hi) lo = 0.0;  // the row never sees the floor: search from zero
    const int lo_px = std::max(0, static_cast<int>(std::floor(lo)) - margin_px);
    const int hi_px = static_cast<int>(std::ceil(hi)) + 1;
    out.rows[static_cast<size_t>(v)].min_px = lo_px;
    out.num_disparities = std::max(out.num_disparities, hi_px - lo_px + 1);
  }
  return out;
}

}  // namespace hc::stereo
