// The Report page's queries against a real Store in a temporary folder: parameter errors name the
// parameter, buckets are local (fixed offset and a DST change), weeks start on Monday, years, zero
// filled counts, per-region occupancy series, combined dwell statistics, CSV and file names.
#include "store/store.h"
#include "web/report_query.h"

#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <random>
#include <sstream>

namespace hc::web {
namespace {

using json = nlohmann::json;
using rules::CountEvent;

int64_t utc(int y, int mo, int d, int h = 0) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  return static_cast<int64_t>(timegm(&tm));
}

json test_rules() {
  return {{"lines", json::array({{{"uuid", "aaaa"}, {"name", "Door"}}, {{"uuid", "bbbb"}, {"name", ""}}})},
          {"regions", json::array({{{"uuid", "cccc"}, {"name", "Shop"}}, {{"uuid", "dddd"}, {"name", ""}}})}};
}

ReportRequest request(const std::string& query) {
  QueryParams p;
  std::istringstream in(query);
  std::string kv;
  while (std::getline(in, kv, '&')) p.emplace(kv.substr(0, kv.find('=')), kv.substr(kv.find('=') + 1));
  return parse_report_request(p, test_rules());
}

std::string parse_error(const std::string& query) {
  try {
    request(query);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

class ReportQuery : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("hc_report_test_" + std::to_string(std::random_device{}()));
    store_ = std::make_unique<store::Store>(store::StoreOptions{dir_ / "counts.db"});
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void cross(int64_t t, int line, rules::Direction d, bool child = false, rules::Gender g = rules::Gender::kUnknown) {
    store_->record(CountEvent{static_cast<double>(t), rules::LineCrossing{line, "", "", d, 1, child, g}});
  }
  Report run(const std::string& query, const OffsetAt& off = [](int64_t) { return 0; }) {
    store_->flush();
    return run_report(*store_, request(query), off);
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

// The value of series `name` in each bucket (-1 where undefined).
std::vector<double> column(const Report& r, const std::string& name) {
  size_t i = static_cast<size_t>(std::find(r.series.begin(), r.series.end(), name) - r.series.begin());
  EXPECT_LT(i, r.series.size()) << name;
  std::vector<double> out;
  for (const auto& b : r.buckets) out.push_back(i < b.values.size() && b.values[i] ? *b.values[i] : -1);
  return out;
}

std::vector<int64_t> starts(const Report& r) {
  std::vector<int64_t> out;
  for (const auto& b : r.buckets) out.push_back(b.t_s);
  return out;
}

TEST(ReportParams, EachErrorNamesItsParameter) {
  EXPECT_EQ(parse_error("unit=hour&from=0&to=10").rfind("type: required", 0), 0u);
  EXPECT_EQ(parse_error("type=heat_map&unit=hour&from=0&to=10").rfind("type: expected", 0), 0u);
  EXPECT_EQ(parse_error("type=dwell&unit=fortnight&from=0&to=10").rfind("unit: expected", 0), 0u);
  EXPECT_EQ(parse_error("type=dwell&unit=day&to=10").rfind("from: required", 0), 0u);
  EXPECT_EQ(parse_error("type=dwell&unit=day&from=12x&to=10").rfind("from: expected Unix seconds", 0), 0u);
  EXPECT_EQ(parse_error("type=dwell&unit=day&from=1795392000000&to=1795392000001").rfind("from: Unix seconds between", 0), 0u);
  EXPECT_EQ(parse_error("type=dwell&unit=day&from=10&to=10"), "to: must be after from");
  EXPECT_EQ(parse_error("type=dwell&unit=hour&from=0&to=36000000").rfind("to: the range holds more than 10000 hour", 0), 0u);
  EXPECT_EQ(parse_error("type=dwell&unit=hour&from=0&to=10&raw=yes"), "raw: expected 0 or 1, got \"yes\"");
  EXPECT_EQ(parse_error("type=line_count&unit=hour&from=0&to=10&target=cccc"), "target: no line with uuid \"cccc\" in the rules");
  EXPECT_EQ(parse_error("type=line_count&unit=hour&from=0&to=10&target=65"), "target: line index 1..64 expected, got 65");
  EXPECT_EQ(parse_error("type=region_count&unit=hour&from=0&to=10&target=00"), "target: region index 1..64 expected, got 00");
}

TEST(ReportParams, GuiAndStoreNamesTargetsByUuidOrIndex) {
  ReportRequest r = request("type=line_count&unit=week&from=100.7&to=200&target=bbbb");
  EXPECT_EQ(r.type, ReportType::kLineCrossing);
  EXPECT_EQ(r.unit, ReportUnit::kWeek);
  EXPECT_EQ(r.from_s, 100);
  EXPECT_EQ(r.index, 2);
  EXPECT_EQ(r.target_name, "Line2");
  r = request("type=region_counting&unit=day&from=0&to=10&target=1&raw=1");
  EXPECT_EQ(r.index, 1);
  EXPECT_EQ(r.target_name, "Shop");
  EXPECT_TRUE(r.raw);
  r = request("type=dwell&unit=year&from=0&to=10&target=");
  EXPECT_EQ(r.type, ReportType::kDwellTime);
  EXPECT_EQ(r.index, 0);
  EXPECT_EQ(r.target_name, "all");
  EXPECT_EQ(r.region_names, (std::vector<std::string>{"Shop", "Region2"}));
}

TEST_F(ReportQuery, HourBucketsAreZeroFilledWithAttributesAndTotals) {
  const int64_t t0 = utc(2026, 11, 23);
  cross(t0 + 10, 1, rules::Direction::kIn, false, rules::Gender::kMale);
  cross(t0 + 20, 1, rules::Direction::kOut, true);
  cross(t0 + 30, 2, rules::Direction::kIn);
  cross(t0 + 3605, 1, rules::Direction::kIn, false, rules::Gender::kFemale);
  cross(t0 + 3 * 3600, 1, rules::Direction::kIn);  // at `to`: excluded
  Report all = run("type=line_crossing&unit=hour&from=" + std::to_string(t0) + "&to=" + std::to_string(t0 + 3 * 3600));
  ASSERT_EQ(all.buckets.size(), 3u);
  EXPECT_EQ(all.buckets[2].t_s, t0 + 7200);
  EXPECT_EQ(column(all, "in"), (std::vector<double>{2, 1, 0}));
  EXPECT_EQ(column(all, "adults_in"), (std::vector<double>{2, 1, 0}));
  EXPECT_EQ(column(all, "out"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(column(all, "children_out"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(column(all, "adults_out"), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(column(all, "male_in"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(column(all, "female_in"), (std::vector<double>{0, 1, 0}));
  EXPECT_EQ(*all.totals[0], 3);  // in
  Report door = run("type=line_crossing&unit=hour&target=aaaa&from=" + std::to_string(t0) + "&to=" + std::to_string(t0 + 3 * 3600));
  EXPECT_EQ(column(door, "in"), (std::vector<double>{1, 1, 0}));
}

TEST_F(ReportQuery, DaysFollowTheLocalOffset) {
  const int64_t d = utc(2026, 11, 23);
  cross(d + 23 * 3600 + 1800, 1, rules::Direction::kIn);  // 00:30 on the 24th at UTC+1
  Report r = run("type=line_crossing&unit=day&from=" + std::to_string(d - 3600) + "&to=" + std::to_string(d + 2 * 86400 - 3600),
                 [](int64_t) { return 3600; });
  EXPECT_EQ(starts(r), (std::vector<int64_t>{d - 3600, d + 86400 - 3600}));
  EXPECT_EQ(r.buckets[1].local_s, d + 86400);
  EXPECT_EQ(column(r, "in"), (std::vector<double>{0, 1}));
}

TEST_F(ReportQuery, DstChangeKeepsEveryEventInItsLocalDay) {
  // EU summer time 2026: UTC+1 until 2026-03-29 01:00 UTC, UTC+2 from then.
  const int64_t change = utc(2026, 3, 29, 1);
  OffsetAt cet = [change](int64_t t) { return t < change ? 3600 : 7200; };
  const int64_t m28 = utc(2026, 3, 28), m29 = utc(2026, 3, 29), m30 = utc(2026, 3, 30), m31 = utc(2026, 3, 31);
  cross(m28 + 22 * 3600 + 1800, 1, rules::Direction::kIn);  // 23:30 local on the 28th
  cross(m28 + 23 * 3600 + 1800, 1, rules::Direction::kIn);  // 00:30 local on the 29th
  cross(m29 + 1800, 1, rules::Direction::kIn);              // 01:30 local on the 29th
  cross(m29 + 22 * 3600 + 1800, 1, rules::Direction::kIn);  // 00:30 local on the 30th (UTC+2)
  Report r = run("type=line_crossing&unit=day&from=" + std::to_string(m28 - 3600) + "&to=" + std::to_string(m31 - 7200), cet);
  EXPECT_EQ(starts(r), (std::vector<int64_t>{m28 - 3600, m29 - 3600, m30 - 7200}));
  EXPECT_EQ(column(r, "in"), (std::vector<double>{1, 2, 1}));
  // The hour skipped at the change (02:00 local) has no bucket.
  Report h = run("type=line_crossing&unit=hour&from=" + std::to_string(m29 - 3600) + "&to=" + std::to_string(m29 + 7200), cet);
  EXPECT_EQ(starts(h), (std::vector<int64_t>{m29 - 3600, m29, m29 + 3600}));
  EXPECT_EQ(column(h, "in"), (std::vector<double>{1, 1, 0}));
}

TEST_F(ReportQuery, TheHourRepeatedAtDstEndIsOneBucketFromItsFirstStart) {
  // EU 2026: UTC+2 until 2026-10-25 01:00 UTC, then UTC+1; local 02:00-03:00 happens twice.
  const int64_t change = utc(2026, 10, 25, 1);
  OffsetAt cet = [change](int64_t t) { return t < change ? 7200 : 3600; };
  cross(utc(2026, 10, 25, 0) + 1800, 1, rules::Direction::kIn);  // 02:30 local, first time
  cross(utc(2026, 10, 25, 1) + 1800, 1, rules::Direction::kIn);  // 02:30 local, second time
  Report h = run("type=line_crossing&unit=hour&from=" + std::to_string(utc(2026, 10, 24, 23)) + "&to=" +
                 std::to_string(utc(2026, 10, 25, 3)), cet);
  EXPECT_EQ(starts(h), (std::vector<int64_t>{utc(2026, 10, 24, 23), utc(2026, 10, 25, 0), utc(2026, 10, 25, 2)}));
  EXPECT_EQ(column(h, "in"), (std::vector<double>{0, 2, 0}));
}

TEST_F(ReportQuery, ADayWhoseMidnightIsSkippedStartsAtTheChange) {
  // A zone that moves from UTC-3 to UTC-2 at local midnight (03:00 UTC): that day starts at 01:00.
  const int64_t change = utc(2026, 11, 1, 3);
  OffsetAt zone = [change](int64_t t) { return t < change ? -3 * 3600 : -2 * 3600; };
  Report d = run("type=line_crossing&unit=day&from=" + std::to_string(utc(2026, 10, 31, 3)) + "&to=" +
                 std::to_string(utc(2026, 11, 2, 2)), zone);
  EXPECT_EQ(starts(d), (std::vector<int64_t>{utc(2026, 10, 31, 3), change}));
}

TEST_F(ReportQuery, WeeksStartOnMondayAndYearsOnJanuaryFirst) {
  cross(utc(2026, 11, 22, 12), 1, rules::Direction::kIn);  // Sunday
  cross(utc(2026, 11, 23, 12), 1, rules::Direction::kIn);  // Monday
  cross(utc(2026, 11, 24, 12), 1, rules::Direction::kOut);
  Report w = run("type=line_crossing&unit=week&from=" + std::to_string(utc(2026, 11, 20)) + "&to=" + std::to_string(utc(2026, 11, 25)));
  EXPECT_EQ(starts(w), (std::vector<int64_t>{utc(2026, 11, 16), utc(2026, 11, 23)}));
  EXPECT_EQ(column(w, "in"), (std::vector<double>{1, 1}));
  EXPECT_EQ(column(w, "out"), (std::vector<double>{0, 1}));
  cross(utc(2025, 12, 31, 23), 1, rules::Direction::kIn);
  Report y = run("type=line_crossing&unit=year&from=" + std::to_string(utc(2025, 6, 1)) + "&to=" + std::to_string(utc(2026, 12, 1)));
  EXPECT_EQ(starts(y), (std::vector<int64_t>{utc(2025, 1, 1), utc(2026, 1, 1)}));
  EXPECT_EQ(column(y, "in"), (std::vector<double>{1, 2}));
}

TEST_F(ReportQuery, AllRegionsKeepOneOccupancySeriesPerRegion) {
  const int64_t t0 = utc(2026, 11, 23);
  for (auto [t, region, total] : {std::tuple{10, 1, 1}, {20, 1, 2}, {30, 1, 1}, {40, 2, 3}})
    store_->record(CountEvent{static_cast<double>(t0 + t), rules::RegionCountChange{region, "", "", total, 0, 0, 0}});
  Report r = run("type=region_counting&unit=hour&from=" + std::to_string(t0) + "&to=" + std::to_string(t0 + 7200));
  EXPECT_EQ(r.series, (std::vector<std::string>{"Shop max", "Shop avg", "Region2 max", "Region2 avg"}));
  EXPECT_EQ(column(r, "Shop max"), (std::vector<double>{2, -1}));  // no samples in the second hour
  EXPECT_DOUBLE_EQ(column(r, "Shop avg")[0], 4.0 / 3.0);
  EXPECT_EQ(column(r, "Region2 max"), (std::vector<double>{3, -1}));
  Report shop = run("type=region_counting&unit=hour&target=cccc&from=" + std::to_string(t0) + "&to=" + std::to_string(t0 + 7200));
  EXPECT_EQ(shop.series, (std::vector<std::string>{"max", "avg"}));
  EXPECT_EQ(*shop.totals[0], 2);
}

TEST_F(ReportQuery, DwellOfAllRegionsCombinesEpisodes) {
  const int64_t t0 = utc(2026, 11, 23);
  for (auto [region, ms] : {std::pair{1, 2000}, {1, 4000}, {2, 6000}})
    store_->record(CountEvent{static_cast<double>(t0 + 100),
                              rules::DwellEpisode{region, "", "", 1, static_cast<double>(t0), static_cast<double>(t0 + 100), ms}});
  Report r = run("type=dwell_time&unit=day&from=" + std::to_string(t0) + "&to=" + std::to_string(t0 + 2 * 86400));
  EXPECT_EQ(r.series, (std::vector<std::string>{"episodes", "avg_s", "max_s"}));
  EXPECT_EQ(column(r, "episodes"), (std::vector<double>{3, 0}));
  EXPECT_EQ(column(r, "avg_s"), (std::vector<double>{4, -1}));
  EXPECT_EQ(column(r, "max_s"), (std::vector<double>{6, -1}));
}

TEST_F(ReportQuery, CsvHasOneRowPerBucketAndAClearFileName) {
  const int64_t t0 = utc(2026, 11, 23);
  store_->record(CountEvent{static_cast<double>(t0 + 100), rules::DwellEpisode{1, "", "", 1, 0, 0, 1500}});
  const std::string q = "type=dwell_time&unit=hour&target=cccc&from=" + std::to_string(t0) + "&to=" + std::to_string(t0 + 7200);
  OffsetAt plus1 = [](int64_t) { return 3600; };
  Report r = run(q, plus1);
  std::ostringstream out;
  write_report_csv(request(q), r, out);
  EXPECT_EQ(out.str(),
            "time,time_unix,target,episodes,avg_s,max_s\n"
            "2026-11-23T01:00:00+01:00," + std::to_string(t0) + ",Shop,1,1.500,1.500\n"
            "2026-11-23T02:00:00+01:00," + std::to_string(t0 + 3600) + ",Shop,0,,\n");
  EXPECT_EQ(report_file_name(request(q), plus1), "headcount-report-dwell_time-hour-20261123T0100-20261123T0300.csv");
  EXPECT_EQ(report_file_name(request(q + "&raw=1"), plus1), "headcount-events-dwell_time-20261123T0100-20261123T0300.csv");
  EXPECT_EQ(local_iso(t0, -(5 * 3600 + 1800)), "2026-11-22T18:30:00-05:30");
}

}  // namespace
}  // namespace hc::web
