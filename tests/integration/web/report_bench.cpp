// Report query time on a full store: 1,000,000 line crossings over 30 days (4 lines), queried as
// the Report page does (hour buckets of all lines, day buckets of one line, month buckets of all
// lines, across a DST change),
// from the per-minute bins (as served) and, for comparison, from the raw rows (the reference path).
#include "store/store.h"
#include "web/report_query.h"

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

namespace {

using namespace hc;
constexpr int kEvents = 1'000'000;
constexpr int64_t kStart = 1774137600;  // 2026-03-22T00:00:00Z; EU DST begins 2026-03-29 01:00Z
constexpr int64_t kDays = 30;

// The benchmark's database folder, removed at exit (1,000,000 events take about 56 MB).
const std::filesystem::path& bench_dir() {
  struct Dir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("hc_report_bench_" + std::to_string(getpid()));
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

store::Store& full_store() {
  static store::Store* s = [] {
    const auto& dir = bench_dir();
    std::filesystem::remove_all(dir);
    auto* st = new store::Store({dir / "counts.db"});
    const double step = static_cast<double>(kDays * 86400) / kEvents;
    for (int i = 0; i < kEvents; ++i) {
      rules::LineCrossing c;
      c.line_index = 1 + i % 4;
      c.direction = i % 3 ? rules::Direction::kIn : rules::Direction::kOut;
      c.child = i % 7 == 0;
      st->record({static_cast<double>(kStart) + i * step, c});
    }
    st->flush();
    return st;
  }();
  return *s;
}

// The same database, queried by aggregating the raw rows (StoreOptions::query_raw_events).
store::Store& raw_store() {
  static store::Store* s = [] {
    full_store();
    store::StoreOptions o{bench_dir() / "counts.db"};
    o.query_raw_events = true;
    return new store::Store(o);
  }();
  return *s;
}

void run(benchmark::State& state, const std::string& unit, const std::string& target, bool raw = false) {
  web::QueryParams p{{"type", "line_crossing"}, {"unit", unit}, {"target", target},
                     {"from", std::to_string(kStart)}, {"to", std::to_string(kStart + kDays * 86400)}};
  const web::ReportRequest r = web::parse_report_request(p, nlohmann::json::object());
  const web::OffsetAt cet = [](int64_t t) { return t < 1774746000 ? 3600 : 7200; };
  store::Store& st = raw ? raw_store() : full_store();
  size_t buckets = 0;
  for (auto _ : state) {
    web::Report rep = web::run_report(st, r, cet);
    std::ostringstream csv;
    web::write_report_csv(r, rep, csv);
    buckets = rep.buckets.size();
    benchmark::DoNotOptimize(csv);
  }
  state.counters["buckets"] = static_cast<double>(buckets);
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(target.empty() ? kEvents : kEvents / 4), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Report1MHourAllLines(benchmark::State& state) { run(state, "hour", ""); }
void BM_Report1MDayOneLine(benchmark::State& state) { run(state, "day", "1"); }
void BM_Report1MMonthAllLines(benchmark::State& state) { run(state, "month", ""); }
void BM_Report1MHourAllLinesRawRows(benchmark::State& state) { run(state, "hour", "", true); }
void BM_Report1MDayOneLineRawRows(benchmark::State& state) { run(state, "day", "1", true); }
BENCHMARK(BM_Report1MHourAllLines)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Report1MDayOneLine)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Report1MMonthAllLines)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Report1MHourAllLinesRawRows)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Report1MDayOneLineRawRows)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
