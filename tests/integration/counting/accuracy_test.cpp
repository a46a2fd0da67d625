// The accuracy suite (ctest -L accuracy): the whole counting chain from depth frames (height map,
// head detection, tracking, rules) on synthetic entrances with exact ground truth
// (eval/synthetic_scenario.h): 2,000+ crossings with touching groups, U-turns near the line,
// children, hats and carts that must not count. Targets from issue 5. Prints the table that
// docs/accuracy.md reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
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

// The detector's view test (HeadDetectorParameters::seen_top_radius_m around a peak's cell,
// seen_apex_radius_m around its cap's apex where that is fitted, seen_rim_radius_m around the
// centre of its cap's rim near the edge of the view, and beside_radius_m around a peak for
// something higher that the edge cuts; docs/counting.md step 3). rim 0: no rim is fitted
// (rim_depth_m 0), as before change 21; beside 0: no such test, as before change 23.
struct ViewTest {
  double cell = 0.04, apex = 0.03, rim = 0.01, beside = 0.08;  // the product's defaults
  const char* name = "shipped";
};

// The product's chain as the suite runs it.
pipeline::PipelineOptions suite_options(const ScenarioOptions& so, ViewTest view = {}) {
  pipeline::PipelineOptions po;
  po.detector.seen_top_radius_m = view.cell;
  po.detector.seen_apex_radius_m = view.apex;
  po.detector.seen_rim_radius_m = view.rim;
  if (!(view.rim > 0)) po.detector.rim_depth_m = 0;
  po.detector.beside_radius_m = view.beside;
  po.depth.fixed_floor = core::FloorPlane::from_height_and_tilt(so.install_height_m, 0.0);
  rules::RulesConfig rc;
  rc.tracking_mode = rules::TrackingMode::kHeads;
  rc.children_adult_differentiation = true;
  rc.child_filter_height_m = 1.2;
  rc.min_target_height_m = 0.9;  // children from 1.0 m are counted
  rc.installation_height_m = so.install_height_m;
  rc.max_target_height_m = std::min(2.2, so.install_height_m - 0.1);
  rc.lines.push_back({"", "Line1",
                      {{0, so.camera.cy}, {static_cast<double>(so.camera.width - 1), so.camera.cy}},
                      {}});
  po.rules = rc;
  return po;
}

