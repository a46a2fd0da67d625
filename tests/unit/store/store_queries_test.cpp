// Store queries: week/year buckets, region and dwell bins by region, occupancy samples over time,
// dwell statistics since the last reset, dwell duration histograms, batched outbox operations.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "store/store.h"

using namespace hc::store;
namespace fs = std::filesystem;
using hc::rules::CountEvent;

namespace {

constexpr double kT0 = 1717027200.0;  // 2024-05-30T00:00:00Z, a Thursday

class StoreQueries : public ::testing::Test {
 protected:
  StoreQueries() {
    std::ostringstream n;
    n << "hc_store_q_" << getpid() << "_" << ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / n.str();
    fs::remove_all(dir_);
    store_ = std::make_unique<Store>(StoreOptions{dir_ / "hc.db"});
  }
  ~StoreQueries() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void region(double t, int index, int total, int male = 0) {
    hc::rules::RegionCountChange r;
    r.region_index = index;
    r.current_total = total;
    r.current_male = male;
    store_->record({t, r});
  }
  void dwell(double end, int index, int64_t ms, hc::rules::Gender g = hc::rules::Gender::kUnknown, bool child = false) {
    hc::rules::DwellEpisode d;
    d.region_index = index;
    d.end_s = end;
    d.start_s = end - static_cast<double>(ms) / 1000.0;
    d.duration_ms = ms;
    d.gender = g;
    d.child = child;
    store_->record({end, d});
  }
  static Query range(double start, double end, int index = 0, TimeUnit unit = TimeUnit::kHour) {
    Query q;
    q.start_s = start;
    q.end_s = end;
    q.index = index;
    q.unit = unit;
    return q;
  }
  fs::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace

TEST(StoreBuckets, WeekStartsMondayAndYearStartsJanuaryFirst) {
  // Thursday 2024-05-30 -> Monday 2024-05-27 00:00 local.
  EXPECT_EQ(bucket_start(kT0 + 3600, TimeUnit::kWeek, 0), static_cast<int64_t>(kT0) - 3 * 86400);
  // In UTC+8 the local week starts 8 h earlier in UTC.
  EXPECT_EQ(bucket_start(kT0 + 3600, TimeUnit::kWeek, 8 * 3600), static_cast<int64_t>(kT0) - 3 * 86400 - 8 * 3600);
  // A Monday itself.
  EXPECT_EQ(bucket_start(kT0 - 3 * 86400, TimeUnit::kWeek, 0), static_cast<int64_t>(kT0) - 3 * 86400);
  EXPECT_EQ(bucket_start(kT0, TimeUnit::kYear, 0), 1704067200);  // 2024-01-01T00:00:00Z
  EXPECT_EQ(bucket_start(kT0, TimeUnit::kYear, -3600), 1704067200 + 3600);
  EXPECT_EQ(parse_time_unit("week"), TimeUnit::kWeek);
  EXPECT_EQ(parse_time_unit("year"), TimeUnit::kYear);
  EXPECT_THROW(parse_time_unit("fortnight"), std::invalid_argument);
}

TEST_F(StoreQueries, RegionAndDwellBinsByRegion) {
  region(kT0 + 10, 1, 1);
  region(kT0 + 20, 2, 3);
  region(kT0 + 30, 1, 2);
  dwell(kT0 + 40, 1, 5000);
  dwell(kT0 + 50, 2, 9000);
  store_->flush();
  const auto r2 = store_->query_regions(range(kT0, kT0 + 3600, 2));
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(r2[0].region, 2);
  EXPECT_EQ(r2[0].max_total, 3);
  const auto r1 = store_->query_regions(range(kT0, kT0 + 3600, 1));
  ASSERT_EQ(r1.size(), 1u);
  EXPECT_EQ(r1[0].samples, 2);
  EXPECT_DOUBLE_EQ(r1[0].avg_total, 1.5);
  const auto d2 = store_->query_dwell(range(kT0, kT0 + 3600, 2));
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2[0].max_ms, 9000);
  EXPECT_EQ(store_->query_dwell(range(kT0, kT0 + 3600, 0)).size(), 2u);
}

TEST_F(StoreQueries, OccupancySamplesFollowTheChanges) {
  region(kT0 + 10, 1, 2, 1);
  region(kT0 + 60, 1, 3);  // exactly at a sample instant: counts for it
  region(kT0 + 95, 1, 0);
  region(kT0 + 70, 2, 5);
  store_->flush();
  const auto s = store_->occupancy_samples(range(kT0, kT0 + 150, 1), 30);
  ASSERT_EQ(s.size(), 5u);  // 0, 30, 60, 90, 120
  const int64_t want[] = {0, 2, 3, 3, 0};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(s[i].t_s, static_cast<int64_t>(kT0) + 30 * static_cast<int64_t>(i));
    EXPECT_EQ(s[i].total, want[i]) << i;
  }
  EXPECT_EQ(s[1].male, 1);
  // Every region, from its first change on: region 2 appears at 90 and 120.
  const auto all = store_->occupancy_samples(range(kT0, kT0 + 150), 30);
  EXPECT_EQ(all.size(), 4u + 2u);
  EXPECT_THROW(store_->occupancy_samples(range(kT0, kT0 + 1), 0), std::invalid_argument);
}

