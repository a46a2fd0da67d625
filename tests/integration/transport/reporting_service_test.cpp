// The reporting service end to end on loopback, on simulated time (ManualClock): a real mosquitto
// broker and a real HTTP receiver as recipients; count events in -> trigger payloads out exactly;
// periodic reports on the dot across a DST change; a config change keeps the outbox and the
// connection; a dead broker never blocks on_output and everything queued arrives once it is back.
#include "transport/reporting_service.h"

#include <gtest/gtest.h>

#include "integration/transport/reporting_fixture.h"

using namespace hc;
using namespace hc::transport::test;
using nlohmann::json;

TEST(ReportingService, TriggerReportsToMqttAndHttpExactly) {
  Broker broker;
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started (scripts/deps.sh installs it)";
  Subscriber sub(broker.port(), "hc/reports");
  ASSERT_TRUE(sub.subscribed.load());
  Receiver rx;
  const int http_port = rx.start();
  Fixture f("rs_trigger", kMidnightUtc + 7200 + 100);  // 04:01:40 local (UTC+2, DST)
  transport::ReportingService svc(f.options(), f.store, f.clock);
  json nested = http_recipient(http_port, "b0000000-0000-0000-0000-000000000002");
  nested["report"] = {{"payload_format", "nested"}, {"content", {{"device_info", {{"enabled", false}}}}}};
  svc.apply_config(config({mqtt_recipient(broker.port(), "a0000000-0000-0000-0000-000000000001"), nested}));

  rules::RegionCountChange rc;
  rc.region_index = 1;
  rc.region_name = "Region1";
  rc.region_uuid = "22222222-2222-2222-2222-222222222222";
  rc.current_total = 2;
  rc.current_male = 1;
  svc.on_output({crossing(kMidnightUtc + 7200 + 99.6, rules::Direction::kIn, rules::Gender::kMale),
                 {kMidnightUtc + 7200 + 99.8, rc}},
                {});
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(20)));
  ASSERT_TRUE(wait_until([&] { return sub.count() >= 2; }));

  const json device = {{"cus_device_id", "D1"}, {"cus_site_id", "S1"}, {"device_mac", "1c:c3:16:00:00:01"},
                       {"device_name", "Shop"}, {"device_sn", "6723D1234567"}, {"firmware_version", "1.0"},
                       {"hardware_version", "V1.0"}, {"ip_address", "127.0.0.1"}, {"running_time", 0}};
  const json time = {{"dst_status", true}, {"enable_dst", true}, {"time", "2024-05-30T04:01:39+02:00"},
                     {"time_zone", "UTC+01:00"}};
  const json line_flat = {
      {"device_info", device},
      {"line_trigger_data",
       {{{"children_in", 0}, {"children_out", 0}, {"female_in", 0}, {"female_out", 0}, {"in", 1}, {"line", 1},
         {"line_name", "Door"}, {"line_uuid", "11111111-1111-1111-1111-111111111111"}, {"male_in", 1},
         {"male_out", 0}, {"out", 0}}}},
      {"time_info", time}};
  const json region_flat = {
      {"device_info", device},
      {"region_trigger_data",
       {{"region_count_data",
         {{{"current_children", 0}, {"current_female", 0}, {"current_male", 1}, {"current_total", 2},
           {"region", 1}, {"region_name", "Region1"}, {"region_uuid", "22222222-2222-2222-2222-222222222222"}}}}}},
      {"time_info", time}};
  const auto mqtt = sub.messages();
  ASSERT_EQ(mqtt.size(), 2u);
  EXPECT_EQ(json::parse(mqtt[0]), line_flat);
  EXPECT_EQ(json::parse(mqtt[1]), region_flat);

  const auto http = rx.bodies();
  ASSERT_EQ(http.size(), 2u);
  const json line_nested = {
      {"line_trigger_data",
       {{{"line", 1}, {"line_name", "Door"}, {"line_uuid", "11111111-1111-1111-1111-111111111111"},
         {"total", {{"in", 1}, {"out", 0}}}, {"group", {{"in", 0}, {"out", 0}}}}}},
      {"time_info", time}};
  EXPECT_EQ(json::parse(http[0]), line_nested);
  EXPECT_FALSE(json::parse(http[1]).contains("device_info"));

  // Every event is stored too.
  f.store.flush();
  EXPECT_EQ(f.store.record_count(), 2);
  const json st = svc.status();
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0]["state"], "connected");
  EXPECT_EQ(st[0]["delivered"], 2);
  EXPECT_EQ(st[1]["protocol"], "http");
  EXPECT_TRUE(st[1]["last_success_s"].is_number());

  EXPECT_TRUE(svc.test_recipient(http_recipient(http_port, "c0000000-0000-0000-0000-000000000003"))["ok"]);
  const json bad = svc.test_recipient(http_recipient(free_port(), "c0000000-0000-0000-0000-000000000003"));
  EXPECT_FALSE(bad["ok"]);
  EXPECT_FALSE(bad["error"].get<std::string>().empty());
  EXPECT_EQ(rx.bodies().size(), 3u);  // the test message, nothing queued
}

