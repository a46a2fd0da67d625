// Re-identification (TrackerParameters::relink_s) and the stature term of the assignment cost.
#include <gtest/gtest.h>

#include "track/tracker.h"
#include "tracker_test_util.h"

namespace hc::track {
namespace {

const Track* find(const std::vector<Track>& ts, int64_t id) {
  for (const auto& t : ts)
    if (t.id == id) return &t;
  return nullptr;
}

// A child stands 0.32 m from an adult at a shelf, is hidden under them for 5 s (no detection),
// then shows again 0.16 m from where they were lost: once the new track is confirmed it is the
// child's, with its first time and hits, so the rules see one person.
TEST(TrackerRelink, AHiddenChildIsReIdentifiedWhereTheyWereLost) {
  TrackerParameters p;
  p.child_height_m = 1.4;
  Tracker tr(p);
  double t = 0;
  for (int i = 0; i < 20; ++i, t += 0.1) tr.update(t, {det(1.1, -0.75, 1.65), det(0.8, -0.85, 1.04)});
  ASSERT_EQ(confirmed(tr.tracks()).size(), 2u);
  int64_t child = 0;
  for (const auto& k : tr.tracks())
    if (k.child) child = k.id;
  ASSERT_NE(child, 0);
  for (int i = 0; i < 50; ++i, t += 0.1) {  // 2.0 .. 6.9 s: only the adult is seen
    tr.update(t, {det(1.1, -0.75, 1.65)});
    if (i == 10) {  // 1.1 s unseen
      const Track* c = find(tr.tracks(), child);
      ASSERT_NE(c, nullptr);
      EXPECT_EQ(c->state, TrackState::kCoasting);
    }
  }
  EXPECT_EQ(find(tr.tracks(), child), nullptr);  // its 2 s coast ran out at 3.9 s
  ASSERT_EQ(tr.lost_ids().size(), 1u);
  EXPECT_EQ(tr.lost_ids()[0], child);

  tr.update(t, {det(1.1, -0.75, 1.65), det(0.75, -0.7, 1.03)});  // 7.0 s: 5.1 s unseen
  t += 0.1;
  EXPECT_EQ(find(tr.tracks(), child), nullptr);  // a tentative track, its own id so far
  EXPECT_EQ(tr.tracks().size(), 2u);
  for (int i = 0; i < 2; ++i, t += 0.1) tr.update(t, {det(1.1, -0.75, 1.65), det(0.75, -0.7, 1.03)});
  const Track* c = find(tr.tracks(), child);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->state, TrackState::kConfirmed);
  EXPECT_DOUBLE_EQ(c->first_t_s, 0.0);
  EXPECT_EQ(c->hits, 23);
  EXPECT_TRUE(c->child);
  EXPECT_EQ(c->path.size(), 23u);
  EXPECT_TRUE(tr.lost_ids().empty());
  EXPECT_EQ(confirmed(tr.tracks()).size(), 2u);
}

// Someone standing (at (0, 0) by default) for 2 s, then unseen: their 2 s coast runs out 2.1 s
// after they were last seen.
int64_t stand_then_vanish(Tracker& tr, double& t, const Detection& d = det(0, 0)) {
  for (int i = 0; i < 20; ++i, t += 0.1) tr.update(t, {d});
  const int64_t id = confirmed(tr.tracks()).begin()->first;
  for (int i = 0; i < 21; ++i, t += 0.1) tr.update(t, {});
  EXPECT_TRUE(tr.tracks().empty());
  return id;
}

// The id of the one confirmed track after `frames` detections of d, from time t.
int64_t appear(Tracker& tr, double& t, const Detection& d, int frames = 3) {
  for (int i = 0; i < frames; ++i, t += 0.1) tr.update(t, {d});
  const auto c = confirmed(tr.tracks());
  EXPECT_EQ(c.size(), 1u);
  return c.empty() ? -1 : c.begin()->first;
}

// The gate is 0.5 m at once, growing 0.1 m per second unseen: 0.71 m at 2.1 s.
TEST(TrackerRelink, OnlySomeoneNearOfTheSameStatureSoonEnoughContinuesALostTrack) {
  {
    Tracker tr;
    double t = 0;
    const int64_t id = stand_then_vanish(tr, t);  // t = 4.0, 2.1 s unseen
    EXPECT_EQ(tr.lost_ids().size(), 1u);
    EXPECT_EQ(appear(tr, t, det(0.68, 0)), id);
  }
  {
    Tracker tr;
    double t = 0;
    const int64_t id = stand_then_vanish(tr, t);
    EXPECT_NE(appear(tr, t, det(0.75, 0)), id);  // outside the gate: a new person
    EXPECT_EQ(tr.lost_ids().size(), 1u);
  }
  {
    Tracker tr;
    double t = 0;
    const int64_t id = stand_then_vanish(tr, t);
    EXPECT_NE(appear(tr, t, det(0.1, 0, 1.5)), id);  // 0.25 m shorter: someone else
  }
  {
    Tracker tr;
    double t = 0;
    const int64_t id = stand_then_vanish(tr, t);
    for (int i = 0; i < 40; ++i, t += 0.1) tr.update(t, {});  // 8.0 s: 6.1 s unseen
    EXPECT_TRUE(tr.lost_ids().empty());
    EXPECT_NE(appear(tr, t, det(0.1, 0)), id);
  }
}

// At a low mount a person walking out of the view is often lost mid-image (their head refused
// before it reaches the border), and someone walking the other way is found where they were
// lost: two people, not one who turned while unseen. Walking on the same way, the same person is
// found again beyond where they were lost.
TEST(TrackerRelink, NobodyWalkingBackContinuesSomeoneLostWalkingOn) {
  for (const double way : {-1.0, 1.0}) {
    Tracker tr;
    double t = 0;
    // Walking +y to y = 0.48.
    for (int i = 0; i < 10; ++i, t += 0.1) tr.update(t, {det(0.5, -0.6 + 0.12 * i)});
    const int64_t id = confirmed(tr.tracks()).begin()->first;
    for (int i = 0; i < 9; ++i, t += 0.1) tr.update(t, {});  // its 0.8 s coast runs out
    ASSERT_TRUE(tr.tracks().empty());
    ASSERT_EQ(tr.lost_ids().size(), 1u);
    // 1 s later, born 0.12 m beyond where it was lost, walking on (way = 1) or back (-1).
    for (int i = 0; i < 3; ++i, t += 0.1) tr.update(t, {det(0.5, 0.6 + way * 0.12 * i)});
    const auto c = confirmed(tr.tracks());
    ASSERT_EQ(c.size(), 1u);
    if (way > 0) EXPECT_EQ(c.begin()->first, id) << "walking on: the same person";
    else EXPECT_NE(c.begin()->first, id) << "walking back: someone else";
  }
}

// Someone who stopped (turned near the line, say) and was lost standing is not continued by a
// walker born 0.4 m short of that place and walking towards it: a person found after being
// hidden is beyond where they were lost, or near it. Born 0.4 m beyond it, walking away, the
// walker is the same person.
TEST(TrackerRelink, NobodyWalkingTowardsWhereSomeoneWasLostContinuesThem) {
  for (const double side : {-1.0, 1.0}) {
    Tracker tr;
    double t = 0;
    const int64_t id = stand_then_vanish(tr, t);  // lost at (0, 0), t = 4.0: the gate is 0.71 m
    for (int i = 0; i < 3; ++i, t += 0.1) tr.update(t, {det(0, side * 0.4 + 0.12 * i)});
    const auto c = confirmed(tr.tracks());
    ASSERT_EQ(c.size(), 1u);
    if (side > 0) EXPECT_EQ(c.begin()->first, id) << "walking away from it";
    else EXPECT_NE(c.begin()->first, id) << "walking towards it";
  }
}

// A person walking out of the image has left: nothing to find again. So has one lost with their
// head near the border (within 40 px, a tenth of the smaller side): a head cut by the border stalls
// there and its track coasts out instead of being seen to leave. And one born near the border has
// walked in: it does not continue someone lost nearby.
TEST(TrackerRelink, NobodyIsReIdentifiedAcrossTheImageBorder) {
  {
    Tracker tr;
    tr.set_view_px(640, 400);
    double t = 0;
    for (int i = 0; i < 10; ++i, t += 0.1) tr.update(t, {seen(0.3, 0.24 - 0.13 * i)});
    tr.update(t, {});
    EXPECT_TRUE(tr.tracks().empty());
    EXPECT_TRUE(tr.lost_ids().empty());
  }
  {
    Tracker tr;
    tr.set_view_px(640, 400);
    double t = 0;
    stand_then_vanish(tr, t, seen(0, -0.85));  // v = 30 px
    EXPECT_TRUE(tr.lost_ids().empty());
  }
  {
    Tracker tr;
    tr.set_view_px(640, 400);
    double t = 0;
    const int64_t id = stand_then_vanish(tr, t, seen(0, -0.6));  // v = 80 px
    ASSERT_EQ(tr.lost_ids().size(), 1u);
    for (int i = 0; i < 3; ++i, t += 0.1) tr.update(t, {seen(0, -0.85 + 0.02 * i)});  // 0.25 m off
    const auto c = confirmed(tr.tracks());
    ASSERT_EQ(c.size(), 1u);
    EXPECT_NE(c.begin()->first, id);
    EXPECT_EQ(tr.lost_ids().size(), 1u);
    // The same, born 0.1 m further in (v = 50 px), continues them.
    tr.clear();
    t += 1.0;
    const int64_t id2 = stand_then_vanish(tr, t, seen(0, -0.6));
    for (int i = 0; i < 3; ++i, t += 0.1) tr.update(t, {seen(0, -0.75 + 0.02 * i)});
    EXPECT_EQ(confirmed(tr.tracks()).begin()->first, id2);
  }
}

// An adult (1.7 m) and a child (1.0 m) stand 0.3 m apart; the adult's head moves 0.17 m towards
// the child, 0.13 m from the child's prediction: the adult's track takes it, by height (the cost
// term alone; the stature gate, off here, would also keep the child's track off it).
TEST(TrackerRelink, OfTwoTracksBesideAHeadTheOneOfItsHeightTakesIt) {
  for (double stature_cost : {0.5, 0.0}) {
    TrackerParameters p;
    p.stature_cost = stature_cost;
    p.stature_gate_m = 0;
    Tracker tr(p);
    double t = 0;
    for (int i = 0; i < 10; ++i, t += 0.1) tr.update(t, {det(0, 0, 1.7), det(0.3, 0, 1.0)});
    int64_t adult = 0;
    for (const auto& k : tr.tracks())
      if (k.stature_m > 1.5) adult = k.id;
    tr.update(t, {det(0.17, 0, 1.7)});
    for (const auto& k : tr.tracks())
      EXPECT_EQ(k.last_seen_t_s == t, (k.id == adult) == (stature_cost > 0)) << stature_cost;
  }
}

}  // namespace
}  // namespace hc::track
