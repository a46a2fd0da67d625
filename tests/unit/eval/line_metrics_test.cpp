#include "eval/line_metrics.h"

#include <gtest/gtest.h>

namespace hc::eval {
namespace {
using rules::Direction;

TEST(LineMetrics, NetAccuracyUnbalancedErrorF1AndChildren) {
  // Truth: 4 in-crossings, two in minute 0 and two in minute 1. Counted: one late by 0.5 s, one
  // missing in minute 1, one extra in minute 0, one child flag wrong.
  std::vector<Crossing> truth = {{10, 1, Direction::kIn, false}, {20, 1, Direction::kIn, true},
                                 {70, 1, Direction::kIn, false}, {80, 1, Direction::kIn, false},
                                 {30, 1, Direction::kOut, false}};
  std::vector<Crossing> counted = {{10.5, 1, Direction::kIn, false}, {20, 1, Direction::kIn, false},
                                   {40, 1, Direction::kIn, false}, {70, 1, Direction::kIn, false}};
  auto s = score_line(truth, counted, 1, Direction::kIn);
  EXPECT_EQ(s.true_total, 4);
  EXPECT_EQ(s.counted_total, 4);
  EXPECT_DOUBLE_EQ(s.net_accuracy, 1.0);
  EXPECT_DOUBLE_EQ(s.unbalanced_error, 2.0 / 4.0);  // +1 in minute 0, -1 in minute 1
  EXPECT_EQ(s.matched, 3);
  EXPECT_DOUBLE_EQ(s.f1, 0.75);
  EXPECT_DOUBLE_EQ(s.child_accuracy, 2.0 / 3.0);
  auto o = score_line(truth, counted, 1, Direction::kOut);
  EXPECT_DOUBLE_EQ(o.net_accuracy, 0.0);
  EXPECT_DOUBLE_EQ(o.recall, 0.0);
}

TEST(LineMetrics, EmptyIsPerfect) {
  auto s = score_line({}, {}, 1, Direction::kIn);
  EXPECT_DOUBLE_EQ(s.net_accuracy, 1.0);
  EXPECT_DOUBLE_EQ(s.unbalanced_error, 0.0);
}

}  // namespace
}  // namespace hc::eval
