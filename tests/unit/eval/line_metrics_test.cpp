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

// Reports carry whole seconds: an adult at 7.27 s and a child at 7.33 s are both reported at
// 7 s, and time alone would pair them crosswise (two flags scored wrong that are right). The
// pairing keeps the most matches and, within the tolerance, pairs the flags that agree.
TEST(LineMetrics, ChildAndAdultInTheSameSecondArePairedByTheirFlags) {
  const auto in = Direction::kIn;
  std::vector<Crossing> truth = {{7.27, 1, in, false}, {7.33, 1, in, true}};
  std::vector<Crossing> counted = {{7, 1, in, true}, {7, 1, in, false}};
  auto s = score_line(truth, counted, 1, in);
  EXPECT_EQ(s.matched, 2);
  EXPECT_DOUBLE_EQ(s.child_accuracy, 1.0);
  // A flag that is wrong stays wrong.
  counted[0].child = false;
  s = score_line(truth, counted, 1, in);
  EXPECT_EQ(s.matched, 2);
  EXPECT_DOUBLE_EQ(s.child_accuracy, 0.5);
}

TEST(LineMetrics, AnUnmatchedEventThatAgreesTakesTheMismatchedOnesPlace) {
  const auto in = Direction::kIn;
  // An unmatched count: the child at 10.0 s is in reach of the adult count at 9.5 s (the
  // earliest) and the child count at 10.8 s; the extra is the adult count.
  auto s = score_line({{10.0, 1, in, true}}, {{9.5, 1, in, false}, {10.8, 1, in, true}}, 1, in);
  EXPECT_EQ(s.matched, 1);
  EXPECT_DOUBLE_EQ(s.child_accuracy, 1.0);
  EXPECT_DOUBLE_EQ(s.f1, 2.0 / 3.0);
  // An unmatched truth: the child count at 10.2 s is in reach of the adult at 9.5 s (taken
  // first) and the child at 10.8 s; the miss is the adult.
  s = score_line({{9.5, 1, in, false}, {10.8, 1, in, true}}, {{10.2, 1, in, true}}, 1, in);
  EXPECT_EQ(s.matched, 1);
  EXPECT_DOUBLE_EQ(s.child_accuracy, 1.0);
  // Out of reach (over 1 s apart), nothing is re-paired.
  s = score_line({{9.5, 1, in, false}, {11.3, 1, in, true}}, {{10.2, 1, in, true}}, 1, in);
  EXPECT_EQ(s.matched, 1);
  EXPECT_DOUBLE_EQ(s.child_accuracy, 0.0);
}

TEST(LineMetrics, EmptyIsPerfect) {
  auto s = score_line({}, {}, 1, Direction::kIn);
  EXPECT_DOUBLE_EQ(s.net_accuracy, 1.0);
  EXPECT_DOUBLE_EQ(s.unbalanced_error, 0.0);
}

}  // namespace
}  // namespace hc::eval
