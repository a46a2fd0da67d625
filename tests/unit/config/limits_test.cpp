// Every limit of the guide, at the limit and one over.
#include "config_test_util.h"

#include <gtest/gtest.h>

namespace hc::config::test {
namespace {

using nlohmann::json;
using Errors = std::vector<std::string>;

TEST(ConfigLimits, LinesAtMostFour) {
  json doc = {{"rules", {{"lines", json::array()}}}};
  for (int i = 0; i < 4; ++i) doc["rules"]["lines"].push_back({{"points", zigzag(1)}, {"name", "L" + std::to_string(i)}});
  EXPECT_EQ(errors_of(doc), Errors{});
  doc["rules"]["lines"].push_back({{"points", zigzag(1)}});
  EXPECT_EQ(errors_of(doc), Errors{"rules.lines: 5 lines, at most 4"});
}

TEST(ConfigLimits, LineSegmentsAtMostFour) {
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(4)}})), Errors{});
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(5)}})), Errors{"rules.lines[0].points: 5 segments, at most 4"});
  EXPECT_EQ(errors_of(with_line({{"points", json::array({{10, 10}})}})),
            Errors{"rules.lines[0].points: 1 points, a line needs at least 2"});
}

TEST(ConfigLimits, UturnAreaAtMostTenSegments) {
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"uturn_area", json::array()}})), Errors{});
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"uturn_area", convex_polygon(3)}})), Errors{});
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"uturn_area", convex_polygon(10)}})), Errors{});
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"uturn_area", convex_polygon(11)}})),
            Errors{"rules.lines[0].uturn_area: 11 segments, at most 10"});
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"uturn_area", json::array({{10, 10}, {20, 20}})}})),
            Errors{"rules.lines[0].uturn_area: 2 vertices, a polygon needs at least 3 (or leave it empty)"});
}

TEST(ConfigLimits, RegionsAtMostFourOfTenSegments) {
  json doc = {{"rules", {{"regions", json::array()}}}};
  for (int i = 0; i < 4; ++i) doc["rules"]["regions"].push_back({{"points", convex_polygon(10)}});
  EXPECT_EQ(errors_of(doc), Errors{});
  doc["rules"]["regions"].push_back({{"points", convex_polygon(3)}});
  EXPECT_EQ(errors_of(doc), Errors{"rules.regions: 5 regions, at most 4"});
  EXPECT_EQ(errors_of(with_region({{"points", convex_polygon(11)}})),
            Errors{"rules.regions[0].points: 11 segments, at most 10"});
  EXPECT_EQ(errors_of(with_region({{"points", convex_polygon(2)}})),
            Errors{"rules.regions[0].points: 2 vertices, a polygon needs at least 3"});
}

TEST(ConfigLimits, RecipientsAtMostEight) {
  json doc = {{"communication", {{"recipients", json::array()}}}};
  for (int i = 0; i < 8; ++i) doc["communication"]["recipients"].push_back(http_recipient("r" + std::to_string(i)));
  EXPECT_EQ(errors_of(doc), Errors{});
  doc["communication"]["recipients"].push_back(http_recipient("r8"));
  EXPECT_EQ(errors_of(doc), Errors{"communication.recipients: 9 recipients, at most 8"});
}

TEST(ConfigLimits, PassByFilteringAndDwellTime0To3600) {
  for (const char* section : {"people_counting", "dwell_time"}) {
    const std::string key = std::string(section) == "people_counting" ? "pass_by_filtering_s" : "min_dwell_time_s";
    const std::string path = "rules.regions[0]." + std::string(section) + "." + key;
    for (int ok : {0, 3600}) {
      EXPECT_EQ(errors_of(with_region({{"points", convex_polygon(4)}, {section, {{key, ok}}}})), Errors{}) << path;
    }
    EXPECT_EQ(errors_of(with_region({{"points", convex_polygon(4)}, {section, {{key, 3601}}}})),
              Errors{path + ": 3601, at most 3600"});
    EXPECT_EQ(errors_of(with_region({{"points", convex_polygon(4)}, {section, {{key, -1}}}})),
              Errors{path + ": -1, at least 0"});
  }
}

