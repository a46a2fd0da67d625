// Frames per second of the whole pipeline on one thread: rectified stereo pair at 640x400 ->
// census-SGM -> height map -> head detection -> tracking -> rules, and the depth path (depth image
// -> height map -> ...). The frame is a textured floor with three people (boxes for bodies,
// spheres for heads) and a cart, rendered by the stereo module's test renderer.
// Run: build/ci/bench/pipeline/bench_pipeline  (items_per_second = frames per second)
#include <benchmark/benchmark.h>

#include <algorithm>

#include "eval/depth_scene.h"
#include "pipeline/pipeline.h"
#include "synthetic_scene.h"

namespace {
using namespace hc;

stereo::testing::Scene scene() {
  stereo::testing::Scene s;
  s.camera = core::CameraModel{};  // 640x400, f 400, baseline 0.08 m
  s.plane = core::FloorPlane::from_height_and_tilt(3.0, 0.0);
  for (double x : {-0.8, 0.0, 0.8}) {
    s.boxes.push_back({x - 0.2, -0.12, x + 0.2, 0.12, 1.45});
    s.spheres.push_back({x, 0.0, 1.65, 0.1});
  }
  s.boxes.push_back({-0.5, 0.6, 0.2, 1.2, 1.0});
  return s;
}

pipeline::PipelineOptions options(double height) {
  pipeline::PipelineOptions o;
  o.depth.fixed_floor = core::FloorPlane::from_height_and_tilt(height, 0.0);
  o.depth.matcher_parameters.threads = 1;
  o.rules.installation_height_m = height;
  o.rules.max_target_height_m = std::min(2.2, height - 0.1);  // below the lens, as configured
  o.rules.lines.push_back({"", "Line1", {{0, 200}, {639, 200}}, {}});
  return o;
}

// Runs `frame` through `p` once per iteration on the 30 fps frame clock and reports the stage means.
void run(benchmark::State& state, pipeline::Pipeline& p, sensor::Frame& f) {
  int64_t i = 0;
  for (auto _ : state) {
    f.index = i;
    f.t_seconds = static_cast<double>(i++) / 30.0;
    benchmark::DoNotOptimize(p.process(f));
  }
  state.SetItemsProcessed(state.iterations());
  const auto& t = p.timings();
  state.counters["depth_ms"] = t.depth.mean_ms();
  state.counters["detect_ms"] = t.detect.mean_ms();
  state.counters["track_ms"] = t.track.mean_ms();
  state.counters["rules_ms"] = t.rules.mean_ms();
}

void BM_PipelineStereo640x400(benchmark::State& state) {
  const auto r = stereo::testing::render(scene());
  pipeline::Pipeline p(options(3.0));
  sensor::Frame f;
  f.left = r.left;
  f.right = r.right;
  f.camera = scene().camera;
  run(state, p, f);
}
BENCHMARK(BM_PipelineStereo640x400)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_PipelineDepth640x400(benchmark::State& state) {
  const core::CameraModel cam{};
  std::vector<eval::ScenePerson> people = {{-0.8, 0, 1.7, false}, {0, 0, 1.8, true}, {0.8, 0, 1.1, false}};
  sensor::Frame f;
  f.depth_mm = eval::render_depth(cam, 3.0, people, {{-0.5, 0.6, 0.2, 1.2, 1.0}});
  f.camera = cam;
  pipeline::Pipeline p(options(3.0));
  run(state, p, f);
}
BENCHMARK(BM_PipelineDepth640x400)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The depth path at a 2.2 m mount with three tall people whose heads the image's sides cut (one
// in a hat): each cap is placed and judged by its rim (HeadDetector::edge_rim, a flood fill of
// the cap's pixels and an ellipse fit), the detector's dearest case.
void BM_PipelineDepthLowMountEdges640x400(benchmark::State& state) {
  const core::CameraModel cam{};
  std::vector<eval::ScenePerson> people = {
      {-0.27, 0, 1.85, false}, {0.26, -0.05, 1.85, true}, {0.0, 0.16, 1.85, false}};
  sensor::Frame f;
  f.depth_mm = eval::render_depth(cam, 2.2, people, {});
  f.camera = cam;
  pipeline::Pipeline p(options(2.2));
  run(state, p, f);
}
BENCHMARK(BM_PipelineDepthLowMountEdges640x400)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
