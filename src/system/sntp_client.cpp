// SNTP client per RFC 4330 section 5: a 48-byte mode-3 request carrying T1 in the transmit field;
// the reply is accepted only if it is mode 4, not a kiss-o'-death (stratum 0), synchronised
// (LI != 3), echoes T1 as its originate timestamp and has non-zero receive/transmit times. O(1).
#include "system/sntp_client.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace hc::system {

namespace {
constexpr double kNtpToUnix = 2208988800.0;  // seconds from 1900-01-01 to 1970-01-01
using Packet = std::array<uint8_t, 48>;

}  // namespace

uint64_t to_ntp_timestamp(double unix_s) {
  double t = unix_s + kNtpToUnix;
  double secs = std::floor(t);
  auto frac = static_cast<uint64_t>((t - secs) * 4294967296.0);
  return (static_cast<uint64_t>(secs) << 32) | (frac & 0xffffffffu);
}
double from_ntp_timestamp(uint64_t v) {
  return static_cast<double>(v >> 32) + static_cast<double>(v & 0xffffffffu) / 4294967296.0 - kNtpToUnix;
}
namespace {
void put64(Packet& p, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (56 - 8 * i));
}
uint64_t get64(const Packet& p, size_t at) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | p[at + i];
  return v;
}

struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

SntpResult failure(std::string why) {
  SntpResult r;
  r.error = std::move(why);
  return r;
}
}  // namespace

double system_clock_s() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

NtpServerAddress parse_ntp_server(const std::string& server) {
  if (server.empty()) throw std::invalid_argument("system.time.ntp_server: empty");
  NtpServerAddress a{server, 123};
  auto colon = server.rfind(':');
  // One colon: host:port. More than one: an IPv6 address without a port.
  if (colon != std::string::npos && server.find(':') == colon) {
    a.host = server.substr(0, colon);
    std::string port = server.substr(colon + 1);
    if (a.host.empty() || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) < 1 || std::stoi(port) > 65535)
      throw std::invalid_argument("system.time.ntp_server: expected host or host:port (1-65535), got '" + server + "'");
    a.port = std::stoi(port);
  }
  return a;
}

SntpResult sntp_query(const std::string& host, int port, int timeout_ms, const Clock& clock) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
    return failure("cannot resolve " + host + ": " + ::gai_strerror(rc));
  Fd s;
  s.fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  int connected = s.fd >= 0 ? ::connect(s.fd, found->ai_addr, found->ai_addrlen) : -1;
  ::freeaddrinfo(found);
  if (connected != 0) return failure("cannot open a UDP socket to " + where);

  Packet req{};
  req[0] = (0 << 6) | (4 << 3) | 3;  // LI 0, version 4, mode 3 (client)
  const double t1 = clock();
  const uint64_t t1_ntp = to_ntp_timestamp(t1);
  put64(req, 40, t1_ntp);
  if (::send(s.fd, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) return failure("cannot send to " + where);

  pollfd pfd{s.fd, POLLIN, 0};
  if (::poll(&pfd, 1, timeout_ms) <= 0) return failure("no answer from " + where + " within " + std::to_string(timeout_ms) + " ms");
  Packet rep{};
  ssize_t n = ::recv(s.fd, rep.data(), rep.size(), 0);
  const double t4 = clock();
  if (n < 0) return failure("no answer from " + where + " (connection refused)");
  if (n < 48) return failure("reply from " + where + " too short (" + std::to_string(n) + " bytes)");
  const int li = rep[0] >> 6, mode = rep[0] & 7, stratum = rep[1];
  if (mode != 4) return failure("reply from " + where + " is not a server reply (mode " + std::to_string(mode) + ")");
  if (stratum == 0)
    return failure("kiss-o'-death from " + where + ": " + std::string(reinterpret_cast<const char*>(&rep[12]), 4));
  if (li == 3) return failure(where + " is not synchronised (leap indicator 3)");
  if (get64(rep, 24) != t1_ntp) return failure("reply from " + where + " does not answer our request (originate timestamp)");
  const uint64_t t2_ntp = get64(rep, 32), t3_ntp = get64(rep, 40);
  if (t2_ntp == 0 || t3_ntp == 0) return failure("reply from " + where + " has no receive/transmit timestamp");
  const double t2 = from_ntp_timestamp(t2_ntp), t3 = from_ntp_timestamp(t3_ntp);
  SntpResult r;
  r.ok = true;
  r.offset_s = ((t2 - t1) + (t3 - t4)) / 2;
  r.delay_s = (t4 - t1) - (t3 - t2);
  r.server_time_s = t3;
  r.stratum = stratum;
  return r;
}

}  // namespace hc::system
