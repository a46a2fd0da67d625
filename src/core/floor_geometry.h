// The floor plane seen from the camera, and the mapping between left-image pixels, camera
// coordinates and the floor frame in which tracking and rule geometry work (metres).
//
// Camera frame: OpenCV convention, x right, y down, z forward along the optical axis, metres.
// Floor plane: unit normal n pointing from the floor up towards the camera side, and offset d, so
// that the height of any camera-frame point X above the floor is  n.X + d  (the camera itself sits
// at height d, the installation height).
// Floor frame: origin at the foot of the perpendicular from the camera; x along the image's u axis
// and y along the image's v axis, both projected onto the floor. So a top view drawn with x to the
// right and y downwards looks like the camera image with perspective removed.
#pragma once

#include <array>
#include <optional>

#include "core/camera_model.h"
#include "core/geometry.h"

namespace hc::core {

using Vec3 = std::array<double, 3>;

struct FloorPlane {
  Vec3 normal{0.0, 0.0, -1.0};  // unit, camera frame, pointing up
  double offset_m = 3.0;        // d: installation height, metres

  // A plane for a camera at `height_m` tilted by `tilt_deg` about its x axis. Positive tilt puts
  // the point straight below the camera below the image centre (+v): the camera looks ahead
  // towards the top of the image.
  static FloorPlane from_height_and_tilt(double height_m, double tilt_deg);
  double height_of(const Vec3& camera_point) const;
  double installation_height_m() const { return offset_m; }
  // Angle between the optical axis and the downward vertical, degrees.
  double tilt_deg() const;
  friend bool operator==(const FloorPlane&, const FloorPlane&) = default;
};

class FloorGeometry {
 public:
  FloorGeometry(const CameraModel& camera, const FloorPlane& plane);

  const CameraModel& camera() const { return camera_; }
  const FloorPlane& plane() const { return plane_; }

  // The camera-frame point at pixel (u, v) with the given disparity (pixels); nullopt if d <= 0.
  std::optional<Vec3> point_from_disparity(double u, double v, double disparity_px) const;
  // The camera-frame point at pixel (u, v) with depth z along the optical axis (metres).
  Vec3 point_from_depth(double u, double v, double depth_m) const;
  // Floor-frame coordinates (metres) of a camera-frame point, ignoring its height.
  Point2 to_floor(const Vec3& camera_point) const;
  // The point seen at pixel (u, v) that lies `height_m` above the floor, in floor coordinates;
  // nullopt when the ray never reaches that height in front of the camera.
  std::optional<Point2> pixel_to_floor(double u, double v, double height_m = 0.0) const;
  // The camera-frame point at floor coordinates (x, y) and height h.
  Vec3 floor_to_camera(Point2 floor_xy, double height_m = 0.0) const;
  // The pixel where the floor point at height h appears; nullopt when behind the camera.
  std::optional<Point2> floor_to_pixel(Point2 floor_xy, double height_m = 0.0) const;
  // The disparity (pixels) the floor itself has at pixel (u, v); 0 where the ray misses the floor.
  double floor_disparity_at(double u, double v) const;

 private:
  CameraModel camera_;
  FloorPlane plane_;
  Vec3 origin_{};  // foot of the perpendicular, camera frame
  Vec3 axis_x_{};
  Vec3 axis_y_{};
};

}  // namespace hc::core
