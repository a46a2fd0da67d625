#include "rules/rule_engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <ctime>

#include "rules_test_util.h"

namespace hc::rules {
namespace {

using test::count_dir;
using test::walk;

// A horizontal line through the image centre drawn left to right: on screen, its right side is
// below it (+v, floor +y), so walking from -y to +y is IN.
RulesConfig one_line(TrackingMode mode = TrackingMode::kFeet, double v = 200.0) {
  RulesConfig c;
  c.tracking_mode = mode;
  c.lines.push_back({"u1", "Line1", {{100, v}, {540, v}}, {}});
  return c;
}

TEST(RuleEngine, CrossingTopToBottomIsInAndBackIsOut) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0;
  auto ev = walk(e, t, 1, {0, -1}, {0, 1}, 20);
  ASSERT_EQ(ev.size(), 1u);
  const auto& c = std::get<LineCrossing>(ev[0].what);
  EXPECT_EQ(c.direction, Direction::kIn);
  EXPECT_EQ(c.line_index, 1);
  EXPECT_EQ(c.line_uuid, "u1");
  EXPECT_EQ(c.track_id, 1);
  ev = walk(e, t, 2, {0.5, 1}, {0.5, -1}, 20);
  EXPECT_EQ(count_dir(ev, Direction::kOut), 1);
  EXPECT_EQ(e.line_counts()[0].in, 1);
  EXPECT_EQ(e.line_counts()[0].out, 1);
  EXPECT_EQ(e.line_counts()[0].capacity(), 0);
}

TEST(RuleEngine, CrossingIsStampedWithTheInterpolatedInstantOnTheLine) {
  RuleEngine e(one_line(), test::geometry());
  double t = 100.0;
  // y = -1.05 + 0.1 i at t = 100 + 0.1 i: on the line (y = 0) at i = 10.5, so t = 101.05; the
  // count is confirmed later, past the 0.12 m hysteresis band (y = 0.15, t = 101.2).
  const auto ev = walk(e, t, 1, {0, -1.05}, {0, 0.95}, 20);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NEAR(ev[0].t_s, 101.05, 1e-9);
}

TEST(RuleEngine, CrossingStampIsAtMostTwoSecondsBeforeTheConfirmingFrame) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0.0;
  // Steps just over the line (y = 0 at t = 2.0), stands inside the hysteresis band for 5 s, walks on.
  auto ev = walk(e, t, 1, {0, -1.0}, {0, 0.05}, 21);
  EXPECT_TRUE(ev.empty());
  for (int i = 0; i < 50; ++i, t += 0.1) EXPECT_TRUE(e.update(t, {test::person(1, 0, 0.05)}).events.empty());
  const double confirm_t = t + 0.1;  // the next step reaches y = 0.15
  ev = walk(e, t, 1, {0, 0.05}, {0, 1.05}, 10);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NEAR(ev[0].t_s, confirm_t - 2.0, 1e-9);
}

// Low mounts: a head is in view for a few frames, and the track is confirmed (handed to the rules)
// only on its third hit, by then inside the band or past the line. The steps before confirmation,
// from the track's origin, count.
TEST(RuleEngine, StepsBeforeConfirmationCountFromTheTrackOrigin) {
  RuleEngine e(one_line(), test::geometry());
  double t = 10.0;
  auto first = test::person(1, 0, -0.2);
  first.origin_m = core::Point2{0, -0.2};
  first.origin_t_s = t;
  auto at = [&](double y) {
    auto p = first;
    p.floor_m = {0, y};
    return p;
  };
  // confirmed at y = 0.05 (inside the 0.12 m band), then firmly across at y = 0.2
  EXPECT_TRUE(e.update(t + 0.2, {at(0.05)}).events.empty());
  const auto ev = e.update(t + 0.3, {at(0.2)}).events;
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<LineCrossing>(ev[0].what).direction, Direction::kIn);
  EXPECT_NEAR(ev[0].t_s, t + 0.2 * 0.2 / 0.25, 1e-9);  // y = 0 between the origin and y = 0.05
  // without the origin the first firm side is already past the line: no count
  RuleEngine plain(one_line(), test::geometry());
  auto a = at(0.05), b = at(0.2);
  a.origin_m.reset();
  b.origin_m.reset();
  EXPECT_TRUE(plain.update(t + 0.2, {a}).events.empty());
  EXPECT_TRUE(plain.update(t + 0.3, {b}).events.empty());
}

