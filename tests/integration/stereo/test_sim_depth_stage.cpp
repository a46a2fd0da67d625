// The simulator's rendered entrance (branch sim: noise, gain mismatch, clutter, people) through the
// DepthStage: floor calibration over a table of installations, and census-sgm against OpenCV SGBM
// on the simulator's exact disparity.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "sim/scenario.h"
#include "sim/simulated_source.h"
#include "stereo/depth_stage.h"
#include "stereo/disparity_eval.h"

namespace hc::stereo {
namespace {

// The targets: height within 2 cm, tilt within 0.5 deg, for every installation.
constexpr double kHeightTolM = 0.02, kTiltTolDeg = 0.5;
struct Case {
  double height, tilt;
};

class SimFloor : public ::testing::TestWithParam<Case> {};

TEST_P(SimFloor, CalibratesAndMatchesNoWorseThanSgbm) {
  const std::string dir = std::string(HC_SOURCE_DIR) + "/config/scenarios";
  if (!std::filesystem::exists(dir + "/straight-crossings.json")) {
    GTEST_SKIP() << "no simulator scenarios in " << dir;
  }
  sim::Scenario scenario = sim::Scenario::load("straight-crossings", dir);
  scenario.height_m = GetParam().height;
  scenario.tilt_deg = GetParam().tilt;
  sim::SimulatedSource source(scenario, 1);
  DepthStageParameters p;
  p.calibration_frames = 8;
  DepthStage stage(p);
  for (int k = 0; k < 8; ++k) stage.process(source.render(k * 5));
  const FloorEstimate& e = stage.floor();
  std::string warnings;
  for (const std::string& w : stage.take_warnings()) warnings += w + "; ";
  ASSERT_TRUE(e.ok) << e.refusal << " / " << warnings;
  const double height_error = e.installation_height_m - GetParam().height;
  const double tilt_error = e.tilt_deg - GetParam().tilt;
  // A row of the table in docs/floor-calibration.md.
  std::printf("| %.1f m, %.0f deg | %.4f m | %+.1f cm | %.2f deg | %+.2f deg | %.2f |\n",
              GetParam().height, GetParam().tilt, e.installation_height_m, 100 * height_error,
              e.tilt_deg, tilt_error, e.confidence);
  EXPECT_LE(std::abs(height_error), kHeightTolM);
  EXPECT_LE(std::abs(tilt_error), kTiltTolDeg);

  // One frame with people: both matchers against the exact disparity.
  cv::Mat depth;
  const sensor::Frame f = source.render(40, &depth);
  cv::Mat gt(depth.size(), CV_32F, cv::Scalar(0));
  const double fxb = f.camera.fx * f.camera.baseline_m;
  for (int v = 0; v < depth.rows; ++v)
    for (int u = 0; u < depth.cols; ++u)
      if (depth.at<float>(v, u) > 0.0f) gt.at<float>(v, u) = static_cast<float>(fxb / depth.at<float>(v, u));
  double max_gt = 0.0;
  cv::minMaxLoc(gt, nullptr, &max_gt);
  MatcherParameters mp;
  mp.num_disparities = std::min(128, static_cast<int>(std::ceil(max_gt / 16.0 + 1)) * 16);
  mp.fill_invalid = true;
  cv::Mat a, b;
  make_matcher("census-sgm", mp)->compute(f.left, f.right, a);
  make_matcher("opencv-sgbm", mp)->compute(f.left, f.right, b);
  const double ours = score_disparity(a, gt, 1.0, 0).bad_percent;
  const double sgbm = score_disparity(b, gt, 1.0, 0).bad_percent;
  std::printf("sim %.1f m %.1f deg: bad pixels census-sgm %.2f %%, opencv-sgbm %.2f %%\n",
              GetParam().height, GetParam().tilt, ours, sgbm);
  EXPECT_LE(ours, sgbm);  // issue #4: no worse than SGBM on the simulated recordings
}

// The table: installation heights 2.2-6 m by tilts 0-10 deg.
INSTANTIATE_TEST_SUITE_P(Installations, SimFloor,
                         ::testing::Values(Case{2.2, 0.0}, Case{2.2, 5.0}, Case{2.2, 10.0},
                                           Case{3.0, 0.0}, Case{3.0, 5.0}, Case{3.0, 10.0},
                                           Case{4.0, 0.0}, Case{4.0, 5.0}, Case{4.0, 10.0},
                                           Case{5.0, 0.0}, Case{5.0, 5.0}, Case{5.0, 10.0},
                                           Case{6.0, 0.0}, Case{6.0, 5.0}, Case{6.0, 10.0}));

// A low mount with a dot projector (busy-low-mount, 2.4 m; its dots are the floor's main texture):
// the DepthStage's defaults (10 frames, max target height 2.2 m as the accuracy sweep sets it)
// must find the floor within the 2 cm, both on the frames the replay calibrates on (the
// first 10: nobody in view yet) and on the most crowded 10 frames of the recording (3-4 people in
// view). With the projector's dots point-sampled (whole-pixel disparities in the right image)
// both read 2.52 m.
TEST(SimFloorCrowd, CrowdedLowMountCalibratesWithin2cm) {
  const std::string dir = std::string(HC_SOURCE_DIR) + "/config/scenarios";
  if (!std::filesystem::exists(dir + "/busy-low-mount.json")) {
    GTEST_SKIP() << "no simulator scenarios in " << dir;
  }
  const sim::Scenario scenario = sim::Scenario::load("busy-low-mount", dir);
  ASSERT_TRUE(scenario.dot_pattern);
  for (const int first : {0, 1115}) {
    sim::SimulatedSource source(scenario, 1);
    DepthStageParameters p;
    p.max_target_height_m = 2.2;
    DepthStage stage(p);
    int64_t people_pixels = 0;
    for (int k = first; k < first + p.calibration_frames; ++k) {
      cv::Mat depth;
      stage.process(source.render(k, &depth));
      people_pixels += cv::countNonZero((depth > 0.0f) & (depth < 1.6f));  // above 0.8 m
    }
    const FloorEstimate& e = stage.floor();
    std::string warnings;
    for (const std::string& w : stage.take_warnings()) warnings += w + "; ";
    ASSERT_TRUE(e.ok) << first << ": " << e.refusal << " / " << warnings;
    const double people_percent =
        100.0 * static_cast<double>(people_pixels) /
        (p.calibration_frames * source.camera().width * source.camera().height);
    std::printf("busy-low-mount frames %d-%d: %.4f m (true %.1f m), tilt %.2f deg, confidence %.2f, "
                "%.1f %% of the pixels on people above 0.8 m\n",
                first, first + p.calibration_frames - 1, e.installation_height_m, scenario.height_m,
                e.tilt_deg, e.confidence, people_percent);
    EXPECT_LE(std::abs(e.installation_height_m - scenario.height_m), kHeightTolM) << first;
    EXPECT_LE(std::abs(e.tilt_deg - scenario.tilt_deg), kTiltTolDeg) << first;
    EXPECT_TRUE(warnings.empty()) << warnings;
    if (first > 0) {
      EXPECT_GT(people_percent, 3.0);
    }
  }
}

// groups-counterflow (2.2 m), person 10 at 13.73 and 13.87 s (frames 206, 208; the false "in" count
// of docs/accuracy.md): his head's centre is left of the image (u = -19, -37), and a third of the
// head-height pixels in view lie in the columns whose match would be outside the right image.
// The matcher's output at head height (disparity > 30 px, less than 0.51 m from the camera)
// near the edge is measured, not guessed: every such pixel has its match inside the right image
// (the unmatched columns give none), and nearly all agree with the exact depth within 3 px (within
// 1 px for about 2 in 3; on the steep sides of a head 0.4 m away the rest are 1-3 px off). Counts printed
// for docs/accuracy.md.
TEST(SimLeftBorder, HeadHeightPixelsNearTheLeftEdgeAreMeasurementsNotGuesses) {
  const std::string dir = std::string(HC_SOURCE_DIR) + "/config/scenarios";
  if (!std::filesystem::exists(dir + "/groups-counterflow.json")) {
    GTEST_SKIP() << "no simulator scenarios in " << dir;
  }
  const sim::Scenario scenario = sim::Scenario::load("groups-counterflow", dir);
  sim::SimulatedSource source(scenario, 1);
  for (const int frame : {206, 208}) {
    cv::Mat depth;
    const sensor::Frame f = source.render(frame, &depth);
    const double fxb = f.camera.fx * f.camera.baseline_m;
    cv::Mat d;
    make_matcher("census-sgm")->compute(f.left, f.right, d);
    int truth_near = 0, truth_unmatched = 0, near = 0, unmatched = 0, off = 0, wrong = 0;
    int first_column = 120;
    for (int v = 0; v < d.rows; ++v) {
      for (int u = 0; u < 120; ++u) {
        const float z = depth.at<float>(v, u);
        const double gt = z > 0.0f ? fxb / z : 0.0;
        if (gt > 30.0) {
          ++truth_near;
          if (u - gt < 0.0) ++truth_unmatched;
        }
        const float m = d.at<float>(v, u);
        if (!(m > 30.0f)) continue;
        ++near;
        first_column = std::min(first_column, u);
        if (static_cast<float>(u) - m < -0.5f) ++unmatched;
        if (!(std::abs(m - gt) <= 1.0)) ++off;
        if (!(std::abs(m - gt) <= 3.0)) ++wrong;
      }
    }
    std::printf("frame %d, columns 0-119: true head-height pixels %d (%d without a match); "
                "census-sgm head-height pixels %d from column %d, %d with x - d < -0.5, %d off by > 1 px, "
                "%d by > 3 px\n",
                frame, truth_near, truth_unmatched, near, first_column, unmatched, off, wrong);
    EXPECT_GT(truth_unmatched, 1000);  // the head is there, in the unmatched columns
    EXPECT_GT(near, 1000);
    EXPECT_EQ(unmatched, 0);
    EXPECT_LT(wrong, near / 20);
  }
}

}  // namespace
}  // namespace hc::stereo

