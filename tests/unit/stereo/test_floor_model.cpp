// Floor calibration over a table of installations (2.2..6 m, tilt 0..10 deg) rendered exactly,
// refusals (textureless, low light, too few points) and bumped-sensor warnings.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "stereo/disparity_eval.h"
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

// Real camera images: Middlebury Venus is made of slanted planes with ground-truth disparity
// (1/8 px). The largest plane, seen as the "floor" of an invented camera (the plane-induced
// disparity is affine in the pixel coordinates whatever fx and B are), must come out of the fit
// and the photometric refinement as the ground truth's own plane.
TEST(FloorModel, RefinesAPlaneOfARealStereoPairToItsGroundTruth) {
  EvalPair venus;
  for (EvalPair& p : load_eval_pairs(HC_SHARED_DATA_DIR)) {
    if (p.name == "venus") venus = std::move(p);
  }
  if (venus.left.empty()) GTEST_SKIP() << "no Middlebury Venus under " << HC_SHARED_DATA_DIR;
  core::CameraModel cam;
  cam.width = venus.left.cols;
  cam.height = venus.left.rows;
  cam.cx = 0.5 * cam.width;
  cam.cy = 0.5 * cam.height;
  cam.fx = cam.fy = 100.0;  // a wide lens: the slanted planes then lie within 45 deg of the axis
  MatcherParameters mp;
  mp.num_disparities = venus.num_disparities;
  cv::Mat d;
  make_matcher("census-sgm", mp)->compute(venus.left, venus.right, d);
  FloorModel model(cam), plain(cam);
  model.add_stereo(d, venus.left, venus.right);
  plain.add_disparity(d, venus.left);
  const FloorEstimate e = model.fit(), p = plain.fit();
  ASSERT_TRUE(e.ok) << e.refusal;
  ASSERT_TRUE(e.refined);
  const double fxb = cam.fx * cam.baseline_m;
  auto disparity_of = [&](const FloorEstimate& f, int u, int v) {
    const double xh = (u - cam.cx) / cam.fx, yh = (v - cam.cy) / cam.fy;
    const auto& n = f.plane.normal;
    return -fxb / f.plane.offset_m * (n[0] * xh + n[1] * yh + n[2]);
  };
  // The ground truth's plane: least squares d = a u + b v + c over the pixels of that plane.
  cv::Matx33d ata = cv::Matx33d::zeros();
  cv::Vec3d atb(0, 0, 0);
  std::vector<cv::Point> region;
  for (int v = 0; v < cam.height; ++v) {
    for (int u = 0; u < cam.width; ++u) {
      const float g = venus.gt_px.at<float>(v, u);
      if (g <= 0.0f || std::abs(g - disparity_of(e, u, v)) > 0.5) continue;
      const cv::Vec3d a(u, v, 1.0);
      ata += a * a.t();
      atb += a * static_cast<double>(g);
      region.emplace_back(u, v);
    }
  }
  ASSERT_GT(region.size(), 20000u);
  const cv::Vec3d gt_plane = ata.inv() * atb;
  double ss = 0.0, ss_plain = 0.0, worst = 0.0;
  for (const cv::Point& q : region) {
    const double g = gt_plane.dot(cv::Vec3d(q.x, q.y, 1.0));
    const double err = disparity_of(e, q.x, q.y) - g;
    ss += err * err;
    ss_plain += std::pow(disparity_of(p, q.x, q.y) - g, 2);
    worst = std::max(worst, std::abs(err));
  }
  const double rms = std::sqrt(ss / region.size()), rms_plain = std::sqrt(ss_plain / region.size());
  std::printf("venus: %zu pixels of the plane; refined plane vs ground truth %.3f px rms, %.3f px "
              "worst; without refinement %.3f px rms\n",
              region.size(), rms, worst, rms_plain);
  EXPECT_LT(rms, 0.06);
}

}  // namespace
}  // namespace hc::stereo
