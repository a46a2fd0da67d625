// The height map: metres above the floor per left pixel, and an orthographic top view of the floor
// holding the highest point per cell. Head detection works on it.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

#include "core/floor_geometry.h"
#include "core/geometry.h"

namespace hc::stereo {

struct HeightMap {
  int64_t frame_index = 0;
  double t_seconds = 0.0;
  bool floor_known = false;   // false until the floor is calibrated: heights are then all NaN
  cv::Mat height_m;           // CV_32F per left pixel, metres above the floor, NaN unknown
  cv::Mat top_view_m;         // CV_32F, highest point per floor cell (metres), NaN empty
  double cell_m = 0.04;       // top-view cell size, metres
  core::Point2 origin_m;      // floor coordinates of the corner of top-view cell (0, 0)
  cv::Mat disparity_px;       // CV_32F, the matcher's output (stereo frames only)
  core::FloorGeometry geometry{core::CameraModel{}, core::FloorPlane{}};

  // Floor coordinates of the centre of top-view cell (col, row).
  core::Point2 cell_centre(int col, int row) const {
    return {origin_m.x + (col + 0.5) * cell_m, origin_m.y + (row + 0.5) * cell_m};
  }
};

struct HeightMapParameters {
  double cell_m = 0.04;          // top-view cell size
  double max_extent_m = 8.0;     // the top view covers at most +-max_extent_m around the origin
  double min_height_m = -0.5;    // heights outside [min, max] are treated as noise: NaN
  double max_height_m = 3.0;
};

// Builds height maps; per-pixel ray terms are computed once per geometry and cached, so a builder
// is used by one thread at a time (DepthStage owns one).
class HeightMapBuilder {
 public:
  explicit HeightMapBuilder(const HeightMapParameters& parameters = {});
  // disparity: CV_32F (stereo_matcher.h). Fills height_m, top_view_m, cell_m, origin_m, geometry.
  void from_disparity(const cv::Mat& disparity, const core::FloorGeometry& geometry,
                      HeightMap& out) const;
  // depth_m: CV_32F depth along the optical axis, metres (<= 0 or NaN = none).
  void from_depth(const cv::Mat& depth_m, const core::FloorGeometry& geometry, HeightMap& out) const;
  // The top-view grid for a geometry: the floor seen by the image, clipped to max_extent_m.
  void top_view_layout(const core::FloorGeometry& geometry, core::Point2& origin, int& cols,
                       int& rows) const;

 private:
  // For every pixel, with ray r = ((u - cx) / fx, (v - cy) / fy, 1) and depth z: height =
  // z * up + d, floor x = z * along_x, floor y = z * along_y (the floor frame's origin lies on the
  // plane's normal through the camera, so it has no component along the floor axes).
  struct RayTable {
    core::CameraModel camera;
    core::FloorPlane plane;
    cv::Mat up, along_x, along_y;  // CV_32F
    core::Point2 origin;
    int cols = 0, rows = 0;
    bool valid = false;
  };
  const RayTable& rays_for(const core::FloorGeometry& geometry) const;
  // depth_row(v, z) fills z[0..width) with row v's depths (0 = none).
  template <typename DepthRowFn>
  void build(const core::FloorGeometry& geometry, int width, int height, DepthRowFn depth_row,
             HeightMap& out) const;

  HeightMapParameters params_;
  mutable RayTable rays_;
  mutable std::vector<float> z_row_;  // one row's depths
  mutable std::vector<int> cell_row_;  // one row's top-view cells (-1 none)
};

}  // namespace hc::stereo
