#include "core/floor_geometry.h"

#include <gtest/gtest.h>

namespace hc::core {
namespace {

CameraModel camera() { return CameraModel{640, 400, 400.0, 400.0, 320.0, 200.0, 0.08}; }

TEST(FloorPlane, HeightAndTiltRoundTrip) {
  const auto plane = FloorPlane::from_height_and_tilt(3.2, 7.0);
  EXPECT_NEAR(plane.installation_height_m(), 3.2, 1e-12);
  EXPECT_NEAR(plane.tilt_deg(), 7.0, 1e-9);
  EXPECT_NEAR(plane.height_of({0, 0, 0}), 3.2, 1e-12);
}

TEST(FloorGeometry, StraightDownCentrePixelIsOrigin) {
  const FloorGeometry g(camera(), FloorPlane::from_height_and_tilt(3.0, 0.0));
  const auto p = g.pixel_to_floor(320.0, 200.0);
  ASSERT_TRUE(p.has_value());
  EXPECT_NEAR(p->x, 0.0, 1e-12);
  EXPECT_NEAR(p->y, 0.0, 1e-12);
  // One focal length off-centre at 3 m is 3 m on the floor, along +x.
  const auto q = g.pixel_to_floor(720.0, 200.0);
  ASSERT_TRUE(q.has_value());
  EXPECT_NEAR(q->x, 3.0, 1e-9);
  // A head at 1.8 m is 1.2 m from the camera.
  const auto h = g.pixel_to_floor(720.0, 200.0, 1.8);
  EXPECT_NEAR(h->x, 1.2, 1e-9);
}

TEST(FloorGeometry, PixelFloorRoundTripWithTilt) {
  const FloorGeometry g(camera(), FloorPlane::from_height_and_tilt(4.5, 9.0));
  for (double h : {0.0, 1.1, 1.9}) {
    const auto xy = g.pixel_to_floor(100.0, 300.0, h);
    ASSERT_TRUE(xy.has_value());
    const auto uv = g.floor_to_pixel(*xy, h);
    ASSERT_TRUE(uv.has_value());
    EXPECT_NEAR(uv->x, 100.0, 1e-7);
    EXPECT_NEAR(uv->y, 300.0, 1e-7);
    EXPECT_NEAR(g.plane().height_of(g.floor_to_camera(*xy, h)), h, 1e-9);
  }
}

TEST(FloorGeometry, FloorDisparityMatchesDepth) {
  const FloorGeometry g(camera(), FloorPlane::from_height_and_tilt(3.0, 0.0));
  EXPECT_NEAR(g.floor_disparity_at(50.0, 20.0), 400.0 * 0.08 / 3.0, 1e-9);
  const auto p = g.point_from_disparity(50.0, 20.0, g.floor_disparity_at(50.0, 20.0));
  ASSERT_TRUE(p.has_value());
  EXPECT_NEAR(g.plane().height_of(*p), 0.0, 1e-9);
  EXPECT_FALSE(g.point_from_disparity(1, 1, 0.0).has_value());
}

TEST(FloorGeometry, TiltPutsNadirBelowImageCentre) {
  const FloorGeometry g(camera(), FloorPlane::from_height_and_tilt(3.0, 5.0));
  const auto nadir = g.floor_to_pixel({0.0, 0.0});
  ASSERT_TRUE(nadir.has_value());
  EXPECT_GT(nadir->y, 200.0);
  EXPECT_NEAR(nadir->x, 320.0, 1e-9);
}

}  // namespace
}  // namespace hc::core
