// The SNTP client and the NTP service against an SNTP responder started by the test on a loopback
// UDP port. The client's clock is injected where exact values are asserted.
#include "system/ntp_service.h"
#include "system/sntp_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <thread>

namespace hc::system {
namespace {

using json = nlohmann::json;

// How the responder answers.
enum class Reply { kNormal, kKissOfDeath, kWrongOriginate, kUnsynchronised, kSilent };

class SntpResponder {
 public:
  // Normal replies carry T2 = receive_s and T3 = transmit_s, or, when those are 0, the system
  // clock plus shift_s.
  explicit SntpResponder(Reply mode, double receive_s = 0, double transmit_s = 0, double shift_s = 0)
      : mode_(mode), receive_s_(receive_s), transmit_s_(transmit_s), shift_s_(shift_s) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~SntpResponder() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  int requests() const { return requests_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      std::array<uint8_t, 48> q{};
      sockaddr_in from{};
      socklen_t len = sizeof from;
      if (::recvfrom(fd_, q.data(), q.size(), 0, reinterpret_cast<sockaddr*>(&from), &len) != 48) continue;
      ++requests_;
      if (mode_ == Reply::kSilent) continue;
      std::array<uint8_t, 48> r{};
      r[0] = static_cast<uint8_t>(((mode_ == Reply::kUnsynchronised ? 3 : 0) << 6) | (4 << 3) | 4);
      r[1] = mode_ == Reply::kKissOfDeath ? 0 : 2;
      if (mode_ == Reply::kKissOfDeath) std::copy_n("RATE", 4, r.begin() + 12);
      std::copy_n(q.begin() + 40, 8, r.begin() + 24);  // originate = the client's transmit time
      if (mode_ == Reply::kWrongOriginate) r[31] ^= 1;
      double now = system_clock_s() + shift_s_;
      put(r, 32, to_ntp_timestamp(receive_s_ != 0 ? receive_s_ : now));
      put(r, 40, to_ntp_timestamp(transmit_s_ != 0 ? transmit_s_ : now));
      ::sendto(fd_, r.data(), r.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  }
  static void put(std::array<uint8_t, 48>& p, size_t at, uint64_t v) {
    for (size_t i = 0; i < 8; ++i) p[at + i] = static_cast<uint8_t>(v >> (56 - 8 * i));
  }
  Reply mode_;
  double receive_s_, transmit_s_, shift_s_;
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

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
