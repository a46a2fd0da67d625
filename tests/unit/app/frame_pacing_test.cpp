#include "app/frame_pacing.h"

#include <gtest/gtest.h>

namespace hc::app {
namespace {

constexpr double kFps = 10.0;  // a 0.1 s frame period
constexpr double kMaxLag = 2.0;

TEST(FramePacing, AnEarlyFrameIsWaitedFor) {
  const FramePacing p = pace_frame(/*due=*/10.05, /*asked=*/9.98, /*now=*/10.0, kFps, kMaxLag);
  EXPECT_FALSE(p.drop);
  EXPECT_NEAR(p.wait_s, 0.05, 1e-12);
}

TEST(FramePacing, AFrameUpToTwoPeriodsLateIsProcessedAtOnce) {
  const FramePacing p = pace_frame(10.0, 10.15, 10.2, kFps, kMaxLag);
  EXPECT_FALSE(p.drop);
  EXPECT_EQ(p.wait_s, 0.0);
}

// Asked for on time, but the source took 0.35 s (3.5 periods) to produce it: the source's own time
// stands for the camera's, so the frame is processed, not dropped.
TEST(FramePacing, TheSourcesOwnProductionTimeNeverMakesAFrameLate) {
  const FramePacing p = pace_frame(10.0, 9.99, 10.35, kFps, kMaxLag);
  EXPECT_FALSE(p.drop);
  EXPECT_EQ(p.wait_s, 0.0);
}

// Asked for 0.45 s after it fell due (the pipeline was busy): dropped, and so are the frames due at
// 10.1 ... 10.5, already past when it arrived at 10.55; the next one (due 10.6) will be on time.
TEST(FramePacing, ALateFrameIsDroppedWithTheFramesAlreadyOverdue) {
  const FramePacing p = pace_frame(10.0, 10.45, 10.55, kFps, kMaxLag);
  EXPECT_TRUE(p.drop);
  EXPECT_EQ(p.skip, 5);
  EXPECT_EQ(p.wait_s, 0.0);
}

TEST(FramePacing, NoFrameRateMeansNoPacing) {
  const FramePacing p = pace_frame(10.0, 20.0, 21.0, 0.0, kMaxLag);
  EXPECT_FALSE(p.drop);
  EXPECT_EQ(p.wait_s, 0.0);
}

}  // namespace
}  // namespace hc::app
