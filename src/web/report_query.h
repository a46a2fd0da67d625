// The Report page's queries (guide 5.4): line crossing, region people counting and dwell time over a
// time range, in hour / day / week / month / year buckets of the device's local time, for one line
// or region or all of them, with totals; as JSON for the chart and as CSV for export.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hc::store { class Store; }

namespace hc::web {

enum class ReportType { kLineCrossing, kRegionCounting, kDwellTime };
enum class ReportUnit { kHour, kDay, kWeek, kMonth, kYear };

struct ReportRequest {
  ReportType type = ReportType::kLineCrossing;
  ReportUnit unit = ReportUnit::kHour;
  int64_t from_s = 0, to_s = 0;           // [from, to), Unix seconds
  int index = 0;                          // line or region, 1-based; 0: all
  std::string target = "all";             // as asked: a uuid, an index or "all"
  std::string target_name = "all";        // the line's or region's name
  std::vector<std::string> region_names;  // configured regions in order (series names for "all")
  bool raw = false;                       // CSV only: the stored events instead of buckets
};

// Seconds east of UTC in force at a Unix time (the configured zone with DST).
using OffsetAt = std::function<int(int64_t unix_s)>;
using QueryParams = std::multimap<std::string, std::string>;

// At most this many buckets per query (e.g. 10000 hours, 416 days): a larger unit is needed beyond.
constexpr int64_t kMaxReportBuckets = 10000;

// Parses type, unit, from, to, target and raw; throws std::invalid_argument naming the parameter.
// `rules` is the configuration's rules section: a target uuid is looked up among its lines or
// regions (the stored index is the position there, 1-based).
ReportRequest parse_report_request(const QueryParams& params, const nlohmann::json& rules);

struct ReportBucket {
  int64_t t_s = 0;      // Unix time of the bucket's local start
  int64_t local_s = 0;  // the same instant in local time, counted as seconds since 1970 (for labels)
  std::vector<std::optional<double>> values;  // one per series; empty where undefined (no samples)
};

struct Report {
  std::vector<std::string> series;
  std::vector<ReportBucket> buckets;         // every bucket of the range, in order
  std::vector<std::optional<double>> totals;  // the whole range, one per series
};

// Queries the store. Buckets are aligned in local time: the range is cut where the UTC offset
// changes (DST) and each piece is queried with its own offset.
Report run_report(const store::Store& store, const ReportRequest& request, const OffsetAt& offset_at);

// {type, unit, from, to, target, target_name, utc_offset_s, series, buckets: [{t, local, <series>}],
//  totals: {<series>}}
nlohmann::json report_json(const ReportRequest& request, const Report& report, const OffsetAt& offset_at);
// time,time_unix,target,<series...>: one row per bucket, then nothing else (RFC 4180).
void write_report_csv(const ReportRequest& request, const Report& report, std::ostream& out);
// "headcount-report-line_crossing-hour-20261123T0600-20261124T0600.csv" (local times); raw exports
// are named "headcount-events-...".
std::string report_file_name(const ReportRequest& request, const OffsetAt& offset_at);

const char* to_string(ReportType type);  // "line_crossing", "region_counting", "dwell_time"
const char* to_string(ReportUnit unit);  // "hour", "day", "week", "month", "year"
// "2026-11-24T06:00:00+01:00"
std::string local_iso(int64_t unix_s, int offset_s);

}  // namespace hc::web