TEST(ConfigLimits, Ports1To65535) {
  const std::vector<json::json_pointer> ports = {
      json::json_pointer("/communication/http/http_port"), json::json_pointer("/communication/mqtt_api/port")};
  for (const auto& ptr : ports) {
    std::string path = ptr.to_string().substr(1);
    std::replace(path.begin(), path.end(), '/', '.');
    for (int ok : {1, 65535}) {
      json doc;
      doc[ptr] = ok;
      EXPECT_EQ(errors_of(doc), Errors{}) << path << " " << ok;
    }
    json doc;
    doc[ptr] = 65536;
    EXPECT_EQ(errors_of(doc), Errors{path + ": 65536, at most 65535"});
    doc[ptr] = 0;
    EXPECT_EQ(errors_of(doc), Errors{path + ": 0, at least 1"});
  }
  json recipient = {{"name", "m"}, {"protocol", "mqtt"}, {"mqtt", {{"host", "127.0.0.1"}, {"topic", "t"}, {"port", 65536}}}};
  EXPECT_EQ(errors_of({{"communication", {{"recipients", {recipient}}}}}),
            Errors{"communication.recipients[0].mqtt.port: 65536, at most 65535"});
}

TEST(ConfigLimits, StorageRetentions) {
  const json d = defaults();
  EXPECT_EQ(d["system"]["storage"]["max_raw_events"], 1000000);  // StoreOptions' own defaults
  EXPECT_EQ(d["system"]["storage"]["bin_retention_days"], 1098);
  auto storage = [](const char* key, int64_t v) { return json{{"system", {{"storage", {{key, v}}}}}}; };
  EXPECT_EQ(errors_of(storage("max_raw_events", 1000)), Errors{});
  EXPECT_EQ(errors_of(storage("max_raw_events", 100000000)), Errors{});
  EXPECT_EQ(errors_of(storage("max_raw_events", 999)), Errors{"system.storage.max_raw_events: 999, at least 1000"});
  EXPECT_EQ(errors_of(storage("max_raw_events", 100000001)),
            Errors{"system.storage.max_raw_events: 100000001, at most 100000000"});
  EXPECT_EQ(errors_of(storage("bin_retention_days", 1)), Errors{});
  EXPECT_EQ(errors_of(storage("bin_retention_days", 0)), Errors{"system.storage.bin_retention_days: 0, at least 1"});
  EXPECT_EQ(errors_of(storage("bin_retention_days", 7321)),
            Errors{"system.storage.bin_retention_days: 7321, at most 7320"});
  EXPECT_EQ(errors_of(json{{"system", {{"storage", {{"bin_retention_days", "3y"}}}}}}),
            Errors{"system.storage.bin_retention_days: expected integer, got string"});
}

TEST(ConfigLimits, CellularCredentialsAtMost31Chars) {
  for (const char* key : {"apn", "username", "password"}) {
    const std::string path = std::string("communication.network.cellular.") + key;
    EXPECT_EQ(errors_of({{"communication", {{"network", {{"cellular", {{key, std::string(31, 'a')}}}}}}}}), Errors{});
    EXPECT_EQ(errors_of({{"communication", {{"network", {{"cellular", {{key, std::string(32, 'a')}}}}}}}}),
              Errors{path + ": 32 characters, at most 31"});
  }
}

TEST(ConfigLimits, PinIsFourToEightDigitsOrEmpty) {
  auto doc = [](const std::string& pin) {
    return json{{"communication", {{"network", {{"cellular", {{"pin", pin}}}}}}}};
  };
  for (const char* ok : {"", "1234", "12345678"}) EXPECT_EQ(errors_of(doc(ok)), Errors{}) << ok;
  for (const char* bad : {"123", "123456789", "12a4"}) {
    EXPECT_EQ(errors_of(doc(bad)),
              Errors{"communication.network.cellular.pin: \"" + std::string(bad) + "\" is not 4 to 8 digits, or empty"});
  }
}

TEST(ConfigLimits, NamesAtMost32Chars) {
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"name", std::string(32, 'n')}})), Errors{});
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"name", std::string(33, 'n')}})),
            Errors{"rules.lines[0].name: 33 characters, at most 32"});
  EXPECT_EQ(errors_of({{"system", {{"device_name", ""}}}}), Errors{"system.device_name: 0 characters, at least 1"});
}

TEST(ConfigLimits, TargetHeights) {
  EXPECT_EQ(errors_of({{"rules", {{"min_target_height_m", 1.5}, {"max_target_height_m", 1.5}}}}),
            Errors{"rules.min_target_height_m: must be below rules.max_target_height_m (1.5)"});
  EXPECT_EQ(errors_of({{"rules", {{"min_target_height_m", 1.4}, {"max_target_height_m", 1.5}}}}), Errors{});
  EXPECT_EQ(errors_of({{"rules", {{"installation_height_m", 2.5}, {"max_target_height_m", 2.5}}}}),
            Errors{"rules.max_target_height_m: must be below rules.installation_height_m (2.5)"});
  EXPECT_EQ(errors_of({{"rules", {{"installation_height_m", 6.5}}}}),
            Errors{"rules.installation_height_m: 6.5, at most 6.0"});
}

}  // namespace
}  // namespace hc::config::test
