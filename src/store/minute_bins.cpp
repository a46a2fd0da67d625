// Per-minute bin tables: their schema, what an event adds, the batched upsert, back-fill and pruning.
#include "store/minute_bins.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace hc::store {

namespace {

// A bin table: its name and its value columns in BinValues order; `max` marks the columns that keep
// the maximum (the others are sums).
struct BinTable {
  const char* name;
  std::vector<const char*> columns;
  std::vector<bool> max;
};

const BinTable& table_of(int kind) {
  static const BinTable kTables[] = {
      {"line_bins",
       {"n_in", "n_out", "male_in", "male_out", "female_in", "female_out", "children_in", "children_out"},
       {false, false, false, false, false, false, false, false}},
      {"region_bins", {"changes", "sum_total", "max_total"}, {false, false, true}},
      {"dwell_bins",
       {"episodes", "sum_ms", "max_ms", "male_n", "male_sum_ms", "male_max_ms", "female_n", "female_sum_ms",
        "female_max_ms", "children_n", "children_sum_ms", "children_max_ms"},
       {false, false, true, false, false, true, false, false, true, false, false, true}},
  };
  return kTables[std::clamp(kind, 0, 2)];
}

std::string upsert_sql(const BinTable& t) {
  std::string cols = "minute,idx", params = "?1,?2", update;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const std::string name = t.columns[c];
    cols += "," + name;
    params += ",?" + std::to_string(c + 3);
    update += (c ? "," : "") + name + "=" +
              (t.max[c] ? "MAX(" + name + ",excluded." + name + ")" : name + "+excluded." + name);
  }
  return std::string("INSERT INTO ") + t.name + "(" + cols + ") VALUES(" + params +
         ") ON CONFLICT(minute,idx) DO UPDATE SET " + update;
}

// n, sum, max of one duration in three consecutive columns from `first`.
void add_duration(BinValues& v, int first, int64_t ms) {
  const auto f = static_cast<std::size_t>(first);
  v[f] = 1;
  v[f + 1] = ms;
  v[f + 2] = ms;
}

}  // namespace

