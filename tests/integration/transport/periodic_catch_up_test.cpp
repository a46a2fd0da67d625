// Periodic reports across a restart, on simulated time with a real HTTP receiver: the periods that
// ended while the service was down are sent once the service starts again, in order, before any new
// report, with the counts stored before the shutdown; an outage longer than kMaxCatchUpS sends only
// the periods ending within it. Restarts close and reopen the store on the same database file.
#include <gtest/gtest.h>

#include "integration/transport/reporting_fixture.h"
#include "transport/periodic_progress.h"

using namespace hc;
using namespace hc::transport::test;
using nlohmann::json;

namespace {

constexpr int64_t k1000 = kMidnightUtc + 8 * 3600;  // 10:00 local (UTC+2, DST)
const std::string kUuid = "c1000000-0000-0000-0000-000000000001";

json quarter_hourly(int port) {
  json r = http_recipient(port, kUuid);
  r["report"] = {{"trigger", true}, {"periodic", {{"enabled", true}, {"period_min", 15}, {"scheme", "on_the_dot"}}}};
  return r;
}

// One service lifetime on the database in `dir`: started at start_s, then `body`, then shut down
// after delivering everything.
template <class Body>
void run_service(const fs::path& dir, double start_s, const json& cfg, Body body) {
  report::ManualClock clock(start_s);
  store::Store store({dir / "hc.db"});
  transport::ReportingService svc(service_options(), store, clock);
  svc.apply_config(cfg);
  body(svc, clock);
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(30)));
}

std::string start_of(const json& report) { return report["time_info"]["start_time"].get<std::string>(); }
std::string end_of(const json& report) { return report["time_info"]["end_time"].get<std::string>(); }

}  // namespace

TEST(PeriodicCatchUp, PeriodsThatEndedWhileDownAreSentFirstInOrder) {
  Receiver rx;
  const int port = rx.start();
  TempDir dir("catch_up");
  const json cfg = config({quarter_hourly(port)});
  run_service(dir.path(), k1000 + 30, cfg, [&](transport::ReportingService& svc, report::ManualClock& clock) {
    svc.on_output({crossing(k1000 + 60, rules::Direction::kIn)}, {});        // period 10:00-10:15
    clock.set(k1000 + 903);
    svc.tick();                                                               // sends 10:00-10:15
    svc.on_output({crossing(k1000 + 930, rules::Direction::kOut)}, {});      // period 10:15-10:30
  });
  // Down from 10:15:30 to 11:02:00: 10:15-10:30, 10:30-10:45 and 10:45-11:00 ended meanwhile.
  run_service(dir.path(), k1000 + 3720, cfg, [&](transport::ReportingService& svc, report::ManualClock& clock) {
    EXPECT_EQ(svc.status()[0]["next_periodic_report_s"], k1000 + 4500);
    svc.on_output({crossing(k1000 + 3725, rules::Direction::kIn)}, {});      // a new trigger report
    clock.set(k1000 + 4503);
    svc.tick();                                                               // 11:00-11:15
  });
  std::vector<json> got;
  for (const auto& b : rx.bodies()) got.push_back(json::parse(b));
  ASSERT_EQ(got.size(), 8u);  // 3 triggers, 5 periodic
  EXPECT_TRUE(got[0].contains("line_trigger_data"));
  EXPECT_EQ(end_of(got[1]), "2024-05-30T10:15:00+02:00");
  EXPECT_EQ(got[1]["line_periodic_data"][0]["in"], 1);
  EXPECT_TRUE(got[2].contains("line_trigger_data"));
  const char* ends[] = {"2024-05-30T10:30:00+02:00", "2024-05-30T10:45:00+02:00", "2024-05-30T11:00:00+02:00"};
  for (std::size_t i = 0; i < 3; ++i) {
    const json& p = got[3 + i];
    ASSERT_TRUE(p.contains("line_periodic_data")) << p.dump();
    EXPECT_EQ(end_of(p), ends[i]);
    EXPECT_EQ(p["line_periodic_data"][0]["out"], i == 0 ? 1 : 0);  // the 10:15:30 crossing
    EXPECT_EQ(p["line_total_data"][0]["in_counted"], 1);              // totals as stored at shutdown
    EXPECT_EQ(p["line_total_data"][0]["out_counted"], 1);
  }
  EXPECT_EQ(start_of(got[3]), "2024-05-30T10:15:00+02:00");
  EXPECT_TRUE(got[6].contains("line_trigger_data"));                   // new reports after the missed ones
  EXPECT_EQ(start_of(got[7]), "2024-05-30T11:00:00+02:00");
  EXPECT_EQ(got[7]["line_periodic_data"][0]["in"], 1);
}

