// The SNTP client and the NTP service against an SNTP responder started by the test on a loopback
// UDP port. The client's clock is injected where exact values are asserted.
#include "system/ntp_service.h"
#include "system/sntp_client.h"
#include "sntp_responder.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <thread>

namespace hc::system {
namespace {

using json = nlohmann::json;

using test_support::Reply;
using test_support::SntpResponder;

// A clock that returns T1 on the first read and T4 on the next ones.
Clock fixed_clock(double t1, double t4) {
  auto reads = std::make_shared<int>(0);
  return [=] { return (*reads)++ == 0 ? t1 : t4; };
}

TEST(SntpClient, OffsetAndDelayFromTheFourTimestamps) {
  SntpResponder server(Reply::kNormal, 1'700'000'100.0, 1'700'000'100.25);
  SntpResult r = sntp_query("127.0.0.1", server.port(), 2000, fixed_clock(1'700'000'000.0, 1'700'000'000.5));
  ASSERT_TRUE(r.ok) << r.error;
  // offset = ((T2 - T1) + (T3 - T4)) / 2 = (100 + 99.75) / 2; delay = (T4 - T1) - (T3 - T2) = 0.25.
  EXPECT_NEAR(r.offset_s, 99.875, 1e-6);
  EXPECT_NEAR(r.delay_s, 0.25, 1e-6);
  EXPECT_NEAR(r.server_time_s, 1'700'000'100.25, 1e-6);
  EXPECT_EQ(r.stratum, 2);
}

TEST(SntpClient, RefusesBadReplies) {
  struct Case { Reply mode; const char* says; };
  for (const Case& c : {Case{Reply::kKissOfDeath, "kiss-o'-death"}, Case{Reply::kWrongOriginate, "originate"},
                        Case{Reply::kUnsynchronised, "not synchronised"}, Case{Reply::kSilent, "no answer"}}) {
    SntpResponder server(c.mode);
    SntpResult r = sntp_query("127.0.0.1", server.port(), 300);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find(c.says), std::string::npos) << r.error;
  }
  SntpResult r = sntp_query("no-such-host.invalid", 123, 300);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("cannot resolve"), std::string::npos) << r.error;
}

TEST(SntpClient, ParsesServerAddresses) {
  EXPECT_EQ(parse_ntp_server("pool.ntp.org").port, 123);
  auto a = parse_ntp_server("127.0.0.1:1234");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 1234);
  EXPECT_EQ(parse_ntp_server("::1").host, "::1");
  for (const char* bad : {"", "host:", ":123", "host:0", "host:70000", "host:12a"}) {
    try {
      parse_ntp_server(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("system.time.ntp_server"), std::string::npos);
    }
  }
}

struct Applied {
  std::mutex m;
  std::condition_variable cv;
  std::vector<double> offsets;
};

TEST(NtpService, QueriesInNtpModeAndAppliesTheOffset) {
  SntpResponder server(Reply::kNormal, 0, 0, 1000.0);  // a server 1000 s ahead
  json time = {{"sync_mode", "ntp"}, {"ntp_server", "127.0.0.1:" + std::to_string(server.port())}, {"ntp_interval_min", 60}};
  Applied applied;
  NtpService ntp([&] { return time; }, [&](double off) {
    std::lock_guard lk(applied.m);
    applied.offsets.push_back(off);
    applied.cv.notify_all();
  });
  ntp.start();
  {
    std::unique_lock lk(applied.m);
    ASSERT_TRUE(applied.cv.wait_for(lk, std::chrono::seconds(20), [&] { return !applied.offsets.empty(); }));
    EXPECT_NEAR(applied.offsets[0], 1000.0, 1.0);  // loopback round trip is far below a second
  }
  ntp.stop();
  json s = ntp.status();
  EXPECT_TRUE(s["error"].is_null());
  EXPECT_NEAR(s["offset_s"].get<double>(), 1000.0, 1.0);
  EXPECT_EQ(s["interval_min"], 60);
  // The next query waits for the interval.
  EXPECT_NEAR(s["next_attempt_s"].get<double>() - s["last_sync_s"].get<double>(), 3600.0, 1e-6);
  EXPECT_EQ(server.requests(), 1);
}

TEST(NtpService, ManualModeNeverQueriesButSyncNowDoes) {
  SntpResponder server(Reply::kKissOfDeath);
  json time = {{"sync_mode", "manual"}, {"ntp_server", "127.0.0.1:" + std::to_string(server.port())}, {"ntp_interval_min", 1}};
  int applied = 0;
  NtpService ntp([&] { return time; }, [&](double) { ++applied; });
  ntp.start();
  json before = ntp.status();
  EXPECT_TRUE(before["last_attempt_s"].is_null());
  json s = ntp.sync_now();
  ntp.stop();
  EXPECT_EQ(server.requests(), 1);
  EXPECT_EQ(applied, 0);  // a failed query leaves the clock alone
  EXPECT_NE(s["error"].get<std::string>().find("kiss-o'-death"), std::string::npos);
  EXPECT_TRUE(s["last_sync_s"].is_null());
  // After a failure the retry comes after min(interval, 60 s).
  EXPECT_NEAR(s["next_attempt_s"].get<double>() - s["last_attempt_s"].get<double>(), 60.0, 1e-6);
  time["ntp_server"] = "";
  EXPECT_NE(ntp.sync_now()["error"].get<std::string>().find("system.time.ntp_server"), std::string::npos);
}

}  // namespace
}  // namespace hc::system