TEST_F(StoreQueries, DwellSinceResetAndHistogram) {
  dwell(kT0 + 10, 1, 60000);  // before the reset
  store_->record_reset({kT0 + 20, false});
  dwell(kT0 + 30, 1, 4000, hc::rules::Gender::kMale);
  dwell(kT0 + 40, 1, 8000, hc::rules::Gender::kFemale, true);
  dwell(kT0 + 50, 2, 1000);
  store_->flush();
  const auto since = store_->dwell_since_reset();
  ASSERT_EQ(since.size(), 2u);
  EXPECT_EQ(since[0].region, 1);
  EXPECT_EQ(since[0].episodes, 2);
  EXPECT_EQ(since[0].avg_ms, 6000);
  EXPECT_EQ(since[0].max_ms, 8000);
  EXPECT_EQ(since[0].male_max_ms, 4000);
  EXPECT_EQ(since[0].female_avg_ms, 8000);
  EXPECT_EQ(since[0].children_max_ms, 8000);
  EXPECT_EQ(store_->dwell_since_reset(2).size(), 1u);
  // Durations >= 2 s in 3 bins of 3 s: [2,5) [5,8) [8,...): 4 s, 8 s and (before the reset) 60 s.
  const auto h = store_->dwell_histogram(range(kT0, kT0 + 3600, 1), 2, 3, 3);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].counts, (std::vector<int64_t>{1, 0, 2}));
  EXPECT_THROW(store_->dwell_histogram(range(kT0, kT0 + 1), 0, 0, 3), std::invalid_argument);
  EXPECT_THROW(store_->dwell_histogram(range(kT0, kT0 + 1), 0, 1, 0), std::invalid_argument);
}

TEST_F(StoreQueries, BatchedOutboxKeepsOrderAndBound) {
  EXPECT_EQ(store_->outbox_push("r", std::vector<std::string>{"a", "b", "c"}, 2), 1);  // "a" dropped
  EXPECT_EQ(store_->outbox_size("r"), 2);
  EXPECT_EQ(store_->outbox_dropped("r"), 1);
  const auto items = store_->outbox_peek("r", 10);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].payload, "b");
  store_->outbox_ack("r", std::vector<int64_t>{items[0].id, items[1].id});
  EXPECT_EQ(store_->outbox_size("r"), 0);
}

// Acknowledgements are durable marks: after a reopen the delivered items stay gone; a mark left by a
// deleted database never hides the reports of a new one.
TEST_F(StoreQueries, AckMarksSurviveReopenAndStaleMarksAreIgnored) {
  store_->outbox_push("r", std::vector<std::string>{"a", "b", "c"});
  const auto items = store_->outbox_peek("r", 2);
  store_->outbox_ack("r", items[0].id);
  store_->outbox_ack("r", items[1].id);
  store_.reset();
  store_ = std::make_unique<Store>(StoreOptions{dir_ / "hc.db"});
  EXPECT_EQ(store_->outbox_size("r"), 1);
  EXPECT_EQ(store_->outbox_peek("r", 10).at(0).payload, "c");
  store_.reset();
  for (const char* f : {"hc.db", "hc.db-wal", "hc.db-shm"}) fs::remove(dir_ / f);  // the marks stay
  store_ = std::make_unique<Store>(StoreOptions{dir_ / "hc.db"});
  store_->outbox_push("other", std::vector<std::string>{"1", "2", "3"});  // ids beyond the old mark
  store_->outbox_push("r", std::vector<std::string>{"x"});
  EXPECT_EQ(store_->outbox_size("r"), 1);
  EXPECT_EQ(store_->outbox_peek("r", 10).at(0).payload, "x");
  EXPECT_EQ(store_->outbox_size("other"), 3);
}

// The guide's export "according to the selected time unit": one CSV row per bucket and line/region.
TEST_F(StoreQueries, BinnedCsvPerTimeUnit) {
  hc::rules::LineCrossing c;
  c.line_index = 2;
  store_->record({kT0 + 10, c});
  store_->record({kT0 + 20, c});
  c.direction = hc::rules::Direction::kOut;
  c.gender = hc::rules::Gender::kFemale;
  store_->record({kT0 + 3700, c});
  dwell(kT0 + 30, 1, 4000);
  store_->flush();
  Query q = range(kT0, kT0 + 86400, 0, TimeUnit::kHour);
  q.utc_offset_s = 8 * 3600;
  std::ostringstream lines;
  EXPECT_EQ(store_->export_bins_csv(q, lines), 2);
  EXPECT_EQ(lines.str(),
            "bucket_start_unix,bucket_start_local,line,in,out,male_in,male_out,female_in,female_out,"
            "children_in,children_out\n"
            "1717027200,2024-05-30 08:00,2,2,0,0,0,0,0,0,0\n"
            "1717030800,2024-05-30 09:00,2,0,1,0,0,0,1,0,0\n");
  q.event = EventType::kDwellTime;
  q.unit = TimeUnit::kDay;
  std::ostringstream dw;
  EXPECT_EQ(store_->export_bins_csv(q, dw), 1);
  EXPECT_EQ(dw.str(),
            "bucket_start_unix,bucket_start_local,region,episodes,avg_dwell_ms,max_dwell_ms\n"
            "1716998400,2024-05-30 00:00,1,1,4000,4000\n");
}
