// Storage writes per second (batched writer thread) and streamed CSV export of 1,000,000 records.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/store.h"

namespace fs = std::filesystem;
using namespace hc::store;

namespace {
fs::path db_path() {
  std::ostringstream n;
  n << "hc_store_bench_" << getpid();
  return fs::temp_directory_path() / n.str() / "hc.db";
}
hc::rules::CountEvent ev(int i) {
  hc::rules::LineCrossing c;
  c.line_index = 1 + i % 4;
  c.direction = i % 2 ? hc::rules::Direction::kIn : hc::rules::Direction::kOut;
  return {1717027200.0 + i * 0.1, c};
}
}  // namespace

static void BM_WriteAndCsv1M(benchmark::State& state) {
  const auto p = db_path();
  fs::remove_all(p.parent_path());
  for (auto _ : state) {
    Store s({p});
    constexpr int kN = 1'000'000;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kN; ++i) s.record(ev(i));
    s.flush();
    auto t1 = std::chrono::steady_clock::now();
    std::ofstream out(p.parent_path() / "export.csv");
    Query q{EventType::kLineCrossing, TimeUnit::kHour, 0, 4e9, 0, 0};
    const int64_t rows = s.export_csv(q, out);
    auto t2 = std::chrono::steady_clock::now();
    state.counters["writes_per_s"] = kN / std::chrono::duration<double>(t1 - t0).count();
    state.counters["csv_rows"] = static_cast<double>(rows);
    state.counters["csv_export_s"] = std::chrono::duration<double>(t2 - t1).count();
  }
  fs::remove_all(p.parent_path());
}
BENCHMARK(BM_WriteAndCsv1M)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
