// Renderer speed: stereo frames per second on one thread, busy entrance at 640x400 (3 m) and
// 1280x800 (5.5 m). Printed as items_per_second (= stereo frames/s).
#include <benchmark/benchmark.h>

#include "sim/simulated_source.h"

namespace {

void render(benchmark::State& state, double height_m) {
  hc::sim::Scenario s = hc::sim::Scenario::load("busy-hour", std::string(HC_SOURCE_DIR) + "/config/scenarios");
  s.height_m = height_m;
  hc::sim::SimulatedSource src(s, 1);
  int64_t k = 300;  // well into the run: the entrance is busy
  for (auto _ : state) {
    auto f = src.render(k++);
    benchmark::DoNotOptimize(f.left.data);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(src.camera().width) + "x" + std::to_string(src.camera().height));
}

void BM_Render640x400(benchmark::State& state) { render(state, 3.0); }
void BM_Render1280x800(benchmark::State& state) { render(state, 5.5); }

}  // namespace

BENCHMARK(BM_Render640x400)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Render1280x800)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_MAIN();