Result run(const ScenarioOptions& so, ViewTest view = {}) {
  SyntheticScenario scenario(so);
  pipeline::Pipeline pipe(suite_options(so, view));
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

// The lowest mounts, measured (issue 5's 2.2-4 m target is met at 2.4 m, not at 2.2 m). The
// same entrance at 2.4 and 2.2 m, 1,000 crossings each: at 2.2 m a 1.95 m adult's head passes
// 0.25 m from the lens, in view for about 0.4 m of walk, 3-4 frames at this suite's 10 frames/s,
// and an outer lane's tall head is at the image's side: beyond the detection area the guide's
// section 6.1 gives for that height. With adults up to 1.75 m instead of 1.95 m (the last row,
// all within it) every crossing is counted. Pinned with the detector's view test as shipped, as
// it was before a peak with something higher beside it that the edge of the view cuts was
// refused (change 23), before heads near the edge of the view were placed and judged by the rim
// of their cap (change 21), before it measured from the apex of a cap (around the peak's cell
// only), and off
// (docs/counting.md step 3): it refuses the frames where a head's top is within a few
// centimetres of the edge of the view. On these bodies (flat shoulders: few flanks pass for a
// head) it costs more than it saves; on the simulator's stereo scenes it removed seven phantom
// counts (docs/accuracy.md, "The view must reach around a peak").
TEST(Accuracy, LowMountsMeasured) {
  const ViewTest shipped, no_beside{0.04, 0.03, 0.01, 0.0, "without the test beside"},
      no_rim{0.04, 0.03, 0.0, 0.0, "without the rim"},
      cell_only{0.04, 0.0, 0.0, 0.0, "around the cell only"}, off{0.0, 0.0, 0.0, 0.0, "off"};
  struct Row {
    double mount;
    ViewTest view;
    double tallest;
    int64_t true_in, counted_in, true_out, counted_out;
  };
  const Row rows[] = {{2.4, shipped, 1.95, 514, 513, 486, 486},
                      {2.4, cell_only, 1.95, 514, 513, 486, 486},
                      {2.4, off, 1.95, 514, 513, 486, 486},
                      {2.2, shipped, 1.95, 527, 526, 473, 468},
                      {2.2, no_beside, 1.95, 527, 527, 473, 470},
                      {2.2, no_rim, 1.95, 527, 520, 473, 474},
                      {2.2, cell_only, 1.95, 527, 512, 473, 456},
                      {2.2, off, 1.95, 527, 536, 473, 486},
                      {2.2, shipped, 1.75, 511, 511, 489, 489}};
  for (const Row& x : rows) {
    ScenarioOptions so;
    so.install_height_m = x.mount;
    so.target_crossings = 1000;
    so.seed = 3;
    so.adult_max_m = x.tallest;
    std::printf("view test %s, adults 1.55-%.2f m:\n", x.view.name, x.tallest);
    const auto r = run(so, x.view);
    EXPECT_EQ(r.in.true_total, x.true_in);
    EXPECT_EQ(r.in.counted_total, x.counted_in) << x.mount << " m, view test " << x.view.name;
    EXPECT_EQ(r.out.true_total, x.true_out);
    EXPECT_EQ(r.out.counted_total, x.counted_out) << x.mount << " m, view test " << x.view.name;
  }
}

// LowMountMissesByLane's run with one view test: misses in the left, middle and right lane, and
// counts of people beyond the image's side.
std::array<int, 4> low_mount_misses(ViewTest view) {
  std::printf("view test %s:\n", view.name);
  ScenarioOptions so;
  so.install_height_m = 2.2;
  so.target_crossings = 1000;
  so.seed = 3;
  const bool detail = std::getenv("HC_DIAGNOSE") != nullptr;
  SyntheticScenario scenario(so);
  auto po = suite_options(so, view);
  po.log_candidates = detail;
  pipeline::Pipeline pipe(po);
  auto lane_of = [](double x) { return x < -0.25 ? 0 : (x > 0.25 ? 2 : 1); };
  struct Count {
    double t_s;
    int lane;
    rules::Direction direction;
  };
  std::vector<Count> counts;
  std::map<int, std::string> frames;  // per walker, the frames near the line (HC_DIAGNOSE)
  sensor::Frame f;
  while (scenario.next(f)) {
    const auto fr = pipe.process(f);
    for (const auto& e : fr.output.events)
      if (const auto* c = std::get_if<rules::LineCrossing>(&e.what))
        for (const auto& p : fr.people)
          if (p.id == c->track_id) counts.push_back({e.t_s, lane_of(p.floor_m.x), c->direction});
    if (!detail) continue;
    for (const auto& w : scenario.walkers()) {
      const double y = scenario.y_at(w, f.t_seconds);
      if (f.t_seconds < w.t0 || std::abs(y) > 0.7) continue;
      char buf[160];
      std::snprintf(buf, sizeof buf, "  frame %lld y %+.2f:", static_cast<long long>(f.index), y);
      std::string line = buf;
      for (const auto& c : fr.candidates)
        if (std::hypot(c.floor_m.x - w.x, c.floor_m.y - y) <= 0.3 && std::string(c.verdict) != "near_head" &&
            std::string(c.verdict) != "joined") {
          std::snprintf(buf, sizeof buf, " [%.2f,%.2f %.2f m %s %d/%d]", c.floor_m.x, c.floor_m.y,
                        c.peak_m, c.verdict, c.ring_seen, c.ring_all);
          line += buf;
        }
      for (const auto& p : fr.people)
        if (std::hypot(p.floor_m.x - w.x, p.floor_m.y - y) <= 0.3) {
          std::snprintf(buf, sizeof buf, " {T%lld %.2f,%.2f %.2f m}", static_cast<long long>(p.id),
                        p.floor_m.x, p.floor_m.y, p.stature_m);
          line += buf;
        }
      frames[w.id] += line + "\n";
    }
  }
  // When a walker's head is (or, turning or beyond the line's end, would be) over the line.
  auto crossing_time = [&](const SyntheticScenario::Walker& w) {
    return w.t0 - w.dir * scenario.y_at(w, w.t0) / w.speed;
  };
  std::vector<char> used(counts.size(), 0);
  int misses[3] = {0, 0, 0};
  for (const auto& w : scenario.walkers()) {
    if (!w.over_line || w.uturn || w.cart) continue;
    const double t_cross = crossing_time(w);
    const auto d = w.dir > 0 ? rules::Direction::kIn : rules::Direction::kOut;
    bool found = false;
    for (size_t i = 0; i < counts.size() && !found; ++i)
      if (!used[i] && counts[i].direction == d && counts[i].lane == w.lane &&
          std::abs(counts[i].t_s - t_cross) < 1.0)
        used[i] = found = true;
    if (found) continue;
    ++misses[w.lane];
    std::printf("miss P%d lane %d x %+.2f m, %.3f m%s%s, %s at %.2f s\n%s", w.id, w.lane, w.x,
                w.stature, w.hat ? ", hat" : "", w.child ? ", child" : "", w.dir > 0 ? "in" : "out",
                t_cross, frames[w.id].c_str());
  }
  std::printf("misses by lane: %d / %d / %d\n", misses[0], misses[1], misses[2]);
  // Every crossing the eval leaves unmatched (it pairs by time alone, turners and cart pushers
  // included), with whoever's head crosses the line at that instant.
  for (const auto d : {rules::Direction::kIn, rules::Direction::kOut}) {
    std::vector<eval::Crossing> truth, counted;
    for (const auto& c : scenario.truth())
      if (c.direction == d) truth.push_back(c);
    for (const auto& c : counts)
      if (c.direction == d) counted.push_back({c.t_s, 1, d, false});
    const auto match = eval::match_crossings(truth, counted, 1.0);
    for (size_t i = 0; i < truth.size(); ++i) {
      if (match[i] >= 0) continue;
      std::printf("unmatched %s at %.2f s:", d == rules::Direction::kIn ? "in" : "out", truth[i].t_s);
      const char* separator = " ";
      for (const auto& w : scenario.walkers()) {
        const double before = scenario.y_at(w, truth[i].t_s - 0.02);
        const double after = scenario.y_at(w, truth[i].t_s + 0.02);
        if (truth[i].t_s < w.t0 || (before > 0) == (after > 0)) continue;
        std::printf("%sP%d lane %d x %+.2f m, %.3f m%s%s%s", separator, w.id, w.lane, w.x,
                    w.stature, w.uturn ? ", turns" : "", w.cart ? ", cart" : "",
                    w.hat ? ", hat" : "");
        separator = "; ";
      }
      std::printf("\n");
    }
  }
  // The other side of the coin: counts left over whose nearest crossing in time in their lane
  // (within 1 s) is by a person whose head's top passed beyond the image's side, so the truth
  // has no crossing for them.
  int beyond = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (used[i]) continue;
    const SyntheticScenario::Walker* nearest = nullptr;
    double gap = 1.0;
    for (const auto& w : scenario.walkers()) {
      const double dt = std::abs(crossing_time(w) - counts[i].t_s);
      if (w.lane == counts[i].lane && dt < gap) {
        gap = dt;
        nearest = &w;
      }
    }
    if (!nearest || nearest->over_line) continue;
    ++beyond;
    std::printf("count beyond the image: P%d lane %d x %+.2f m, %.3f m%s, at %.2f s\n", nearest->id,
                nearest->lane, nearest->x, nearest->stature, nearest->hat ? ", hat" : "",
                counts[i].t_s);
  }
  std::printf("counts of people beyond the image's side: %d\n", beyond);
  return {misses[0], misses[1], misses[2], beyond};
}

