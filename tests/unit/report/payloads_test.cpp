// Payloads against the field lists of the guide's section 7 (both shapes, content customisation).
#include "report/payloads.h"

#include <gtest/gtest.h>

#include <set>

using namespace hc::report;
using nlohmann::json;

namespace {

std::set<std::string> keys(const json& j) {
  std::set<std::string> k;
  for (auto it = j.begin(); it != j.end(); ++it) k.insert(it.key());
  return k;
}

ReportContext ctx() {
  ReportContext c;
  c.device = {"People Counter", "6384E16179950009", "24:E1:24:FA:0C:6C", "", "192.168.60.183",
              "123456", "789123", 58, "V_125.1.0.1", "V1.0"};
  c.time = {"UTC+8:00 China Standard Time (CT/CST)", 8 * 3600, true, false, std::nullopt};
  return c;
}

constexpr double kT = 1717071092.0;  // 2024-05-30T12:11:32Z = 20:11:32+08:00

hc::rules::CountEvent crossing() {
  hc::rules::LineCrossing c;
  c.line_index = 1;
  c.line_name = "Line1";
  c.line_uuid = "9a0440de-3188-4f6d-b886-bb20c97bd26b";
  c.gender = hc::rules::Gender::kMale;
  return {kT, c};
}

}  // namespace

TEST(Payloads, Iso8601WithOffset) {
  EXPECT_EQ(format_iso8601(kT, 8 * 3600), "2024-05-30T20:11:32+08:00");
  EXPECT_EQ(format_iso8601(kT, -(5 * 3600 + 1800)), "2024-05-30T06:41:32-05:30");
  EXPECT_EQ(format_iso8601(kT, 0), "2024-05-30T12:11:32+00:00");
}

TEST(Payloads, LineTriggerFlatMatchesGuide72) {
  json j = build_trigger(ctx(), crossing(), {});
  EXPECT_EQ(keys(j), (std::set<std::string>{"device_info", "line_trigger_data", "time_info"}));
  EXPECT_EQ(keys(j["device_info"]),
            (std::set<std::string>{"cus_device_id", "cus_site_id", "device_mac", "device_name",
                                   "device_sn", "firmware_version", "hardware_version",
                                   "ip_address", "running_time"}));
  EXPECT_EQ(j["device_info"]["running_time"], 58);
  const json& item = j["line_trigger_data"][0];
  EXPECT_EQ(keys(item), (std::set<std::string>{"children_in", "children_out", "female_in",
                                               "female_out", "in", "line", "line_name",
                                               "line_uuid", "male_in", "male_out", "out"}));
  EXPECT_EQ(item["in"], 1);
  EXPECT_EQ(item["male_in"], 1);
  EXPECT_EQ(item["out"], 0);
  EXPECT_EQ(j["time_info"], (json{{"dst_status", false},
                                  {"enable_dst", true},
                                  {"time", "2024-05-30T20:11:32+08:00"},
                                  {"time_zone", "UTC+8:00 China Standard Time (CT/CST)"}}));
  EXPECT_EQ(json::parse(j.dump()), j);
}

TEST(Payloads, LineTriggerNested) {
  ReportOptions o(PayloadFormat::kNested, json::object());
  json item = build_trigger(ctx(), crossing(), o)["line_trigger_data"][0];
  EXPECT_EQ(keys(item), (std::set<std::string>{"line", "line_name", "line_uuid", "total", "group"}));
  EXPECT_EQ(item["total"], (json{{"in", 1}, {"out", 0}}));
  EXPECT_EQ(item["group"], (json{{"in", 0}, {"out", 0}}));
}

