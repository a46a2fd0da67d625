// Time synchronisation of the service (guide 5.6.3 "NTP Timing"): a background thread that, while
// system.time.sync_mode is "ntp", queries the configured server every ntp_interval_min with SNTP and
// hands the measured offset to the service clock. The host clock is never set (the service does not
// run with CAP_SYS_TIME); the offset is applied to the times the service reports.
#pragma once

#include "system/sntp_client.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace hc::system {

class NtpService {
 public:
  // time_config: returns the current `system.time` object; apply_offset: receives the measured
  // offset in seconds (server minus system clock) after each successful query.
  using TimeConfig = std::function<nlohmann::json()>;
  using ApplyOffset = std::function<void(double offset_s)>;
  static constexpr int kTimeoutMs = 2000;
  static constexpr double kRetryAfterFailureS = 60;  // sooner than the interval after a failure

  NtpService(TimeConfig time_config, ApplyOffset apply_offset, Clock clock = system_clock_s);
  ~NtpService();
  NtpService(const NtpService&) = delete;
  NtpService& operator=(const NtpService&) = delete;

  void start();
  void stop();
  // Queries the configured server now, whatever sync_mode says, and returns status().
  nlohmann::json sync_now();
  // {server, sync_mode, interval_min, last_attempt_s, last_sync_s, offset_s, delay_s, stratum,
  //  error, next_attempt_s}; times are Unix seconds of the system clock, null before the first.
  nlohmann::json status() const;

 private:
  void run();
  void query(const nlohmann::json& time_config);

  TimeConfig time_config_;
  ApplyOffset apply_offset_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
  nlohmann::json status_;
  double next_attempt_s_ = 0;
  std::string last_server_;
  int last_interval_min_ = 0;
};

}  // namespace hc::system
