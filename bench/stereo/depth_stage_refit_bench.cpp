// What a floor refit costs the frame thread: DepthStage on exact 640x400 renders (3 m / 5 deg),
// calibrated on the first frame, refitting every 20 frames; each iteration processes those 20
// frames and reports the slowest one (wall time). floor_fit_waits = true with lag 0 is the old
// sequential behaviour (the frame that asks for the fit waits for it); false is live, where the
// fit runs on its own thread and no frame waits.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>

#include "stereo/depth_stage.h"
#include "synthetic_scene.h"

namespace {
using namespace hc;

void refit_frames(benchmark::State& state) {
  const bool live = state.range(0) != 0;
  stereo::testing::Scene s;
  s.plane = core::FloorPlane::from_height_and_tilt(3.0, 5.0);
  const auto r = stereo::testing::render(s);
  sensor::Frame f;
  f.left = r.left;
  f.right = r.right;
  f.camera = s.camera;
  stereo::DepthStageParameters p;
  p.calibration_frames = 1;
  p.refit_every_frames = 20;
  p.floor_fit_waits = !live;
  stereo::DepthStage stage(p);
  stage.process(f);  // calibrates (and, live, starts the first fit)
  double worst_ms = 0.0, total_ms = 0.0;
  int64_t frames = 0;
  for (auto _ : state) {
    double slowest = 0.0;
    for (int k = 0; k < p.refit_every_frames; ++k) {
      ++f.index;
      const auto t0 = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(stage.process(f));
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      slowest = std::max(slowest, ms);
      total_ms += ms;
      ++frames;
    }
    worst_ms = std::max(worst_ms, slowest);
  }
  state.counters["slowest_frame_ms"] = worst_ms;
  state.counters["mean_frame_ms"] = frames ? total_ms / static_cast<double>(frames) : 0.0;
  state.SetLabel(live ? "live (background fit)" : "replay, lag 0 (waits)");
}

}  // namespace

BENCHMARK(refit_frames)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK_MAIN();