// Daily reports on the dot in a zone that moves from UTC+1 to UTC+2 one hour after kMidnightUtc:
// reports at local midnight on both sides (the day of the change lasts 23 h); a crossing stamped
// just before midnight but delivered just after lands in the earlier period (the 2 s grace).
TEST(ReportingService, PeriodicOnTheDotAcrossDst) {
  Receiver rx;
  const int port = rx.start();
  const int64_t m0 = kMidnightUtc - 3600;  // local midnight before the change (UTC+1)
  const int64_t m1 = m0 + 23 * 3600;       // the next local midnight (UTC+2)
  Fixture f("rs_periodic", static_cast<double>(m0 - 600));
  transport::ReportingService svc(f.options(), f.store, f.clock);
  json r = http_recipient(port, "d0000000-0000-0000-0000-000000000004");
  r["report"] = {{"trigger", false}, {"periodic", {{"enabled", true}, {"period_min", 1440}, {"scheme", "on_the_dot"}}}};
  svc.apply_config(config({r}));
  EXPECT_EQ(svc.status()[0]["next_periodic_report_s"], m0);

  svc.on_output({crossing(static_cast<double>(m0 - 300), rules::Direction::kIn)}, {});
  f.clock.set(static_cast<double>(m0) + 1);
  svc.on_output({crossing(static_cast<double>(m0) - 0.5, rules::Direction::kIn)}, {});  // late-stamped
  svc.tick();  // within the grace: not yet
  f.clock.set(static_cast<double>(m0) + 2);
  svc.on_output({crossing(static_cast<double>(m0) + 1.5, rules::Direction::kOut)}, {});
  rules::LineCounts totals;
  totals.in = 2;
  totals.out = 1;
  svc.on_live_state(f.clock.now_s(), {totals}, {rules::RegionState{}});
  svc.tick();
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(20)));
  ASSERT_EQ(rx.bodies().size(), 1u);
  json p = json::parse(rx.bodies()[0]);
  EXPECT_EQ(p["time_info"]["start_time"], "2024-05-29T00:00:00+01:00");
  EXPECT_EQ(p["time_info"]["end_time"], "2024-05-30T00:00:00+01:00");
  EXPECT_EQ(p["time_info"]["dst_status"], false);
  EXPECT_EQ(p["line_periodic_data"][0]["in"], 2);
  EXPECT_EQ(p["line_periodic_data"][0]["out"], 0);
  EXPECT_EQ(p["line_total_data"][0]["in_counted"], 2);
  EXPECT_EQ(p["line_total_data"][0]["capacity_counted"], 1);
  EXPECT_EQ(p["region_data"]["region_count_data"][0]["region_name"], "Region1");

  EXPECT_EQ(svc.status()[0]["next_periodic_report_s"], m1);
  f.clock.set(static_cast<double>(m1) + 1.9);
  svc.tick();
  f.clock.set(static_cast<double>(m1) + 3600);  // one tick late: still exactly one report
  svc.tick();
  svc.tick();
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(20)));
  ASSERT_EQ(rx.bodies().size(), 2u);
  p = json::parse(rx.bodies()[1]);
  EXPECT_EQ(p["time_info"]["start_time"], "2024-05-30T00:00:00+01:00");
  EXPECT_EQ(p["time_info"]["end_time"], "2024-05-31T00:00:00+02:00");
  EXPECT_EQ(p["time_info"]["dst_status"], true);
  EXPECT_EQ(p["line_periodic_data"][0]["in"], 0);
  EXPECT_EQ(p["line_periodic_data"][0]["out"], 1);
}

