#include "pipeline/report_payloads.h"

#include <gtest/gtest.h>

namespace hc::pipeline {
namespace {

TEST(ReportPayloads, TimesRoundTrip) {
  EXPECT_EQ(iso8601_utc(1700000010.7), "2023-11-14T22:13:30+00:00");
  EXPECT_DOUBLE_EQ(parse_iso8601("2023-11-14T22:13:30Z"), 1700000010.0);
  EXPECT_DOUBLE_EQ(parse_iso8601("2023-11-15T06:13:30+08:00"), 1700000010.0);
  EXPECT_DOUBLE_EQ(parse_iso8601("2023-11-14T22:13:30.5"), 1700000010.5);
  EXPECT_THROW(parse_iso8601("yesterday"), std::invalid_argument);
}

TEST(ReportPayloads, LineTriggerAndSummaryUseTheGuidesFields) {
  rules::CountEvent e{1700000010.0, rules::LineCrossing{2, "uuid-2", "Line2", rules::Direction::kOut,
                                                       7, true, rules::Gender::kUnknown}};
  const auto j = trigger_report(e, 12);
  const auto& l = j.at("line_trigger_data").at(0);
  EXPECT_EQ(l.at("line"), 2);
  EXPECT_EQ(l.at("out"), 1);
  EXPECT_EQ(l.at("in"), 0);
  EXPECT_EQ(l.at("children_out"), 1);
  EXPECT_EQ(l.at("line_uuid"), "uuid-2");
  EXPECT_EQ(j.at("time_info").at("time"), "2023-11-14T22:13:30+00:00");
  EXPECT_EQ(j.at("device_info").at("running_time"), 12);

  rules::RulesConfig rc;
  rc.lines.push_back({"a", "Line1", {{0, 0}, {1, 0}}, {}});
  rules::LineCounts c;
  c.in = 29;
  c.out = 33;
  const auto s = periodic_report(1700000000, 1700000060, rc, {c}, {c}, {}, 60);
  EXPECT_EQ(s.at("line_total_data").at(0).at("capacity_counted"), 4);
  EXPECT_EQ(s.at("line_total_data").at(0).at("in_counted"), 29);
  EXPECT_EQ(s.at("time_info").at("start_time"), "2023-11-14T22:13:20+00:00");
  EXPECT_TRUE(s.at("region_data").at("region_count_data").empty());
}

}  // namespace
}  // namespace hc::pipeline