TEST(Payloads, PeriodicFlatMatchesGuide71) {
  PeriodicData d;
  d.start_s = kT - 60;
  d.end_s = kT;
  d.line_periodic.push_back({1, "Line1", "u1", 1, 1, 0, 0, 1, 1, 0, 0});
  LineTotals t;
  t.in_counted = 29;
  t.out_counted = 33;
  d.line_total.push_back(t);
  d.region_dwell.push_back({1, "Region1", "r1", 308367, 519934});
  d.region_count.push_back({1, "Region1", "r1", 3, 3, 0, 0});
  ReportContext c = ctx();
  c.network = NetworkInfo{true, "89860117838009934120", "860425047368939", "340db80", "5299"};
  json j = build_periodic(c, d, {});
  EXPECT_EQ(keys(j), (std::set<std::string>{"device_info", "network_info", "line_periodic_data",
                                            "line_total_data", "region_data", "time_info"}));
  EXPECT_EQ(j["network_info"]["network_status"], "true");
  EXPECT_EQ(keys(j["line_total_data"][0]),
            (std::set<std::string>{"capacity_counted", "children_in_counted",
                                   "children_out_counted", "female_in_counted",
                                   "female_out_counted", "in_counted", "line", "line_name",
                                   "line_uuid", "male_in_counted", "male_out_counted",
                                   "out_counted"}));
  EXPECT_EQ(j["line_total_data"][0]["capacity_counted"], 4);
  EXPECT_EQ(keys(j["region_data"]), (std::set<std::string>{"dwell_time_data", "region_count_data"}));
  EXPECT_EQ(j["region_data"]["dwell_time_data"][0].size(), 11u);
  EXPECT_EQ(j["region_data"]["region_count_data"][0]["current_total"], 3);
  EXPECT_EQ(keys(j["time_info"]),
            (std::set<std::string>{"dst_status", "enable_dst", "end_time", "start_time", "time_zone"}));
  EXPECT_EQ(j["time_info"]["start_time"], "2024-05-30T20:10:32+08:00");
}

TEST(Payloads, PeriodicNestedTotals) {
  PeriodicData d;
  LineTotals t;
  t.in_counted = 39;
  t.out_counted = 44;
  d.line_total.push_back(t);
  d.region_count.push_back({2, "Region2", "r2", 7, 0, 0, 0});
  json j = build_periodic(ctx(), d, ReportOptions(PayloadFormat::kNested, json::object()));
  EXPECT_EQ(j["line_total_data"][0]["total"],
            (json{{"in_counted", 39}, {"out_counted", 44}, {"capacity_counted", 5}}));
  EXPECT_EQ(j["region_data"]["region_count_data"][0]["total"], (json{{"current_total", 7}}));
}

TEST(Payloads, RegionAndDwellTriggers73And74) {
  hc::rules::DwellEpisode e;
  e.region_index = 1;
  e.region_name = "Region1";
  e.region_uuid = "bd1e";
  e.track_id = 5;
  e.start_s = kT - 49;
  e.end_s = kT + 48;
  e.duration_ms = 96799;
  e.gender = hc::rules::Gender::kMale;
  json j = build_trigger(ctx(), {kT + 48, e}, {});
  const json& item = j["region_trigger_data"]["dwell_time_data"][0];
  EXPECT_EQ(keys(item), (std::set<std::string>{"children", "duration", "dwell_end_time",
                                               "dwell_start_time", "people_id", "region",
                                               "region_name", "region_uuid", "sex"}));
  EXPECT_EQ(item["duration"], 96799);
  EXPECT_EQ(item["sex"], "male");
  EXPECT_EQ(item["dwell_start_time"], "2024-05-30T20:10:43+08:00");
  hc::rules::RegionCountChange r;
  r.current_total = 2;
  r.current_male = 2;
  json k = build_trigger(ctx(), {kT, r}, {});
  EXPECT_EQ(keys(k["region_trigger_data"]["region_count_data"][0]),
            (std::set<std::string>{"current_children", "current_female", "current_male",
                                   "current_total", "region", "region_name", "region_uuid"}));
}

TEST(Payloads, ContentCustomisation) {
  json report = {{"payload_format", "flat"},
                 {"content",
                  {{"device_info", {{"ip_address", false}, {"running_time", false}}},
                   {"time_info", {{"time_zone", false}}},
                   {"line_region_uuid", false},
                   {"region_trigger_data", {{"dwell_start_time", false}}}}}};
  ReportOptions o = ReportOptions::from_recipient_report(report);
  json j = build_trigger(ctx(), crossing(), o);
  EXPECT_FALSE(j["device_info"].contains("ip_address"));
  EXPECT_FALSE(j["device_info"].contains("running_time"));
  EXPECT_TRUE(j["device_info"].contains("device_sn"));
  EXPECT_FALSE(j["time_info"].contains("time_zone"));
  EXPECT_FALSE(j["line_trigger_data"][0].contains("line_uuid"));
  EXPECT_TRUE(j["line_trigger_data"][0].contains("line_name"));
  json off = {{"content", {{"device_info", {{"enabled", false}}}}}};
  EXPECT_FALSE(build_trigger(ctx(), crossing(), ReportOptions::from_recipient_report(off))
                   .contains("device_info"));
  EXPECT_THROW(ReportOptions::from_recipient_report({{"payload_format", "xml"}}),
               std::invalid_argument);
}