// At a 2.2 m mount a 1.9 m person's head is in view over about 0.3 m of walk around the line, so
// the first place it is seen may be inside the band. Seen first just before the line (y = -0.08)
// and then firmly past it: one IN, stamped where the path met the line. Seen first just past it
// and never firmly before it: nothing, wherever they wander in the band.
TEST(RuleEngine, APersonFirstSeenInTheBandIsCountedOnceFirmlyAcross) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0;
  EXPECT_TRUE(e.update(t, {test::person(1, 0, -0.08)}).events.empty());
  EXPECT_TRUE(e.update(t + 0.1, {test::person(1, 0, 0.06)}).events.empty());
  auto ev = e.update(t + 0.2, {test::person(1, 0, 0.2)}).events;
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<LineCrossing>(ev[0].what).direction, Direction::kIn);
  EXPECT_NEAR(ev[0].t_s, t + 0.1 * 0.08 / 0.14, 1e-9);
  t += 0.3;
  ev = walk(e, t, 1, {0, 0.3}, {0, 1.0}, 8);
  EXPECT_TRUE(ev.empty());

  RuleEngine past(one_line(), test::geometry());
  t = 0;
  for (const double y : {0.05, -0.05, 0.02, 0.2, 0.5})
    EXPECT_TRUE(past.update(t += 0.1, {test::person(1, 0, y)}).events.empty()) << y;
  RuleEngine never(one_line(), test::geometry());
  t = 0;
  for (const double y : {-0.05, 0.05, -0.02, 0.1})
    EXPECT_TRUE(never.update(t += 0.1, {test::person(1, 0, y)}).events.empty()) << y;
  EXPECT_TRUE(never.update(t += 0.1, {}).events.empty());
  EXPECT_EQ(never.line_counts()[0].in + never.line_counts()[0].out, 0);
}

// Lost above the line (held by the tracker, hidden), found again below it under the same id: the
// unseen step is one crossing, counted once; held and never found, nothing.
TEST(RuleEngine, APersonLostOnOneSideAndFoundOnTheOtherCountsOnce) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0;
  auto ev = walk(e, t, 1, {0, -1.2}, {0, -0.4}, 8);
  for (int i = 0; i < 20; ++i, t += 0.1) {
    const auto out = e.update(t, {}, {1});
    ev.insert(ev.end(), out.events.begin(), out.events.end());
  }
  const auto back = walk(e, t, 1, {0, 0.4}, {0, 1.2}, 8);
  ev.insert(ev.end(), back.begin(), back.end());
  EXPECT_EQ(count_dir(ev, Direction::kIn), 1);
  EXPECT_EQ(count_dir(ev, Direction::kOut), 0);
  ev = walk(e, t, 2, {0.3, -1.2}, {0.3, -0.4}, 8);
  for (int i = 0; i < 20; ++i, t += 0.1) {
    const auto out = e.update(t, {}, {2});
    ev.insert(ev.end(), out.events.begin(), out.events.end());
  }
  const auto out = e.update(t, {});
  ev.insert(ev.end(), out.events.begin(), out.events.end());
  EXPECT_TRUE(ev.empty());
  EXPECT_EQ(e.line_counts()[0].in, 1);
}

TEST(RuleEngine, CrossAndComeBackCountsInAndOut) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0;
  auto ev = walk(e, t, 1, {0, -1}, {0, 1}, 20);
  auto back = walk(e, t, 1, {0, 1}, {0, -1}, 20);
  ev.insert(ev.end(), back.begin(), back.end());
  EXPECT_EQ(count_dir(ev, Direction::kIn), 1);
  EXPECT_EQ(count_dir(ev, Direction::kOut), 1);
}

