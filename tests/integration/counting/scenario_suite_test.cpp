// Every simulator scenario (config/scenarios/) through the product's counting chain on the
// simulator's exact depth images: `headcount simulate --depth`, `headcount replay` (height map,
// HeadDetector, Tracker, RuleEngine, automatic floor), scored by hc::eval against the truth. The
// depth path leaves the stereo matcher's noise out, so what fails here fails in detection, tracking
// or the rules; the stereo path of the same scenarios is scripts/accuracy-sweep.sh (slower, not in
// CI). Each scenario is held to the targets (counted = true per line and direction, child
// accuracy >= 98 %, region occupancy error <= 0.1, dwell error < 1 s) where it meets them; where it
// does not, the measured figure is pinned exactly and the gap is named (docs/accuracy.md), so a
// change that moves it shows here. Rules as the sweep's: children on at 1.4 m, min target height
// 0.8 m, max target height below the mount.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>

#include "eval/replay_eval.h"
#include "headcount_cli.h"

namespace hc::eval {
namespace {
namespace fs = std::filesystem;

struct Expected {
  const char* scenario;
  int counted_in, counted_out;            // line 1; the truth's totals when the target is met
  std::optional<double> occupancy_mae;     // region 1, when the scenario has a region
  double min_child_accuracy = 0.98;
  const char* gap = "";                    // why the target is not met, when it is not
};

// Seed 1, each scenario at its own length.
const Expected kExpected[] = {
    {"busy-high-mount", 23, 30, {}},
    // Since the simulator keeps people apart (docs/simulator.md) and the detector judges a peak
    // only where the view reaches around it (top_unseen, docs/counting.md), one count is off: a
    // crossing at the very end of the run (a very tall person right under a very low camera was
    // the other, groups-counterflow's P6, until a head was judged on its own shadow).
    {"busy-hour", 27, 36, {}, 0.98,
     "out 37: P65 crosses 0.08 s before the run ends, too late to be confirmed"},
    // In 18 before top_unseen: P34 and P46, whose heads passed 6.5 and 4.9 px beyond the line's
    // left end, half in view, were counted. P34 is again since the view test is measured from
    // the apex of a cap (docs/accuracy.md, change 18): his top is seen, and his track, 0.6 cm
    // inward of his head with a stature 2 cm under his height there, lies inside the line's end.
    {"busy-low-mount", 17, 21, {}, 0.95,
     "in 16: P34 passes 6.5 px beyond the line's end; child accuracy out 0.95"},
    {"carts-strollers", 3, 3, {}},
    {"diagonal-crossings", 3, 3, {}},
    // Meets the targets since heads near the edge of the view are placed and judged by the rim
    // of their cap (docs/accuracy.md, change 21). Before: "in" 7 of 6, P7, the right one of a
    // group of three, passing 12.6 px beyond the line's right end (the line stops 32 px short of
    // the image's side), was placed 1.8 cm inward of his head, inside the line's end; "out" 5
    // of 4, P13, whose head passes 0.27 m (133 px) beyond the image's right side, had the ridge
    // of his shoulder at the image's edge fitted an apex 3-5 cm inside the view (change 18).
    {"groups-counterflow", 6, 4, {}},
    {"high-mount-5m", 2, 2, {}},
    // groups-counterflow's people over a plain mat: on exact depth the floor's texture does not
    // matter, so the same counts; the stereo path is the one it measures (docs/accuracy.md).
    {"plain-floor-low-mount", 6, 4, {}},
    // Meets the targets since the tracker's re-identification (was 0.3133, dwell error 8.5 s: a
    // child under an adult's chin, lost for 5 s, came back as a new track and restarted the
    // pass-by time; a coasting child's track took its adult's head). 0.04 and dwell error 0.17 s
    // before the simulator kept people apart (each loiterer now has a spot of their own).
    {"loitering", 4, 2, 0.0733},
    {"queue", 5, 0, {}},
    // These three meet the targets since the tracker's stature gate (child accuracy in was 2/3: the
    // track of a 1.54 m person walking out jumped, at the image edge, to the 1.397 m child walking
    // in, whose stature then read from both people's samples as an adult's).
    {"straight-crossings", 3, 2, {}},
    {"textureless-floor", 3, 2, {}},
    // A plain mat under the line of a tiled floor: on exact depth the same as straight-crossings;
    // the stereo path is the one it measures (docs/accuracy.md, "Textureless floor").
    {"entrance-mat", 3, 2, {}},
    {"textureless-floor-dots", 3, 2, {}},
    {"uturns", 1, 1, {}},
};

fs::path work_dir() { return fs::temp_directory_path() / ("hc_scenario_suite_" + std::to_string(::getpid())); }

class ScenarioSuite : public ::testing::TestWithParam<Expected> {
 protected:
  static void TearDownTestSuite() { fs::remove_all(work_dir()); }
};

TEST_P(ScenarioSuite, CountsOnExactDepthAsExpected) {
  const Expected& x = GetParam();
  const fs::path d = work_dir() / x.scenario;
  fs::remove_all(d);
  ASSERT_EQ(headcount({"simulate", "--scenario", x.scenario, "--seed", "1", "--depth", "--out", (d / "rec").string()}), 0);
  std::ofstream(d / "rules.json") << sweep_rules(d / "rec" / "truth.json").dump();
  ASSERT_EQ(headcount({"replay", "--recording", (d / "rec").string(), "--rules", (d / "rules.json").string(),
                       "--events", (d / "ev.jsonl").string(), "--summary", (d / "sum.json").string(), "--tracks",
                       (d / "tr.jsonl").string()}),
            0);
  const auto r = evaluate(d / "rec" / "truth.json", d / "ev.jsonl", d / "sum.json", d / "tr.jsonl");
  std::printf("%s: %s\n%s", x.scenario, *x.gap ? x.gap : "meets the targets", r.to_table().c_str());

  ASSERT_EQ(r.lines.size(), 2u);  // line 1 in, line 1 out
  EXPECT_EQ(r.lines[0].counted_total, x.counted_in) << "in, true " << r.lines[0].true_total;
  EXPECT_EQ(r.lines[1].counted_total, x.counted_out) << "out, true " << r.lines[1].true_total;
  if (!*x.gap) {
    EXPECT_EQ(r.lines[0].counted_total, r.lines[0].true_total);
    EXPECT_EQ(r.lines[1].counted_total, r.lines[1].true_total);
  }
  for (const auto& l : r.lines) EXPECT_GE(l.child_accuracy, x.min_child_accuracy);
  ASSERT_EQ(r.regions.size(), x.occupancy_mae ? 1u : 0u);
  if (x.occupancy_mae) {
    EXPECT_NEAR(r.regions[0].occupancy_mae, *x.occupancy_mae, 5e-5);
    if (!*x.gap) {
      EXPECT_LE(r.regions[0].occupancy_mae, 0.1);
      EXPECT_LT(r.regions[0].dwell_error_median_s, 1.0);
      EXPECT_EQ(r.regions[0].matched_dwells, r.regions[0].true_dwells);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioSuite, ::testing::ValuesIn(kExpected),
                         [](const ::testing::TestParamInfo<Expected>& i) {
                           std::string name = i.param.scenario;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// "Every scenario": a scenario file added without an entry above fails here.
TEST(ScenarioSuiteCoverage, EveryScenarioFileHasAnExpectation) {
  std::set<std::string> expected;
  for (const auto& x : kExpected) expected.insert(x.scenario);
  for (const auto& e : fs::directory_iterator(fs::path(HC_SOURCE_DIR) / "config" / "scenarios"))
    EXPECT_TRUE(expected.count(e.path().stem().string())) << e.path() << " has no entry in kExpected";
}

}  // namespace
}  // namespace hc::eval