TEST(PeriodicCatchUp, ALongOutageSendsOnlyTheLastDay) {
  Receiver rx;
  const int port = rx.start();
  TempDir dir("catch_up_long");
  const json cfg = config({quarter_hourly(port)});
  run_service(dir.path(), k1000 + 30, cfg, [](transport::ReportingService&, report::ManualClock&) {});
  // Three days later at 10:00:30: only the 96 quarter hours ending in the last 24 h.
  const int64_t restart = k1000 + 3 * 86400 + 30;
  run_service(dir.path(), static_cast<double>(restart), cfg, [](transport::ReportingService&, report::ManualClock&) {});
  const auto bodies = rx.bodies();
  ASSERT_EQ(bodies.size(), transport::kMaxCatchUpS / 900);
  EXPECT_EQ(start_of(json::parse(bodies.front())), "2024-06-01T10:00:00+02:00");
  EXPECT_EQ(end_of(json::parse(bodies.front())), "2024-06-01T10:15:00+02:00");
  EXPECT_EQ(end_of(json::parse(bodies.back())), "2024-06-02T10:00:00+02:00");
  for (std::size_t i = 1; i < bodies.size(); ++i)
    EXPECT_EQ(start_of(json::parse(bodies[i])), end_of(json::parse(bodies[i - 1])));
}

TEST(PeriodicCatchUp, NewSettingsStartAfreshWithoutCatchUp) {
  Receiver rx;
  const int port = rx.start();
  TempDir dir("catch_up_new");
  run_service(dir.path(), k1000 + 30, config({quarter_hourly(port)}), [](auto&, auto&) {});
  json hourly = quarter_hourly(port);
  hourly["report"]["periodic"]["period_min"] = 60;
  run_service(dir.path(), k1000 + 7230, config({hourly}), [](transport::ReportingService& svc, auto&) {
    EXPECT_EQ(svc.status()[0]["next_periodic_report_s"], k1000 + 10800);
  });
  EXPECT_TRUE(rx.bodies().empty());  // the quarter hours of the old settings are not owed
}

TEST(PeriodicCatchUp, SwitchingPeriodicReportsBackOnOwesNothing) {
  Receiver rx;
  const int port = rx.start();
  TempDir dir("catch_up_toggle");
  json on = quarter_hourly(port);
  json off = on;
  off["report"]["periodic"]["enabled"] = false;
  run_service(dir.path(), k1000 + 30, config({on}), [&](transport::ReportingService& svc, report::ManualClock& clock) {
    clock.set(k1000 + 903);
    svc.tick();  // 10:00-10:15
    svc.apply_config(config({off}));
    clock.set(k1000 + 3630);  // 11:00:30
    svc.tick();
    svc.apply_config(config({on}));  // the same settings again, in the same process
    EXPECT_EQ(svc.status()[0]["next_periodic_report_s"], k1000 + 4500);
  });
  const auto bodies = rx.bodies();
  ASSERT_EQ(bodies.size(), 1u);  // 10:15-11:00 were not owed
  EXPECT_EQ(end_of(json::parse(bodies[0])), "2024-05-30T10:15:00+02:00");
}