TEST(RuleEngine, JitterOnTheLineNeverCounts) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0;
  auto ev = walk(e, t, 1, {0, -1}, {0, -0.05}, 10);
  for (int i = 0; i < 200; ++i) {
    auto out = e.update(t, {test::person(1, 0.01 * (i % 3), (i % 2) ? 0.1 : -0.1)});
    ev.insert(ev.end(), out.events.begin(), out.events.end());
    t += 0.1;
  }
  EXPECT_TRUE(ev.empty());
}

// Under a 2.2 m lens a 1.9 m head is seen over about 0.3 m of walk: one frame just past the
// band before the line, the next just past it beyond. The step is the band's width and a
// centimetre more, and it counts; one that ends inside the band does not, nor does a sway that
// reaches just past the band on both sides but never walks the band's width and more.
TEST(RuleEngine, OneStepFromJustPastTheBandToJustPastItBeyondIsACrossing) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0;
  EXPECT_TRUE(e.update(t, {test::person(1, 0, -0.13)}).events.empty());
  auto ev = e.update(t += 0.1, {test::person(1, 0, 0.125)}).events;
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<LineCrossing>(ev[0].what).direction, Direction::kIn);

  RuleEngine short_of(one_line(), test::geometry());
  t = 0;
  for (const double y : {-0.13, 0.11, 0.119})
    EXPECT_TRUE(short_of.update(t += 0.1, {test::person(1, 0, y)}).events.empty()) << y;

  RuleEngine sway(one_line(), test::geometry());
  t = 0;
  EXPECT_TRUE(sway.update(t, {test::person(1, 0, -0.121)}).events.empty());
  EXPECT_TRUE(sway.update(t += 0.1, {test::person(1, 0, 0.121)}).events.empty());
}

// A step from just past the band to just past it beyond, 0.246 m, is short of min_travel_m
// (0.25 m): it waits for the next step. Walking on, the person is counted once, stamped when
// the first step crossed the line; swaying back, nothing is. (Flipping the side at the short
// step lost this crossing of a 1.91 m adult in the 2.2 m suite.)
TEST(RuleEngine, AStepJustShortOfTheMinimumTravelCountsOnceThePersonWalksOn) {
  RuleEngine on(one_line(), test::geometry());
  double t = 0;
  EXPECT_TRUE(on.update(t, {test::person(1, 0, -0.121)}).events.empty());
  EXPECT_TRUE(on.update(t += 0.1, {test::person(1, 0, 0.125)}).events.empty());
  auto ev = on.update(t += 0.1, {test::person(1, 0, 0.3)}).events;
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<LineCrossing>(ev[0].what).direction, Direction::kIn);
  EXPECT_GT(ev[0].t_s, 0.0);
  EXPECT_LT(ev[0].t_s, 0.1);
  EXPECT_TRUE(on.update(t += 0.1, {test::person(1, 0, 0.5)}).events.empty());

  RuleEngine back(one_line(), test::geometry());
  t = 0;
  for (const double y : {-0.121, 0.125, -0.2, -0.4})
    EXPECT_TRUE(back.update(t += 0.1, {test::person(1, 0, y)}).events.empty()) << y;
}

TEST(RuleEngine, ApproachingAndTurningBackDoesNotCount) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0;
  auto ev = walk(e, t, 1, {0, -1}, {0, 0.08}, 20);
  auto back = walk(e, t, 1, {0, 0.08}, {0, -1}, 20);
  EXPECT_TRUE(ev.empty());
  EXPECT_TRUE(back.empty());
}

TEST(RuleEngine, WalkingRoundTheEndOfTheLineDoesNotCount) {
  RuleEngine e(one_line(), test::geometry());  // line ends at floor x = 1.65 m
  double t = 0;
  auto ev = walk(e, t, 1, {2.0, -1}, {2.0, 1}, 20);
  EXPECT_TRUE(ev.empty());
}

