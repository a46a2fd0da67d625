#include "rules/rules_config.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hc::rules {
namespace {

TEST(RulesConfig, ParsesTheDocumentSection) {
  auto j = nlohmann::json::parse(R"({
    "tracking_mode": "feet", "uturn_filtering": true, "region_monitoring": true,
    "scheduled_reset": {"enabled": true, "time": "23:15"},
    "lines": [{"uuid": "a", "points": [[0,0],[10,0]], "uturn_area": [[0,-5],[10,-5],[10,5]]}],
    "regions": [{"points": [[0,0],[10,0],[10,10]], "dwell_time": {"enabled": true, "min_dwell_time_s": 7}}]
  })");
  auto c = parse_rules(j);
  EXPECT_EQ(c.tracking_mode, TrackingMode::kFeet);
  EXPECT_EQ(c.reset_minute_of_day, 23 * 60 + 15);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].name, "Line1");
  EXPECT_EQ(c.lines[0].uturn_area_px.size(), 3u);
  EXPECT_EQ(c.regions[0].name, "Region1");
  EXPECT_TRUE(c.regions[0].dwell_time);
  EXPECT_EQ(c.regions[0].min_dwell_time_s, 7);
  EXPECT_EQ(c.regions[0].pass_by_filtering_s, 5);
}

TEST(RulesConfig, ErrorsNameTheField) {
  auto expect_error = [](const char* text, const std::string& field) {
    try {
      parse_rules(nlohmann::json::parse(text));
      FAIL() << "no error for " << text;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  expect_error(R"({"tracking_mode": "hands"})", "rules.tracking_mode");
  expect_error(R"({"lines": [{"points": [[0,0]]}]})", "rules.lines[0].points");
  expect_error(R"({"lines": [{"points": [[0,0],[1,"x"]]}]})", "rules.lines[0].points[1]");
  expect_error(R"({"scheduled_reset": {"time": "25:00"}})", "rules.scheduled_reset.time");
  expect_error(R"({"regions": [{"name": "x"}]})", "rules.regions[0].points");
}

}  // namespace
}  // namespace hc::rules
