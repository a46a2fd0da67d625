// Storage writes per second (batched writer thread), streamed CSV export of 1,000,000 records, and
// the migration to schema 2 (per-minute bins back-filled from 1,000,000 stored events).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
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

// A database of 1,000,000 line crossings taken back to schema 1 (bin tables dropped), then opened:
// the time of the one-off migration an upgraded device pays on its first start.
static void BM_MigrateBackfill1M(benchmark::State& state) {
  const auto p = db_path();
  fs::remove_all(p.parent_path());
  {
    Store s({p});
    for (int i = 0; i < 1'000'000; ++i) s.record(ev(i));
    s.flush();
  }
  sqlite3* db = nullptr;
  sqlite3_open(p.c_str(), &db);
  const int rc = sqlite3_exec(db, "DROP TABLE line_bins; DROP TABLE region_bins; DROP TABLE dwell_bins;"
                              " DROP TABLE user_questions; DROP TABLE users; PRAGMA user_version=1;",
                              nullptr, nullptr, nullptr);
  sqlite3_close(db);
  if (rc != SQLITE_OK) state.SkipWithError("cannot take the database back to schema 1");
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    Store s({p});
    state.counters["migrate_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  fs::remove_all(p.parent_path());
}
BENCHMARK(BM_MigrateBackfill1M)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
