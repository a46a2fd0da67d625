// Report queries: bins by time unit in a fixed local offset (from the per-minute bins, with the raw
// rows of partial minutes at the range's edges), occupancy samples (a step function of the region
// count changes), dwell statistics and duration histograms, and the streamed CSV export.
#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>

#include "store/minute_bins.h"
#include "store/store_impl.h"

namespace hc::store {

namespace {

const std::string kSelectSql = std::string("SELECT ") + kEventColumns +
                               " FROM events WHERE kind=?1 AND t>=?2 AND t<?3 AND (?4=0 OR idx=?4) ORDER BY t, id";
const char* const kSelect = kSelectSql.c_str();
// Columns of kSelect (kEventColumns).
enum Col { kT = 0, kKind, kIdx, kDir, kChild, kGender, kTotal, kMale, kFemale, kChildren, kTrack, kStart, kDuration };

int64_t floor_to(int64_t v, int64_t step) { return v - ((v % step) + step) % step; }

using Key = std::pair<int64_t, int>;  // bucket start, line/region

// The query connection and its lock.
struct Reader {
  Db& db;
  std::mutex& mu;
};

// Calls row(stmt) for each event row of `type` in q's range and index, under the read lock.
template <class Row>
void for_each_row(const Reader& im, const Query& q, EventType type, Row row) {
  std::lock_guard lk(im.mu);
  Stmt s(im.db, kSelect);
  s.bind(1, static_cast<int>(type)).bind(2, q.start_s).bind(3, q.end_s).bind(4, q.index);
  while (s.step()) row(s);
}

using Groups = std::map<Key, BinValues>;

// Folds the bin values of every event of `kind` in q's range and index into groups by
// key_of(time, idx). Whole minutes come from the per-minute bins, the partial minutes at the edges
// from the raw rows; all from the raw rows when `raw_only` or when q's offset is not a whole number
// of minutes (a minute bin would then straddle a bucket boundary). One read transaction: the bins
// and the edge rows are one snapshot.
template <class KeyOf>
Groups fold_range(const Reader& im, const Query& q, Kind kind, bool raw_only, KeyOf key_of) {
  // Whole minutes [first, last); clamped so that the int64 conversion cannot overflow (NaN: none).
  const bool nan = std::isnan(q.start_s) || std::isnan(q.end_s);
  auto clamp = [](double t) { return std::clamp(t, -1e15, 1e15); };
  const auto first = nan ? 0 : static_cast<int64_t>(std::ceil(clamp(q.start_s) / 60.0)) * 60;
  const auto last = nan ? 0 : static_cast<int64_t>(std::floor(clamp(q.end_s) / 60.0)) * 60;
  const bool bins = !raw_only && q.utc_offset_s % 60 == 0 && first < last;
  Groups groups;
  auto raw = [&](double from, double to) {
    Stmt s(im.db, kSelect);
    s.bind(1, static_cast<int>(kind)).bind(2, from).bind(3, to).bind(4, q.index);
    while (s.step()) {
      const EventRow r = read_event_row(s);
      fold(kind, groups[key_of(r.t, r.idx)], bin_values(r));
    }
  };
  std::lock_guard lk(im.mu);
  Db& db = im.db;
  db.exec("BEGIN");
  try {
    if (bins) {
      raw(q.start_s, static_cast<double>(first));
      for_each_bin(im.db, kind, first, last, q.index, [&](int64_t minute, int idx, const BinValues& v) {
        fold(kind, groups[key_of(static_cast<double>(minute), idx)], v);
      });
      raw(static_cast<double>(last), q.end_s);
    } else {
      raw(q.start_s, q.end_s);
    }
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
  return groups;
}

// Groups by q's bucket and line/region.
Groups fold_buckets(const Reader& im, const Query& q, Kind kind, bool raw_only) {
  return fold_range(im, q, kind, raw_only, [&](double t, int idx) {
    return Key{bucket_start(t, q.unit, q.utc_offset_s), idx};
  });
}

int64_t mean(int64_t sum, int64_t n) { return n ? sum / n : 0; }

}  // namespace

int64_t bucket_start(double t, TimeUnit unit, int off) {
  const int64_t local = static_cast<int64_t>(std::floor(t)) + off;
  switch (unit) {
    case TimeUnit::kMinute: return floor_to(local, 60) - off;
    case TimeUnit::kHour: return floor_to(local, 3600) - off;
    case TimeUnit::kDay: return floor_to(local, 86400) - off;
    // 1970-01-01 was a Thursday: Monday 00:00 is 3 days after a multiple of 7 days, less 7.
    case TimeUnit::kWeek: return floor_to(local - 4 * 86400, 7 * 86400) + 4 * 86400 - off;
    case TimeUnit::kMonth:
    case TimeUnit::kYear: {
      const auto lt = static_cast<time_t>(local);
      std::tm tm{};
      gmtime_r(&lt, &tm);
      tm.tm_mday = 1;
      if (unit == TimeUnit::kYear) tm.tm_mon = 0;
      tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
      return static_cast<int64_t>(timegm(&tm)) - off;
    }
  }
  return 0;
}

std::vector<LineBin> Store::query_lines(const Query& q) const {
  std::vector<LineBin> out;
  for (const auto& [k, v] : fold_buckets(Reader{*impl_->rdb, impl_->rmu}, q, kLine, impl_->opt.query_raw_events))
    out.push_back({k.first, k.second, v[kIn], v[kOut], v[kMaleIn], v[kMaleOut], v[kFemaleIn], v[kFemaleOut],
                   v[kChildrenIn], v[kChildrenOut]});
  return out;
}

std::vector<RegionBin> Store::query_regions(const Query& q) const {
  std::vector<RegionBin> out;
  for (const auto& [k, v] : fold_buckets(Reader{*impl_->rdb, impl_->rmu}, q, kRegion, impl_->opt.query_raw_events))
    out.push_back({k.first, k.second, v[kMaxTotal],
                   static_cast<double>(v[kSumTotal]) / static_cast<double>(v[kChanges]), v[kChanges]});
  return out;
}

std::vector<DwellBin> Store::query_dwell(const Query& q) const {
  std::vector<DwellBin> out;
  for (const auto& [k, v] : fold_buckets(Reader{*impl_->rdb, impl_->rmu}, q, kDwell, impl_->opt.query_raw_events))
    out.push_back({k.first, k.second, v[kEpisodes], mean(v[kSumMs], v[kEpisodes]), v[kMaxMs]});
  return out;
}

std::vector<OccupancySample> Store::occupancy_samples(const Query& q, int64_t step_s) const {
  if (step_s < 1) throw std::invalid_argument("occupancy_samples: step_s must be >= 1");
  const auto first = static_cast<int64_t>(std::ceil(q.start_s));
  // Every change before the range end, oldest first: the state at each sample is the last change.
  Query all = q;
  all.start_s = 0;
  std::map<int, OccupancySample> state;  // per region, the counts after its last change so far
  if (q.index != 0) state[q.index] = {0, q.index, 0, 0, 0, 0};
  std::vector<OccupancySample> out;
  int64_t next = first;
  auto emit_until = [&](double t) {  // samples at instants before t
    for (; static_cast<double>(next) < t && static_cast<double>(next) < q.end_s; next += step_s)
      for (auto& [region, st] : state) {
        OccupancySample smp = st;
        smp.t_s = next;
        out.push_back(smp);
      }
  };
  for_each_row(Reader{*impl_->rdb, impl_->rmu}, all, EventType::kRegionCounting, [&](Stmt& s) {
    const double t = s.dbl(kT);
    emit_until(t);  // strictly before t: a change at exactly a sample instant counts for that sample
    const int region = static_cast<int>(s.i64(kIdx));
    state[region] = {0, region, s.i64(kTotal), s.i64(kMale), s.i64(kFemale), s.i64(kChildren)};
  });
  emit_until(q.end_s);
  return out;
}

std::vector<DwellSummary> Store::dwell_since_reset(int region) const {
  double since = 0;
  {
    std::lock_guard lk(impl_->rmu);
    Stmt r(*impl_->rdb, "SELECT COALESCE(MAX(t), 0) FROM resets");
    if (r.step()) since = r.dbl(0);
  }
  Query q;
  q.start_s = since;
  q.end_s = 1e18;
  q.index = region;
  const Groups groups = fold_range(Reader{*impl_->rdb, impl_->rmu}, q, kDwell, impl_->opt.query_raw_events,
                                   [](double, int idx) { return Key{0, idx}; });
  std::vector<DwellSummary> out;
  // n, sum, max in three columns from `first`: the mean and the maximum.
  auto avg = [](const BinValues& v, int first) {
    return mean(v[static_cast<std::size_t>(first) + 1], v[static_cast<std::size_t>(first)]);
  };
  auto max = [](const BinValues& v, int first) { return v[static_cast<std::size_t>(first) + 2]; };
  for (const auto& [k, v] : groups)
    out.push_back({k.second, v[kEpisodes], avg(v, kEpisodes), max(v, kEpisodes), avg(v, kMaleN), max(v, kMaleN),
                   avg(v, kFemaleN), max(v, kFemaleN), avg(v, kChildrenN), max(v, kChildrenN)});
  return out;
}

std::vector<DwellHistogram> Store::dwell_histogram(const Query& q, double min_s, double width_s, int bins) const {
  if (bins < 1) throw std::invalid_argument("dwell_histogram: numOfBins must be >= 1");
  if (!(width_s > 0)) throw std::invalid_argument("dwell_histogram: timeBinWidth must be > 0");
  std::map<int, DwellHistogram> hist;
  for_each_row(Reader{*impl_->rdb, impl_->rmu}, q, EventType::kDwellTime, [&](Stmt& s) {
    const double d = static_cast<double>(s.i64(kDuration)) / 1000.0;
    if (d < min_s) return;
    const int region = static_cast<int>(s.i64(kIdx));
    DwellHistogram& h = hist[region];
    h.region = region;
    h.counts.resize(static_cast<std::size_t>(bins));
    const auto i = std::min<int64_t>(bins - 1, static_cast<int64_t>((d - min_s) / width_s));
    ++h.counts[static_cast<std::size_t>(i)];
  });
  std::vector<DwellHistogram> out;
  for (auto& [r, h] : hist) out.push_back(std::move(h));
  return out;
}

int64_t Store::export_csv(const Query& q, std::ostream& out) const {
  static const char* kGenderName[] = {"unknown", "male", "female"};
  auto gender = [&](int64_t g) { return kGenderName[g >= 0 && g <= 2 ? g : 0]; };
  static const char* kHeader[] = {
      "time_unix,line,direction,child,gender,track_id\n",
      "time_unix,region,current_total,current_male,current_female,current_children\n",
      "end_time_unix,region,start_time_unix,duration_ms,child,gender,track_id\n"};
  out << kHeader[static_cast<int>(q.event)];
  int64_t rows = 0;
  char buf[256];
  for_each_row(Reader{*impl_->rdb, impl_->rmu}, q, q.event, [&](Stmt& s) {
    auto ll = [&](Col c) { return static_cast<long long>(s.i64(c)); };
    switch (q.event) {
      case EventType::kLineCrossing:
        std::snprintf(buf, sizeof buf, "%.3f,%lld,%s,%d,%s,%lld\n", s.dbl(kT), ll(kIdx), s.i64(kDir) == 0 ? "in" : "out",
                      s.i64(kChild) != 0 ? 1 : 0, gender(s.i64(kGender)), ll(kTrack));
        break;
      case EventType::kRegionCounting:
        std::snprintf(buf, sizeof buf, "%.3f,%lld,%lld,%lld,%lld,%lld\n", s.dbl(kT), ll(kIdx), ll(kTotal), ll(kMale),
                      ll(kFemale), ll(kChildren));
        break;
      case EventType::kDwellTime:
        std::snprintf(buf, sizeof buf, "%.3f,%lld,%.3f,%lld,%d,%s,%lld\n", s.dbl(kT), ll(kIdx), s.dbl(kStart),
                      ll(kDuration), s.i64(kChild) != 0 ? 1 : 0, gender(s.i64(kGender)), ll(kTrack));
        break;
    }
    out << buf;
    ++rows;
  });
  return rows;
}

namespace {
// "YYYY-MM-DD HH:MM" of a bucket start in the local offset.
std::string local_time(int64_t t, int off) {
  const auto lt = static_cast<time_t>(t + off);
  std::tm tm{};
  gmtime_r(&lt, &tm);
  char buf[80];  // room for any int the compiler can imagine
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min);
  return buf;
}
}  // namespace

int64_t Store::export_bins_csv(const Query& q, std::ostream& out) const {
  int64_t rows = 0;
  auto head = [&](int64_t b, int idx) -> std::ostream& {
    ++rows;
    return out << b << ',' << local_time(b, q.utc_offset_s) << ',' << idx;
  };
  switch (q.event) {
    case EventType::kLineCrossing:
      out << "bucket_start_unix,bucket_start_local,line,in,out,male_in,male_out,female_in,female_out,"
             "children_in,children_out\n";
      for (const LineBin& b : query_lines(q))
        head(b.bucket_start_s, b.line) << ',' << b.in << ',' << b.out << ',' << b.male_in << ',' << b.male_out << ','
                                       << b.female_in << ',' << b.female_out << ',' << b.children_in << ','
                                       << b.children_out << '\n';
      break;
    case EventType::kRegionCounting:
      out << "bucket_start_unix,bucket_start_local,region,max_total,avg_total,changes\n";
      for (const RegionBin& b : query_regions(q))
        head(b.bucket_start_s, b.region) << ',' << b.max_total << ',' << b.avg_total << ',' << b.samples << '\n';
      break;
    case EventType::kDwellTime:
      out << "bucket_start_unix,bucket_start_local,region,episodes,avg_dwell_ms,max_dwell_ms\n";
      for (const DwellBin& b : query_dwell(q))
        head(b.bucket_start_s, b.region) << ',' << b.episodes << ',' << b.avg_ms << ',' << b.max_ms << '\n';
      break;
  }
  return rows;
}

}  // namespace hc::store
