#include "eval/track_metrics.h"

#include <gtest/gtest.h>

namespace hc::eval {
namespace {

TEST(TrackMetrics, PerfectTracksScoreOne) {
  TrackFrames t, h;
  for (int k = 0; k < 10; ++k) {
    t[k] = {{1, {0.1 * k, 0}}, {2, {0.1 * k, 1}}};
    h[k] = {{7, {0.1 * k + 0.05, 0}}, {8, {0.1 * k, 1.1}}};
  }
  const auto s = score_tracks(t, h);
  EXPECT_DOUBLE_EQ(s.mota, 1.0);
  EXPECT_DOUBLE_EQ(s.idf1, 1.0);
}

TEST(TrackMetrics, MissFalsePositiveAndIdSwitch) {
  TrackFrames t, h;
  for (int k = 0; k < 10; ++k) {
    t[k] = {{1, {0.1 * k, 0}}};
    // Hypothesis: id 5 for frames 0-4, id 6 for 5-8 (one switch), nothing at 9 (one miss), and a
    // far-away false positive at frame 0.
    if (k < 5) h[k] = {{5, {0.1 * k, 0}}};
    else if (k < 9) h[k] = {{6, {0.1 * k, 0}}};
  }
  h[0].push_back({9, {5, 5}});
  const auto s = score_tracks(t, h);
  EXPECT_EQ(s.truth_points, 10);
  EXPECT_EQ(s.misses, 1);
  EXPECT_EQ(s.false_positives, 1);
  EXPECT_EQ(s.id_switches, 1);
  EXPECT_DOUBLE_EQ(s.mota, 1.0 - 3.0 / 10.0);
  EXPECT_DOUBLE_EQ(s.idf1, 2.0 * 5 / (10 + 10));  // id 5 matches 5 of 10 truth, 10 hyp points
}

}  // namespace
}  // namespace hc::eval
