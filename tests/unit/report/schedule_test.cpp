// Periodic report times on simulated time: on the dot (local alignment, offsets) and from now on.
#include "report/schedule.h"

#include <gtest/gtest.h>

using namespace hc::report;

constexpr int64_t kMidnightUtc = 1717027200;  // 2024-05-30T00:00:00Z

TEST(Schedule, OnTheDotAlignsToTheLocalClock) {
  const auto dot = PeriodicScheme::kOnTheDot;
  // 00:03:20 -> 00:10:00 for a 10-minute period.
  EXPECT_EQ(next_periodic_report(kMidnightUtc + 200, 10, dot, 0, 0), kMidnightUtc + 600);
  // Exactly on a boundary: the next one.
  EXPECT_EQ(next_periodic_report(kMidnightUtc + 600, 10, dot, 0, 0), kMidnightUtc + 1200);
  // Daily in UTC+8: local midnight is 16:00Z.
  EXPECT_EQ(next_periodic_report(kMidnightUtc + 3600, 1440, dot, 0, 8 * 3600), kMidnightUtc + 16 * 3600);
  // Hourly in UTC+5:30: the local hour starts at :30 UTC.
  EXPECT_EQ(next_periodic_report(kMidnightUtc + 60, 60, dot, 0, 5 * 3600 + 1800), kMidnightUtc + 1800);
  // Every 8 h in UTC-3: local 00:00/08:00/16:00 = 03:00/11:00/19:00Z.
  EXPECT_EQ(next_periodic_report(kMidnightUtc + 4 * 3600, 480, dot, 0, -3 * 3600), kMidnightUtc + 11 * 3600);
}

TEST(Schedule, FromNowOnCountsFromEnabling) {
  const auto fno = PeriodicScheme::kFromNowOn;
  const int64_t on = kMidnightUtc + 437;
  EXPECT_EQ(next_periodic_report(on, 5, fno, on, 0), on + 300);
  EXPECT_EQ(next_periodic_report(on + 299, 5, fno, on, 0), on + 300);
  EXPECT_EQ(next_periodic_report(on + 300, 5, fno, on, 0), on + 600);
}

TEST(Schedule, BadPeriodAndSchemeAreClearErrors) {
  EXPECT_THROW(next_periodic_report(0, 7, PeriodicScheme::kOnTheDot, 0, 0), std::invalid_argument);
  EXPECT_THROW(parse_periodic_scheme("hourly"), std::invalid_argument);
  EXPECT_TRUE(valid_period_min(720));
}

TEST(Schedule, ManualClockIsSimulatedTime) {
  ManualClock c(100);
  c.advance(5.5);
  EXPECT_DOUBLE_EQ(c.now_s(), 105.5);
  EXPECT_GT(SystemClock().now_s(), 1.6e9);
}

// A zone at UTC+1 that moves to UTC+2 at kMidnightUtc + 1 h (spring forward) and back at
// kMidnightUtc + 7 days + 1 h (fall back).
static int dst_offset(int64_t t) {
  return t >= kMidnightUtc + 3600 && t < kMidnightUtc + 7 * 86400 + 3600 ? 7200 : 3600;
}

TEST(Schedule, DailyOnTheDotStaysAtLocalMidnightAcrossDst) {
  const auto dot = PeriodicScheme::kOnTheDot;
  // Local midnight before the change: 23:00Z the day before; the day of the change lasts 23 h.
  const int64_t m0 = kMidnightUtc - 3600;
  EXPECT_EQ(next_periodic_report_tz(m0 - 10, 1440, dot, 0, dst_offset), m0);
  EXPECT_EQ(next_periodic_report_tz(m0, 1440, dot, 0, dst_offset), m0 + 23 * 3600);
  // Fall back: local midnight at 22:00Z, then the 25-hour day to 23:00Z.
  const int64_t m7 = kMidnightUtc + 7 * 86400 - 7200;
  EXPECT_EQ(next_periodic_report_tz(m7 - 86400, 1440, dot, 0, dst_offset), m7);
  EXPECT_EQ(next_periodic_report_tz(m7, 1440, dot, 0, dst_offset), m7 + 25 * 3600);
}

TEST(Schedule, HourlyAndFromNowOnAcrossDst) {
  // Hourly on the dot: one report an hour in UTC whatever the offset.
  EXPECT_EQ(next_periodic_report_tz(kMidnightUtc, 60, PeriodicScheme::kOnTheDot, 0, dst_offset),
            kMidnightUtc + 3600);
  EXPECT_EQ(next_periodic_report_tz(kMidnightUtc + 3600, 60, PeriodicScheme::kOnTheDot, 0, dst_offset),
            kMidnightUtc + 7200);
  // From now on: elapsed time only.
  EXPECT_EQ(next_periodic_report_tz(kMidnightUtc + 10, 120, PeriodicScheme::kFromNowOn, kMidnightUtc - 50,
                                    dst_offset),
            kMidnightUtc - 50 + 7200);
}
