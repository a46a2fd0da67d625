// Floor calibration speed: one FloorModel::fit() (RANSAC, least squares and the photometric
// refinement over the kept stereo pairs) on exact renders of a 3 m / 5 deg installation, at
// 640x400 and 1280x800, with 1 and 4 refinement pairs. DepthStage runs one fit after calibration
// and then one every refit_every_frames on its frame thread, so this is the stall it causes.
#include <benchmark/benchmark.h>

#include "stereo/floor_model.h"
#include "synthetic_scene.h"

namespace {
using namespace hc;

void fit(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  const int pairs = static_cast<int>(state.range(1));
  stereo::testing::Scene s;
  s.camera.width = width;
  s.camera.height = width * 5 / 8;
  s.camera.fx = s.camera.fy = 0.625 * width;
  s.camera.cx = 0.5 * s.camera.width;
  s.camera.cy = 0.5 * s.camera.height;
  s.plane = core::FloorPlane::from_height_and_tilt(3.0, 5.0);
  const auto r = stereo::testing::render(s);
  stereo::FloorModelParameters p;
  p.refine_pairs = pairs;
  stereo::FloorModel model(s.camera, p);
  for (int k = 0; k < pairs; ++k) model.add_stereo(r.disparity, r.left, r.right);
  for (auto _ : state) {
    const stereo::FloorEstimate e = model.fit();
    if (!e.refined) state.SkipWithError("the refinement did not run");
    benchmark::DoNotOptimize(e.installation_height_m);
  }
  state.SetLabel(std::to_string(s.camera.width) + "x" + std::to_string(s.camera.height) + ", " +
                 std::to_string(pairs) + " pairs");
}

}  // namespace

BENCHMARK(fit)->Args({640, 1})->Args({640, 4})->Args({1280, 1})->Args({1280, 4})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
