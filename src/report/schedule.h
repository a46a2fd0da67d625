// When periodic reports are due: "On the Dot" (aligned to the local clock: every 10 min at :00, :10,
// ...; periods divide 24 h so they align to local midnight) and "From Now On" (every period from the
// moment it was enabled). A Clock interface lets tests run on simulated time. O(1) per call.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace hc::report {

enum class PeriodicScheme { kOnTheDot, kFromNowOn };
// "on_the_dot" / "from_now_on"; throws std::invalid_argument naming report.periodic.scheme.
PeriodicScheme parse_periodic_scheme(const std::string& name);

// The guide's period choices (minutes): 1, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440.
bool valid_period_min(int period_min);

// The first report time strictly after now_s (Unix seconds). utc_offset_s: the zone's offset in
// force (DST included) for on_the_dot alignment; enabled_at_s: the start for from_now_on.
// Throws std::invalid_argument naming report.periodic.period_min for a period not in the list.
int64_t next_periodic_report(int64_t now_s, int period_min, PeriodicScheme scheme, int64_t enabled_at_s,
                             int utc_offset_s);

// The same when the zone's offset changes over time (DST): utc_offset_at(t) gives the offset in force
// at t. on_the_dot: the earliest instant after after_s whose local wall clock (in the offset in force
// at that instant) is on a period boundary, so a daily report stays at local midnight across a DST
// change (that day lasting 23 or 25 hours). from_now_on: elapsed time, offsets play no part.
int64_t next_periodic_report_tz(int64_t after_s, int period_min, PeriodicScheme scheme, int64_t enabled_at_s,
                                const std::function<int(int64_t)>& utc_offset_at);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now_s() const = 0;  // Unix seconds
};

class SystemClock final : public Clock {
 public:
  double now_s() const override {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

// Simulated time for tests and replay.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(double t_s = 0) : t_(t_s) {}
  double now_s() const override { return t_; }
  void set(double t_s) { t_ = t_s; }
  void advance(double dt_s) { t_ += dt_s; }

 private:
  double t_;
};

}  // namespace hc::report
