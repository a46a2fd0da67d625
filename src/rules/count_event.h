// What the rule engine reports: every change of a line count, a region count, or the end of a dwell
// episode. The contract between rules (producer) and store/report/web (consumers).
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace hc::rules {

enum class Gender { kUnknown, kMale, kFemale };
enum class Direction { kIn, kOut };

// A person crossed detection line `line_index` (1-based, as in the payloads).
struct LineCrossing {
  int line_index = 1;
  std::string line_uuid;
  std::string line_name;
  Direction direction = Direction::kIn;
  int64_t track_id = 0;
  bool child = false;
  Gender gender = Gender::kUnknown;
};

// The number of people inside region `region_index` (1-based) changed; the counts after the change.
struct RegionCountChange {
  int region_index = 1;
  std::string region_uuid;
  std::string region_name;
  int current_total = 0;
  int current_male = 0;
  int current_female = 0;
  int current_children = 0;
};

// A person left region `region_index` (1-based) after dwelling at least the minimum dwell time.
struct DwellEpisode {
  int region_index = 1;
  std::string region_uuid;
  std::string region_name;
  int64_t track_id = 0;
  double start_s = 0.0;      // Unix time, seconds
  double end_s = 0.0;        // Unix time, seconds
  int64_t duration_ms = 0;
  bool child = false;
  Gender gender = Gender::kUnknown;
};

struct CountEvent {
  // Unix time, seconds. LineCrossing: the instant of the crossing (interpolated between the two
  // frames whose positions straddle the line), at most ~2 s before the frame that emits it; the
  // events of one frame may so be out of time order. RegionCountChange and DwellEpisode: the time
  // of the frame that produced the event.
  double t_s = 0.0;
  std::variant<LineCrossing, RegionCountChange, DwellEpisode> what;
};

// Resets: cumulative line totals and the max/avg dwell of every region were cleared, on demand or
// on schedule; consumers clear their cumulative views at t_s.
struct CountReset {
  double t_s = 0.0;
  bool scheduled = false;
};

}  // namespace hc::rules