// A clock step (the time set by hand or by NTP on the service clock) reschedules the periodic
// reports from the new time: no replay of the skipped periods forward, no wait for the old due
// time backward; the running time keeps counting across the step.
TEST(ReportingService, ClockStepReschedulesPeriodicReports) {
  Receiver rx;
  const int port = rx.start();
  const int64_t t0 = kMidnightUtc + 7200 + 30;  // hh:mm:30
  Fixture f("rs_step", static_cast<double>(t0));
  transport::ReportingService svc(f.options(), f.store, f.clock);
  json r = http_recipient(port, "a5000000-0000-0000-0000-00000000000c");
  r["report"] = {{"trigger", false}, {"periodic", {{"enabled", true}, {"period_min", 1}, {"scheme", "on_the_dot"}}}};
  svc.apply_config(config({r}));
  EXPECT_EQ(svc.status()[0]["next_periodic_report_s"], t0 + 30);

  constexpr int64_t kForward = 10 * 86400;  // ten days of one-minute periods skipped
  f.clock.set(static_cast<double>(t0 + 10 + kForward));
  svc.on_clock_step(static_cast<double>(kForward));
  EXPECT_EQ(svc.status()[0]["next_periodic_report_s"], t0 + 30 + kForward);
  f.clock.set(static_cast<double>(t0 + 30 + kForward) + 2);
  svc.tick();
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(20)));
  ASSERT_EQ(rx.bodies().size(), 1u);
  const json a = json::parse(rx.bodies()[0]);
  EXPECT_EQ(a["time_info"]["start_time"], "2024-06-09T04:00:00+02:00");
  EXPECT_EQ(a["time_info"]["end_time"], "2024-06-09T04:01:00+02:00");
  EXPECT_EQ(a["device_info"]["running_time"], 32);  // seconds the service ran (10 + 22), the step excluded

  constexpr int64_t kBack = -86400;
  f.clock.set(static_cast<double>(t0 + 40 + kForward + kBack));
  svc.on_clock_step(static_cast<double>(kBack));
  EXPECT_EQ(svc.status()[0]["next_periodic_report_s"], t0 + 90 + kForward + kBack);
}

// A recipient that cannot be reached queues; a content change keeps its connection and outbox; a
// new URL (same uuid) delivers the queued reports in order, then the new ones.
TEST(ReportingService, ConfigChangeKeepsOutboxAndOrder) {
  Fixture f("rs_config", static_cast<double>(kMidnightUtc));
  transport::ReportingService svc(f.options(), f.store, f.clock);
  const std::string uuid = "e0000000-0000-0000-0000-000000000005";
  const int dead = free_port();
  svc.apply_config(config({http_recipient(dead, uuid)}));
  for (int i = 0; i < 5; ++i) svc.on_output({crossing(kMidnightUtc + i, rules::Direction::kIn)}, {});
  ASSERT_TRUE(wait_until([&] { return svc.status()[0]["state"] == "error"; }));
  EXPECT_EQ(svc.status()[0]["queued"], 5);

  json changed = http_recipient(dead, uuid);
  changed["name"] = "renamed";
  changed["report"] = {{"content", {{"device_info", {{"enabled", false}}}}}};
  svc.apply_config(config({changed}));
  EXPECT_EQ(svc.status()[0]["state"], "error");  // the same connection: its state is kept
  EXPECT_EQ(svc.status()[0]["name"], "renamed");
  svc.on_output({crossing(kMidnightUtc + 5, rules::Direction::kOut)}, {});
  EXPECT_EQ(svc.status()[0]["queued"], 6);

  Receiver rx;
  const int port = rx.start();
  json moved = changed;
  moved["http"]["url"] = "http://127.0.0.1:" + std::to_string(port) + "/r";
  svc.apply_config(config({moved}));
  svc.on_output({crossing(kMidnightUtc + 6, rules::Direction::kOut)}, {});
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(30)));
  const auto bodies = rx.bodies();
  ASSERT_EQ(bodies.size(), 7u);
  for (int i = 0; i < 7; ++i) {
    const json p = json::parse(bodies[static_cast<std::size_t>(i)]);
    EXPECT_EQ(p["time_info"]["time"], report::format_iso8601(static_cast<double>(kMidnightUtc + i), 3600)) << i;
    EXPECT_EQ(p.contains("device_info"), i < 5) << i;  // built with the content in force when queued
  }
  EXPECT_EQ(svc.status()[0]["state"], "connected");

  // Disabled: nothing queued for it, its status says so.
  moved["enabled"] = false;
  svc.apply_config(config({moved}));
  svc.on_output({crossing(kMidnightUtc + 8, rules::Direction::kOut)}, {});
  EXPECT_EQ(svc.status()[0]["queued"], 0);
  EXPECT_EQ(svc.status()[0]["reason"], "disabled");
}