namespace hc::stereo {
namespace {

// Heights of one frame of a simulated scenario through a DepthStage, against the exact ones from
// the simulator's depth: the fraction of the floor's pixels read within 0.1 m of it, and of the
// pixels on people above 1.2 m read within 0.1 m of their height.
struct PlainFloorReading {
  double floor_within = 0, people_within = 0;
  int64_t people_pixels = 0;
  bool plain = false;
  std::string warnings;
};

// Frames 0-11 (the calibration), then every third of frames 30-90, measured: people under the
// camera. enclosed_tolerance: PlainFloorParameters' (0: every untextured pixel is floor).
PlainFloorReading read_scenario(const std::string& name, bool plain_floor_on,
                                double enclosed_tolerance = PlainFloorParameters{}.enclosed_tolerance) {
  const std::string dir = std::string(HC_SOURCE_DIR) + "/config/scenarios";
  const sim::Scenario scenario = sim::Scenario::load(name, dir);
  sim::SimulatedSource source(scenario, 1);
  DepthStageParameters p;
  p.plain_floor_fallback = core::FloorPlane::from_height_and_tilt(scenario.height_m, 0.0);
  p.plain_floor.enclosed_tolerance = enclosed_tolerance;
  if (!plain_floor_on) {
    p.plain_floor.min_ambiguous_fraction = 0;
    p.fixed_floor = p.plain_floor_fallback;
  }
  DepthStage stage(p);
  PlainFloorReading r;
  int64_t floor_n = 0, floor_ok = 0, people_ok = 0;
  HeightMapBuilder exact_builder;
  for (int k = 0; k < 90; k += k < 12 ? 1 : 3) {
    if (k == 12) k = 30;
    cv::Mat depth;
    const auto map = stage.process(source.render(k, &depth));
    if (k < 30 || !map->floor_known) continue;
    HeightMap exact;
    exact_builder.from_depth(depth, map->geometry, exact);
    for (int v = 0; v < depth.rows; ++v)
      for (int u = 0; u < depth.cols; ++u) {
        const float truth = exact.height_m.at<float>(v, u), seen = map->height_m.at<float>(v, u);
        if (!std::isfinite(truth)) continue;
        const bool within = std::isfinite(seen) && std::abs(seen - truth) < 0.1f;
        if (truth < 0.05f) {
          ++floor_n;
          floor_ok += within;
        } else if (truth > 1.2f) {
          ++r.people_pixels;
          people_ok += within;
        }
      }
  }
  r.floor_within = floor_n ? static_cast<double>(floor_ok) / floor_n : 0.0;
  r.people_within = r.people_pixels ? static_cast<double>(people_ok) / r.people_pixels : 0.0;
  r.plain = stage.plain_floor();
  for (const std::string& w : stage.take_warnings()) r.warnings += w + "; ";
  std::printf("%s, plain-floor handling %s (enclosed_tolerance %.2f): floor within 0.1 m %.3f, "
              "people %.3f (%lld px), %s\n",
              name.c_str(), plain_floor_on ? "on" : "off", enclosed_tolerance, r.floor_within,
              r.people_within,
              static_cast<long long>(r.people_pixels), r.warnings.c_str());
  return r;
}

// textureless-floor: a passive pair over a uniform mat. The automatic calibration is refused
// (nothing to fit on); the floor is found plain, the configured installation taken, and the mat's
// pixels read as floor while the people crossing keep their heights. Without it (the installation
// entered) the mat's noise reads as bumps of any height. straight-crossings' tiles: never plain.
TEST(SimPlainFloor, ABlankMatReadsAsFloorAndThePeopleOnItKeepTheirHeights) {
  if (!std::filesystem::exists(std::string(HC_SOURCE_DIR) + "/config/scenarios/textureless-floor.json")) {
    GTEST_SKIP() << "no simulator scenarios";
  }
  const PlainFloorReading on = read_scenario("textureless-floor", true);
  EXPECT_TRUE(on.plain);
  EXPECT_NE(on.warnings.find("using the configured installation height 3.00 m"), std::string::npos)
      << on.warnings;
  const PlainFloorReading off = read_scenario("textureless-floor", false);
  EXPECT_FALSE(off.plain);
  EXPECT_GT(on.floor_within, 0.95);  // measured 0.985
  EXPECT_LT(off.floor_within, 0.6);  // measured 0.014
  EXPECT_GT(on.people_pixels, 1000);
  EXPECT_GT(on.people_within, off.people_within - 0.05);  // measured 0.775 and 0.793
  const PlainFloorReading tiles = read_scenario("straight-crossings", true);
  EXPECT_FALSE(tiles.plain);
  EXPECT_EQ(tiles.warnings.find("plain floor"), std::string::npos) << tiles.warnings;
}

// plain-floor-low-mount: the same mat under a 2.2 m mount, where a head fills 70-130 px and its
// inside, plain and untextured, is enclosed by its outline: it takes the outline's disparity
// instead of the floor's. The people keep most of their heights (measured: 0.647 of their pixels
// within 0.1 m, against 0.406 with every untextured pixel floored and 0.677 with the mat's noise
// left in), and the mat reads as floor.
TEST(SimPlainFloor, UnderALowMountThePlainInsideOfAHeadKeepsItsHeight) {
  if (!std::filesystem::exists(std::string(HC_SOURCE_DIR) +
                               "/config/scenarios/plain-floor-low-mount.json")) {
    GTEST_SKIP() << "no simulator scenarios";
  }
  const PlainFloorReading on = read_scenario("plain-floor-low-mount", true);
  const PlainFloorReading everything_floored = read_scenario("plain-floor-low-mount", true, 0.0);
  const PlainFloorReading off = read_scenario("plain-floor-low-mount", false);
  EXPECT_TRUE(on.plain);
  EXPECT_GT(on.floor_within, 0.95);
  EXPECT_GT(on.people_pixels, 10000);
  EXPECT_GT(on.people_within, everything_floored.people_within + 0.15);
  EXPECT_GT(on.people_within, off.people_within - 0.1);
}

}  // namespace
}  // namespace hc::stereo
