// Geometric validation of lines, U-turn areas and regions.
#include "config_test_util.h"

#include <gtest/gtest.h>

namespace hc::config::test {
namespace {

using nlohmann::json;
using Errors = std::vector<std::string>;

TEST(ConfigGeometry, ZeroLengthSegments) {
  EXPECT_EQ(errors_of(with_line({{"points", json::array({{10, 10}, {10, 10}})}})),
            Errors{"rules.lines[0].points: segment 1 has zero length (vertices 0 and 1 coincide)"});
  // The closing segment of a polygon counts too.
  EXPECT_EQ(errors_of(with_region({{"points", json::array({{10, 10}, {100, 10}, {100, 100}, {10, 10}})}})),
            Errors{"rules.regions[0].points: segment 4 has zero length (vertices 3 and 0 coincide)"});
}

TEST(ConfigGeometry, VerticesInsideTheImage) {
  // The image edges themselves are inside.
  EXPECT_EQ(errors_of(with_line({{"points", json::array({{0, 0}, {640, 400}})}})), Errors{});
  EXPECT_EQ(errors_of(with_line({{"points", json::array({{10, 10}, {641, 10}})}})),
            Errors{"rules.lines[0].points[1]: vertex (641.0, 10.0) is outside the 640.0x400.0 image"});
  EXPECT_EQ(errors_of(with_region({{"points", json::array({{10, -1}, {100, 10}, {100, 100}})}})),
            Errors{"rules.regions[0].points[0]: vertex (10.0, -1.0) is outside the 640.0x400.0 image"});
  // The image size comes from the sensor section.
  json doc = with_line({{"points", json::array({{10, 10}, {1000, 10}})}});
  doc["sensor"] = {{"image_width", 1280}, {"image_height", 720}};
  EXPECT_EQ(errors_of(doc), Errors{});
}

TEST(ConfigGeometry, SelfIntersection) {
  // A polyline that doubles back across its first segment.
  EXPECT_EQ(errors_of(with_line({{"points", json::array({{10, 10}, {100, 100}, {100, 10}, {10, 100}})}})),
            Errors{"rules.lines[0].points: the line crosses itself"});
  // Doubling back along itself, closing on itself, and touching an earlier segment all count.
  for (const json& pts : {json::array({{10, 10}, {100, 10}, {50, 10}}),
                          json::array({{10, 10}, {100, 10}, {100, 100}, {10, 10}}),
                          json::array({{10, 10}, {100, 10}, {100, 100}, {50, 10}})}) {
    EXPECT_EQ(errors_of(with_line({{"points", pts}})), Errors{"rules.lines[0].points: the line crosses itself"}) << pts;
  }
  // A bow-tie region.
  EXPECT_EQ(errors_of(with_region({{"points", json::array({{0, 0}, {100, 0}, {0, 100}, {100, 100}})}})),
            Errors{"rules.regions[0].points: the polygon crosses itself"});
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"uturn_area", json::array({{0, 0}, {100, 0}, {0, 100}, {100, 100}})}})),
            Errors{"rules.lines[0].uturn_area: the polygon crosses itself"});
  // Concave but simple polygons are fine.
  EXPECT_EQ(errors_of(with_region({{"points", json::array({{0, 0}, {100, 0}, {50, 50}, {100, 100}, {0, 100}})}})), Errors{});
}

TEST(ConfigGeometry, EveryRuleIsChecked) {
  json doc = {{"rules", {{"lines", {{{"points", zigzag(1)}}, {{"points", json::array({{5, 5}, {5, 5}})}}}}}}};
  EXPECT_EQ(errors_of(doc), Errors{"rules.lines[1].points: segment 1 has zero length (vertices 0 and 1 coincide)"});
}

}  // namespace
}  // namespace hc::config::test
