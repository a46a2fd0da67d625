// Store: events, totals, resets, queries by unit, CSV, outbox bound, settings, retention,
// migrations on reopen, and durability across SIGKILL of a writing child process.
#include "store/store.h"
#include "store_test_support.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

using namespace hc::store;
namespace fs = std::filesystem;

namespace {

using test_support::crossing;
using test_support::kT0;
using test_support::temp_db;

}  // namespace

TEST(Store, LineBinsTotalsAndReset) {
  const fs::path p = temp_db("bins");
  Store s({p});
  s.record(crossing(kT0 + 10, 1, true, hc::rules::Gender::kMale));
  s.record(crossing(kT0 + 20, 1, false));
  s.record(crossing(kT0 + 3700, 1, true));
  s.record(crossing(kT0 + 3800, 2, true, hc::rules::Gender::kFemale));
  s.flush();
  Query q;
  q.unit = TimeUnit::kHour;
  q.start_s = kT0;
  q.end_s = kT0 + 86400;
  auto bins = s.query_lines(q);
  ASSERT_EQ(bins.size(), 3u);
  EXPECT_EQ(bins[0].bucket_start_s, static_cast<int64_t>(kT0));
  EXPECT_EQ(bins[0].in, 1);
  EXPECT_EQ(bins[0].out, 1);
  EXPECT_EQ(bins[0].male_in, 1);
  EXPECT_EQ(bins[2].line, 2);
  EXPECT_EQ(bins[2].female_in, 1);
  q.unit = TimeUnit::kDay;
  q.index = 1;
  bins = s.query_lines(q);
  ASSERT_EQ(bins.size(), 1u);
  EXPECT_EQ(bins[0].in, 2);
  // Day buckets in UTC+8 start at 16:00Z the day before.
  q.utc_offset_s = 8 * 3600;
  EXPECT_EQ(s.query_lines(q)[0].bucket_start_s, static_cast<int64_t>(kT0) - 8 * 3600);
  q.unit = TimeUnit::kMonth;
  q.utc_offset_s = 0;
  EXPECT_EQ(s.query_lines(q)[0].bucket_start_s, 1714521600);  // 2024-05-01T00:00:00Z
  auto totals = s.line_totals();
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].in, 2);
  EXPECT_EQ(totals[0].out, 1);
  s.record_reset({kT0 + 5000, false});
  s.flush();
  totals = s.line_totals();
  EXPECT_EQ(totals[0].in, 0);
  EXPECT_DOUBLE_EQ(totals[0].reset_at_s, kT0 + 5000);
  fs::remove_all(p.parent_path());
}

TEST(Store, RegionsDwellAndCsv) {
  const fs::path p = temp_db("regions");
  Store s({p});
  hc::rules::RegionCountChange r;
  r.region_index = 1;
  r.current_total = 2;
  s.record({kT0 + 1, r});
  r.current_total = 4;
  s.record({kT0 + 2, r});
  hc::rules::DwellEpisode d;
  d.region_index = 1;
  d.start_s = kT0;
  d.end_s = kT0 + 100;
  d.duration_ms = 100000;
  s.record({kT0 + 100, d});
  d.duration_ms = 50000;
  s.record({kT0 + 110, d});
  s.flush();
  Query q{EventType::kRegionCounting, TimeUnit::kHour, kT0, kT0 + 3600, 0, 0};
  auto rb = s.query_regions(q);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_EQ(rb[0].max_total, 4);
  EXPECT_DOUBLE_EQ(rb[0].avg_total, 3.0);
  auto db = s.query_dwell(q);
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0].episodes, 2);
  EXPECT_EQ(db[0].max_ms, 100000);
  EXPECT_EQ(db[0].avg_ms, 75000);
  std::ostringstream csv;
  q.event = EventType::kDwellTime;
  EXPECT_EQ(s.export_csv(q, csv), 2);
  EXPECT_EQ(csv.str(),
            "end_time_unix,region,start_time_unix,duration_ms,child,gender,track_id\n"
            "1717027300.000,1,1717027200.000,100000,0,unknown,0\n"
            "1717027310.000,1,1717027200.000,50000,0,unknown,0\n");
  fs::remove_all(p.parent_path());
}

