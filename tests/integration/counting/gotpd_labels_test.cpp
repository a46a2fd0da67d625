// The GOTPD sample's head labels (shared/data/gotpd-overhead-tof/head-truth): only every tenth
// labelled frame was placed by hand; the frames between carry labels interpolated on straight
// lines. Evidence, printed and asserted: (1) with the hand-placed frames at every tenth labelled
// frame from the first (image0041, 0061, ..., 0361), every other label lies on the straight line
// between its two hand-placed neighbours to a tenth of a pixel (its blob's centroid; to the pixel
// for the argmax), while none of the other nine choices of those frames comes near; (2) the label's
// step from one frame to the next is constant between hand-placed frames and changes only at them.
// What this means for the head detector's scores: gotpd_heads_test.cpp and docs/accuracy.md.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "../stereo/gotpd_loader.h"

namespace hc::test_support {
namespace {
namespace fs = std::filesystem;

constexpr int kEvery = kGotpdHandPlacedEvery;

struct Labels {
  std::vector<std::string> names;
  std::vector<cv::Point2d> centre;  // blob centroid
  std::vector<cv::Point2d> argmax;  // the pixel the detector tests match against
};

// Worst distance of a label from the straight line between its hand-placed neighbours, taking the
// hand-placed frames to be the labelled frames j with j % kEvery == phase. Frames before the first
// or after the last such frame are not measured.
double worst_off_line(const std::vector<cv::Point2d>& p, int phase) {
  double worst = 0.0;
  for (int a = phase; a + kEvery < static_cast<int>(p.size()); a += kEvery) {
    for (int j = a + 1; j < a + kEvery; ++j) {
      const cv::Point2d expected = p[a] + (p[a + kEvery] - p[a]) * ((j - a) / double(kEvery));
      worst = std::max(worst, cv::norm(p[j] - expected));
    }
  }
  return worst;
}

TEST(GotpdLabels, OnlyEveryTenthLabelIsHandPlacedTheRestInterpolated) {
  const fs::path dir = fs::path(HC_SHARED_DATA_DIR) / "gotpd-overhead-tof";
  if (!fs::exists(dir / "depth")) GTEST_SKIP() << "no ToF data under " << dir;
  const std::vector<GotpdFrame> frames = load_gotpd(dir);
  Labels l;
  int last_labelled = -1;
  for (size_t i = 0; i < frames.size(); ++i) {
    const auto head = frames[i].head();
    if (!head) continue;
    // One unbroken run of labelled frames: interpolation needs consecutive frames.
    if (last_labelled >= 0) {
      ASSERT_EQ(last_labelled + 1, static_cast<int>(i)) << frames[i].name;
    }
    last_labelled = static_cast<int>(i);
    l.names.push_back(frames[i].name);
    l.centre.push_back(*frames[i].head_centre());
    l.argmax.push_back(cv::Point2d(head->x, head->y));
  }
  const int n = static_cast<int>(l.names.size());
  ASSERT_EQ(n, 165);
  std::printf("%d labelled frames, %s .. %s\n", n, l.names.front().c_str(), l.names.back().c_str());

  // (1) Which frames are hand-placed: only one of the ten choices puts the rest on straight lines.
  for (int phase = 0; phase < kEvery; ++phase) {
    const double worst = worst_off_line(l.centre, phase);
    std::printf("hand-placed from %s every %d: worst label %.2f px off the line between them\n",
                l.names[phase].c_str(), kEvery, worst);
    if (phase == 0) {
      EXPECT_LE(worst, 0.15);
    } else {
      EXPECT_GE(worst, 3.0);
    }
  }
  const double worst_argmax = worst_off_line(l.argmax, 0);
  std::printf("the same for the label's argmax (whole pixels, ties of 2-3): worst %.2f px\n",
              worst_argmax);
  EXPECT_LE(worst_argmax, 1.5);  // one pixel in x and in y
  // After the last hand-placed frame the labels go on along a straight line at a constant step.
  const int last_key = (n - 1) / kEvery * kEvery;
  double worst_after = 0.0;
  for (int j = last_key + 2; j < n; ++j) {
    const cv::Point2d expected =
        l.centre[last_key] +
        (l.centre[last_key + 1] - l.centre[last_key]) * static_cast<double>(j - last_key);
    worst_after = std::max(worst_after, cv::norm(l.centre[j] - expected));
  }
  std::printf("after the last hand-placed frame %s: %d labels, worst %.2f px off its line\n",
              l.names[last_key].c_str(), n - 1 - last_key, worst_after);
  EXPECT_LE(worst_after, 0.15);

  // (2) The step from one label to the next changes only at the hand-placed frames.
  double max_change_between = 0.0, min_change_at_key = 1e9;
  for (int j = 1; j + 1 < n; ++j) {
    const cv::Point2d in = l.centre[j] - l.centre[j - 1], out = l.centre[j + 1] - l.centre[j];
    const double change = cv::norm(out - in);
    if (j % kEvery == 0) {
      min_change_at_key = std::min(min_change_at_key, change);
      std::printf("  %s (%.1f, %.1f): step (%.2f, %.2f) -> (%.2f, %.2f) px\n", l.names[j].c_str(),
                  l.centre[j].x, l.centre[j].y, in.x, in.y, out.x, out.y);
    } else {
      max_change_between = std::max(max_change_between, change);
    }
  }
  std::printf(
      "step change at the hand-placed frames: at least %.2f px; elsewhere at most %.2f px\n",
      min_change_at_key, max_change_between);
  EXPECT_GT(min_change_at_key, 2.0 * max_change_between);
}

}  // namespace
}  // namespace hc::test_support