// No broker: on_output returns at once (the outbox takes the reports), the status is an error with
// the reason; the broker comes up on that port and every report arrives in order, once.
TEST(ReportingService, DeadBrokerNeverBlocksAndRecovers) {
  const int port = free_port();
  Fixture f("rs_dead", static_cast<double>(kMidnightUtc));
  transport::ReportingService svc(f.options(), f.store, f.clock);
  svc.apply_config(config({mqtt_recipient(port, "f0000000-0000-0000-0000-000000000006")}));
  for (int i = 0; i < 100; ++i) svc.on_output({crossing(kMidnightUtc + i, rules::Direction::kIn)}, {});
  ASSERT_TRUE(wait_until([&] { return svc.status()[0]["state"] == "error"; }));
  EXPECT_NE(svc.status()[0]["reason"].get<std::string>().find("connect to 127.0.0.1"), std::string::npos);
  f.store.flush();
  EXPECT_EQ(f.store.record_count(), 100);  // counting went on

  BrokerOptions bo;
  bo.port = port;
  bo.publisher = false;  // let the service in only once the subscriber is in place
  Broker broker(bo);
  if (!broker.ok()) GTEST_SKIP() << "mosquitto could not be started";
  Subscriber sub(port, "hc/reports");
  ASSERT_TRUE(sub.subscribed.load());
  ASSERT_TRUE(broker.add_publisher());
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(60)));
  ASSERT_TRUE(wait_until([&] { return sub.count() >= 100; }));
  const auto got = sub.messages();
  ASSERT_EQ(got.size(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(json::parse(got[static_cast<std::size_t>(i)])["time_info"]["time"],
              report::format_iso8601(static_cast<double>(kMidnightUtc + i), 3600));
}

TEST(ReportingService, BadConfigurationNamesTheField) {
  Fixture f("rs_bad", static_cast<double>(kMidnightUtc));
  transport::ReportingService svc(f.options(), f.store, f.clock);
  json r = http_recipient(1, "a1000000-0000-0000-0000-000000000007");
  r["report"] = {{"periodic", {{"enabled", true}, {"period_min", 7}}}};
  try {
    svc.apply_config(config({r}));
    FAIL() << "period_min 7 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("communication.recipients[0].report.periodic.period_min"), std::string::npos)
        << e.what();
  }
  const json twin = http_recipient(1, "a1000000-0000-0000-0000-000000000007");
  EXPECT_THROW(svc.apply_config(config({twin, twin})), std::invalid_argument);  // one outbox, two senders
  json bad_zone = config({});
  bad_zone["system"]["time"]["time_zone"] = "CET";
  try {
    svc.apply_config(bad_zone);
    FAIL() << "time zone CET accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("system.time.time_zone"), std::string::npos) << e.what();
  }
  json empty_url = http_recipient(1, "a1000000-0000-0000-0000-000000000007");
  empty_url["http"]["url"] = "";
  svc.apply_config(config({empty_url}));
  EXPECT_EQ(svc.status()[0]["state"], "error");
  EXPECT_NE(svc.status()[0]["reason"].get<std::string>().find("url"), std::string::npos);
}

// Crash test: a child process runs the service, stores 200 events and queues their reports, and is
// SIGKILLed while delivering; a restarted service on the same database has every event and delivers
// the rest: all 200 reports in order, at most the one in flight at the kill twice.
TEST(ReportingService, SigkillMidStreamThenRestartResumes) {
  Receiver rx(true, std::chrono::milliseconds(2));
  const int port = rx.start();
  TempDir dir("rs_crash");
  const auto db = dir.path() / "hc.db";
  const json cfg = config({http_recipient(port, "a2000000-0000-0000-0000-000000000008")});
  const auto ready = dir.path() / "ready";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    report::ManualClock clock(static_cast<double>(kMidnightUtc));
    store::Store store({db});
    transport::ReportingService svc(service_options(), store, clock);
    svc.apply_config(cfg);
    for (int i = 0; i < 200; ++i) svc.on_output({crossing(kMidnightUtc + i, rules::Direction::kIn)}, {});
    store.flush();
    std::ofstream(ready) << "1";
    svc.wait_idle(std::chrono::seconds(60));
    _exit(0);
  }
  ASSERT_TRUE(wait_until([&] { return fs::exists(ready) && rx.bodies().size() >= 50; }, 60));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  const std::size_t before = rx.bodies().size();
  {
    report::ManualClock clock(static_cast<double>(kMidnightUtc));
    store::Store store({db});
    EXPECT_EQ(store.record_count(), 200);
    EXPECT_EQ(store.line_totals().at(0).in, 200);
    transport::ReportingService svc(service_options(), store, clock);
    svc.apply_config(cfg);
    ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(60)));
  }
  const auto got = rx.bodies();
  std::vector<std::string> dedup;
  for (const auto& b : got)
    if (dedup.empty() || dedup.back() != b) dedup.push_back(b);
  ASSERT_EQ(dedup.size(), 200u);
  for (int i = 0; i < 200; ++i)
    EXPECT_EQ(json::parse(dedup[static_cast<std::size_t>(i)])["time_info"]["time"],
              report::format_iso8601(static_cast<double>(kMidnightUtc + i), 3600));
  EXPECT_LE(got.size(), 201u);
  if (WIFSIGNALED(status)) {
    EXPECT_LT(before, 200u);  // killed mid-stream
  }
}

