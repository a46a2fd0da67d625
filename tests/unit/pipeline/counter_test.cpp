#include "pipeline/counter.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "eval/depth_scene.h"

namespace hc::pipeline {
namespace {

const core::CameraModel kCam{320, 200, 120.0, 120.0, 160.0, 100.0, 0.0};

PipelineOptions options() {
  PipelineOptions o;
  o.depth.fixed_floor = core::FloorPlane::from_height_and_tilt(3.0, 0.0);
  o.rules.lines.push_back({"u", "Door", {{0, 100}, {319, 100}}, {}});
  o.unix_offset_s = 1700000000.0;
  return o;
}

// One person walks down the image (IN) at 1.2 m/s, frames at 10 Hz.
std::vector<rules::CountEvent> walk(Counter& c, double y0, double y1, double& t, int64_t& index) {
  std::vector<rules::CountEvent> all;
  for (double y = y0; (y1 > y0) ? y <= y1 : y >= y1; y += (y1 > y0 ? 0.12 : -0.12)) {
    sensor::Frame f;
    f.index = index++;
    f.t_seconds = t;
    t += 0.1;
    f.camera = kCam;
    f.depth_mm = eval::render_depth(kCam, 3.0, {{0.1, y, 1.75, false}}, {});
    auto out = c.process(f);
    all.insert(all.end(), out.events.begin(), out.events.end());
  }
  return all;
}

TEST(Counter, CountsAPersonAndPublishesSnapshots) {
  Counter c(options());
  EXPECT_EQ(c.snapshot(), nullptr);
  double t = 0;
  int64_t index = 0;
  auto ev = walk(c, -1.6, 1.6, t, index);
  ASSERT_EQ(ev.size(), 1u);
  const auto& x = std::get<rules::LineCrossing>(ev[0].what);
  EXPECT_EQ(x.direction, rules::Direction::kIn);
  EXPECT_EQ(x.line_name, "Door");
  EXPECT_GT(ev[0].t_s, 1700000000.0);
  auto snap = c.snapshot();
  ASSERT_NE(snap, nullptr);
  EXPECT_TRUE(snap->floor_known);
  ASSERT_EQ(snap->lines.size(), 1u);
  EXPECT_EQ(snap->lines[0].in, 1);
  EXPECT_EQ(snap->gender_status, "gender recognition is off");
  EXPECT_GT(snap->timings.total.frames, 0);

  c.request_reset();
  sensor::Frame f;
  f.index = index;
  f.t_seconds = t;
  f.camera = kCam;
  f.depth_mm = eval::render_depth(kCam, 3.0, {}, {});
  auto out = c.process(f);
  ASSERT_EQ(out.resets.size(), 1u);
  EXPECT_FALSE(out.resets[0].scheduled);
  EXPECT_EQ(c.snapshot()->lines[0].in, 0);
}

TEST(Counter, BackAndForthCountsInThenOut) {
  Counter c(options());
  double t = 0;
  int64_t index = 0;
  auto a = walk(c, -1.6, 1.0, t, index);
  auto b = walk(c, 1.0, -1.6, t, index);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(std::get<rules::LineCrossing>(b[0].what).direction, rules::Direction::kOut);
  EXPECT_EQ(c.snapshot()->lines[0].capacity(), 0);
}

// A frame of a person of `stature_m` at (0.1, y), with every other pixel (a checkerboard) of the
// 5x5 around the head's top lifted by `lift_mm`: stereo noise scatters such pixels over a head. The
// height map's cells keep their highest pixel, so the head's peak cells read the lifted height;
// the median of its pixels (the detection's stature) stays near the true one.
sensor::Frame frame_with_lifted_top(int64_t index, double t, double y, double stature_m,
                                    int lift_mm) {
  sensor::Frame f;
  f.index = index;
  f.t_seconds = t;
  f.camera = kCam;
  f.depth_mm = eval::render_depth(kCam, 3.0, {{0.1, y, stature_m, false}}, {});
  cv::Mat valid = f.depth_mm > 0;
  double nearest = 0;
  cv::Point top;
  cv::minMaxLoc(f.depth_mm, &nearest, nullptr, &top, nullptr, valid);
  for (int v = std::max(0, top.y - 2); nearest < 2900 && v <= std::min(kCam.height - 1, top.y + 2); ++v)
    for (int u = std::max(0, top.x - 2); u <= std::min(kCam.width - 1, top.x + 2); ++u)
      if ((u + v) % 2 == 0 && f.depth_mm.at<uint16_t>(v, u) > 0) f.depth_mm.at<uint16_t>(v, u) -= lift_mm;
  return f;
}

// The person walks in, as in walk(), every frame so lifted. Without the pipeline's stature gate
// the 0.95 m child below is counted.
int64_t crossings_with_lifted_top(double stature_m, int lift_mm) {
  Counter c(options());
  int64_t crossings = 0, index = 0;
  for (double y = -1.6, t = 0; y <= 1.6; y += 0.12, t += 0.1)
    crossings += static_cast<int64_t>(
        c.process(frame_with_lifted_top(index++, t, y, stature_m, lift_mm)).events.size());
  return crossings;
}

TEST(Counter, APersonUnderTheMinimumTargetHeightIsIgnoredThoughNoiseLiftsTheTop) {
  ASSERT_EQ(options().rules.min_target_height_m, 1.0);
  EXPECT_EQ(crossings_with_lifted_top(0.95, 60), 0);
  EXPECT_EQ(crossings_with_lifted_top(1.10, 0), 1);
  EXPECT_EQ(crossings_with_lifted_top(1.10, 60), 1);
}

// A person whose stature reads near the minimum target height (1.0 m) walks in at 1.05 m, then
// stays past the line crouched at 0.96 m (noise lifting the peak cells to 1.04 m, so they are
// still detected) long enough for the track's median stature to fall below the minimum, then
// stands up again. The rules saw the track while it was within the target heights; it stays with
// them for the rest of its life. Before, it left the rules and came back as someone new, whose
// walk from the track's origin counted "in" a second time (the stereo sweep, seed 7
// busy-high-mount: a 0.90 m child counted three times).
TEST(Counter, APersonWhoseStatureDipsBelowTheMinimumTargetHeightIsCountedOnce) {
  Counter c(options());
  int64_t crossings = 0, index = 0;
  double t = 0;
  auto step = [&](double y, double stature_m, int lift_mm) {
    crossings += static_cast<int64_t>(
        c.process(frame_with_lifted_top(index++, t, y, stature_m, lift_mm)).events.size());
    t += 0.1;
  };
  for (double y = -1.6; y <= 1.0; y += 0.12) step(y, 1.05, 0);
  ASSERT_EQ(crossings, 1);
  for (int k = 0; k < 45; ++k) step(1.0, 0.96, 80);
  ASSERT_EQ(c.snapshot()->tracks.size(), 1u);
  EXPECT_LT(c.snapshot()->tracks[0].stature_m, 1.0);
  const int64_t id = c.snapshot()->tracks[0].id;
  for (int k = 0; k < 60; ++k) step(1.0, 1.05, 0);
  ASSERT_EQ(c.snapshot()->tracks.size(), 1u);
  EXPECT_EQ(c.snapshot()->tracks[0].id, id);
  EXPECT_EQ(crossings, 1);
}

}  // namespace
}  // namespace hc::pipeline

