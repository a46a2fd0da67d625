// Test helper: renders exact rectified stereo pairs of a textured floor with boxes and spheres by
// ray casting, texture a function of the 3-D floor-frame position so both views agree, and the
// ground-truth disparity of the left view.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

#include "core/floor_geometry.h"

namespace hc::stereo::testing {

struct Box {
  double x0, y0, x1, y1, height;  // floor frame, metres
};
struct Sphere {
  double x, y, z, radius;  // centre in floor frame (z = height above floor), metres
};

struct Scene {
  core::CameraModel camera;
  core::FloorPlane plane;
  std::vector<Box> boxes;
  std::vector<Sphere> spheres;
  double texture_scale_m = 0.02;  // size of the texture's finest cells
  double brightness = 1.0;        // multiplies the texture (low light < 0.2)
  bool textureless = false;       // uniform grey floor and objects
};

struct Rendered {
  cv::Mat left, right;      // CV_8UC1
  cv::Mat disparity;        // CV_32F, left view, exact
  cv::Mat height_m;         // CV_32F, exact height above the floor of the surface seen
  cv::Mat depth_m;          // CV_32F, depth along the optical axis, left view
};

Rendered render(const Scene& scene);

// A random CV_8UC1 image of the given size (deterministic for a seed).
cv::Mat random_image(int width, int height, unsigned seed);

}  // namespace hc::stereo::testing
