// Analytic shapes the renderer ray-casts: ellipsoids and boxes given by a centre and an affine map
// to the unit sphere / unit cube, in the left camera frame (metres).
#pragma once

#include <array>

#include "core/floor_geometry.h"

namespace hc::sim {

struct Primitive {
  enum Kind { kEllipsoid, kBox } kind = kEllipsoid;
  core::Vec3 c{};                    // centre, camera frame
  std::array<double, 9> A{};         // row-major: local = A * (X - c); unit sphere / cube
  std::array<double, 9> Ainv{};      // columns: local axes scaled by the radii
  float albedo = 0.5f;
  float texture_amp = 0.2f;          // relative albedo variation of the surface texture
  float texture_scale = 6.0f;        // texture cycles per unit local coordinate
  float texture_seed = 0.0f;
  float hair_albedo = -1.0f;         // >= 0: upper part (local z > 0.25) uses this (heads)
};

// A primitive with local axes: forward (heading in the floor frame), side and up, radii in metres.
Primitive make_primitive(Primitive::Kind kind, const core::FloorGeometry& geo, core::Point2 floor_xy,
                         double centre_height_m, double heading_rad, double r_forward, double r_side,
                         double r_up);

}  // namespace hc::sim
