// Shared by the reporting service tests: a configuration document with one line and one region,
// MQTT and HTTP recipients for the loopback helpers of test_support.h, a line crossing, a zone going
// from UTC+1 to UTC+2 (DST) one hour after kMidnightUtc, and a store on simulated time.
#pragma once

#include <gtest/gtest.h>

#include "report/payloads.h"
#include "store/store.h"
#include "transport/reporting_service.h"
#include "unit/transport/test_support.h"

namespace hc::transport::test {

using nlohmann::json;

constexpr int64_t kMidnightUtc = 1717027200;  // 2024-05-30T00:00:00Z

inline json rules_doc() {
  return {{"lines", {{{"name", "Door"}, {"uuid", "11111111-1111-1111-1111-111111111111"},
                      {"points", {{0, 0}, {10, 0}}}}}},
          {"regions", {{{"name", ""}, {"uuid", "22222222-2222-2222-2222-222222222222"},
                        {"points", {{0, 0}, {10, 0}, {10, 10}}}}}}};
}

inline json mqtt_recipient(int port, const std::string& uuid) {
  return {{"uuid", uuid}, {"name", "broker"}, {"protocol", "mqtt"},
          {"mqtt", {{"host", "127.0.0.1"}, {"port", port}, {"client_id", "hc-rs-" + uuid.substr(0, 4)},
                    {"username", "pub"}, {"password", "pubpass"}, {"topic", "hc/reports"}, {"qos", 1},
                    {"timeout_s", 2}}}};
}

inline json http_recipient(int port, const std::string& uuid) {
  return {{"uuid", uuid}, {"name", "receiver"}, {"protocol", "http"},
          {"http", {{"url", "http://127.0.0.1:" + std::to_string(port) + "/r"}, {"username", "user"},
                    {"password", "pass"}, {"timeout_s", 2}}}};
}

inline json config(const std::vector<json>& recipients) {
  return {{"system", {{"device_name", "Shop"}, {"custom_device_id", "D1"}, {"custom_site_id", "S1"},
                      {"time", {{"time_zone", "UTC+01:00"}, {"dst", {{"enabled", true}}}}}}},
          {"rules", rules_doc()},
          {"communication", {{"recipients", json(recipients)}}}};
}

inline rules::CountEvent crossing(double t, rules::Direction d, rules::Gender g = rules::Gender::kUnknown) {
  rules::LineCrossing c;
  c.line_index = 1;
  c.line_name = "Door";
  c.line_uuid = "11111111-1111-1111-1111-111111111111";
  c.direction = d;
  c.gender = g;
  c.track_id = 7;
  return {t, c};
}

// UTC+1, UTC+2 (DST) from kMidnightUtc + 1 h.
inline int dst_offset(int64_t t) { return t >= kMidnightUtc + 3600 ? 7200 : 3600; }

inline transport::ReportingOptions service_options() {
  transport::ReportingOptions o;
  o.serial_number = "6723D1234567";
  o.device_mac = "1c:c3:16:00:00:01";
  o.ip_address = "127.0.0.1";
  o.firmware_version = "1.0";
  o.hardware_version = "V1.0";
  o.utc_offset_at = dst_offset;
  return o;
}

struct Fixture {
  explicit Fixture(const std::string& name, double t0) : dir(name), clock(t0), store({dir.path() / "hc.db"}) {}
  transport::ReportingOptions options() const { return service_options(); }
  TempDir dir;
  report::ManualClock clock;
  store::Store store;
};

}  // namespace hc::transport::test