namespace hc::pipeline {
namespace {

// The depth stage's warnings leave the counter with the frame that raised them (for the service
// log) and stay in the snapshot (for /stats and the Rule page), at most the last eight.
TEST(Counter, DepthWarningsGoOutWithTheFrameAndStayInTheSnapshot) {
  PipelineOptions o;
  o.depth.calibration_frames = 2;  // automatic floor; empty depth frames cannot give one
  o.depth.refit_every_frames = 1;
  o.unix_offset_s = 1700000000.0;
  Counter c(o);
  std::vector<DepthWarning> raised;
  for (int64_t k = 0; k < 40; ++k) {
    sensor::Frame f;
    f.index = k;
    f.t_seconds = 0.1 * static_cast<double>(k);
    f.camera = kCam;
    f.depth_mm = cv::Mat::zeros(kCam.height, kCam.width, CV_16UC1);
    auto out = c.process(f);
    raised.insert(raised.end(), out.warnings.begin(), out.warnings.end());
  }
  ASSERT_FALSE(raised.empty());
  EXPECT_EQ(raised[0].message.rfind("floor calibration refused: ", 0), 0u) << raised[0].message;
  EXPECT_GE(raised[0].t_s, 1700000000.0);
  const auto snap = c.snapshot();
  ASSERT_NE(snap, nullptr);
  ASSERT_NE(snap->warnings, nullptr);
  ASSERT_EQ(snap->warnings->size(), std::min<std::size_t>(raised.size(), 8));
  EXPECT_EQ(snap->warnings->back().message, raised.back().message);
  EXPECT_DOUBLE_EQ(snap->warnings->back().t_s, raised.back().t_s);
}

}  // namespace
}  // namespace hc::pipeline
