// Construction of primitive transforms from floor-frame placement; O(1).
#include "sim/primitive.h"

#include <cmath>

namespace hc::sim {

Primitive make_primitive(Primitive::Kind kind, const core::FloorGeometry& geo, core::Point2 xy,
                         double h, double heading, double rf, double rs, double ru) {
  Primitive p;
  p.kind = kind;
  p.c = geo.floor_to_camera(xy, h);
  const core::Vec3 o = geo.floor_to_camera(xy, 0.0);
  const core::Vec3 fx = geo.floor_to_camera({xy.x + std::cos(heading), xy.y + std::sin(heading)}, 0.0);
  const core::Vec3 sx = geo.floor_to_camera({xy.x - std::sin(heading), xy.y + std::cos(heading)}, 0.0);
  const core::Vec3& up = geo.plane().normal;
  const core::Vec3 f{fx[0] - o[0], fx[1] - o[1], fx[2] - o[2]};
  const core::Vec3 s{sx[0] - o[0], sx[1] - o[1], sx[2] - o[2]};
  const core::Vec3 axes[3] = {f, s, up};
  const double radii[3] = {rf, rs, ru};
  for (int r = 0; r < 3; ++r)
    for (int k = 0; k < 3; ++k) {
      p.A[r * 3 + k] = axes[r][k] / radii[r];   // orthonormal axes: inverse is the transpose
      p.Ainv[k * 3 + r] = axes[r][k] * radii[r];
    }
  return p;
}

}  // namespace hc::sim
