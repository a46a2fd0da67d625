// A minimal overhead depth renderer for measuring the counting chain without the stereo matcher:
// people (an ellipsoid torso and a sphere head, optionally a flat hat) and boxes (carts, bags) on
// a flat floor, ray cast into a depth image (millimetres) for a camera looking straight down.
// Used by the accuracy suite and the pipeline benchmark; the full stereo path is measured with the
// simulator's recordings. Cost: O(pixels in each object's bounding box) per object.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

#include "core/camera_model.h"

namespace hc::eval {

struct ScenePerson {
  double x = 0, y = 0;     // floor position below the head, metres (floor frame)
  double stature_m = 1.75; // head-top height
  bool hat = false;        // a flat-topped hat (brim radius 0.15 m) on the head
};

struct SceneBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // floor rectangle, metres
  double height_m = 1.0;
};

// Depth along the optical axis (CV_16UC1, mm, 0 = none) for a camera `height_m` above the floor,
// optical axis vertical. Floor frame = camera x/y at the floor.
cv::Mat render_depth(const core::CameraModel& camera, double height_m,
                     const std::vector<ScenePerson>& people, const std::vector<SceneBox>& boxes);

}  // namespace hc::eval
