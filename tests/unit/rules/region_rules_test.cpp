#include <gtest/gtest.h>

#include "rules/rule_engine.h"
#include "rules_test_util.h"

namespace hc::rules {
namespace {

// A square region in the middle of the image: floor x, y in [-0.75, 0.75] (feet mode).
RulesConfig one_region(int pass_by_s, bool dwell, int min_dwell_s) {
  RulesConfig c;
  c.tracking_mode = TrackingMode::kFeet;
  c.region_monitoring = true;
  RegionRule r;
  r.uuid = "r1";
  r.name = "Region1";
  r.points_px = {{220, 100}, {420, 100}, {420, 300}, {220, 300}};
  r.pass_by_filtering_s = pass_by_s;
  r.dwell_time = dwell;
  r.min_dwell_time_s = min_dwell_s;
  c.regions.push_back(r);
  return c;
}

std::vector<CountEvent> stay(RuleEngine& e, double& t, int64_t id, core::Point2 at, double secs) {
  std::vector<CountEvent> all;
  for (double end = t + secs; t < end - 1e-9; t += 0.1) {
    auto out = e.update(t, {test::person(id, at.x, at.y)});
    all.insert(all.end(), out.events.begin(), out.events.end());
  }
  return all;
}

TEST(RegionRules, PassByFilteringCountsOnlyPeopleWhoStay) {
  RuleEngine e(one_region(2, false, 0), test::geometry());
  double t = 0;
  auto ev = stay(e, t, 1, {0, 0}, 1.5);  // leaves after 1.5 s: never counted
  auto out = e.update(t, {test::person(1, 2, 0)});
  EXPECT_TRUE(ev.empty());
  EXPECT_TRUE(out.events.empty());

  ev = stay(e, t, 2, {0, 0}, 3.0);
  ASSERT_EQ(ev.size(), 1u);
  const auto& c = std::get<RegionCountChange>(ev[0].what);
  EXPECT_EQ(c.current_total, 1);
  EXPECT_EQ(c.region_uuid, "r1");
  EXPECT_NEAR(ev[0].t_s - 1.5, 2.0, 1e-6);  // counted 2 s after entering at t = 1.5
  EXPECT_EQ(e.region_states()[0].current_total, 1);
  out = e.update(t, {});  // the track ends: the person left
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(std::get<RegionCountChange>(out.events[0].what).current_total, 0);
}

TEST(RegionRules, DwellEpisodesRespectTheMinimumAndFeedMaxAndAverage) {
  RuleEngine e(one_region(0, true, 2), test::geometry());
  double t = 100;
  stay(e, t, 1, {0, 0}, 1.0);
  auto out = e.update(t, {test::person(1, 3, 0)});
  for (const auto& ev : out.events) EXPECT_FALSE(std::holds_alternative<DwellEpisode>(ev.what));

  stay(e, t, 2, {0.2, 0}, 3.0);
  out = e.update(t, {test::person(2, 3, 0)});
  const DwellEpisode* d = nullptr;
  for (const auto& ev : out.events)
    if (auto* x = std::get_if<DwellEpisode>(&ev.what)) d = x;
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->duration_ms, 3000);
  EXPECT_EQ(d->track_id, 2);
  stay(e, t, 3, {0.2, 0}, 5.0);
  e.update(t, {});
  EXPECT_EQ(e.region_states()[0].all.count, 2);
  EXPECT_EQ(e.region_states()[0].all.max_ms, 5000);
  EXPECT_EQ(e.region_states()[0].all.avg_ms(), 4000);
  e.reset(t);
  EXPECT_EQ(e.region_states()[0].all.count, 0);
}

// Swaying 4 cm each way across the edge (x = 0.75): counted by where the person stands on
// average, once, never flickering. The band is centred on the edge (5 cm each side).
std::vector<CountEvent> sway_across_the_edge(double centre_x) {
  RuleEngine e(one_region(0, false, 0), test::geometry());
  double t = 0;
  std::vector<CountEvent> all;
  for (int i = 0; i < 100; ++i, t += 0.1) {
    auto out = e.update(t, {test::person(1, centre_x + ((i % 2) ? 0.04 : -0.04), 0)});
    all.insert(all.end(), out.events.begin(), out.events.end());
  }
  return all;
}

TEST(RegionRules, StandingOnTheEdgeDoesNotFlicker) {
  EXPECT_EQ(sway_across_the_edge(0.73).size(), 1u);  // 2 cm inside: entered once, never left
  EXPECT_TRUE(sway_across_the_edge(0.77).empty());   // 2 cm outside: never in
}

// A track the tracker holds (lost, may be found again) is neither updated nor ended.
std::vector<CountEvent> hold(RuleEngine& e, double& t, int64_t id, double secs) {
  std::vector<CountEvent> all;
  for (double end = t + secs; t < end - 1e-9; t += 0.1) {
    auto out = e.update(t, {}, {id});
    all.insert(all.end(), out.events.begin(), out.events.end());
  }
  return all;
}

const DwellEpisode* dwell_in(const std::vector<CountEvent>& ev) {
  for (const auto& x : ev)
    if (const auto* d = std::get_if<DwellEpisode>(&x.what)) return d;
  return nullptr;
}

// Hidden for 4 s after 3 s inside (pass-by 5 s): still inside, counted as soon as they are back
// under the same id; the dwell episode runs from the first entry.
TEST(RegionRules, APersonHeldWhileHiddenKeepsTheirEntryTime) {
  RuleEngine e(one_region(5, true, 2), test::geometry());
  double t = 0;
  EXPECT_TRUE(stay(e, t, 1, {0, 0}, 3.0).empty());
  EXPECT_TRUE(hold(e, t, 1, 4.0).empty());
  auto ev = stay(e, t, 1, {0.1, 0}, 0.1);  // t = 7.0
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RegionCountChange>(ev[0].what).current_total, 1);
  EXPECT_NEAR(ev[0].t_s, 7.0, 1e-9);
  ev = e.update(t, {test::person(1, 2, 0)}).events;  // walks out at 7.1
  const DwellEpisode* d = dwell_in(ev);
  ASSERT_NE(d, nullptr);
  EXPECT_NEAR(d->start_s, 0.0, 1e-9);
  EXPECT_NEAR(d->end_s, 7.1, 1e-9);
  EXPECT_EQ(d->duration_ms, 7100);
}

