// Periodic report progress in the store's settings; see periodic_progress.h. O(1) per call.
#include "transport/periodic_progress.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace hc::transport {

namespace {

using nlohmann::json;

std::string key_of(const std::string& uuid) { return "reporting.periodic." + uuid; }

json settings_of(const PeriodicSchedule& s) {
  return {{"period_min", s.period_min}, {"scheme", static_cast<int>(s.scheme)}};
}

}  // namespace

PeriodicProgress load_periodic_progress(store::Store& store, const std::string& uuid, const PeriodicSchedule& s,
                                        int64_t now_s) {
  if (const auto stored = store.setting(key_of(uuid))) {
    const json j = json::parse(*stored, nullptr, false);
    if (j.is_object() && j.value("settings", json()) == settings_of(s) &&
        j.value("enabled_at_s", json()).is_number_integer()) {
      PeriodicProgress p;
      p.enabled_at_s = j["enabled_at_s"].get<int64_t>();
      if (j.value("sent_to_s", json()).is_number_integer()) p.sent_to_s = j["sent_to_s"].get<int64_t>();
      return p;
    }
  }
  PeriodicProgress fresh;
  fresh.enabled_at_s = now_s;
  save_periodic_progress(store, uuid, s, fresh);
  return fresh;
}

void save_periodic_progress(store::Store& store, const std::string& uuid, const PeriodicSchedule& s,
                            const PeriodicProgress& p) {
  json j = {{"settings", settings_of(s)}, {"enabled_at_s", p.enabled_at_s}};
  if (p.sent_to_s) j["sent_to_s"] = *p.sent_to_s;
  store.set_setting(key_of(uuid), j.dump());
}

Period resume_period(int64_t sent_to_s, int64_t now_s, int64_t max_catch_up_s, const PeriodicSchedule& s,
                     int64_t enabled_at_s, const std::function<int(int64_t)>& utc_offset_at) {
  const auto next_after = [&](int64_t t) {
    return report::next_periodic_report_tz(t, s.period_min, s.scheme, enabled_at_s, utc_offset_at);
  };
  const int64_t oldest_end = now_s - max_catch_up_s;
  if (sent_to_s >= oldest_end) return {sent_to_s, next_after(sent_to_s)};
  const int64_t due = next_after(oldest_end - 1);  // the first period end inside the window
  return {std::max(sent_to_s, due - int64_t{s.period_min} * 60), due};
}

}  // namespace hc::transport
