// Height map, top view, coverage and the DepthStage facade on exact synthetic scenes.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "stereo/coverage.h"
#include "stereo/depth_stage.h"
#include "stereo/disparity_range.h"
#include "stereo/floor_fit_runner.h"
#include "stereo/height_map.h"
#include "synthetic_scene.h"

namespace hc::stereo {
namespace {

testing::Scene person_scene(double height, double tilt) {
  testing::Scene s;
  s.plane = core::FloorPlane::from_height_and_tilt(height, tilt);
  s.boxes = {{0.3, 0.2, 0.7, 0.6, 1.0}};
  s.spheres = {{-0.4, -0.3, 1.62, 0.12}, {-0.4, -0.3, 1.35, 0.2}};
  return s;
}

TEST(HeightMap, FromExactDepthMatchesRenderedHeights) {
  const testing::Scene s = person_scene(3.0, 6.0);
  const auto r = testing::render(s);
  HeightMapBuilder b;
  HeightMap hm;
  b.from_depth(r.depth_m, core::FloorGeometry(s.camera, s.plane), hm);
  ASSERT_EQ(hm.height_m.size(), r.left.size());
  cv::Mat diff;
  cv::absdiff(hm.height_m, r.height_m, diff);
  double max_err = 0.0;
  cv::minMaxLoc(diff, nullptr, &max_err, nullptr, nullptr, hm.height_m == hm.height_m);
  EXPECT_LT(max_err, 1e-3);
  // The top view holds the head's top (1.74 m) in the cell under the head centre.
  double top = 0.0;
  cv::Point at;
  cv::minMaxLoc(hm.top_view_m, nullptr, &top, nullptr, &at, hm.top_view_m == hm.top_view_m);
  EXPECT_NEAR(top, 1.74, 0.01);
  const core::Point2 c = hm.cell_centre(at.x, at.y);
  EXPECT_NEAR(c.x, -0.4, 0.05);
  EXPECT_NEAR(c.y, -0.3, 0.05);
}

TEST(HeightMap, RejectsWrongTypes) {
  HeightMapBuilder b;
  HeightMap hm;
  const core::FloorGeometry g(core::CameraModel{}, core::FloorPlane{});
  EXPECT_THROW(b.from_disparity(cv::Mat(4, 4, CV_16S), g, hm), std::invalid_argument);
  EXPECT_THROW(b.from_depth(cv::Mat(4, 4, CV_8U), g, hm), std::invalid_argument);
  EXPECT_THROW(HeightMapBuilder(HeightMapParameters{0.0, 8.0, -0.5, 3.0}), std::invalid_argument);
}

TEST(Coverage, GuideTableIsReproduced) {
  // User guide section 6.1, pedestrians 1.7 m tall.
  const struct {
    double h, x, y;
  } table[] = {{2.2, 1.38, 0.87}, {2.4, 1.88, 1.20}, {2.6, 2.39, 1.51}, {2.8, 2.89, 1.83},
               {3.0, 3.39, 2.15}, {3.2, 3.33, 2.07}, {3.4, 3.76, 2.34}, {3.6, 4.19, 2.61},
               {3.8, 4.62, 2.88}, {4.0, 5.05, 3.17 /* guide prints 3.14: its own formula gives 3.17 */}, {4.5, 5.61, 3.16}, {5.0, 6.60, 3.72},
               {5.5, 4.65, 2.90}, {6.0, 5.25, 3.28}};
  for (const auto& row : table) {
    const CoverageArea a = guide_coverage(row.h, 1.7);
    EXPECT_NEAR(a.length_m, row.x, 0.03) << row.h;
    EXPECT_NEAR(a.width_m, row.y, 0.03) << row.h;
  }
  EXPECT_EQ(guide_coverage(1.5, 1.7).area_m2, 0.0);
  EXPECT_EQ(guide_field_of_view(3.0).alpha_deg, 103.0);
  EXPECT_EQ(guide_field_of_view(3.001).alpha_deg, 94.0);
}

TEST(Coverage, CalibratedAreaFollowsTheCamera) {
  core::CameraModel cam;  // 640x400, fx = fy = 400
  const core::FloorGeometry g(cam, core::FloorPlane::from_height_and_tilt(3.0, 0.0));
  const CoverageArea a = calibrated_coverage(g, 1.7);
  // Untilted: the border pixels' rays at 1.3 m below the camera.
  EXPECT_NEAR(a.length_m, 639.0 / 400.0 * 1.3, 1e-6);
  EXPECT_NEAR(a.width_m, 399.0 / 400.0 * 1.3, 1e-6);
  EXPECT_NEAR(a.area_m2, a.length_m * a.width_m, 1e-6);
  // A guide-like lens (103 deg across 640 px) gives the guide's area up to its 5 cm margin.
  cam.fx = cam.fy = 320.0 / std::tan(51.5 * M_PI / 180.0);
  const CoverageArea wide = calibrated_coverage(core::FloorGeometry(cam, g.plane()), 1.7);
  EXPECT_NEAR(wide.length_m, guide_coverage(3.0, 1.7).length_m * 1.30 / 1.35, 0.01);
  // Tilting moves and stretches the polygon but keeps it a simple quadrilateral-like shape.
  const auto poly = visible_polygon(core::FloorGeometry(cam, core::FloorPlane::from_height_and_tilt(3.0, 10.0)), 1.7);
  EXPECT_EQ(poly.size(), 64u);
  EXPECT_FALSE(core::polygon_self_intersects(poly));
}

sensor::Frame stereo_frame(const testing::Rendered& r, const core::CameraModel& cam, int64_t i) {
  sensor::Frame f;
  f.index = i;
  f.t_seconds = 0.1 * static_cast<double>(i);
  f.left = r.left;
  f.right = r.right;
  f.camera = cam;
  return f;
}

TEST(DepthStage, CalibratesThenProducesHeightsWithTheFloorLimitedRange) {
  const testing::Scene s = person_scene(3.2, 4.0);
  const auto r = testing::render(s);
  DepthStageParameters p;
  p.calibration_frames = 2;
  DepthStage stage(p);
  auto first = stage.process(stereo_frame(r, s.camera, 0));
  EXPECT_FALSE(first->floor_known);
  EXPECT_EQ(cv::countNonZero(first->height_m == first->height_m), 0);  // all NaN
  ASSERT_FALSE(first->disparity_px.empty());
  stage.process(stereo_frame(r, s.camera, 1));
  ASSERT_TRUE(stage.floor().ok) << stage.floor().refusal;
  EXPECT_NEAR(stage.floor().installation_height_m, 3.2, 0.02);
  EXPECT_NEAR(stage.floor().tilt_deg, 4.0, 0.5);
  auto hm = stage.process(stereo_frame(r, s.camera, 2));
  ASSERT_TRUE(hm->floor_known);
  EXPECT_EQ(hm->frame_index, 2);
  // The matcher now searches only the disparities the geometry allows.
  EXPECT_LT(stage.matcher()->parameters().num_disparities, 64);
  // Heights agree with the truth on most pixels (edges and occlusions excepted).
  int good = 0, valid = 0;
  for (int v = 0; v < r.height_m.rows; ++v) {
    for (int u = 80; u < r.height_m.cols; ++u) {
      const float h = hm->height_m.at<float>(v, u);
      if (std::isnan(h)) continue;
      ++valid;
      good += std::abs(h - r.height_m.at<float>(v, u)) < 0.05f;
    }
  }
  EXPECT_GT(valid, 0.9 * r.height_m.rows * (r.height_m.cols - 80));
  EXPECT_GT(good, 0.95 * valid);
  double top = 0.0;
  cv::minMaxLoc(hm->top_view_m, nullptr, &top, nullptr, nullptr, hm->top_view_m == hm->top_view_m);
  EXPECT_NEAR(top, 1.74, 0.06);
  EXPECT_TRUE(stage.take_warnings().empty());
}

// The default max_target_height_m (2.2 m) on a 2.2 m mount: no ray meets the target plane, and
// the floor-limited range used to collapse to disparities 0-1 (most disparity invalid after the
// calibration). Now the stage keeps the full range and says why; 0.1 m below the camera the range
// would need far more than 128 disparities: the same.
TEST(DepthStage, ATargetHeightAtTheCameraKeepsTheFullRangeAndWarns) {
  const testing::Scene s = person_scene(2.2, 0.0);
  const auto r = testing::render(s);
  for (const double max_target : {2.2, 2.1}) {
    DepthStageParameters p;
    p.fixed_floor = s.plane;
    p.max_target_height_m = max_target;
    DepthStage stage(p);
    const auto hm = stage.process(stereo_frame(r, s.camera, 0));
    ASSERT_TRUE(hm->floor_known);
    EXPECT_EQ(stage.matcher()->parameters().num_disparities, p.matcher_parameters.num_disparities);
    const std::vector<std::string> warnings = stage.take_warnings();
    EXPECT_EQ(warnings.size(), 1u) << max_target;
    const std::string expected = max_target > 2.15 ? "max_target_height_m 2.20 m is not below"
                                                   : "max_target_height_m 2.10 m is so close below";
    for (const std::string& w : warnings) {
      EXPECT_NE(w.find("disparity search not limited by the floor: " + expected), std::string::npos) << w;
    }
    // The box (1 m) and the person (up to 1.74 m), 0.5-1.2 m below the camera, get their heights:
    // a range collapsed to the floor's disparities had only the floor right.
    int good = 0, raised = 0;
    for (int v = 0; v < r.height_m.rows; ++v) {
      for (int u = 80; u < r.height_m.cols; ++u) {
        const float truth = r.height_m.at<float>(v, u);
        if (!(truth > 0.5f)) continue;
        ++raised;
        good += std::abs(hm->height_m.at<float>(v, u) - truth) < 0.05f;  // false for NaN
      }
    }
    ASSERT_GT(raised, 1000);
    EXPECT_GT(good, 0.8 * raised) << max_target;
  }
  // The range of the same geometry directly.
  const RowRangeSummary at_camera = floor_limited_ranges(core::FloorGeometry(s.camera, s.plane), 2.2);
  EXPECT_TRUE(at_camera.unbounded);
  EXPECT_TRUE(at_camera.rows.empty());
  EXPECT_FALSE(floor_limited_ranges(core::FloorGeometry(s.camera, s.plane), 1.9).unbounded);
}

TEST(DepthStage, WalkingPersonSequenceCalibratesAndTracksTheHead) {
  // A person (body box + head sphere) crossing the view: the floor is calibrated from the
  // sequence itself, then the top view's highest cell follows the head.
  auto frame_scene = [](int i) {
    testing::Scene s;
    s.plane = core::FloorPlane::from_height_and_tilt(3.3, 6.0);
    const double x = -1.0 + 0.15 * i, y = 0.1;
    s.boxes = {{x - 0.2, y - 0.12, x + 0.2, y + 0.12, 1.4}};
    s.spheres = {{x, y, 1.68, 0.11}};
    return s;
  };
  DepthStageParameters p;
  p.calibration_frames = 6;
  DepthStage stage(p);
  for (int i = 0; i < 14; ++i) {
    const testing::Scene s = frame_scene(i);
    const auto hm = stage.process(stereo_frame(testing::render(s), s.camera, i));
    if (i < 5) {
      EXPECT_FALSE(hm->floor_known) << i;
      continue;
    }
    ASSERT_TRUE(hm->floor_known) << i << ": " << stage.floor().refusal;
    double top = 0.0;
    cv::Point at;
    cv::minMaxLoc(hm->top_view_m, nullptr, &top, nullptr, &at, hm->top_view_m == hm->top_view_m);
    // The maximum over cells rides on the noise: a few cm above the true 1.79 m.
    EXPECT_NEAR(top, 1.79, 0.05) << i;
    // Floor frames of the truth and of the calibration differ by the calibration error only
    // (< 0.5 deg of tilt: < 3 cm here); cells are 4 cm.
    const core::Point2 c = hm->cell_centre(at.x, at.y);
    EXPECT_LT(std::hypot(c.x - (-1.0 + 0.15 * i), c.y - 0.1), 0.1) << i;
  }
  EXPECT_NEAR(stage.floor().installation_height_m, 3.3, 0.02);
  EXPECT_NEAR(stage.floor().tilt_deg, 6.0, 0.5);
}

TEST(DepthStage, OpencvSgbmWorksEndToEndToo) {
  const testing::Scene s = person_scene(3.0, 3.0);
  const auto r = testing::render(s);
  DepthStageParameters p;
  p.matcher = "opencv-sgbm";
  p.calibration_frames = 1;
  DepthStage stage(p);
  stage.process(stereo_frame(r, s.camera, 0));
  ASSERT_TRUE(stage.floor().ok) << stage.floor().refusal;
  EXPECT_NEAR(stage.floor().installation_height_m, 3.0, 0.02);
  EXPECT_NEAR(stage.floor().tilt_deg, 3.0, 0.5);
  const auto hm = stage.process(stereo_frame(r, s.camera, 1));
  EXPECT_EQ(stage.matcher()->name(), "opencv-sgbm");
  double top = 0.0;
  cv::minMaxLoc(hm->top_view_m, nullptr, &top, nullptr, nullptr, hm->top_view_m == hm->top_view_m);
  EXPECT_NEAR(top, 1.74, 0.06);
}

TEST(DepthStage, SnapshotsStayImmutableWhileHeldAndBuffersAreReused) {
  const testing::Scene s = person_scene(3.0, 0.0);
  const auto r = testing::render(s);
  DepthStageParameters p;
  p.fixed_floor = s.plane;
  DepthStage stage(p);
  auto held = stage.process(stereo_frame(r, s.camera, 0));
  const cv::Mat kept_header = held->height_m;  // a header outliving its snapshot
  const cv::Mat before = held->height_m.clone();
  const float* first_pixels = held->height_m.ptr<float>();
  held.reset();
  testing::Scene moved = s;
  moved.spheres = {{0.5, 0.5, 1.62, 0.12}};
  const auto m = testing::render(moved);
  auto second = stage.process(stereo_frame(m, s.camera, 1));
  EXPECT_NE(second->height_m.ptr<float>(), first_pixels);  // not overwritten: a header holds it
  EXPECT_EQ(cv::norm(kept_header, before, cv::NORM_INF), 0.0);
  const float* second_pixels = second->height_m.ptr<float>();
  second.reset();
  auto third = stage.process(stereo_frame(r, s.camera, 2));
  EXPECT_EQ(third->height_m.ptr<float>(), second_pixels);  // released: reused, nothing allocated
  EXPECT_EQ(third->frame_index, 2);
}

TEST(DepthStage, DepthFramesSkipTheMatcher) {
  const testing::Scene s = person_scene(3.0, 0.0);
  const auto r = testing::render(s);
  DepthStageParameters p;
  p.calibration_frames = 1;
  DepthStage stage(p);
  sensor::Frame f;
  r.depth_m.convertTo(f.depth_mm, CV_16U, 1000.0);
  f.camera = s.camera;
  f.camera.baseline_m = 0.0;
  auto hm = stage.process(f);
  ASSERT_TRUE(stage.floor().ok) << stage.floor().refusal;
  EXPECT_NEAR(stage.floor().installation_height_m, 3.0, 0.01);
  ASSERT_TRUE(hm->floor_known);
  EXPECT_TRUE(hm->disparity_px.empty());
  double top = 0.0;
  cv::minMaxLoc(hm->top_view_m, nullptr, &top, nullptr, nullptr, hm->top_view_m == hm->top_view_m);
  EXPECT_NEAR(top, 1.74, 0.01);
}

TEST(DepthStage, FixedFloorAndBadFrames) {
  DepthStageParameters p;
  p.fixed_floor = core::FloorPlane::from_height_and_tilt(3.0, 0.0);
  DepthStage stage(p);
  sensor::Frame empty;
  EXPECT_THROW(stage.process(empty), std::invalid_argument);
  const testing::Scene s = person_scene(3.0, 0.0);
  const auto r = testing::render(s);
  auto hm = stage.process(stereo_frame(r, s.camera, 0));
  EXPECT_TRUE(hm->floor_known);
  sensor::Frame small = stereo_frame(r, s.camera, 1);
  small.left = r.left(cv::Rect(0, 0, 320, 200)).clone();
  small.right = r.right(cv::Rect(0, 0, 320, 200)).clone();
  EXPECT_THROW(stage.process(small), std::invalid_argument);
  DepthStageParameters bad;
  bad.matcher = "nope";
  EXPECT_THROW(DepthStage{bad}, std::invalid_argument);
}

TEST(DepthStage, WarnsWhenTheFloorMovesAfterCalibration) {
  DepthStageParameters p;
  p.calibration_frames = 1;
  p.refit_every_frames = 1;
  DepthStage stage(p);
  const testing::Scene before = person_scene(3.0, 0.0), after = person_scene(3.3, 0.0);
  const auto a = testing::render(before), b = testing::render(after);
  stage.process(stereo_frame(a, before.camera, 0));
  ASSERT_TRUE(stage.floor().ok);
  EXPECT_TRUE(stage.take_warnings().empty());
  // The floor model keeps a short history per pixel: the new floor shows after a few frames.
  for (int i = 1; i <= 15; ++i) stage.process(stereo_frame(b, after.camera, i));
  const auto warnings = stage.take_warnings();
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings.back().find("installation height changed"), std::string::npos);
}

TEST(DepthStage, RefitsOnItsPeriodOnly) {
  DepthStageParameters p;
  p.calibration_frames = 1;
  p.refit_every_frames = 20;
  DepthStage stage(p);
  const testing::Scene before = person_scene(3.0, 0.0), after = person_scene(3.3, 0.0);
  const auto a = testing::render(before), b = testing::render(after);
  stage.process(stereo_frame(a, before.camera, 0));
  ASSERT_TRUE(stage.floor().ok);
  for (int i = 1; i < 20; ++i) stage.process(stereo_frame(b, after.camera, i));
  EXPECT_TRUE(stage.take_warnings().empty());  // no refit yet
  stage.process(stereo_frame(b, after.camera, 20));
  EXPECT_EQ(stage.take_warnings().size(), 1u);  // the 20th frame after calibration refits
}

// A runner whose fit runs only when the test says so: it shows whether the frame thread waited.
struct HeldFit {
  std::unique_ptr<FloorModel> model;
  FloorEstimate estimate;
  bool done = false;
  int started = 0;
  int waited = 0;  // take() before the fit was done: the frame thread would have blocked
  void finish() {
    estimate = model->fit();
    done = true;
  }
};

class HeldFloorFitRunner final : public FloorFitRunner {
 public:
  explicit HeldFloorFitRunner(std::shared_ptr<HeldFit> fit) : fit_(std::move(fit)) {}
  void start(std::unique_ptr<FloorModel> model) override {
    fit_->model = std::move(model);
    fit_->done = false;
    ++fit_->started;
  }
  bool ready() const override { return fit_->done; }
  FloorFitResult take() override {
    if (!fit_->done) {
      ++fit_->waited;
      fit_->finish();  // what waiting would have ended with
    }
    return {std::move(fit_->model), fit_->estimate};
  }

