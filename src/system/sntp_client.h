// A Simple Network Time Protocol client (RFC 4330, SNTPv4 over UDP): one request, one reply, the
// clock offset and round-trip delay computed from the four timestamps.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace hc::system {

struct SntpResult {
  bool ok = false;
  double offset_s = 0;       // server clock minus local clock ((T2 - T1) + (T3 - T4)) / 2
  double delay_s = 0;        // round trip minus server processing (T4 - T1) - (T3 - T2)
  double server_time_s = 0;  // T3, the server's transmit time (Unix seconds)
  int stratum = 0;
  std::string error;         // why not ok: resolution, timeout, kiss-o'-death, malformed reply
};

// The local clock the client reads for T1 and T4 (Unix seconds); the system clock by default.
using Clock = std::function<double()>;
double system_clock_s();

// NTP 64-bit timestamps (seconds since 1900 in 32.32 fixed point) from and to Unix seconds.
uint64_t to_ntp_timestamp(double unix_s);
double from_ntp_timestamp(uint64_t ntp);

// "host" or "host:port" (IPv4 or a name; port 123 by default). Throws std::invalid_argument naming
// system.time.ntp_server when empty or the port is not 1-65535.
struct NtpServerAddress { std::string host; int port = 123; };
NtpServerAddress parse_ntp_server(const std::string& server);

// Sends one SNTP request to host:port and waits up to timeout_ms for the reply. Never throws:
// failures come back in SntpResult::error.
SntpResult sntp_query(const std::string& host, int port, int timeout_ms, const Clock& clock = system_clock_s);

}  // namespace hc::system
