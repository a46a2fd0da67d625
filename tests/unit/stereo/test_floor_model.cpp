// Floor calibration over a table of installations (2.2..6 m, tilt 0..10 deg) rendered exactly,
// refusals (textureless, low light, too few points) and bumped-sensor warnings.
#include <gtest/gtest.h>

#include <cstdio>

#include "stereo/floor_model.h"
#include "stereo/stereo_matcher.h"
#include "synthetic_scene.h"

namespace hc::stereo {
namespace {

testing::Scene scene_for(double height, double tilt) {
  testing::Scene s;
  s.plane = core::FloorPlane::from_height_and_tilt(height, tilt);
  // A person-sized box and a head: the fit must ignore them.
  s.boxes = {{0.3, 0.2, 0.6, 0.5, 1.2}};
  s.spheres = {{-0.4, -0.3, 1.6, 0.12}};
  return s;
}

FloorEstimate calibrate(const testing::Scene& s, FloorModel& model, StereoMatcher& m,
                        FloorEstimate* unrefined = nullptr) {
  const auto r = testing::render(s);
  cv::Mat d;
  m.compute(r.left, r.right, d);
  model.add_stereo(d, r.left, r.right);
  if (unrefined) {  // the same fit without the photometric refinement, for docs/floor-calibration.md
    FloorModel plain(s.camera);
    plain.add_disparity(d, r.left);
    *unrefined = plain.fit();
  }
  return model.fit();
}

struct Case {
  double height, tilt;
};

std::string case_name(const Case& c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "h%02d_t%03d", static_cast<int>(c.height * 10),
                static_cast<int>(c.tilt * 10));
  return buf;
}

class FloorTable : public ::testing::TestWithParam<Case> {};

TEST_P(FloorTable, HeightWithin2cmTiltWithinHalfDegree) {
  const Case c = GetParam();
  const testing::Scene s = scene_for(c.height, c.tilt);
  FloorModel model(s.camera);
  auto m = make_matcher("census-sgm");
  FloorEstimate plain;
  const FloorEstimate e = calibrate(s, model, *m, &plain);
  ASSERT_TRUE(e.ok) << e.refusal;
  std::printf("| %.1f | %.1f | %.4f | %.2f | %.2f | %.4f | %.2f |\n", c.height, c.tilt,
              e.installation_height_m, e.tilt_deg, e.confidence, plain.installation_height_m,
              plain.tilt_deg);
  EXPECT_NEAR(e.installation_height_m, c.height, 0.02);
  EXPECT_NEAR(e.tilt_deg, c.tilt, 0.5);
  EXPECT_GT(e.confidence, 0.3);
  EXPECT_FALSE(model.change_against_reference(e).has_value());
}

INSTANTIATE_TEST_SUITE_P(Installations, FloorTable,
                         ::testing::Values(Case{2.2, 0}, Case{2.2, 10}, Case{3.0, 0}, Case{3.0, 5},
                                           Case{3.5, 2.5}, Case{4.0, 10}, Case{5.0, 0},
                                           Case{5.0, 7}, Case{6.0, 0}, Case{6.0, 10}),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           return case_name(p.param);
                         });

TEST(FloorModel, RefusesTexturelessFloor) {
  testing::Scene s = scene_for(3.0, 0);
  s.textureless = true;
  FloorModel model(s.camera);
  auto m = make_matcher("census-sgm");
  const FloorEstimate e = calibrate(s, model, *m);
  EXPECT_FALSE(e.ok);
  EXPECT_NE(e.refusal.find("too few textured floor points"), std::string::npos) << e.refusal;
}

TEST(FloorModel, RefusesLowLight) {
  testing::Scene s = scene_for(3.0, 0);
  s.brightness = 0.08;
  FloorModel model(s.camera);
  auto m = make_matcher("census-sgm");
  const FloorEstimate e = calibrate(s, model, *m);
  EXPECT_FALSE(e.ok);
  EXPECT_NE(e.refusal.find("low light"), std::string::npos) << e.refusal;
}

TEST(FloorModel, RefusesTooFewPointsAndNoFrames) {
  FloorModel model(core::CameraModel{});
  EXPECT_FALSE(model.fit().ok);
  std::vector<core::Vec3> few = {{0, 0, 3}, {1, 0, 3}, {0, 1, 3}};
  const FloorEstimate e = FloorModel::fit_points(few, {});
  EXPECT_FALSE(e.ok);
  EXPECT_NE(e.refusal.find("too few"), std::string::npos);
}

TEST(FloorModel, WarnsWhenTheSensorIsBumped) {
  auto m = make_matcher("census-sgm");
  const testing::Scene before = scene_for(3.0, 0), after = scene_for(3.0, 4);
  FloorModel model(before.camera);
  ASSERT_TRUE(calibrate(before, model, *m).ok);
  FloorModel later(after.camera);
  const FloorEstimate moved = calibrate(after, later, *m);
  ASSERT_TRUE(moved.ok);
  const auto change = model.change_against_reference(moved);
  ASSERT_TRUE(change.has_value());
  EXPECT_NEAR(change->tilt_delta_deg, 4.0, 0.5);
  EXPECT_NE(change->message.find("recalibrate"), std::string::npos);
}

TEST(FloorModel, DepthFramesFindTheFloorDespitePassingPeople) {
  const testing::Scene s = scene_for(3.4, 3.0);
  FloorModel model(s.camera);
  for (int i = 0; i < 6; ++i) {
    testing::Scene frame = s;
    frame.boxes = {{-1.0 + 0.3 * i, -0.2, -0.6 + 0.3 * i, 0.2, 1.7}};  // a person walking
    model.add_depth(testing::render(frame).depth_m);
  }
  const FloorEstimate e = model.fit();
  ASSERT_TRUE(e.ok) << e.refusal;
  EXPECT_NEAR(e.installation_height_m, 3.4, 0.01);
  EXPECT_NEAR(e.tilt_deg, 3.0, 0.2);
}

}  // namespace
}  // namespace hc::stereo
