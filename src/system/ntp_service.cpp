#include "system/ntp_service.h"

#include <chrono>

namespace hc::system {

namespace {
using json = nlohmann::json;
}

NtpService::NtpService(TimeConfig time_config, ApplyOffset apply_offset, Clock clock)
    : time_config_(std::move(time_config)), apply_offset_(std::move(apply_offset)), clock_(std::move(clock)) {
  status_ = {{"last_attempt_s", nullptr}, {"last_sync_s", nullptr}, {"offset_s", nullptr}, {"delay_s", nullptr},
             {"stratum", nullptr}, {"error", nullptr}, {"next_attempt_s", nullptr}};
}

NtpService::~NtpService() { stop(); }

void NtpService::start() {
  std::lock_guard lk(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void NtpService::stop() {
  {
    std::lock_guard lk(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

json NtpService::status() const {
  json t = time_config_();
  std::lock_guard lk(mutex_);
  json s = status_;
  s["server"] = t.value("ntp_server", "");
  s["sync_mode"] = t.value("sync_mode", "manual");
  s["interval_min"] = t.value("ntp_interval_min", 1440);
  return s;
}

json NtpService::sync_now() {
  query(time_config_());
  return status();
}

void NtpService::query(const json& time_config) {
  const std::string server = time_config.value("ntp_server", "");
  const double interval_s = time_config.value("ntp_interval_min", 1440) * 60.0;
  SntpResult r;
  try {
    NtpServerAddress a = parse_ntp_server(server);
    r = sntp_query(a.host, a.port, kTimeoutMs, clock_);
  } catch (const std::invalid_argument& e) {
    r.error = e.what();
  }
  const double now = clock_();
  if (r.ok) apply_offset_(r.offset_s);
  std::lock_guard lk(mutex_);
  status_["last_attempt_s"] = now;
  status_["error"] = r.ok ? json(nullptr) : json(r.error);
  if (r.ok) {
    status_["last_sync_s"] = now;
    status_["offset_s"] = r.offset_s;
    status_["delay_s"] = r.delay_s;
    status_["stratum"] = r.stratum;
  }
  next_attempt_s_ = now + (r.ok ? interval_s : std::min(interval_s, kRetryAfterFailureS));
  status_["next_attempt_s"] = next_attempt_s_;
  last_server_ = server;
  last_interval_min_ = time_config.value("ntp_interval_min", 1440);
}

void NtpService::run() {
  std::unique_lock lk(mutex_);
  while (!stopping_) {
    lk.unlock();
    json t = time_config_();
    const bool ntp = t.value("sync_mode", "manual") == "ntp";
    lk.lock();
    // Due on the interval, or at once when the server or interval changed (a new setting applies now).
    const bool due = ntp && (clock_() >= next_attempt_s_ || t.value("ntp_server", "") != last_server_ ||
                             t.value("ntp_interval_min", 1440) != last_interval_min_);
    if (due) {
      lk.unlock();
      query(t);
      lk.lock();
    }
    // Re-read the configuration every second so a change of mode or server applies promptly.
    wake_.wait_for(lk, std::chrono::seconds(1), [this] { return stopping_; });
  }
}

}  // namespace hc::system
