// The service clock: the host's system clock plus an offset that the System time settings (manual
// time, "synchronise with computer time") and NTP adjust. The service does not run with
// CAP_SYS_TIME and never sets the host clock, so every time it reports (count events, report
// payloads and schedules, live snapshots, the web API) is read from this one clock instead.
// Thread-safe: the offset is one atomic, read by the frame, reporting and web threads.
#pragma once

#include <atomic>
#include <chrono>

namespace hc::system {

class ServiceClock {
 public:
  // The host's system clock, Unix seconds.
  static double host_s() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  // Unix seconds on the service clock: host_s() + offset_s().
  double now_s() const { return host_s() + offset_s(); }
  // Service clock minus host clock, seconds.
  double offset_s() const { return offset_s_.load(std::memory_order_relaxed); }
  void set_offset_s(double offset_s) { offset_s_.store(offset_s, std::memory_order_relaxed); }
  // Sets the service clock so that now_s() reads `unix_s` at this instant.
  void set_now_s(double unix_s) { set_offset_s(unix_s - host_s()); }

 private:
  std::atomic<double> offset_s_{0};
};

}  // namespace hc::system