 private:
  std::shared_ptr<HeldFit> fit_;
};

TEST(DepthStage, LiveFramesNeverWaitForAFloorFit) {
  const testing::Scene s = person_scene(3.2, 4.0);
  const auto r = testing::render(s);
  DepthStageParameters p;
  p.calibration_frames = 2;
  p.floor_fit_waits = false;  // live
  auto fit = std::make_shared<HeldFit>();
  DepthStage stage(p, std::make_unique<HeldFloorFitRunner>(fit));
  stage.process(stereo_frame(r, s.camera, 0));
  stage.process(stereo_frame(r, s.camera, 1));
  EXPECT_EQ(fit->started, 1);  // the second frame asked for the fit
  // The fit takes "forever": frames go on without heights, and without waiting.
  for (int i = 2; i < 8; ++i) EXPECT_FALSE(stage.process(stereo_frame(r, s.camera, i))->floor_known) << i;
  EXPECT_EQ(fit->waited, 0);
  EXPECT_EQ(fit->started, 1);  // no second fit while the first is out
  EXPECT_FALSE(stage.floor().ok);
  fit->finish();
  const auto hm = stage.process(stereo_frame(r, s.camera, 8));  // the next frame picks it up
  EXPECT_TRUE(hm->floor_known);
  ASSERT_TRUE(stage.floor().ok) << stage.floor().refusal;
  EXPECT_NEAR(stage.floor().installation_height_m, 3.2, 0.02);
  EXPECT_EQ(fit->waited, 0);
}

TEST(DepthStage, ReplayAppliesAFloorFitAFixedNumberOfFramesAfterItsRequest) {
  const testing::Scene s = person_scene(3.2, 4.0);
  const auto r = testing::render(s);
  DepthStageParameters p;
  p.calibration_frames = 2;
  p.floor_fit_lag_frames = 3;  // floor_fit_waits: true, as in replay
  // On the real background thread, whatever its speed: requested at frame 1, applied at frame 4.
  DepthStage stage(p);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(stage.process(stereo_frame(r, s.camera, i))->floor_known) << i;
  EXPECT_TRUE(stage.process(stereo_frame(r, s.camera, 4))->floor_known);
  EXPECT_NEAR(stage.floor().installation_height_m, 3.2, 0.02);
  // A fit still running at its frame is waited for.
  auto fit = std::make_shared<HeldFit>();
  DepthStage held(p, std::make_unique<HeldFloorFitRunner>(fit));
  for (int i = 0; i < 4; ++i) held.process(stereo_frame(r, s.camera, i));
  EXPECT_EQ(fit->waited, 0);
  EXPECT_TRUE(held.process(stereo_frame(r, s.camera, 4))->floor_known);
  EXPECT_EQ(fit->waited, 1);
}

}  // namespace
}  // namespace hc::stereo