const char* const kSchemaV2 = R"sql(
CREATE TABLE IF NOT EXISTS line_bins(minute INTEGER NOT NULL, idx INTEGER NOT NULL,
  n_in INTEGER NOT NULL DEFAULT 0, n_out INTEGER NOT NULL DEFAULT 0,
  male_in INTEGER NOT NULL DEFAULT 0, male_out INTEGER NOT NULL DEFAULT 0,
  female_in INTEGER NOT NULL DEFAULT 0, female_out INTEGER NOT NULL DEFAULT 0,
  children_in INTEGER NOT NULL DEFAULT 0, children_out INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(minute, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS region_bins(minute INTEGER NOT NULL, idx INTEGER NOT NULL,
  changes INTEGER NOT NULL DEFAULT 0, sum_total INTEGER NOT NULL DEFAULT 0, max_total INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(minute, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dwell_bins(minute INTEGER NOT NULL, idx INTEGER NOT NULL,
  episodes INTEGER NOT NULL DEFAULT 0, sum_ms INTEGER NOT NULL DEFAULT 0, max_ms INTEGER NOT NULL DEFAULT 0,
  male_n INTEGER NOT NULL DEFAULT 0, male_sum_ms INTEGER NOT NULL DEFAULT 0, male_max_ms INTEGER NOT NULL DEFAULT 0,
  female_n INTEGER NOT NULL DEFAULT 0, female_sum_ms INTEGER NOT NULL DEFAULT 0,
  female_max_ms INTEGER NOT NULL DEFAULT 0, children_n INTEGER NOT NULL DEFAULT 0,
  children_sum_ms INTEGER NOT NULL DEFAULT 0, children_max_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(minute, idx)) WITHOUT ROWID;
)sql";

EventRow event_row(const rules::CountEvent& ev) {
  EventRow r;
  r.t = ev.t_s;
  if (const auto* c = std::get_if<rules::LineCrossing>(&ev.what)) {
    r.kind = kLine;
    r.idx = c->line_index;
    r.dir = c->direction == rules::Direction::kIn ? 0 : 1;
    r.child = c->child ? 1 : 0;
    r.gender = static_cast<int>(c->gender);
    r.track = c->track_id;
  } else if (const auto* g = std::get_if<rules::RegionCountChange>(&ev.what)) {
    r.kind = kRegion;
    r.idx = g->region_index;
    r.total = g->current_total;
    r.male = g->current_male;
    r.female = g->current_female;
    r.children = g->current_children;
  } else {
    const auto& d = std::get<rules::DwellEpisode>(ev.what);
    r.kind = kDwell;
    r.idx = d.region_index;
    r.child = d.child ? 1 : 0;
    r.gender = static_cast<int>(d.gender);
    r.track = d.track_id;
    r.start = d.start_s;
    r.duration_ms = d.duration_ms;
  }
  return r;
}

EventRow read_event_row(const Stmt& s) {
  EventRow r;
  r.t = s.dbl(0);
  r.kind = static_cast<int>(s.i64(1));
  r.idx = static_cast<int>(s.i64(2));
  r.dir = static_cast<int>(s.i64(3));
  r.child = static_cast<int>(s.i64(4));
  r.gender = static_cast<int>(s.i64(5));
  r.total = s.i64(6);
  r.male = s.i64(7);
  r.female = s.i64(8);
  r.children = s.i64(9);
  r.track = s.i64(10);
  r.start = s.dbl(11);
  r.duration_ms = s.i64(12);
  return r;
}

BinValues bin_values(const EventRow& r) {
  BinValues v{};
  const bool male = r.gender == static_cast<int>(rules::Gender::kMale);
  const bool female = r.gender == static_cast<int>(rules::Gender::kFemale);
  switch (r.kind) {
    case kLine: {
      const int out = r.dir == 0 ? 0 : 1;  // the out column follows each in column
      v[static_cast<std::size_t>(kIn + out)] = 1;
      if (male) v[static_cast<std::size_t>(kMaleIn + out)] = 1;
      if (female) v[static_cast<std::size_t>(kFemaleIn + out)] = 1;
      if (r.child != 0) v[static_cast<std::size_t>(kChildrenIn + out)] = 1;
      break;
    }
    case kRegion:
      v[kChanges] = 1;
      v[kSumTotal] = r.total;
      v[kMaxTotal] = r.total;
      break;
    default:
      add_duration(v, kEpisodes, r.duration_ms);
      if (male) add_duration(v, kMaleN, r.duration_ms);
      if (female) add_duration(v, kFemaleN, r.duration_ms);
      if (r.child != 0) add_duration(v, kChildrenN, r.duration_ms);
  }
  return v;
}

void fold(int kind, BinValues& into, const BinValues& add) {
  const BinTable& t = table_of(kind);
  for (std::size_t c = 0; c < t.columns.size(); ++c) into[c] = t.max[c] ? std::max(into[c], add[c]) : into[c] + add[c];
}

int64_t minute_of(double t) {
  if (std::isnan(t)) return 0;  // never stored: the events table refuses a NULL (NaN) time
  const auto s = static_cast<int64_t>(std::floor(std::clamp(t, -1e15, 1e15)));  // no int64 overflow
  return s - ((s % 60) + 60) % 60;
}

const char* bin_select_sql(int kind) {
  static const std::string kSql[] = {
      "SELECT minute,idx,n_in,n_out,male_in,male_out,female_in,female_out,children_in,children_out FROM line_bins",
      "SELECT minute,idx,changes,sum_total,max_total FROM region_bins",
      "SELECT minute,idx,episodes,sum_ms,max_ms,male_n,male_sum_ms,male_max_ms,female_n,female_sum_ms,female_max_ms,"
      "children_n,children_sum_ms,children_max_ms FROM dwell_bins"};
  static const std::string kWhere = " WHERE minute>=?1 AND minute<?2 AND (?3=0 OR idx=?3)";
  static const std::string kFull[] = {kSql[0] + kWhere, kSql[1] + kWhere, kSql[2] + kWhere};
  return kFull[std::clamp(kind, 0, 2)].c_str();
}

int bin_column_count(int kind) { return static_cast<int>(table_of(kind).columns.size()); }

void MinuteBins::add(const EventRow& r) {
  const int64_t m = minute_of(r.t);
  fold(r.kind, bins_[{r.kind, m, r.idx}], bin_values(r));
  newest_ = std::max(newest_, m);
}

void MinuteBins::write(Db& db) {
  for (int kind = kLine; kind <= kDwell; ++kind) {
    auto it = bins_.lower_bound({kind, INT64_MIN, INT32_MIN});
    if (it == bins_.end() || std::get<0>(it->first) != kind) continue;
    const BinTable& t = table_of(kind);
    Stmt up(db, upsert_sql(t).c_str());
    for (; it != bins_.end() && std::get<0>(it->first) == kind; ++it) {
      up.bind(1, std::get<1>(it->first)).bind(2, std::get<2>(it->first));
      for (std::size_t c = 0; c < t.columns.size(); ++c) up.bind(static_cast<int>(c) + 3, it->second[c]);
      up.run();
    }
  }
  bins_.clear();
}

void backfill_minute_bins(Db& db) {
  MinuteBins bins;
  Stmt s(db, (std::string("SELECT ") + kEventColumns + " FROM events ORDER BY id").c_str());
  int64_t n = 0;
  while (s.step()) {
    bins.add(read_event_row(s));
    if (++n % 65536 == 0) bins.write(db);  // bounded memory on a full database
  }
  bins.write(db);
}

int64_t prune_minute_bins(Db& db, int64_t newest_minute, int64_t retention_s) {
  int64_t deleted = 0;
  for (int kind = kLine; kind <= kDwell; ++kind) {
    Stmt del(db, (std::string("DELETE FROM ") + table_of(kind).name + " WHERE minute < ?").c_str());
    del.bind(1, newest_minute - retention_s).run();
    deleted += sqlite3_changes(db.get());
  }
  return deleted;
}

}  // namespace hc::store
