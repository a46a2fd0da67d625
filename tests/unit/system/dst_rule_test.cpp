// DST edges in both hemispheres; expected instants computed independently (Python datetime, UTC).
#include "system/dst_rule.h"

#include <gtest/gtest.h>

namespace hc::system {
namespace {

using json = nlohmann::json;

json rule(const char* zone, json start, json end, int bias = 60) {
  return {{"time_zone", zone}, {"dst", {{"enabled", true}, {"start", start}, {"end", end}, {"bias_min", bias}}}};
}
json when(int month, int week, int weekday, int hour) {
  return {{"month", month}, {"week", week}, {"weekday", weekday}, {"hour", hour}};
}

// Asserts the offset one second before and at `edge`.
void expect_edge(const json& cfg, int64_t edge, int before_s, int after_s) {
  EXPECT_EQ(utc_offset_at(cfg, edge - 1), before_s) << "just before " << edge;
  EXPECT_EQ(utc_offset_at(cfg, edge), after_s) << "at " << edge;
}

TEST(DstRule, TransitionDaysIncludingTheLastWeek) {
  EXPECT_EQ(transition_day(2024, {3, 5, 0, 2}), 19813);  // 2024-03-31, a fifth Sunday
  EXPECT_EQ(transition_day(2026, {2, 5, 0, 2}), 20506);  // 2026-02-22: February 2026 has four Sundays
  EXPECT_EQ(transition_day(2024, {3, 2, 0, 2}), 19792);  // 2024-03-10
  EXPECT_THROW(transition_day(2024, {13, 1, 0, 2}), std::invalid_argument);
}

TEST(DstRule, NorthernAmericaStyle) {
  // UTC-05:00, second Sunday of March 02:00 EST to first Sunday of November 02:00 EDT.
  json cfg = rule("UTC-05:00", when(3, 2, 0, 2), when(11, 1, 0, 2));
  expect_edge(cfg, 1710054000, -18000, -14400);  // 2024-03-10 07:00 UTC
  expect_edge(cfg, 1730613600, -14400, -18000);  // 2024-11-03 06:00 UTC
  EXPECT_TRUE(dst_in_force(cfg, 1719792000));    // 2024-07-01
  EXPECT_FALSE(dst_in_force(cfg, 1705276800));   // 2024-01-15
}

TEST(DstRule, NorthernEuropeStyleWithTheLastSunday) {
  // UTC+01:00, last Sunday of March 02:00 CET to last Sunday of October 03:00 CEST.
  json cfg = rule("UTC+01:00", when(3, 5, 0, 2), when(10, 5, 0, 3));
  expect_edge(cfg, 1711846800, 3600, 7200);   // 2024-03-31 01:00 UTC
  expect_edge(cfg, 1729990800, 7200, 3600);   // 2024-10-27 01:00 UTC
}

TEST(DstRule, SouthernHemisphereSpansTheNewYear) {
  // Sydney: UTC+10:00, first Sunday of October 02:00 AEST to first Sunday of April 03:00 AEDT.
  json cfg = rule("UTC+10:00", when(10, 1, 0, 2), when(4, 1, 0, 3));
  expect_edge(cfg, 1712419200, 39600, 36000);  // 2024-04-06 16:00 UTC
  expect_edge(cfg, 1728144000, 36000, 39600);  // 2024-10-05 16:00 UTC
  EXPECT_EQ(utc_offset_at(cfg, 1705276800), 39600);  // January: summer
  EXPECT_EQ(utc_offset_at(cfg, 1719792000), 36000);  // July: winter
  EXPECT_EQ(utc_offset_at(cfg, 1735686000), 39600);  // 2024-12-31 23:00 UTC, already 2025 locally
}

TEST(DstRule, HalfHourBiasAndHalfHourZone) {
  // Lord Howe: UTC+10:30, 30 minutes of DST, first Sunday of October / April at 02:00.
  json cfg = rule("UTC+10:30", when(10, 1, 0, 2), when(4, 1, 0, 2), 30);
  expect_edge(cfg, 1712415600, 39600, 37800);  // 2024-04-06 15:00 UTC
  expect_edge(cfg, 1728142200, 37800, 39600);  // 2024-10-05 15:30 UTC
}

TEST(DstRule, DisabledOrDefaultsAndBadZones) {
  json cfg = {{"time_zone", "UTC+08:00"}, {"dst", {{"enabled", false}}}};
  EXPECT_EQ(utc_offset_at(cfg, 1719792000), 28800);
  EXPECT_EQ(utc_offset_at(json::object(), 1719792000), 0);  // schema defaults: UTC, no DST
  // Defaults of start/end (second Sunday of March 02:00, last Sunday of October 03:00).
  json defaults = {{"time_zone", "UTC+00:00"}, {"dst", {{"enabled", true}}}};
  EXPECT_EQ(utc_offset_at(defaults, 1719792000), 3600);
  EXPECT_EQ(utc_offset_at(defaults, 1705276800), 0);
  try {
    utc_offset_at({{"time_zone", "CET"}}, 0);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("system.time.time_zone"), std::string::npos);
  }
  EXPECT_THROW(utc_offset_at(json::array(), 0), std::invalid_argument);
}

}  // namespace
}  // namespace hc::system