TEST(Store, OutboxOrderBoundAndSettings) {
  const fs::path p = temp_db("outbox");
  {
    Store s({p});
    for (int i = 0; i < 7; ++i) s.outbox_push("r1", std::string(1, static_cast<char>('m')).append(std::to_string(i)), 5);
    s.outbox_push("r2", "x");
    EXPECT_EQ(s.outbox_size("r1"), 5);
    EXPECT_EQ(s.outbox_dropped("r1"), 2);
    auto items = s.outbox_peek("r1", 10);
    ASSERT_EQ(items.size(), 5u);
    EXPECT_EQ(items[0].payload, "m2");
    EXPECT_EQ(items[4].payload, "m6");
    s.outbox_ack("r1", items[0].id);
    s.set_setting("k", "v1");
    s.set_setting("k", "v2");
  }
  Store s({p});  // reopen: migrations are idempotent, data kept
  EXPECT_EQ(s.outbox_peek("r1", 1)[0].payload, "m3");
  EXPECT_EQ(s.outbox_size("r2"), 1);
  EXPECT_EQ(s.setting("k").value(), "v2");
  EXPECT_FALSE(s.setting("none").has_value());
  fs::remove_all(p.parent_path());
}

TEST(Store, RetentionKeepsNewest) {
  const fs::path p = temp_db("retention");
  StoreOptions o{p};
  o.max_records = 1000;
  Store s(o);
  for (int i = 0; i < 2500; ++i) s.record(crossing(kT0 + i, 1, true));
  s.flush();
  EXPECT_EQ(s.record_count(), 1000);
  std::ostringstream csv;
  Query q{EventType::kLineCrossing, TimeUnit::kHour, kT0, kT0 + 1e6, 0, 0};
  s.export_csv(q, csv);
  EXPECT_NE(csv.str().find("\n1717028700.000,"), std::string::npos);  // kT0 + 1500: first kept
  EXPECT_EQ(csv.str().find("\n1717028699.000,"), std::string::npos);
  fs::remove_all(p.parent_path());
}

TEST(Store, BadInputIsAClearError) {
  EXPECT_THROW(Store({""}), std::invalid_argument);
  EXPECT_THROW(parse_time_unit("fortnight"), std::invalid_argument);
  EXPECT_THROW(Store({"/proc/hc_no_such_dir/x.db"}), std::exception);
}

// A child commits events one flush at a time and reports progress through a pipe; the parent
// SIGKILLs it mid-stream and checks that every acknowledged event is in the reopened database, and
// that the per-minute bins and the totals agree with the raw rows.
TEST(Store, SurvivesSigkillWithNothingCommittedLost) {
  const fs::path p = temp_db("kill");
  fs::create_directories(p.parent_path());
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    Store s({p});
    for (int i = 0;; ++i) {
      s.record(crossing(kT0 + i, 1, true));
      if (i % 10 == 9) {
        s.flush();
        const int n = i + 1;
        if (write(fds[1], &n, sizeof n) != sizeof n) _exit(2);
      }
    }
  }
  close(fds[1]);
  int acked = 0, n = 0;
  while (acked < 300 && read(fds[0], &n, sizeof n) == sizeof n) acked = n;
  kill(pid, SIGKILL);
  while (read(fds[0], &n, sizeof n) == sizeof n) acked = n;  // acknowledgements sent before death
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  Store s({p});
  EXPECT_GE(s.record_count(), acked);
  EXPECT_GE(s.line_totals().at(0).in, acked);
  // The per-minute bins were committed with the raw rows: they hold exactly the surviving events.
  int64_t binned = 0;
  for (const LineBin& b : s.query_lines({EventType::kLineCrossing, TimeUnit::kDay, 0, 4e9, 0, 0})) binned += b.in;
  EXPECT_EQ(binned, s.record_count());
  EXPECT_EQ(binned, s.line_totals().at(0).in);
  fs::remove_all(p.parent_path());
}
