// Region occupancy and dwell accuracy (ctest -L accuracy): people walk into a region across the
// image centre, stand there 2-12 s swaying a little, and walk on; depth frames at 10 Hz through
// the product's chain (depth stage, detector, tracker, rule engine in heads mode, pass-by 0 s,
// dwell min 1 s). Truth: a person is inside when their head pixel is inside the drawn region.
// Targets (issue 5): occupancy error <= 0.1 person on average, dwell duration error < 1 s median.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "eval/depth_scene.h"
#include "pipeline/pipeline.h"

namespace hc::eval {
namespace {

struct Visitor {
  double x, t0, speed, stay, stature;
};

TEST(RegionAccuracy, OccupancyAndDwell) {
  const core::CameraModel cam{320, 200, 120.0, 120.0, 160.0, 100.0, 0.0};
  const double H = 3.0, v0 = 70, v1 = 130;  // region rows in the image
  pipeline::PipelineOptions po;
  po.depth.fixed_floor = core::FloorPlane::from_height_and_tilt(H, 0.0);
  po.rules.region_monitoring = true;
  rules::RegionRule region;
  region.name = "Queue";
  region.points_px = {{0, v0}, {319, v0}, {319, v1}, {0, v1}};
  region.pass_by_filtering_s = 0;
  region.dwell_time = true;
  region.min_dwell_time_s = 1;
  po.rules.regions.push_back(region);
  pipeline::Pipeline pipe(po);

  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  const double lanes[] = {-0.5, 0.0, 0.5};
  const double y_start = -2.2;  // outside the view
  std::vector<Visitor> visitors;
  for (int lane = 0; lane < 3; ++lane)
    for (double t = 1.0 + 3 * lane; t < 600; ) {
      Visitor v{lanes[lane] + 0.04 * (u(rng) - 0.5), t, 0.9 + 0.5 * u(rng), 2 + 10 * u(rng),
                1.55 + 0.4 * u(rng)};
      visitors.push_back(v);
      t += (2 * 2.2) / v.speed + v.stay + 1.0 + 3 * u(rng);  // next one after this one left
    }
  // Walk to y = 0 (region centre), stay with a 3 cm sway, walk on to +2.2 m.
  auto pos = [&](const Visitor& v, double t, bool& present) {
    const double walk = 2.2 / v.speed;
    present = t >= v.t0 && t <= v.t0 + 2 * walk + v.stay;
    if (t < v.t0 + walk) return y_start + (t - v.t0) * v.speed;
    if (t < v.t0 + walk + v.stay) return 0.03 * std::sin(3 * (t - v.t0));
    return (t - v.t0 - walk - v.stay) * v.speed;
  };
  double abs_err = 0;
  int64_t frames = 0;
  std::vector<double> truth_in(visitors.size(), -1), truth_out(visitors.size(), -1);
  std::vector<std::pair<double, double>> episodes;  // start, duration
  for (double t = 0; t < 620; t += 0.1) {
    std::vector<ScenePerson> people;
    int inside = 0;
    for (size_t i = 0; i < visitors.size(); ++i) {
      bool present = false;
      const double y = pos(visitors[i], t, present);
      if (!present) continue;
      people.push_back({visitors[i].x, y, visitors[i].stature, false});
      const double v = cam.cy + cam.fy * y / (H - visitors[i].stature);
      if (v >= v0 && v <= v1) {
        ++inside;
        if (truth_in[i] < 0) truth_in[i] = t;
        truth_out[i] = t;
      }
    }
    sensor::Frame f;
    f.index = frames;
    f.t_seconds = t;
    f.camera = cam;
    f.depth_mm = render_depth(cam, H, people, {});
    const auto r = pipe.process(f);
    for (const auto& e : r.output.events)
      if (const auto* d = std::get_if<rules::DwellEpisode>(&e.what))
        episodes.push_back({d->start_s, d->duration_ms / 1000.0});
    const int counted = pipe.rules() ? pipe.rules()->region_states()[0].current_total : 0;
    abs_err += std::abs(counted - inside);
    ++frames;
  }
  std::vector<double> dwell_err;
  int matched = 0;
  for (size_t i = 0; i < visitors.size(); ++i) {
    if (truth_in[i] < 0) continue;
    double best = 1e9, dur = 0;
    for (const auto& [s, d] : episodes)
      if (std::abs(s - truth_in[i]) < best) best = std::abs(s - truth_in[i]), dur = d;
    if (best > 2.0) continue;
    ++matched;
    dwell_err.push_back(std::abs(dur - (truth_out[i] - truth_in[i])));
  }
  std::sort(dwell_err.begin(), dwell_err.end());
  const double mae = abs_err / static_cast<double>(frames);
  const double median = dwell_err.empty() ? 1e9 : dwell_err[dwell_err.size() / 2];
  std::printf("region: %lld frames, occupancy MAE %.4f; dwell: %zu visitors, %d matched, "
              "median error %.3f s, max %.3f s\n",
              static_cast<long long>(frames), mae, visitors.size(), matched, median,
              dwell_err.empty() ? 0.0 : dwell_err.back());
  EXPECT_LE(mae, 0.1);
  EXPECT_LT(median, 1.0);
  EXPECT_GE(matched, static_cast<int>(0.98 * visitors.size()));
}

}  // namespace
}  // namespace hc::eval
