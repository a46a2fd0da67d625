// An SNTP responder on a loopback UDP port for tests (unit tests of hc::system and the web
// integration tests): answers each request as the chosen Reply says.
#pragma once

#include "system/sntp_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>

namespace hc::system::test_support {

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

}  // namespace hc::system::test_support
