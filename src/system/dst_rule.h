// Local time of the configured zone and daylight saving rule (config system.time, guide 5.6.3):
// used by reports for local periods and by the time page's status.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

namespace hc::system {

// One DST transition: the `week`-th `weekday` (0 Sunday) of `month` (1-12), 5 meaning the last one,
// at `hour` o'clock of the local time in force just before the change (POSIX TZ "Mm.w.d/hour").
struct DstTransition { int month = 3, week = 2, weekday = 0, hour = 2; };

// Days since 1970-01-01 of the transition's date in `year`.
int64_t transition_day(int year, const DstTransition& t);

// The offset from UTC in seconds in force at `unix_s` under `time_config` (the `system.time` object
// of config/schema.json): the zone's offset plus dst.bias_min when DST is enabled and in force.
// DST is in force from start (in standard time) to end (in daylight time) of each local year; when
// the start month comes after the end month (southern hemisphere) it spans the new year.
// Missing fields take the schema's defaults; a malformed zone throws std::invalid_argument naming
// system.time.time_zone.
int utc_offset_at(const nlohmann::json& time_config, int64_t unix_s);

// Whether DST is in force at `unix_s` (false when disabled).
bool dst_in_force(const nlohmann::json& time_config, int64_t unix_s);

}  // namespace hc::system
