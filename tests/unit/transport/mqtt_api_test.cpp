// MQTT API envelope handling: addressing, searchReport/getReportResult from the store, config and
// counts through DeviceControl, malformed/oversized requests answered with clear errors.
#include "transport/mqtt_api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "store/store.h"

using namespace hc::transport;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct FakeDevice final : DeviceControl {  // records calls; the real one is the composition root
  json get_config_section(const std::string& s) override { return {{"section", s}}; }
  std::string set_config_section(const std::string&, const json& v) override {
    return v.is_object() ? "" : "value: expected an object";
  }
  json live_counts() override { return {{"in", 3}}; }
  void reset_counts() override { ++resets; }
  int resets = 0;
};

json call(MqttApi& api, const json& req) { return json::parse(api.handle(req.dump(), 1717027200.0).value()); }

}  // namespace

TEST(MqttApi, SearchAndResultAndCommands) {
  std::ostringstream n;
  n << "hc_mqtt_api_" << getpid();
  const fs::path dir = fs::temp_directory_path() / n.str();
  fs::remove_all(dir);
  hc::store::Store store({dir / "hc.db"});
  hc::rules::LineCrossing c;
  c.line_index = 1;
  store.record({1717027200.0 + 10, c});
  store.record({1717027200.0 + 20, c});
  store.flush();
  FakeDevice dev;
  MqttApi api("SN1", store, dev);
  json r = call(api, {{"dst", "SN1"}, {"type", 0}, {"command", "/api/v1/system/searchReport"}, {"msgId", 7},
                      {"requestData", {{"uuid", "u1"}, {"event", 0}, {"startTime", "2024-05-30T00:00:00.000"},
                                       {"endTime", "2024-05-31T00:00:00.000"},
                                       {"lineParam", {{"lineId", 1}, {"timeUnit", "day"}}}}}});
  EXPECT_EQ(r["code"], 0);
  EXPECT_EQ(r["msgId"], 7);
  EXPECT_EQ(r["src"], "SN1");
  EXPECT_EQ(r["type"], 1);
  r = call(api, {{"dst", "all"}, {"command", "/api/v1/system/getReportResult"}, {"requestData", {{"uuid", "u1"}}}});
  ASSERT_EQ(r["code"], 0);
  EXPECT_EQ(r["data"]["data"][0]["in"], 2);
  EXPECT_EQ(r["data"]["data"][0]["time"], "2024-05-30T00:00:00+00:00");
  EXPECT_EQ(call(api, {{"command", "/api/v1/counts/live"}})["data"]["in"], 3);
  EXPECT_EQ(call(api, {{"command", "/api/v1/counts/reset"}})["code"], 0);
  EXPECT_EQ(dev.resets, 1);
  EXPECT_EQ(call(api, {{"command", "/api/v1/config/get"}, {"requestData", {{"section", "system"}}}})["data"]["section"],
            "system");
  EXPECT_EQ(call(api, {{"command", "/api/v1/config/set"}, {"requestData", {{"section", "system"}, {"value", 5}}}})["code"],
            422);
  fs::remove_all(dir);
}

TEST(MqttApi, AddressingAndBadRequests) {
  std::ostringstream n;
  n << "hc_mqtt_api_bad_" << getpid();
  const fs::path dir = fs::temp_directory_path() / n.str();
  fs::remove_all(dir);
  hc::store::Store store({dir / "hc.db"});
  FakeDevice dev;
  MqttApi api("SN1", store, dev);
  EXPECT_FALSE(api.handle(R"({"dst":"OTHER","command":"/api/v1/counts/live"})", 0).has_value());
  EXPECT_FALSE(api.handle(R"({"type":1,"command":"/api/v1/counts/live"})", 0).has_value());
  EXPECT_EQ(json::parse(*api.handle("{not json", 0))["code"], 400);
  EXPECT_EQ(json::parse(*api.handle(std::string(70000, ' '), 0))["code"], 413);
  EXPECT_EQ(call(api, {{"command", "/nope"}})["code"], 404);
  EXPECT_EQ(call(api, {{"command", "/api/v1/system/getReportResult"}, {"requestData", {{"uuid", "x"}}}})["code"], 404);
  json bad = call(api, {{"command", "/api/v1/system/searchReport"},
                        {"requestData", {{"uuid", "u"}, {"event", 0}, {"startTime", "yesterday"}, {"endTime", "x"}}}});
  EXPECT_EQ(bad["code"], 422);
  EXPECT_NE(bad["message"].get<std::string>().find("startTime"), std::string::npos);
  fs::remove_all(dir);
}

// regionCount.regionId and dwellDetect {regionId, timeMin, timeBinWidth, numOfBins} select and shape
// the region and dwell searches.
TEST(MqttApi, RegionAndDwellSearchesByRegionId) {
  std::ostringstream n;
  n << "hc_mqtt_api_region_" << getpid();
  const fs::path dir = fs::temp_directory_path() / n.str();
  fs::remove_all(dir);
  hc::store::Store store({dir / "hc.db"});
  for (int region = 1; region <= 2; ++region) {
    hc::rules::RegionCountChange r;
    r.region_index = region;
    r.current_total = region * 2;
    store.record({1717027200.0 + region, r});
    hc::rules::DwellEpisode d;
    d.region_index = region;
    d.duration_ms = region * 10000;
    store.record({1717027200.0 + 10 + region, d});
  }
  store.flush();
  FakeDevice dev;
  MqttApi api("SN1", store, dev);
  auto search = [&](int event, const char* param, const json& p) {
    json data = {{"uuid", param}, {"event", event}, {"startTime", "2024-05-30T00:00:00.000"},
                 {"endTime", "2024-05-31T00:00:00.000"}, {param, p}};
    EXPECT_EQ(call(api, {{"command", "/api/v1/system/searchReport"}, {"requestData", data}})["code"], 0);
    return call(api, {{"command", "/api/v1/system/getReportResult"}, {"requestData", {{"uuid", data["uuid"]}}}})["data"]["data"];
  };
  const json regions = search(1, "regionCount", {{"regionId", 2}, {"timeUnit", "day"}});
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0]["region"], 2);
  EXPECT_EQ(regions[0]["max"], 4);
  const json hist = search(2, "dwellDetect", {{"regionId", 2}, {"timeMin", 5}, {"timeBinWidth", 10}, {"numOfBins", 3}});
  ASSERT_EQ(hist.size(), 1u);
  EXPECT_EQ(hist[0]["region"], 2);
  EXPECT_EQ(hist[0]["bins"], json::array({0, 1, 0}));  // 20 s in [15, 25)
  const json bad = call(api, {{"command", "/api/v1/system/searchReport"},
                              {"requestData", {{"uuid", "b"}, {"event", 2}, {"startTime", "2024-05-30T00:00:00.000"},
                                               {"endTime", "2024-05-31T00:00:00.000"},
                                               {"dwellDetect", {{"timeBinWidth", 0}, {"numOfBins", 3}}}}}});
  EXPECT_EQ(bad["code"], 422);
  EXPECT_NE(bad["message"].get<std::string>().find("timeBinWidth"), std::string::npos);
  fs::remove_all(dir);
}
