// Local-time report buckets from the store. Method: cut [from, to) where the UTC offset changes
// (probe the offset once a day, then bisect to the second: O(days + 17 per change) offset calls),
// query the store per piece with that piece's fixed offset (hour / day / month bins), re-bin by
// local bucket start (weeks from days, years from months) and merge. O(events in range) in the
// store plus O(buckets x series) here. Weeks start on Monday (ISO 8601).
#include "store/store.h"
#include "web/report_query.h"

#include <array>
#include <ctime>
#include <optional>
#include <set>

namespace hc::web {

namespace {

constexpr int64_t kDay = 86400;

struct Segment { int64_t start_s, end_s; int offset_s; };

std::vector<Segment> offset_segments(int64_t from, int64_t to, const OffsetAt& offset_at) {
  std::vector<Segment> segs;
  int64_t start = from, t = from;
  int off = offset_at(from);
  while (true) {
    const int64_t next = std::min(t + kDay, to - 1);
    if (next <= t) break;
    if (offset_at(next) == off) {
      t = next;
      continue;
    }
    int64_t lo = t, hi = next;  // offset_at(lo) == off != offset_at(hi)
    while (hi - lo > 1) {
      const int64_t mid = lo + (hi - lo) / 2;
      (offset_at(mid) == off ? lo : hi) = mid;
    }
    segs.push_back({start, hi, off});
    start = t = hi;
    off = offset_at(hi);
  }
  segs.push_back({start, to, off});
  return segs;
}

int64_t floor_to(int64_t v, int64_t step) { return v - ((v % step) + step) % step; }

std::tm civil(int64_t local_s) {
  const auto t = static_cast<time_t>(local_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

// Start of the local bucket holding local time `local_s` (seconds since 1970, local).
int64_t bucket_of(int64_t local_s, ReportUnit unit) {
  switch (unit) {
    case ReportUnit::kHour: return floor_to(local_s, 3600);
    case ReportUnit::kDay: return floor_to(local_s, kDay);
    case ReportUnit::kWeek: {
      const int64_t day = floor_to(local_s, kDay) / kDay;  // 1970-01-01 was a Thursday (3 after Monday)
      return (day - ((day + 3) % 7 + 7) % 7) * kDay;
    }
    case ReportUnit::kMonth:
    case ReportUnit::kYear: {
      std::tm tm = civil(local_s);
      tm.tm_mday = 1;
      tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
      if (unit == ReportUnit::kYear) tm.tm_mon = 0;
      return static_cast<int64_t>(timegm(&tm));
    }
  }
  return local_s;
}

int64_t next_bucket(int64_t bucket, ReportUnit unit) {
  switch (unit) {
    case ReportUnit::kHour: return bucket + 3600;
    case ReportUnit::kDay: return bucket + kDay;
    case ReportUnit::kWeek: return bucket + 7 * kDay;
    case ReportUnit::kMonth:
    case ReportUnit::kYear: {
      std::tm tm = civil(bucket);
      (unit == ReportUnit::kMonth ? tm.tm_mon : tm.tm_year) += 1;  // timegm normalises
      return static_cast<int64_t>(timegm(&tm));
    }
  }
  return bucket + 3600;
}

// The first Unix time at which the local clock reads `local_s`; nullopt when the clock skips it
// (DST start). The offsets in force a day before and after are the only candidates: zones change
// offset at most twice a year.
std::optional<int64_t> unix_of_local(int64_t local_s, const OffsetAt& offset_at) {
  std::optional<int64_t> first;
  for (int64_t probe : {local_s - kDay, local_s + kDay}) {
    const int o = offset_at(probe);
    if (offset_at(local_s - o) == o && (!first || local_s - o < *first)) first = local_s - o;
  }
  return first;
}

store::TimeUnit store_unit(ReportUnit u) {
  switch (u) {
    case ReportUnit::kHour: return store::TimeUnit::kHour;
    case ReportUnit::kDay:
    case ReportUnit::kWeek: return store::TimeUnit::kDay;
    default: return store::TimeUnit::kMonth;
  }
}

// Mergeable sums of one bucket. Lines: c = in, out, male in/out, female in/out, children in/out.
// Regions: max / sum / n of occupancy samples. Dwell: max / sum / n of episode durations (ms).
struct Agg {
  std::array<int64_t, 8> c{};
  int64_t max = 0;
  double sum = 0;
  int64_t n = 0;
  void add(const Agg& o) {
    for (size_t i = 0; i < c.size(); ++i) c[i] += o.c[i];
    if (o.n > 0) max = n > 0 ? std::max(max, o.max) : o.max;
    sum += o.sum;
    n += o.n;
  }
};

using Values = std::vector<std::optional<double>>;

std::vector<std::string> base_series(ReportType t) {
  switch (t) {
    case ReportType::kLineCrossing:
      return {"in", "adults_in", "children_in", "male_in", "female_in",
              "out", "adults_out", "children_out", "male_out", "female_out"};
    case ReportType::kRegionCounting: return {"max", "avg"};
    case ReportType::kDwellTime: return {"episodes", "avg_s", "max_s"};
  }
  return {};
}

void append_values(ReportType t, const Agg& a, Values& out) {
  auto d = [](int64_t v) { return std::optional<double>(static_cast<double>(v)); };
  const std::optional<double> none;
  switch (t) {
    case ReportType::kLineCrossing:
      for (int dir = 0; dir < 2; ++dir)
        for (auto v : {a.c[dir], a.c[dir] - a.c[6 + dir], a.c[6 + dir], a.c[2 + dir], a.c[4 + dir]}) out.push_back(d(v));
      return;
    case ReportType::kRegionCounting:
      out.push_back(a.n ? d(a.max) : none);
      out.push_back(a.n ? std::optional<double>(a.sum / static_cast<double>(a.n)) : none);
      return;
    case ReportType::kDwellTime:
      out.push_back(d(a.n));
      out.push_back(a.n ? std::optional<double>(a.sum / static_cast<double>(a.n) / 1000.0) : none);
      out.push_back(a.n ? std::optional<double>(static_cast<double>(a.max) / 1000.0) : none);
      return;
  }
}

// Cells by (local bucket start, region index or 0 when merged across lines/regions).
using Cells = std::map<int64_t, std::map<int, Agg>>;

void collect(const store::Store& st, const ReportRequest& r, const Segment& seg, bool per_region, Cells& cells) {
  store::Query q;
  q.unit = store_unit(r.unit);
  q.start_s = static_cast<double>(seg.start_s);
  q.end_s = static_cast<double>(seg.end_s);
  q.index = r.index;
  q.utc_offset_s = seg.offset_s;
  auto cell = [&](int64_t bucket_start, int key) -> Agg& {
    return cells[bucket_of(bucket_start + seg.offset_s, r.unit)][per_region ? key : 0];
  };
  switch (r.type) {
    case ReportType::kLineCrossing:
      for (const auto& b : st.query_lines(q))
        cell(b.bucket_start_s, b.line).add({{b.in, b.out, b.male_in, b.male_out, b.female_in, b.female_out,
                                             b.children_in, b.children_out}, 0, 0, 0});
      break;
    case ReportType::kRegionCounting:
      for (const auto& b : st.query_regions(q))
        cell(b.bucket_start_s, b.region).add({{}, b.max_total, b.avg_total * static_cast<double>(b.samples), b.samples});
      break;
    case ReportType::kDwellTime:
      for (const auto& b : st.query_dwell(q))
        cell(b.bucket_start_s, b.region).add({{}, b.max_ms, static_cast<double>(b.avg_ms * b.episodes), b.episodes});
      break;
  }
}

}  // namespace

Report run_report(const store::Store& st, const ReportRequest& r, const OffsetAt& offset_at) {
  // Occupancy maxima of different regions do not add up: "all" regions keeps one series per region.
  const bool per_region = r.type == ReportType::kRegionCounting && r.index == 0;
  Cells cells;
  for (const auto& seg : offset_segments(r.from_s, r.to_s, offset_at)) collect(st, r, seg, per_region, cells);

  std::set<int> keys{0};
  if (per_region) {
    keys.clear();
    for (size_t i = 0; i < r.region_names.size(); ++i) keys.insert(static_cast<int>(i) + 1);
    for (const auto& [b, by_key] : cells)
      for (const auto& kv : by_key) keys.insert(kv.first);
  }
  Report rep;
  for (int k : keys)
    for (const auto& s : base_series(r.type)) {
      std::string region = k >= 1 && k <= static_cast<int>(r.region_names.size())
                               ? r.region_names[static_cast<size_t>(k - 1)] : "Region" + std::to_string(k);
      rep.series.push_back(per_region ? region + " " + s : s);
    }

  std::map<int, Agg> totals;
  const int64_t last = bucket_of(r.to_s - 1 + offset_at(r.to_s - 1), r.unit);
  for (int64_t b = bucket_of(r.from_s + offset_at(r.from_s), r.unit); b <= last; b = next_bucket(b, r.unit)) {
    const std::optional<int64_t> start = unix_of_local(b, offset_at);
    // The local hour skipped when DST begins has no bucket. A day (week, ...) whose midnight is
    // skipped starts at the change: the old offset applied to it gives that instant.
    if (!start && r.unit == ReportUnit::kHour) continue;
    ReportBucket out{start ? *start : b - offset_at(b - kDay), b, {}};
    auto it = cells.find(b);
    for (int k : keys) {
      Agg a;
      if (it != cells.end() && it->second.count(k)) a = it->second.at(k);
      totals[k].add(a);
      append_values(r.type, a, out.values);
    }
    rep.buckets.push_back(std::move(out));
  }
  for (int k : keys) append_values(r.type, totals[k], rep.totals);
  return rep;
}

}  // namespace hc::web