// Never found again: they end as they were when lost (at 3.0 s), when the tracker lets them go.
TEST(RegionRules, APersonHeldAndNeverFoundEndsWhenTheyWereLost) {
  RuleEngine e(one_region(2, true, 2), test::geometry());
  double t = 0;
  EXPECT_EQ(stay(e, t, 1, {0, 0}, 3.0).size(), 1u);  // counted at 2.0 s
  EXPECT_TRUE(hold(e, t, 1, 2.0).empty());
  EXPECT_EQ(e.region_states()[0].current_total, 1);
  const auto ev = e.update(t, {}).events;  // 5.0 s
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<RegionCountChange>(ev[0].what).current_total, 0);
  const DwellEpisode* d = dwell_in(ev);
  ASSERT_NE(d, nullptr);
  EXPECT_NEAR(d->end_s, 3.0, 1e-9);
  EXPECT_EQ(d->duration_ms, 3000);
  EXPECT_NEAR(ev[1].t_s, 5.0, 1e-9);
}

// Last seen outside at x = -1.5 (0.9 s), standing, back inside at x = 0 (4.0 s): they walked in
// unseen, at a slow walk (0.5 m/s) from when last seen, so crossed the edge (x = -0.75) at 2.4 s;
// walking at 1 m/s, at 1.65 s. At an even pace over the gap it would be 2.45 s, the latest.
TEST(RegionRules, EnteringWhileHeldIsStampedWhereTheStepMeetsTheEdge) {
  RuleEngine e(one_region(1, true, 0), test::geometry());
  double t = 0;
  EXPECT_TRUE(stay(e, t, 1, {-1.5, 0}, 1.0).empty());
  EXPECT_TRUE(hold(e, t, 1, 3.0).empty());
  auto ev = stay(e, t, 1, {0, 0}, 0.1);  // 4.0 s: in for 1.55 s, past the 1 s pass-by
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<RegionCountChange>(ev[0].what).current_total, 1);
  ev = e.update(t, {}).events;
  const DwellEpisode* d = dwell_in(ev);
  ASSERT_NE(d, nullptr);
  EXPECT_NEAR(d->start_s, 2.4, 1e-5);

  RuleEngine e2(one_region(1, true, 0), test::geometry());
  t = 0;
  TrackedPerson walker = test::person(2, -1.5, 0);
  walker.velocity_mps = {1.0, 0.0};
  walker.seen_t_s = 0.9;
  e2.update(0.9, {walker});
  t = 1.0;
  hold(e2, t, 2, 3.0);
  e2.update(4.0, {test::person(2, 0, 0)});
  ev = e2.update(4.1, {}).events;
  d = dwell_in(ev);
  ASSERT_NE(d, nullptr);
  EXPECT_NEAR(d->start_s, 1.65, 1e-5);
}

TEST(RegionRules, OffSwitchProducesNothing) {
  auto c = one_region(0, true, 0);
  c.region_monitoring = false;
  RuleEngine e(c, test::geometry());
  double t = 0;
  EXPECT_TRUE(stay(e, t, 1, {0, 0}, 2).empty());
}

}  // namespace
}  // namespace hc::rules