// Fault test: the broker and the HTTP receiver both go down for a stretch while counts are produced,
// then come back on the same ports: every report arrives at each, in order, none lost, no duplicates
// (QoS 1 may duplicate only a report in flight at the moment of the outage).
TEST(ReportingService, BrokerAndReceiverOutageLosesNothing) {
  auto broker = std::make_unique<Broker>();
  if (!broker->ok()) GTEST_SKIP() << "mosquitto could not be started";
  const int mqtt_port = broker->port();
  auto rx = std::make_unique<Receiver>();
  const int http_port = rx->start();
  Fixture f("rs_outage", static_cast<double>(kMidnightUtc));
  transport::ReportingService svc(f.options(), f.store, f.clock);
  svc.apply_config(config({mqtt_recipient(mqtt_port, "a3000000-0000-0000-0000-000000000009"),
                           http_recipient(http_port, "a3000000-0000-0000-0000-00000000000a")}));
  std::vector<std::string> http_got, mqtt_got;
  {
    Subscriber sub(mqtt_port, "hc/reports");
    for (int i = 0; i < 20; ++i) svc.on_output({crossing(kMidnightUtc + i, rules::Direction::kIn)}, {});
    ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(30)));
    ASSERT_TRUE(wait_until([&] { return sub.count() >= 20; }));
    mqtt_got = sub.messages();
  }
  broker->stop();
  rx->stop();
  http_got = rx->bodies();
  for (int i = 20; i < 60; ++i) svc.on_output({crossing(kMidnightUtc + i, rules::Direction::kIn)}, {});
  ASSERT_TRUE(wait_until([&] {
    const json st = svc.status();
    return st[0]["state"] == "error" && st[1]["state"] == "error";
  }));
  EXPECT_EQ(svc.status()[0]["queued"], 40);
  EXPECT_EQ(svc.status()[1]["queued"], 40);

  BrokerOptions bo;
  bo.port = mqtt_port;
  bo.publisher = false;  // let the service in only once the subscriber is in place
  broker = std::make_unique<Broker>(bo);
  ASSERT_TRUE(broker->ok());
  Subscriber sub(mqtt_port, "hc/reports");
  ASSERT_TRUE(sub.subscribed.load());
  ASSERT_TRUE(broker->add_publisher());
  rx = std::make_unique<Receiver>();
  ASSERT_EQ(rx->start(http_port), http_port);
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(60)));
  ASSERT_TRUE(wait_until([&] { return sub.count() >= 40; }));
  for (const auto& m : sub.messages()) mqtt_got.push_back(m);
  for (const auto& b : rx->bodies()) http_got.push_back(b);
  for (const auto* got : {&mqtt_got, &http_got}) {
    ASSERT_EQ(got->size(), 60u);
    for (int i = 0; i < 60; ++i)
      EXPECT_EQ(json::parse((*got)[static_cast<std::size_t>(i)])["time_info"]["time"],
                report::format_iso8601(static_cast<double>(kMidnightUtc + i), 3600));
  }
  EXPECT_EQ(svc.status()[0]["state"], "connected");
  EXPECT_EQ(svc.status()[1]["state"], "connected");
}