// Heads mode, line at v = 300: at stature h it lies at floor y = 0.25 (3 - h), 0.325 m at 1.70 m
// and 0.320 m at 1.72 m. A person 2.5 mm short of the line (judged at 1.70 m) whose stature then
// reads 1.72 m is past the new line before the step and after it: the step crosses the line the
// start was judged against, and counts.
TEST(RuleEngine, ACrossingIsCountedThoughTheStatureMovesTheLineOverTheStepsStart) {
  RuleEngine e(one_line(TrackingMode::kHeads, 300), test::geometry());
  double t = 0;
  auto ev = walk(e, t, 1, {0, -1}, {0, 0.3225}, 10, 1.70);
  EXPECT_TRUE(ev.empty());
  for (double y = 0.42; y <= 1.0 + 1e-9; y += 0.1, t += 0.1) {
    auto out = e.update(t, {test::person(1, 0, y, 1.72)});
    ev.insert(ev.end(), out.events.begin(), out.events.end());
  }
  EXPECT_EQ(count_dir(ev, Direction::kIn), 1);
}

TEST(RuleEngine, BrokenLineCountsOnEverySegment) {
  RulesConfig c;
  c.tracking_mode = TrackingMode::kFeet;
  c.lines.push_back({"", "L", {{100, 200}, {300, 200}, {340, 260}, {540, 260}}, {}});
  RuleEngine e(c, test::geometry());
  double t = 0;
  EXPECT_EQ(count_dir(walk(e, t, 1, {-1, -1}, {-1, 1}, 20), Direction::kIn), 1);
  EXPECT_EQ(count_dir(walk(e, t, 2, {1, -1}, {1, 1.5}, 25), Direction::kIn), 1);
}

TEST(RuleEngine, HeadsModeTestsTheHeadPixelFeetModeTheFloorPoint) {
  // Line at v = 300: at head height 1.7 m it lies at floor y = 100 * 1.3 / 400 = 0.325 m, on the
  // floor at 0.75 m. Walking to y = 0.55 crosses it for heads but not for feet.
  RuleEngine heads(one_line(TrackingMode::kHeads, 300), test::geometry());
  RuleEngine feet(one_line(TrackingMode::kFeet, 300), test::geometry());
  double t1 = 0, t2 = 0;
  EXPECT_EQ(count_dir(walk(heads, t1, 1, {0, -1}, {0, 0.55}, 20), Direction::kIn), 1);
  EXPECT_EQ(count_dir(walk(feet, t2, 1, {0, -1}, {0, 0.55}, 20), Direction::kIn), 0);
  EXPECT_NEAR(heads.projected_line(0, 1.7)[0].y, 0.325, 1e-9);
}

TEST(RuleEngine, UturnFilteringCountsOnlyPeopleWhoPassTheWholeArea) {
  auto c = one_line();
  c.uturn_filtering = true;
  // Area from v = 120 to 280: floor y in [-0.6, 0.6].
  c.lines[0].uturn_area_px = {{100, 120}, {540, 120}, {540, 280}, {100, 280}};
  RuleEngine e(c, test::geometry());
  double t = 0;
  // Crosses the line, turns back inside the area: nothing.
  auto ev = walk(e, t, 1, {0, -1}, {0, 0.4}, 20);
  auto back = walk(e, t, 1, {0, 0.4}, {0, -1}, 20);
  EXPECT_TRUE(ev.empty());
  EXPECT_TRUE(back.empty());
  // Passes through: one IN, counted on leaving the area.
  ev = walk(e, t, 2, {0.3, -1}, {0.3, 1}, 20);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(count_dir(ev, Direction::kIn), 1);
  // Without the switch the same U-turn counts in and out.
  c.uturn_filtering = false;
  RuleEngine plain(c, test::geometry());
  ev = walk(plain, t, 1, {0, -1}, {0, 0.4}, 20);
  back = walk(plain, t, 1, {0, 0.4}, {0, -1}, 20);
  EXPECT_EQ(count_dir(ev, Direction::kIn), 1);
  EXPECT_EQ(count_dir(back, Direction::kOut), 1);
}

