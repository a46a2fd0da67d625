#include "system/time_zone.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace hc::system {
namespace {

TEST(TimeZone, ListIsOrderedUniqueAndMatchesTheSchemaPattern) {
  const auto& list = time_zones();
  ASSERT_EQ(list.size(), 38u);
  std::regex schema(R"(^UTC[+-](0[0-9]|1[0-4]):(00|30|45)$)");  // config/schema.json system.time.time_zone
  std::set<std::string> ids;
  for (size_t i = 0; i < list.size(); ++i) {
    SCOPED_TRACE(list[i].id);
    EXPECT_TRUE(std::regex_match(list[i].id, schema));
    EXPECT_EQ(parse_utc_offset(list[i].id), list[i].offset_min);
    EXPECT_EQ(list[i].display_name.rfind(list[i].id + " ", 0), 0u);
    if (i > 0) {
      EXPECT_LT(list[i - 1].offset_min, list[i].offset_min);
    }
    ids.insert(list[i].id);
  }
  EXPECT_EQ(ids.size(), list.size());
  EXPECT_EQ(list.front().id, "UTC-12:00");
  EXPECT_EQ(list.back().id, "UTC+14:00");
}

TEST(TimeZone, DisplayNamesInTheGuidesStyle) {
  EXPECT_EQ(time_zone_display_name("UTC+08:00"), "UTC+08:00 China Standard Time (CT/CST)");
  EXPECT_EQ(time_zone_display_name("UTC+00:00"), "UTC+00:00 Western European Time (WET), Greenwich Mean Time (GMT)");
  EXPECT_EQ(time_zone_display_name("UTC-00:00"), "UTC+00:00 Western European Time (WET), Greenwich Mean Time (GMT)");
  EXPECT_EQ(time_zone_display_name("UTC+05:45"), "UTC+05:45 Nepal Time (NPT)");
  EXPECT_EQ(time_zone_display_name("UTC-13:00"), "UTC-13:00");  // valid by the schema, not in the list
}

TEST(TimeZone, ParsesOffsetsAndRejectsMalformedIdentifiers) {
  EXPECT_EQ(parse_utc_offset("UTC-03:30"), -210);
  EXPECT_EQ(parse_utc_offset("UTC+12:45"), 765);
  for (const char* bad : {"", "UTC", "UTC+8:00", "UTC+15:00", "UTC+08:15", "GMT+08:00", "UTC*08:00", "UTC+08:00 "})
    EXPECT_FALSE(parse_utc_offset(bad)) << bad;
  try {
    time_zone_display_name("Europe/Paris");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("system.time.time_zone"), std::string::npos);
  }
}

}  // namespace
}  // namespace hc::system
