// How far a recipient's periodic reports have got, kept in the store's settings
// (reporting.periodic.<uuid>) so that a restart neither shifts the periods nor loses those that
// ended while the service was down: the instant the current period settings were enabled ("from now
// on" counts from it) and the end of the last period whose report was queued.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "report/schedule.h"

namespace hc::store { class Store; }

namespace hc::transport {

// Periods that ended longer ago than this when the service starts again are not sent (a day of
// 1-minute reports is 1,440; a longer outage would bury the recipient in stale periods).
constexpr int64_t kMaxCatchUpS = 24 * 3600;

struct PeriodicSchedule {
  int period_min = 0;
  report::PeriodicScheme scheme = report::PeriodicScheme::kOnTheDot;
};

struct PeriodicProgress {
  int64_t enabled_at_s = 0;           // when these settings were enabled (Unix s)
  std::optional<int64_t> sent_to_s;   // every period ending at or before this was queued
};

// The stored progress when it was made with the same schedule; otherwise a fresh one (enabled at
// now_s, nothing sent), stored at once.
PeriodicProgress load_periodic_progress(store::Store& store, const std::string& uuid, const PeriodicSchedule& s,
                                        int64_t now_s);
void save_periodic_progress(store::Store& store, const std::string& uuid, const PeriodicSchedule& s,
                            const PeriodicProgress& p);

// A period [start_s, due_s) of a recipient's periodic reports.
struct Period {
  int64_t start_s = 0, due_s = 0;
};

// The first period to report after a restart at now_s, when reports were queued up to sent_to_s:
// the one starting there, or, when that ended more than max_catch_up_s before now_s, the first one
// ending within that window (its start: one period before its end).
Period resume_period(int64_t sent_to_s, int64_t now_s, int64_t max_catch_up_s, const PeriodicSchedule& s,
                     int64_t enabled_at_s, const std::function<int(int64_t)>& utc_offset_at);

}  // namespace hc::transport