TEST(RuleEngine, ChildrenAndSwitches) {
  auto c = one_line();
  c.children_adult_differentiation = true;
  RuleEngine e(c, test::geometry());
  double t = 0;
  auto ev = walk(e, t, 1, {0, -1}, {0, 1}, 20, 1.1, true);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(std::get<LineCrossing>(ev[0].what).child);
  EXPECT_EQ(e.line_counts()[0].children_in, 1);
  EXPECT_EQ(e.line_counts()[0].adult_in(), 0);
  EXPECT_EQ(std::get<LineCrossing>(ev[0].what).gender, Gender::kUnknown);

  c.children_adult_differentiation = false;
  c.line_cross_counting = true;
  RuleEngine e2(c, test::geometry());
  ev = walk(e2, t, 1, {0, -1}, {0, 1}, 20, 1.1, true);
  EXPECT_FALSE(std::get<LineCrossing>(ev.at(0).what).child);

  c.line_cross_counting = false;
  RuleEngine off(c, test::geometry());
  EXPECT_TRUE(walk(off, t, 1, {0, -1}, {0, 1}, 20).empty());
}

TEST(RuleEngine, ManualResetClearsCumulativeCounts) {
  RuleEngine e(one_line(), test::geometry());
  double t = 0;
  walk(e, t, 1, {0, -1}, {0, 1}, 20);
  EXPECT_EQ(e.line_counts()[0].in, 1);
  auto r = e.reset(t);
  EXPECT_FALSE(r.scheduled);
  EXPECT_EQ(e.line_counts()[0].in, 0);
}

TEST(RuleEngine, ScheduledResetFiresOnceWhenTheLocalTimePasses) {
  setenv("TZ", "UTC", 1);
  tzset();
  auto c = one_line();
  c.scheduled_reset = true;
  c.reset_minute_of_day = 1 * 60 + 30;  // 01:30
  RuleEngine e(c, test::geometry());
  double t = 1700000000.0 - std::fmod(1700000000.0, 86400.0) + 3600.0;  // 01:00 UTC
  walk(e, t, 1, {0, -1}, {0, 1}, 20);
  EXPECT_EQ(e.line_counts()[0].in, 1);
  int resets = 0;
  for (int i = 0; i < 3600; ++i) {  // one hour at 1 Hz crosses 01:30 once
    if (e.update(t, {}).reset) ++resets;
    t += 1.0;
  }
  EXPECT_EQ(resets, 1);
  EXPECT_EQ(e.line_counts()[0].in, 0);
}

// With the device's clock given (`headcount run`: the service clock in the configured zone), the
// reset follows it, not the process's zone: 01:30 at UTC+08:00 is 17:30 UTC the day before.
TEST(RuleEngine, ScheduledResetFollowsTheGivenLocalClock) {
  setenv("TZ", "UTC", 1);
  tzset();
  auto c = one_line();
  c.scheduled_reset = true;
  c.reset_minute_of_day = 1 * 60 + 30;  // 01:30 local
  c.local_wall_s = [](double t) { return t + 8 * 3600.0; };
  RuleEngine e(c, test::geometry());
  const double midnight_utc = 1700000000.0 - std::fmod(1700000000.0, 86400.0);
  double t = midnight_utc + 17 * 3600.0;  // 17:00 UTC = 01:00 local
  walk(e, t, 1, {0, -1}, {0, 1}, 20);
  EXPECT_EQ(e.line_counts()[0].in, 1);
  std::vector<double> at;
  for (int i = 0; i < 3 * 3600; ++i) {  // three hours from 01:00 local pass 01:30 local (17:30 UTC) once
    if (e.update(t, {}).reset) at.push_back(t);
    t += 1.0;
  }
  ASSERT_EQ(at.size(), 1u);
  EXPECT_GE(at[0], midnight_utc + 17 * 3600.0 + 1800.0);  // the first frame at or after 01:30 local
  EXPECT_LT(at[0], midnight_utc + 17 * 3600.0 + 1801.0);
  EXPECT_EQ(e.line_counts()[0].in, 0);
}

}  // namespace
}  // namespace hc::rules

namespace hc::rules {
namespace {

TEST(RuleEngine, ARuleAboveTheHorizonIsAnErrorNamingIt) {
  RulesConfig c;
  c.lines.push_back({"", "L", {{100, 300}, {540, 300}}, {}});
  c.lines.push_back({"", "L2", {{100, 0}, {540, 0}}, {}});
  const core::FloorGeometry tilted(core::CameraModel{}, core::FloorPlane::from_height_and_tilt(3.0, 70.0));
  try {
    RuleEngine e(c, tilted);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("rules.lines[1].points"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hc::rules
