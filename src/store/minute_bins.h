// Per-minute bins of the events (schema version 2): what one minute of one line or region adds up to,
// so that hour/day/week/month/year reports read at most one row per minute instead of every event.
// Bins are keyed by the UTC minute (floor(t) rounded down to a multiple of 60). Every supported UTC
// offset is a whole number of minutes, so a minute never straddles a local hour, day or month.
// A bin's columns are folded (summed, or the maximum kept) the same way whether they come from the
// bin table or from raw event rows: one code path turns either into report bins.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <tuple>

#include "rules/count_event.h"
#include "store/sqlite_db.h"

namespace hc::store {

// Column `kind` of table events (and the bin table chosen for an event).
enum Kind { kLine = 0, kRegion = 1, kDwell = 2 };

// One row of table events.
struct EventRow {
  double t = 0;
  int kind = kLine;
  int idx = 1;
  int dir = 0;  // 0 in, 1 out
  int child = 0, gender = 0;
  int64_t total = 0, male = 0, female = 0, children = 0, track = 0;
  double start = 0;
  int64_t duration_ms = 0;
};

// The columns of table events in EventRow order (for SELECT and INSERT).
inline constexpr const char* kEventColumns =
    "t,kind,idx,dir,child,gender,total,male,female,children,track,start,duration_ms";
EventRow event_row(const rules::CountEvent& ev);
// Reads a row selected with kEventColumns.
EventRow read_event_row(const Stmt& s);

// Columns of a bin, by kind (unused trailing columns stay 0):
//  line:   in, out, male_in, male_out, female_in, female_out, children_in, children_out
//  region: changes, sum_total, max_total
//  dwell:  episodes, sum_ms, max_ms, then (n, sum_ms, max_ms) for male, female and children
inline constexpr int kMaxBinColumns = 12;
using BinValues = std::array<int64_t, kMaxBinColumns>;
enum LineCol { kIn = 0, kOut, kMaleIn, kMaleOut, kFemaleIn, kFemaleOut, kChildrenIn, kChildrenOut };
enum RegionCol { kChanges = 0, kSumTotal, kMaxTotal };
enum DwellCol { kEpisodes = 0, kSumMs, kMaxMs, kMaleN, kFemaleN = 6, kChildrenN = 9 };

// What one event adds to its minute's bin.
BinValues bin_values(const EventRow& r);
// Adds `add` into `into` (sums, and maxima for the max columns of `kind`).
void fold(int kind, BinValues& into, const BinValues& add);
// The UTC minute (Unix seconds, a multiple of 60) holding instant t.
int64_t minute_of(double t);

extern const char* const kSchemaV2;

// The bins touched by one batch of events, written in the batch's transaction (so a kill -9 leaves
// the raw rows and the bins consistent: both or neither).
class MinuteBins {
 public:
  void add(const EventRow& r);
  // Adds the accumulated bins to the tables (insert or fold into the existing row), then forgets them.
  void write(Db& db);
  bool empty() const { return bins_.empty(); }
  int64_t newest_minute() const { return newest_; }

 private:
  std::map<std::tuple<int, int64_t, int>, BinValues> bins_;  // (kind, minute, idx)
  int64_t newest_ = INT64_MIN;
};

// Migration to version 2: fills the bin tables from every event row already stored.
void backfill_minute_bins(Db& db);
// Deletes the bins older than `retention_s` before `newest_minute`; returns rows deleted.
int64_t prune_minute_bins(Db& db, int64_t newest_minute, int64_t retention_s);

// Calls row(minute, idx, values) for each stored bin of `kind` with minute in [from, to) and index
// `index` (0: all).
template <class Row>
void for_each_bin(const Db& db, int kind, int64_t from, int64_t to, int index, Row row);

// --- implementation of the template ---
const char* bin_select_sql(int kind);
int bin_column_count(int kind);

template <class Row>
void for_each_bin(const Db& db, int kind, int64_t from, int64_t to, int index, Row row) {
  Stmt s(db, bin_select_sql(kind));
  s.bind(1, from).bind(2, to).bind(3, index);
  const int n = bin_column_count(kind);
  while (s.step()) {
    BinValues v{};
    for (int c = 0; c < n; ++c) v[static_cast<std::size_t>(c)] = s.i64(2 + c);
    row(s.i64(0), static_cast<int>(s.i64(1)), v);
  }
}

}  // namespace hc::store
