// Ray-plane intersection for a pinhole camera; O(1) per call.
#include "core/floor_geometry.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hc::core {
namespace {
double dot3(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 scale3(const Vec3& a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }
Vec3 add3(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
Vec3 sub3(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 normalise3(const Vec3& a) { return scale3(a, 1.0 / std::sqrt(dot3(a, a))); }
Vec3 cross3(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
}  // namespace

FloorPlane FloorPlane::from_height_and_tilt(double height_m, double tilt_deg) {
  const double t = tilt_deg * std::numbers::pi / 180.0;
  // Untilted, "up" is -z. Tilted by t about the camera's x axis, up = (0, -sin t, -cos t): the
  // point straight below the camera then appears below the image centre (+v).
  return FloorPlane{{0.0, -std::sin(t), -std::cos(t)}, height_m};
}

double FloorPlane::height_of(const Vec3& camera_point) const {
  return dot3(normal, camera_point) + offset_m;
}

double FloorPlane::tilt_deg() const {
  return std::acos(std::clamp(-normal[2], -1.0, 1.0)) * 180.0 / std::numbers::pi;
}

FloorGeometry::FloorGeometry(const CameraModel& camera, const FloorPlane& plane)
    : camera_(camera), plane_{normalise3(plane.normal), plane.offset_m} {
  origin_ = scale3(plane_.normal, -plane_.offset_m);
  const Vec3 image_x{1.0, 0.0, 0.0};
  axis_x_ = normalise3(sub3(image_x, scale3(plane_.normal, dot3(image_x, plane_.normal))));
  axis_y_ = cross3(axis_x_, plane_.normal);
}

std::optional<Vec3> FloorGeometry::point_from_disparity(double u, double v, double d) const {
  if (d <= 0.0) return std::nullopt;
  return point_from_depth(u, v, camera_.depth_from_disparity(d));
}

Vec3 FloorGeometry::point_from_depth(double u, double v, double z) const {
  return {(u - camera_.cx) * z / camera_.fx, (v - camera_.cy) * z / camera_.fy, z};
}

Point2 FloorGeometry::to_floor(const Vec3& p) const {
  const Vec3 rel = sub3(p, origin_);
  return {dot3(rel, axis_x_), dot3(rel, axis_y_)};
}

std::optional<Point2> FloorGeometry::pixel_to_floor(double u, double v, double h) const {
  const Vec3 ray{(u - camera_.cx) / camera_.fx, (v - camera_.cy) / camera_.fy, 1.0};
  const double denom = dot3(plane_.normal, ray);
  if (std::abs(denom) < 1e-12) return std::nullopt;
  const double t = (h - plane_.offset_m) / denom;
  if (t <= 0.0) return std::nullopt;
  return to_floor(scale3(ray, t));
}

Vec3 FloorGeometry::floor_to_camera(Point2 xy, double h) const {
  return add3(add3(origin_, scale3(axis_x_, xy.x)),
              add3(scale3(axis_y_, xy.y), scale3(plane_.normal, h)));
}

std::optional<Point2> FloorGeometry::floor_to_pixel(Point2 xy, double h) const {
  const Vec3 p = floor_to_camera(xy, h);
  if (p[2] <= 1e-9) return std::nullopt;
  return Point2{camera_.fx * p[0] / p[2] + camera_.cx, camera_.fy * p[1] / p[2] + camera_.cy};
}

double FloorGeometry::floor_disparity_at(double u, double v) const {
  const Vec3 ray{(u - camera_.cx) / camera_.fx, (v - camera_.cy) / camera_.fy, 1.0};
  const double denom = dot3(plane_.normal, ray);
  if (denom >= -1e-12) return 0.0;  // ray goes up or along the floor: never meets it
  const double z = -plane_.offset_m / denom;  // ray scale at the floor == depth since ray.z == 1
  return camera_.disparity_from_depth(z);
}

}  // namespace hc::core
