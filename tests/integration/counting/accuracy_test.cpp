// The accuracy suite (ctest -L accuracy): the whole counting chain from depth frames (height map,
// head detection, tracking, rules) on synthetic entrances with exact ground truth
// (eval/synthetic_scenario.h): 2,000+ crossings with touching groups, U-turns near the line,
// children, hats and carts that must not count. Targets from issue 5. Prints the table that
// docs/accuracy.md reports.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "eval/line_metrics.h"
#include "eval/synthetic_scenario.h"
#include "pipeline/pipeline.h"

namespace hc::eval {
namespace {

struct Result {
  LineScore in, out;
  int64_t frames = 0;
};

Result run(const ScenarioOptions& so) {
  SyntheticScenario scenario(so);
  pipeline::PipelineOptions po;
  po.depth.fixed_floor = core::FloorPlane::from_height_and_tilt(so.install_height_m, 0.0);
  rules::RulesConfig rc;
  rc.tracking_mode = rules::TrackingMode::kHeads;
  rc.children_adult_differentiation = true;
  rc.child_filter_height_m = 1.2;
  rc.min_target_height_m = 0.9;  // children from 1.0 m are counted
  rc.installation_height_m = so.install_height_m;
  rc.lines.push_back({"", "Line1",
                      {{0, so.camera.cy}, {static_cast<double>(so.camera.width - 1), so.camera.cy}},
                      {}});
  po.rules = rc;
  pipeline::Pipeline pipe(po);
  std::vector<Crossing> counted;
  sensor::Frame f;
  Result r;
  while (scenario.next(f)) {
    ++r.frames;
    auto fr = pipe.process(f);
    for (const auto& e : fr.output.events)
      if (const auto* c = std::get_if<rules::LineCrossing>(&e.what))
        counted.push_back({e.t_s, c->line_index, c->direction, c->child});
  }
  r.in = score_line(scenario.truth(), counted, 1, rules::Direction::kIn);
  r.out = score_line(scenario.truth(), counted, 1, rules::Direction::kOut);
  for (const auto* s : {&r.in, &r.out})
    std::printf("| %.1f m | seed %u | %s | %lld | %lld | %.4f | %.4f | %.4f | %.4f |\n",
                so.install_height_m, so.seed, s == &r.in ? "in" : "out",
                static_cast<long long>(s->true_total), static_cast<long long>(s->counted_total),
                s->net_accuracy, s->unbalanced_error, s->f1, s->child_accuracy);
  return r;
}

TEST(Accuracy, Entrance3mAtLeast2000Crossings) {
  ScenarioOptions so;
  so.install_height_m = 3.0;
  so.target_crossings = 2000;
  const auto r = run(so);
  EXPECT_GE(r.in.true_total + r.out.true_total, 2000);
  for (const auto& s : {r.in, r.out}) {
    EXPECT_GE(s.net_accuracy, 0.998);
    // Counts are stamped with the interpolated instant the head crossed the line, so they land in
    // the right 1-minute bin: measured 0.0019 / 0.0000 (docs/accuracy.md). The target: 0.005.
    EXPECT_LE(s.unbalanced_error, 0.005);
    EXPECT_GE(s.child_accuracy, 0.98);
  }
}

TEST(Accuracy, Entrance5m) {
  ScenarioOptions so;
  so.install_height_m = 5.0;
  so.target_crossings = 500;
  so.seed = 2;
  const auto r = run(so);
  for (const auto& s : {r.in, r.out}) {
    EXPECT_GE(s.net_accuracy, 0.99);
    EXPECT_GE(s.child_accuracy, 0.98);
  }
}

}  // namespace
}  // namespace hc::eval