// From now on: every period counted from the moment periodic reports were enabled; the customised
// content leaves line_total_data and the device block out.
TEST(ReportingService, PeriodicFromNowOnWithCustomContent) {
  Receiver rx;
  const int port = rx.start();
  const double t0 = static_cast<double>(kMidnightUtc) + 7200 + 37;  // 04:00:37 local
  Fixture f("rs_fromnow", t0);
  transport::ReportingService svc(f.options(), f.store, f.clock);
  json r = http_recipient(port, "a4000000-0000-0000-0000-00000000000b");
  r["report"] = {{"trigger", false},
                 {"periodic", {{"enabled", true}, {"period_min", 5}, {"scheme", "from_now_on"}}},
                 {"content", {{"device_info", {{"enabled", false}}}, {"line_total_data", {{"enabled", false}}}}}};
  svc.apply_config(config({r}));
  svc.on_output({crossing(t0 + 10, rules::Direction::kIn), crossing(t0 + 299, rules::Direction::kOut),
                 crossing(t0 + 301, rules::Direction::kIn)},
                {});
  f.clock.set(t0 + 600 + 2);  // two periods due
  svc.tick();
  ASSERT_TRUE(svc.wait_idle(std::chrono::seconds(20)));
  {
    // A restart keeps the phase of the periods (the enabling instant is stored).
    f.clock.set(t0 + 700);
    transport::ReportingService again(f.options(), f.store, f.clock);
    again.apply_config(config({r}));
    EXPECT_EQ(again.status()[0]["next_periodic_report_s"], static_cast<int64_t>(t0) + 900);
  }
  const auto bodies = rx.bodies();
  ASSERT_EQ(bodies.size(), 2u);
  const json a = json::parse(bodies[0]), b = json::parse(bodies[1]);
  EXPECT_EQ(a["time_info"]["start_time"], "2024-05-30T04:00:37+02:00");
  EXPECT_EQ(a["time_info"]["end_time"], "2024-05-30T04:05:37+02:00");
  EXPECT_EQ(b["time_info"]["end_time"], "2024-05-30T04:10:37+02:00");
  EXPECT_EQ(a["line_periodic_data"][0]["in"], 1);
  EXPECT_EQ(a["line_periodic_data"][0]["out"], 1);
  EXPECT_EQ(b["line_periodic_data"][0]["in"], 1);
  EXPECT_FALSE(a.contains("device_info"));
  EXPECT_FALSE(a.contains("line_total_data"));
  EXPECT_TRUE(a.contains("region_data"));
}
