// Per-minute bins: report queries served from them equal the raw aggregation (and a brute-force
// count in the test) on random events, queries and offsets; migration 2 back-fills them; raw
// retention keeps the binned history; bins have their own retention; users round-trip.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include "store/store.h"
#include "store_test_support.h"

using namespace hc::store;
namespace fs = std::filesystem;
using hc::rules::CountEvent;

namespace {

using test_support::crossing;
using test_support::kT0;
using test_support::temp_db;
constexpr double kSpanS = 10 * 86400.0;

// Random line crossings, region changes and dwell episodes over ten days, fractional times, plus
// two resets.
std::vector<CountEvent> random_events(std::mt19937& rng, int n) {
  std::uniform_real_distribution<double> t(kT0, kT0 + kSpanS);
  std::uniform_int_distribution<int> idx(1, 3), gender(0, 2), coin(0, 1), total(0, 40), ms(100, 900000);
  std::vector<CountEvent> out;
  for (int i = 0; i < n; ++i) {
    const double ti = t(rng);
    switch (i % 3) {
      case 0: {
        hc::rules::LineCrossing c;
        c.line_index = idx(rng);
        c.direction = coin(rng) ? hc::rules::Direction::kIn : hc::rules::Direction::kOut;
        c.gender = static_cast<hc::rules::Gender>(gender(rng));
        c.child = coin(rng) == 1;
        out.push_back({ti, c});
        break;
      }
      case 1: {
        hc::rules::RegionCountChange r;
        r.region_index = idx(rng);
        r.current_total = total(rng);
        out.push_back({ti, r});
        break;
      }
      default: {
        hc::rules::DwellEpisode d;
        d.region_index = idx(rng);
        d.duration_ms = ms(rng);
        d.end_s = ti;
        d.start_s = ti - static_cast<double>(d.duration_ms) / 1000.0;
        d.gender = static_cast<hc::rules::Gender>(gender(rng));
        d.child = coin(rng) == 1;
        out.push_back({ti, d});
      }
    }
  }
  return out;
}

Query random_query(std::mt19937& rng, EventType event) {
  // Whole-minute offsets of real zones (+5:30, +5:45, +12:45, -9:30 ...) and one that is not (the
  // raw fallback).
  static const int kOffsets[] = {0, 3600, -18000, 19800, 20700, 45900, -34200, 37};
  std::uniform_real_distribution<double> start(kT0 - 3600, kT0 + kSpanS), len(0, 5 * 86400);
  std::uniform_int_distribution<int> unit(0, 5), off(0, 7), index(0, 3), aligned(0, 3);
  Query q;
  q.event = event;
  q.unit = static_cast<TimeUnit>(unit(rng));
  q.start_s = start(rng);
  q.end_s = q.start_s + len(rng);
  if (aligned(rng) == 0) q.start_s = std::floor(q.start_s / 3600) * 3600;  // as the Report page asks
  q.index = index(rng);
  q.utc_offset_s = kOffsets[off(rng)];
  return q;
}

std::string describe(const Query& q) {
  std::ostringstream s;
  s.precision(17);
  s << "start " << q.start_s << " end " << q.end_s << " unit " << static_cast<int>(q.unit) << " index " << q.index
    << " offset " << q.utc_offset_s;
  return s.str();
}

auto tie(const LineBin& b) {
  return std::tie(b.bucket_start_s, b.line, b.in, b.out, b.male_in, b.male_out, b.female_in, b.female_out,
                  b.children_in, b.children_out);
}
auto tie(const RegionBin& b) { return std::tie(b.bucket_start_s, b.region, b.max_total, b.avg_total, b.samples); }
auto tie(const DwellBin& b) { return std::tie(b.bucket_start_s, b.region, b.episodes, b.avg_ms, b.max_ms); }
auto tie(const DwellSummary& s) {
  return std::tie(s.region, s.episodes, s.avg_ms, s.max_ms, s.male_avg_ms, s.male_max_ms, s.female_avg_ms,
                  s.female_max_ms, s.children_avg_ms, s.children_max_ms);
}
template <class Bin>
bool same(const std::vector<Bin>& a, const std::vector<Bin>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (tie(a[i]) != tie(b[i])) return false;  // exact, doubles included
  return true;
}

// Everything the report queries answer for `queries`, in one comparable bundle.
struct Answers {
  std::vector<std::vector<LineBin>> lines;
  std::vector<std::vector<RegionBin>> regions;
  std::vector<std::vector<DwellBin>> dwell;
  std::vector<DwellSummary> since_reset;
};

Answers answer(const Store& s, const std::vector<Query>& queries) {
  Answers a;
  for (const Query& q : queries) {
    a.lines.push_back(s.query_lines(q));
    a.regions.push_back(s.query_regions(q));
    a.dwell.push_back(s.query_dwell(q));
  }
  a.since_reset = s.dwell_since_reset();
  return a;
}

void expect_same(const Answers& bins, const Answers& raw, const std::vector<Query>& queries) {
  for (std::size_t i = 0; i < queries.size(); ++i) {
    EXPECT_TRUE(same(bins.lines[i], raw.lines[i])) << "lines, " << describe(queries[i]);
    EXPECT_TRUE(same(bins.regions[i], raw.regions[i])) << "regions, " << describe(queries[i]);
    EXPECT_TRUE(same(bins.dwell[i], raw.dwell[i])) << "dwell, " << describe(queries[i]);
  }
  EXPECT_TRUE(same(bins.since_reset, raw.since_reset)) << "dwell since reset";
}

// The line bins of q counted the plainest way, from the events in memory.
std::vector<LineBin> brute_force_lines(const std::vector<CountEvent>& events, const Query& q) {
  std::map<std::pair<int64_t, int>, LineBin> bins;
  for (const CountEvent& e : events) {
    const auto* c = std::get_if<hc::rules::LineCrossing>(&e.what);
    if (!c || !(e.t_s >= q.start_s && e.t_s < q.end_s) || (q.index != 0 && c->line_index != q.index)) continue;
    const int64_t b = bucket_start(e.t_s, q.unit, q.utc_offset_s);
    LineBin& bin = bins[{b, c->line_index}];
    bin.bucket_start_s = b;
    bin.line = c->line_index;
    const bool in = c->direction == hc::rules::Direction::kIn;
    ++(in ? bin.in : bin.out);
    if (c->gender == hc::rules::Gender::kMale) ++(in ? bin.male_in : bin.male_out);
    if (c->gender == hc::rules::Gender::kFemale) ++(in ? bin.female_in : bin.female_out);
    if (c->child) ++(in ? bin.children_in : bin.children_out);
  }
  std::vector<LineBin> out;
  for (auto& [k, b] : bins) out.push_back(b);
  return out;
}

std::vector<Query> random_queries(std::mt19937& rng, int n) {
  std::vector<Query> qs;
  for (int i = 0; i < n; ++i) qs.push_back(random_query(rng, EventType::kLineCrossing));
  // Odd ranges: inside one minute, reversed, infinite, NaN.
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  for (auto [from, to] : {std::pair{kT0 + 70.5, kT0 + 119.5}, {kT0 + 3600, kT0}, {-inf, inf}, {nan, kT0 + 86400}})
    qs.push_back({EventType::kLineCrossing, TimeUnit::kHour, from, to, 0, 0});
  // The whole span in every unit, all lines and regions (the last six: whole minutes only).
  for (int unit = 0; unit <= 5; ++unit) qs.push_back({EventType::kLineCrossing, static_cast<TimeUnit>(unit), 0, 4e9, 0, 3600});
  return qs;
}

void exec(const fs::path& db, const char* sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(h, sql, nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

// Records `events` (and a reset halfway) into a new store at p, then answers `queries` from it.
Answers record_and_answer(const fs::path& p, const std::vector<CountEvent>& events, const std::vector<Query>& queries) {
  Store s({p});
  for (std::size_t i = 0; i < events.size(); ++i) {
    s.record(events[i]);
    if (i == events.size() / 2) s.record_reset({kT0 + 4.5 * 86400 + 17.25, false});
  }
  s.flush();
  return answer(s, queries);
}

}  // namespace

TEST(StoreBins, EqualRawAggregationOnRandomEventsAndQueries) {
  std::mt19937 rng(20240530);
  const auto events = random_events(rng, 30000);
  const auto queries = random_queries(rng, 300);
  const fs::path p = temp_db("random");
  const Answers bins = record_and_answer(p, events, queries);
  for (std::size_t i = 0; i < queries.size(); ++i)
    EXPECT_TRUE(same(bins.lines[i], brute_force_lines(events, queries[i]))) << describe(queries[i]);
  StoreOptions raw_only{p};
  raw_only.query_raw_events = true;
  Store raw(raw_only);
  expect_same(bins, answer(raw, queries), queries);
  EXPECT_FALSE(bins.lines.back().empty());
  EXPECT_FALSE(bins.regions.back().empty());
  EXPECT_FALSE(bins.dwell.back().empty());
  EXPECT_FALSE(bins.since_reset.empty());
  fs::remove_all(p.parent_path());
}

// A version 1 database (raw events only) is migrated: the bins are back-filled from its events.
TEST(StoreBins, MigrationToVersion2BackfillsTheBins) {
  std::mt19937 rng(7);
  const auto events = random_events(rng, 6000);
  const auto queries = random_queries(rng, 60);
  const fs::path p = temp_db("migrate");
  const Answers before = record_and_answer(p, events, queries);
  exec(p, "DROP TABLE line_bins; DROP TABLE region_bins; DROP TABLE dwell_bins; DROP TABLE user_questions;"
          " DROP TABLE users; PRAGMA user_version=1;");
  {
    StoreOptions raw_only{p};
    raw_only.query_raw_events = true;
    Store raw(raw_only);  // migrates (back-fills) on open
  }
  exec(p, "DELETE FROM events");  // only the back-filled bins can answer now
  Store migrated({p});
  const std::vector<Query> whole_span(queries.end() - 6, queries.end());  // whole minutes: bins only
  const Answers after = answer(migrated, whole_span);
  for (std::size_t i = 0; i < 6; ++i) {
    const std::size_t at = queries.size() - 6 + i;
    EXPECT_TRUE(same(after.lines[i], before.lines[at])) << describe(queries[at]);
    EXPECT_TRUE(same(after.regions[i], before.regions[at])) << describe(queries[at]);
    EXPECT_TRUE(same(after.dwell[i], before.dwell[at])) << describe(queries[at]);
  }
  fs::remove_all(p.parent_path());
}

TEST(StoreBins, RawRetentionKeepsTheBinnedHistory) {
  const fs::path p = temp_db("raw_retention");
  StoreOptions o{p};
  o.max_records = 100;
  Store s(o);
  for (int i = 0; i < 1000; ++i) {
    s.record(crossing(kT0 + i * 7.3, 1, i % 4 != 0));
  }
  s.flush();
  EXPECT_EQ(s.record_count(), 100);
  const auto day = s.query_lines({EventType::kLineCrossing, TimeUnit::kDay, kT0, kT0 + 86400, 0, 0});
  ASSERT_EQ(day.size(), 1u);
  EXPECT_EQ(day[0].in, 750);
  EXPECT_EQ(day[0].out, 250);
  fs::remove_all(p.parent_path());
}

TEST(StoreBins, BinsHaveTheirOwnRetention) {
  const fs::path p = temp_db("bin_retention");
  StoreOptions o{p};
  o.bin_retention_days = 2;
  Store s(o);
  hc::rules::LineCrossing c;
  s.record({kT0 + 30, c});
  s.flush();
  s.record({kT0 + 3 * 86400 + 30, c});
  s.flush();
  const auto days = s.query_lines({EventType::kLineCrossing, TimeUnit::kDay, kT0, kT0 + 5 * 86400, 0, 0});
  ASSERT_EQ(days.size(), 1u);  // the first day's bins are past the 2-day retention
  EXPECT_EQ(days[0].bucket_start_s, static_cast<int64_t>(kT0) + 3 * 86400);
  EXPECT_EQ(s.record_count(), 2);  // the raw rows follow max_records only
  EXPECT_THROW(Store(StoreOptions{temp_db("bad_retention"), 16, 10, 0}), std::invalid_argument);
  fs::remove_all(p.parent_path());
}

TEST(StoreBins, RetentionsChangeWhileRunning) {
  const fs::path p = temp_db("set_retention");
  Store s(StoreOptions{p});
  hc::rules::LineCrossing c;
  for (int i = 0; i < 10; ++i) s.record({kT0 + 30 + i, c});
  s.flush();
  EXPECT_EQ(s.record_count(), 10);
  s.set_retention(4, 2);  // as system.storage changes: from the next batch on
  s.record({kT0 + 3 * 86400 + 30, c});
  s.flush();
  EXPECT_EQ(s.record_count(), 4);
  const auto days = s.query_lines({EventType::kLineCrossing, TimeUnit::kDay, kT0, kT0 + 5 * 86400, 0, 0});
  ASSERT_EQ(days.size(), 1u);  // the first day's bins went with the new 2-day retention
  EXPECT_EQ(days[0].bucket_start_s, static_cast<int64_t>(kT0) + 3 * 86400);
  EXPECT_THROW(s.set_retention(0, 2), std::invalid_argument);
  EXPECT_THROW(s.set_retention(4, 0), std::invalid_argument);
  fs::remove_all(p.parent_path());
}

TEST(StoreUsers, ReplaceRoundTripsAndSurvivesReopen) {
  const fs::path p = temp_db("users");
  const std::vector<UserRecord> users = {
      {"admin", "admin", "$argon2id$a", {{"Q1", "$argon2id$1"}, {"Q2", "$argon2id$2"}, {"Q3", "$argon2id$3"}}},
      {"viewer", "viewer", "$argon2id$v", {}}};
  {
    Store s({p});
    EXPECT_TRUE(s.users().empty());
    s.replace_users(users);
    s.replace_users({users[1]});
    s.replace_users(users);
  }
  Store s({p});
  // The file holds password hashes: owner read/write only (the WAL inherits the mode).
  for (const char* suffix : {"", "-wal"})
    EXPECT_EQ(fs::status(p.string() + suffix).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write) << suffix;
  const auto got = s.users();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].username, "admin");
  EXPECT_EQ(got[0].hash, "$argon2id$a");
  ASSERT_EQ(got[0].questions.size(), 3u);
  EXPECT_EQ(got[0].questions[2].question, "Q3");
  EXPECT_EQ(got[0].questions[2].answer_hash, "$argon2id$3");
  EXPECT_EQ(got[1].role, "viewer");
  EXPECT_TRUE(got[1].questions.empty());
  // A failing replacement changes nothing (a duplicate name breaks the primary key).
  EXPECT_THROW(s.replace_users({users[1], users[1]}), std::runtime_error);
  EXPECT_EQ(s.users().size(), 2u);
  fs::remove_all(p.parent_path());
}