// Where 2.2 m's misses lie (docs/accuracy.md, "The lowest mounts"): the same run as
// LowMountsMeasured's 2.2 m rows, with the view test as shipped and without the rim of a cap
// (as it was before change 21). Each true crossing of a person who did not turn or push a cart
// is matched to a count of the same direction, within 1 s, by a track in the same lane (the
// lane of its floor point when it counted). Prints every miss (lane, place across the walk,
// stature, hat); with HC_DIAGNOSE=1 also, per frame while the miss's head is within 0.7 m of
// the line, the detector's candidate peaks within 0.3 m of it (place, peak height, verdict, ring
// cells seen) and the confirmed tracks there ({id place stature}). Then every crossing the eval
// leaves unmatched, turners and cart pushers included, with whoever crosses at that instant,
// and the counts left over of people whose head passed beyond the image's side. Pinned: without the rim most misses are
// tall adults in the outer lanes, their heads' tops a few centimetres inside the image's side,
// and most counts beyond it are flat hats whose brims were re-centred on a head's width; placed
// by the rim of the cap, 4 misses are left of 10 and 4 counts beyond the side of 10; refusing a
// peak beside a higher flank that the side cuts (change 23), 1 count beyond the side is left;
// starting a track where its head was seen but not whole the frame before (change 24), the
// middle lane's miss (a 1.90 m adult in a hat first judged 3 cm past the line) is counted.
TEST(Accuracy, LowMountMissesByLane) {
  EXPECT_EQ(low_mount_misses({}), (std::array<int, 4>{3, 0, 0, 1}));
  EXPECT_EQ(low_mount_misses({0.04, 0.03, 0.0, 0.0, "without the rim"}),
            (std::array<int, 4>{4, 0, 5, 10}));
}

}  // namespace
}  // namespace hc::eval
